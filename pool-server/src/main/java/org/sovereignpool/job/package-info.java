/**
 * From block templates to jobs: {@link org.sovereignpool.job.BlockTemplate} (the parsed getblocktemplate result),
 * {@link org.sovereignpool.job.JobManager} (builds each job's coinbase and merkle branch once, keeps a window of
 * recent jobs, tells {@link org.sovereignpool.mining.JobListener}s) and {@link org.sovereignpool.job.JobIds}.
 */
package org.sovereignpool.job;
