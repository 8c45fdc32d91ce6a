package org.sovereignpool.stratum;

import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.util.List;
import org.sovereignpool.stratum.codec.JsonRpcDecoder;
import org.sovereignpool.stratum.codec.StratumEncoder;
import org.sovereignpool.stratum.handler.AuthorizeHandler;
import org.sovereignpool.stratum.handler.ConfigureHandler;
import org.sovereignpool.stratum.handler.ExceptionHandler;
import org.sovereignpool.stratum.handler.ExtranonceSubscribeHandler;
import org.sovereignpool.stratum.handler.MalformedRequestHandler;
import org.sovereignpool.stratum.handler.SessionLifecycleHandler;
import org.sovereignpool.stratum.handler.StratumDispatcher;
import org.sovereignpool.stratum.handler.SubmitHandler;
import org.sovereignpool.stratum.handler.SubscribeHandler;
import org.sovereignpool.stratum.handler.SuggestDifficultyHandler;
import org.sovereignpool.stratum.handler.UnknownMethodHandler;
import org.sovereignpool.stratum.limit.ConnectionGate;
import org.sovereignpool.stratum.session.StratumContext;
import org.sovereignpool.stratum.session.StratumSession;

/**
 * Builds one connection's pipeline: [TLS] → JSON-RPC decoder (line framing with a cap, then each line to a request)
 * → encoder → session lifecycle (registration, back-pressure, the flush of each read's replies) → dispatcher (each
 * request to its method's handler, unknown methods and malformed lines to theirs) → exception handler. Before any of
 * it, the {@link ConnectionGate} decides whether the connection may stay (bans, the server's, the site's and the
 * address's caps): a refused connection is closed with nothing allocated for it. The handshake and idle timeouts have
 * no handler and no timer per connection: one sweep per event loop enforces them ({@link
 * org.sovereignpool.stratum.session.SessionRegistry}). Per connection only the gate's ticket, the {@link
 * StratumSession}, the TLS handler and the decoder are new objects (and one handler context per pipeline entry: 5
 * without TLS); the rest are shared.
 */
public final class StratumChannelInitializer extends ChannelInitializer<Channel> {
    private static final RecvByteBufAllocator READS =
            new AdaptiveRecvByteBufAllocator(64, 1024, 16 * 1024).maxMessagesPerRead(1);

    private final Shared shared;
    private final double listenerDifficulty;
    private final SslContext ssl;

    /** The handlers one server shares between all its connections. */
    public static final class Shared {
        final StratumContext context;
        final int maxLineBytes;
        final StratumEncoder encoder = new StratumEncoder();
        final SessionLifecycleHandler lifecycle;
        final MalformedRequestHandler malformed = new MalformedRequestHandler();
        final SubmitHandler submit;
        final SubscribeHandler subscribe;
        final ConfigureHandler configure;
        final AuthorizeHandler authorize;
        final SuggestDifficultyHandler suggest;
        final ExtranonceSubscribeHandler extranonceSubscribe;
        final UnknownMethodHandler unknown = new UnknownMethodHandler();
        final ExceptionHandler exceptions = new ExceptionHandler();
        final StratumDispatcher dispatcher;

        public Shared(StratumContext context, int maxLineBytes) {
            this.context = context;
            this.maxLineBytes = maxLineBytes;
            this.lifecycle = new SessionLifecycleHandler(context);
            this.submit = new SubmitHandler(context);
            this.subscribe = new SubscribeHandler(context);
            this.configure = new ConfigureHandler(context);
            this.authorize = new AuthorizeHandler(context);
            this.suggest = new SuggestDifficultyHandler(context);
            this.extranonceSubscribe = new ExtranonceSubscribeHandler(context);
            this.dispatcher = new StratumDispatcher(
                    List.of(submit, subscribe, configure, authorize, suggest, extranonceSubscribe), malformed, unknown);
        }
    }

    public StratumChannelInitializer(Shared shared, double listenerDifficulty, SslContext ssl) {
        this.shared = shared;
        this.listenerDifficulty = listenerDifficulty;
        this.ssl = ssl;
    }

    @Override
    protected void initChannel(Channel ch) {
        ConnectionGate gate = shared.context.gate();
        ConnectionGate.Ticket ticket = null;
        if (gate != null && ch.remoteAddress() instanceof InetSocketAddress remote) {
            ticket = gate.admit(ch, remote.getAddress());
            if (ticket == null) {
                ch.close();
                return;
            }
        }
        try {
            // fairness: one read of at most 16 KB per connection per turn of its event loop, so a connection that
            // floods lines (until the request rate or the offences close it) cannot keep the miners on its loop waiting
            ch.config().setRecvByteBufAllocator(READS);
            // the ticket goes back to the gate when the connection ends (SessionLifecycleHandler.channelInactive)
            ch.attr(StratumSession.KEY).set(new StratumSession(ch, shared.context, listenerDifficulty, ticket));
            ChannelPipeline p = ch.pipeline();
            if (ssl != null) {
                p.addLast(StratumHandlerNames.TLS, ssl.newHandler(ch.alloc()));
            }
            p.addLast(StratumHandlerNames.JSON_RPC_DECODER, new JsonRpcDecoder(shared.maxLineBytes));
            p.addLast(StratumHandlerNames.ENCODER, shared.encoder);
            p.addLast(StratumHandlerNames.LIFECYCLE, shared.lifecycle);
            p.addLast(StratumHandlerNames.DISPATCHER, shared.dispatcher);
            p.addLast(StratumHandlerNames.EXCEPTION, shared.exceptions);
        } catch (RuntimeException e) {
            if (ticket != null) {
                gate.release(ticket, ch); // no lifecycle handler will see this connection end
            }
            throw e;
        }
    }
}
