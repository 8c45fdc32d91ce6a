package org.sovereignpool.sim.miner;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.sovereignpool.share.job.Job;
import org.sovereignpool.share.job.MerkleBranch;
import org.sovereignpool.share.model.CompactBits;
import org.sovereignpool.share.model.Hash256;
import org.sovereignpool.share.model.Hex;

/** A job as a miner rebuilds it from the params of {@code mining.notify}, to hash headers with {@link ShareSearch}. */
public final class NotifyJob {
    private NotifyJob() {}

    /**
     * The job in {@code [job_id, prevhash, coinb1, coinb2, merkle_branch, version, nbits, ntime, clean_jobs]}; a job id
     * that is not this pool's 16 hex digits (another pool's) gets id -1. Throws a {@link RuntimeException} when a field
     * is missing or malformed.
     */
    public static Job fromParams(JsonNode p) {
        List<String> branch = new ArrayList<>();
        p.get(4).forEach(h -> branch.add(h.asText()));
        return Job.builder()
                .id(Job.parseId(p.get(0).asText()))
                .prevHash(Hash256.fromStratumPrevHash(p.get(1).asText()))
                .coinbase1(Hex.decode(p.get(2).asText()))
                .coinbase2(Hex.decode(p.get(3).asText()))
                .merkleBranch(MerkleBranch.fromStratumHex(branch))
                .version((int) Hex.parseUint32(p.get(5).asText()))
                .bits(CompactBits.fromHex(p.get(6).asText()))
                .ntime((int) Hex.parseUint32(p.get(7).asText()))
                .cleanJobs(p.get(8).asBoolean())
                .build();
    }
}
