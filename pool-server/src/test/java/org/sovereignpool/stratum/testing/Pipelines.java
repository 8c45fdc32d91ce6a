package org.sovereignpool.stratum.testing;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.sovereignpool.config.PoolConfig;
import org.sovereignpool.config.StratumLimits;
import org.sovereignpool.mining.AcceptedShare;
import org.sovereignpool.mining.FoundBlock;
import org.sovereignpool.share.hash.Sha256s;
import org.sovereignpool.share.model.VersionMask;
import org.sovereignpool.stratum.ExtranonceAllocator;
import org.sovereignpool.stratum.RegisteredOperators;
import org.sovereignpool.stratum.StratumChannelInitializer;
import org.sovereignpool.stratum.StratumMetrics;
import org.sovereignpool.stratum.session.StratumContext;
import org.sovereignpool.stratum.vardiff.DifficultyRules;

/** The server's real pipeline on an EmbeddedChannel, with recording collaborators. */
public final class Pipelines {
    public final PoolConfig config;
    public final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    public final List<AcceptedShare> shares = new ArrayList<>();
    public final List<FoundBlock> blocks = new ArrayList<>();
    public final StratumContext context;
    public final StratumChannelInitializer.Shared shared;

    public Pipelines(PoolConfig config, Instant now) {
        this.config = config;
        var d = config.difficulty();
        this.context = new StratumContext(
                new StratumContext.Settings(
                        config.stratum().extranonce2Size(),
                        config.stratum().maxMalformedLines(),
                        d,
                        new DifficultyRules(d.min(), d.max(), false),
                        VersionMask.BIP320,
                        StratumLimits.DEFAULTS,
                        30_000,
                        config.stratum().idleTimeoutSeconds() * 1000L),
                new StratumMetrics(registry),
                Clock.fixed(now, ZoneOffset.UTC),
                new RegisteredOperators(config),
                shares::add,
                blocks::add,
                new ExtranonceAllocator(config.pool().nodeId(), 0),
                Sha256s::fastest);
        this.shared =
                new StratumChannelInitializer.Shared(context, config.stratum().maxLineBytes());
    }

    public EmbeddedChannel channel() {
        return new EmbeddedChannel(
                new StratumChannelInitializer(shared, config.difficulty().initial(), null));
    }

    /** Feeds {@code text} one byte at a time. */
    public static void feedBytewise(EmbeddedChannel ch, String text) {
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            ch.writeInbound(ch.alloc().buffer(1).writeByte(b));
        }
    }

    /** Everything written to the miner so far, as text. */
    public static String output(EmbeddedChannel ch) {
        StringBuilder sb = new StringBuilder();
        for (Object o; (o = ch.readOutbound()) != null; ) {
            ByteBuf buf = (ByteBuf) o;
            sb.append(buf.toString(StandardCharsets.UTF_8));
            buf.release();
        }
        return sb.toString();
    }
}
