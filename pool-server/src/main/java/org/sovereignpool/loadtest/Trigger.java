package org.sovereignpool.loadtest;

/** What makes the pool's next block happen in the {@code fanout} mode. */
interface Trigger {
    /** For the report: the command, or how the block comes. */
    String description();

    /**
     * Whether delays count from {@link #fire()} (true) or from the first connection's clean notify (false: the block
     * comes on its own and its moment is not known).
     */
    boolean timed();

    /** Starts the trigger; returns without waiting for it to finish. Called just after the clock is read. */
    void fire();

    /** Waits for the trigger to finish (if it has not) and says how it went, e.g. {@code "exit 0 after 84 ms"}. */
    String outcome();

    /** Waits for the next block on its own (e.g. the chain's miners find it). */
    static Trigger nextBlock() {
        return new Trigger() {
            @Override
            public String description() {
                return "the next block, whoever finds it";
            }

            @Override
            public boolean timed() {
                return false;
            }

            @Override
            public void fire() {}

            @Override
            public String outcome() {
                return "waited";
            }
        };
    }
}
