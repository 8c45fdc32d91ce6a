package org.sovereignpool.stratum.codec;

import org.sovereignpool.share.job.Job;
import org.sovereignpool.share.model.Hex;
import org.sovereignpool.stratum.message.Outbound;
import org.sovereignpool.stratum.message.StratumMethods;

/** The {@code mining.notify} of a job, in the exact encodings miners expect (see DESIGN.md, Stratum facts). */
public final class NotifyEncoding {
    private NotifyEncoding() {}

    /**
     * {@code [job_id, prevhash, coinb1, coinb2, merkle_branch, version, nbits, ntime, clean_jobs]}; {@code clean}
     * overrides the job's own flag (a session's first job is always sent clean).
     */
    public static Outbound.Notification notify(Job job, boolean clean) {
        StringBuilder sb = new StringBuilder(512);
        sb.append('[')
                .append('"')
                .append(job.idHex())
                .append("\",\"")
                .append(job.prevHash().toStratumPrevHash())
                .append("\",\"")
                .append(job.coinbase1Hex())
                .append("\",\"")
                .append(job.coinbase2Hex())
                .append("\",[");
        boolean first = true;
        for (String h : job.merkleBranch().toStratumHex()) {
            if (!first) {
                sb.append(',');
            }
            sb.append('"').append(h).append('"');
            first = false;
        }
        sb.append("],\"")
                .append(Hex.uint32(job.version()))
                .append("\",\"")
                .append(job.bits().toHex())
                .append("\",\"")
                .append(Hex.uint32(job.ntime()))
                .append("\",")
                .append(clean)
                .append(']');
        return new Outbound.Notification(StratumMethods.NOTIFY, sb.toString());
    }

    /** The whole notify line as bytes. */
    public static byte[] notifyLine(Job job, boolean clean) {
        return StratumEncoder.toBytes(notify(job, clean));
    }
}
