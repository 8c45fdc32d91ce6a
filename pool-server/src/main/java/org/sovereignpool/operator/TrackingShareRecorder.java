package org.sovereignpool.operator;

import java.util.Objects;
import org.sovereignpool.mining.AcceptedShare;
import org.sovereignpool.mining.ShareRecorder;

/**
 * The journal first, then the hashrate count: a share the journal refused (it threw) is not counted, so hashrate
 * never shows work the ledger does not have. Same threading contract as the journal (event loops; never blocks).
 */
public final class TrackingShareRecorder implements ShareRecorder {
    private final ShareRecorder journal;
    private final HashrateTracker tracker;

    public TrackingShareRecorder(ShareRecorder journal, HashrateTracker tracker) {
        this.journal = Objects.requireNonNull(journal, "journal");
        this.tracker = Objects.requireNonNull(tracker, "tracker");
    }

    @Override
    public void record(AcceptedShare share) {
        journal.record(share);
        tracker.record(share);
    }
}
