package org.sovereignpool.share.validate;

import org.sovereignpool.share.job.Job;
import org.sovereignpool.share.model.Difficulty;
import org.sovereignpool.share.model.Target;

/**
 * A job as one session received it: the shared {@link Job}, the difficulty in force when it was sent (shares on it
 * are judged at that difficulty even after vardiff raises it; a decrease lowers it), and the job's duplicate filter for this session.
 * Slots are recycled by {@link SessionWork}; not thread-safe.
 */
public final class JobSlot {
    private final DuplicateFilter duplicates;
    private Job job;
    private Difficulty difficulty;
    private Target shareTarget;

    JobSlot(int maxSharesRemembered) {
        this.duplicates = new DuplicateFilter(maxSharesRemembered);
    }

    void assign(Job job, Difficulty difficulty, Target shareTarget) {
        this.job = job;
        this.difficulty = difficulty;
        this.shareTarget = shareTarget;
        duplicates.clear();
    }

    /** Judges shares on this job at a lower difficulty from now on; the duplicates seen so far stay. */
    void lower(Difficulty difficulty, Target shareTarget) {
        this.difficulty = difficulty;
        this.shareTarget = shareTarget;
    }

    void release() {
        job = null;
        duplicates.clear();
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

    public DuplicateFilter duplicates() {
        return duplicates;
    }
}
