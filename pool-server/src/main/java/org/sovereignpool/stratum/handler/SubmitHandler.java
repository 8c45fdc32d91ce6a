package org.sovereignpool.stratum.handler;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.channel.ChannelHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sovereignpool.mining.AcceptedShare;
import org.sovereignpool.mining.FoundBlock;
import org.sovereignpool.mining.WorkerName;
import org.sovereignpool.share.job.Job;
import org.sovereignpool.share.validate.JobSlot;
import org.sovereignpool.share.validate.ShareSubmission;
import org.sovereignpool.share.validate.ShareValidator;
import org.sovereignpool.share.validate.ShareVerdict;
import org.sovereignpool.stratum.limit.Offence;
import org.sovereignpool.stratum.message.Outbound;
import org.sovereignpool.stratum.message.StratumErrors;
import org.sovereignpool.stratum.message.StratumMethods;
import org.sovereignpool.stratum.message.StratumRequest;
import org.sovereignpool.stratum.session.DisconnectReason;
import org.sovereignpool.stratum.session.JobBroadcast;
import org.sovereignpool.stratum.session.StratumContext;
import org.sovereignpool.stratum.session.StratumDisconnector;
import org.sovereignpool.stratum.session.StratumSession;

/**
 * {@code mining.submit [user, job_id, extranonce2, ntime, nonce, version_bits?]}. Order: subscribed (25), the user
 * authorized on this connection (24, the user stripped as authorize strips it), fields well-formed (20, ASCII hex
 * only), then the validator. A block goes to the block sink before anything else; a share that counts is recorded in
 * the journal before the miner hears {@code true}, and if recording fails the miner is told so (20), never {@code
 * true}. Rejected shares (other than stale ones) and unauthorized submits count toward a ban of the address.
 */
public final class SubmitHandler extends MethodHandler {
    private static final Logger LOG = LoggerFactory.getLogger(SubmitHandler.class);

    public SubmitHandler(StratumContext context) {
        super(context, StratumMethods.SUBMIT, false);
    }

    @Override
    protected void handle(ChannelHandlerContext ctx, StratumSession session, StratumRequest r) {
        JsonNode p = r.params();
        String user = string(p, 0);
        String jobId = string(p, 1);
        String en2 = string(p, 2);
        String ntime = string(p, 3);
        String nonce = string(p, 4);
        JsonNode versionNode = p.get(5);
        boolean versionOk = versionNode == null || versionNode.isNull() || versionNode.isTextual();
        if (!p.isArray()
                || user == null
                || jobId == null
                || en2 == null
                || ntime == null
                || nonce == null
                || !versionOk) {
            reject(ctx, r, ShareVerdict.INVALID_PARAMETERS);
            if (session.malformedLine()) {
                StratumDisconnector.disconnect(
                        ctx.channel(), DisconnectReason.MALFORMED, "too many malformed requests");
            }
            return;
        }
        if (!session.subscribed()) {
            reject(ctx, r, ShareVerdict.NOT_SUBSCRIBED);
            session.offence(Offence.UNAUTHORIZED_SUBMIT);
            return;
        }
        WorkerName worker = session.authorizedWorker(user);
        if (worker == null) {
            reject(ctx, r, ShareVerdict.UNAUTHORIZED_WORKER);
            session.offence(Offence.UNAUTHORIZED_SUBMIT);
            return;
        }
        ShareSubmission share;
        try {
            share = ShareSubmission.fromStratum(
                    en2, ntime, nonce, versionNode == null || versionNode.isNull() ? null : versionNode.asText());
        } catch (IllegalArgumentException e) {
            context.metrics().share(ShareVerdict.INVALID_PARAMETERS, 0);
            reply(ctx, new Outbound.ErrorReply(r.rawId(), StratumErrors.OTHER, e.getMessage()));
            session.offence(Offence.INVALID_SHARE);
            return;
        }
        long id = Job.parseId(jobId);
        JobSlot slot = id < 0 && !"ffffffffffffffff".equalsIgnoreCase(jobId)
                ? null
                : session.work().find(id);
        JobBroadcast newest = context.current();
        boolean stale = slot != null
                && slot.job() != null
                && newest != null
                && !slot.job().prevHash().equals(newest.job().prevHash());
        long now = context.nowMillis();
        ShareValidator validator = context.validator();
        ShareVerdict verdict = validator.validate(session.work(), slot, stale, share, Math.floorDiv(now, 1000));

        ShareVerdict counted = verdict;
        if (verdict == ShareVerdict.BLOCK) {
            Job job = slot.job();
            FoundBlock block = new FoundBlock(
                    job,
                    validator.copyHeader(),
                    validator.coinbaseOf(session.work(), job, share),
                    validator.hash(),
                    worker,
                    now);
            try {
                context.blockSink().blockFound(block);
            } catch (RuntimeException e) {
                LOG.error("block sink failed for block {} found by {}", block.hash(), worker, e);
            }
            counted = validator.rejectBesidesBlock();
        }
        if (counted == ShareVerdict.ACCEPTED && session.workWithheld()) {
            counted = ShareVerdict.STALE; // curtailed: work done after it was withheld counts for nothing
        }
        if (counted == ShareVerdict.ACCEPTED) {
            double difficulty = slot.difficulty().value();
            try {
                context.recorder()
                        .record(new AcceptedShare(
                                worker,
                                difficulty,
                                validator.achievedDifficulty(),
                                now,
                                slot.job().height(),
                                verdict == ShareVerdict.BLOCK,
                                slot.job().bits().value()));
            } catch (RuntimeException e) {
                LOG.warn("share from {} not recorded", worker, e);
                context.metrics().shareNotRecorded();
                reply(ctx, new Outbound.ErrorReply(r.rawId(), StratumErrors.OTHER, "share not recorded"));
                return;
            }
            context.metrics().share(verdict, difficulty);
            session.accepted(now, difficulty);
            reply(ctx, new Outbound.Reply(r.rawId(), "true"));
            return;
        }
        reject(ctx, r, counted);
        if (counted != ShareVerdict.STALE) {
            session.offence(Offence.INVALID_SHARE);
        }
    }

    private void reject(ChannelHandlerContext ctx, StratumRequest r, ShareVerdict verdict) {
        context.metrics().share(verdict, 0);
        reply(ctx, new Outbound.ErrorReply(r.rawId(), verdict.stratumCode(), verdict.message()));
    }
}
