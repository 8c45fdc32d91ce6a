package org.sovereignpool.share.validate;

import org.sovereignpool.share.job.Job;
import org.sovereignpool.share.model.Difficulty;
import org.sovereignpool.share.model.Target;

/**
 * A job as one session received it: the shared {@link Job}, the difficulty in force when it was sent (shares on it
 * are judged at that difficulty even after vardiff raises it; a decrease lowers it), and the job's duplicate filter for this session.
 * Slots are recycled by {@link SessionWork}; not thread-safe. The duplicate filter is made at the slot's first share:
 * a session that submits nothing (an idle one) holds its window of slots without one (32 B fewer per slot).
 */
public final class JobSlot {
    private final int maxSharesRemembered;
    private DuplicateFilter duplicates;
    private Job job;
    private Difficulty difficulty;
    private Target shareTarget;

    JobSlot(int maxSharesRemembered) {
        if (maxSharesRemembered < 8) {
            throw new IllegalArgumentException("maxSharesRemembered must be >= 8, got " + maxSharesRemembered);
        }
        this.maxSharesRemembered = maxSharesRemembered;
    }

    void assign(Job job, Difficulty difficulty, Target shareTarget) {
        this.job = job;
        this.difficulty = difficulty;
        this.shareTarget = shareTarget;
        if (duplicates != null) {
            duplicates.clear();
        }
    }

    /** Judges shares on this job at a lower difficulty from now on; the duplicates seen so far stay. */
    void lower(Difficulty difficulty, Target shareTarget) {
        this.difficulty = difficulty;
        this.shareTarget = shareTarget;
    }

    void release() {
        job = null;
        if (duplicates != null) {
            duplicates.clear();
        }
    }

    public Job job() {
        return job;
    }

    public Difficulty difficulty() {
        return difficulty;
    }

    public Target shareTarget() {
        return shareTarget;
    }

    /** This job's duplicate filter for the session, made at the first call (the slot's first share). */
    public DuplicateFilter duplicates() {
        DuplicateFilter d = duplicates;
        if (d == null) {
            d = new DuplicateFilter(maxSharesRemembered);
            duplicates = d;
        }
        return d;
    }
}
