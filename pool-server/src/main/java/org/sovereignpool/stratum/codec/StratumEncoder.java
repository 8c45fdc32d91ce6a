package org.sovereignpool.stratum.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import org.sovereignpool.stratum.message.Outbound;

/**
 * Writes each {@link Outbound} as one JSON line. Byte buffers pass through untouched: the job's notify is encoded
 * once per job and written to every session as a duplicate of the same bytes. The constant parts of replies are
 * kept as bytes, so a {@code true} reply costs only its id. Stateless and {@link Sharable}.
 */
@Sharable
public final class StratumEncoder extends MessageToByteEncoder<Outbound> {
    private static final byte[] ID = ascii("{\"id\":");
    private static final byte[] RESULT = ascii(",\"result\":");
    private static final byte[] ERROR_NULL_END = ascii(",\"error\":null}\n");
    private static final byte[] ERROR_OPEN = ascii(",\"error\":[");
    static final int MAX_CACHED_ERRORS = 256;
    private static final ConcurrentHashMap<ErrorKey, byte[]> ERROR_TAILS = new ConcurrentHashMap<>();
    private static final byte[] NOTIFICATION = ascii("{\"id\":null,\"method\":");
    private static final byte[] PARAMS = ascii(",\"params\":");
    private static final byte[] END = ascii("}\n");

    public StratumEncoder() {
        super(Outbound.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Outbound msg, ByteBuf out) {
        encode(msg, out);
    }

    /** Appends the line for {@code msg} to {@code out}. */
    public static void encode(Outbound msg, ByteBuf out) {
        switch (msg) {
            case Outbound.Reply r -> {
                out.writeBytes(ID);
                ByteBufUtil.writeUtf8(out, r.rawId());
                out.writeBytes(RESULT);
                ByteBufUtil.writeUtf8(out, r.rawResult());
                out.writeBytes(ERROR_NULL_END);
            }
            case Outbound.ErrorReply e -> {
                out.writeBytes(ID);
                ByteBufUtil.writeUtf8(out, e.rawId());
                out.writeBytes(RESULT);
                ByteBufUtil.writeUtf8(out, e.rawResult());
                out.writeBytes(ERROR_OPEN);
                out.writeBytes(errorTail(e.code(), e.message()));
            }
            case Outbound.Notification n -> {
                out.writeBytes(NOTIFICATION);
                ByteBufUtil.writeUtf8(out, StratumJson.quote(n.method()));
                out.writeBytes(PARAMS);
                ByteBufUtil.writeUtf8(out, n.rawParams());
                out.writeBytes(END);
            }
        }
    }

    /**
     * The end of an error reply line (the code, the quoted message, null, the closing brackets and newline) as bytes. Most error replies are share rejections with one of a few fixed
     * messages, so their encodings are kept (at most {@link #MAX_CACHED_ERRORS}; messages that quote the miner's
     * input are encoded each time once the cache is full). Before this, quoting and UTF-8 encoding the message was
     * most of the cost of a rejection reply.
     */
    static byte[] errorTail(int code, String message) {
        ErrorKey key = new ErrorKey(code, message);
        byte[] tail = ERROR_TAILS.get(key);
        if (tail == null) {
            tail = (code + "," + StratumJson.quote(message) + ",null]}\n").getBytes(StandardCharsets.UTF_8);
            if (ERROR_TAILS.size() < MAX_CACHED_ERRORS) {
                ERROR_TAILS.putIfAbsent(key, tail);
            }
        }
        return tail;
    }

    private record ErrorKey(int code, String message) {}

    /** The line for {@code msg} as bytes (for messages encoded once and shared). */
    public static byte[] toBytes(Outbound msg) {
        ByteBuf buf = io.netty.buffer.Unpooled.buffer(256);
        try {
            encode(msg, buf);
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
