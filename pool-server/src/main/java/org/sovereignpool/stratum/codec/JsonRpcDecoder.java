package org.sovereignpool.stratum.codec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.util.concurrent.FastThreadLocal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.sovereignpool.stratum.message.MalformedRequest;
import org.sovereignpool.stratum.message.StratumRequest;

/**
 * Frames the bytes a miner sends into lines ({@code \n}, an optional {@code \r} before it) and turns each line into a
 * {@link StratumRequest}, or into a {@link MalformedRequest} when it is not one: bad input never throws. The request id
 * is kept as the exact JSON text the miner sent, so it is echoed unchanged whatever its type. Blank lines are ignored
 * (some firmware sends them as keep-alives). A line longer than the cap (not counting its {@code \r\n}) raises a
 * {@link TooLongFrameException} as soon as the cap is passed, and its bytes are dropped up to its newline (the
 * exception handler closes the connection), as Netty's {@code LineBasedFrameDecoder} with {@code failFast} does.
 *
 * <p>One instance per connection (it keeps the partial line between reads): framing and decoding in one handler, so a
 * connection carries one handler context for both instead of two (64 B fewer per connection) and a line is never
 * sliced. The partial line is held only while one is incomplete: an idle connection holds no buffer. Each line is
 * copied into a buffer the event-loop thread reuses (no array per line) and parsed from there.
 */
public final class JsonRpcDecoder extends ByteToMessageDecoder {
    public static final String NULL_ID = "null";

    private static final JsonNodeFactory NODES = StratumJson.MAPPER.getNodeFactory();
    private static final FastThreadLocal<byte[]> SCRATCH = new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
            return new byte[1024];
        }
    };

    private final int maxLineBytes;
    private boolean discarding; // past the cap without a newline: dropping bytes up to the next one
    private int scanned; // bytes after the reader index already searched for a newline

    /** @param maxLineBytes the longest line served, without its line ending */
    public JsonRpcDecoder(int maxLineBytes) {
        if (maxLineBytes < 1) {
            throw new IllegalArgumentException("maxLineBytes must be positive, got " + maxLineBytes);
        }
        this.maxLineBytes = maxLineBytes;
    }

    /** One line per call (ByteToMessageDecoder calls again while it makes progress). */
    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int start = in.readerIndex();
        int eol = in.indexOf(start + scanned, in.writerIndex(), (byte) '\n');
        if (eol < 0) {
            scanned = in.readableBytes();
            if (!discarding && scanned > maxLineBytes) {
                discarding = true;
                ctx.fireExceptionCaught(new TooLongFrameException("line over " + maxLineBytes + " bytes"));
            }
            if (discarding) {
                in.skipBytes(scanned);
                scanned = 0;
            }
            return;
        }
        scanned = 0;
        int length = eol - start;
        in.readerIndex(eol + 1);
        if (discarding) { // the end of a line already refused
            discarding = false;
            return;
        }
        int content = length > 0 && in.getByte(eol - 1) == '\r' ? length - 1 : length;
        if (content > maxLineBytes) {
            ctx.fireExceptionCaught(new TooLongFrameException("line of " + content + " bytes, over " + maxLineBytes));
            return;
        }
        byte[] bytes = SCRATCH.get();
        if (bytes.length < length) {
            bytes = new byte[Math.max(length, bytes.length * 2)];
            SCRATCH.set(bytes);
        }
        in.getBytes(start, bytes, 0, length);
        Object decoded = decode(bytes, length); // trims the \r
        if (decoded != null) {
            out.add(decoded);
        }
    }

    /** The request on this line, a {@link MalformedRequest}, or null for a blank line. */
    public static Object decode(byte[] bytes) {
        return decode(bytes, bytes.length);
    }

    /**
     * The request in {@code bytes[0..length)}, a {@link MalformedRequest}, or null for a blank line. A line of the
     * plain shape nearly every miner sends is read by {@link PlainRequestScanner} without a parser; any other with
     * Jackson, to the same result.
     */
    public static Object decode(byte[] bytes, int length) {
        int end = trimmedEnd(bytes, length);
        if (end == 0) {
            return null;
        }
        StratumRequest plain = PlainRequestScanner.read(bytes, end);
        return plain != null ? plain : jackson(bytes, end);
    }

    /**
     * What {@link #decode(byte[], int)} gives when every line is read with Jackson (no {@link PlainRequestScanner}):
     * the reference the scanner is tested against.
     */
    static Object decodeWithJackson(byte[] bytes, int length) {
        int end = trimmedEnd(bytes, length);
        return end == 0 ? null : jackson(bytes, end);
    }

    /** The end of the line without trailing CR, spaces and tabs. */
    private static int trimmedEnd(byte[] bytes, int length) {
        int end = length;
        while (end > 0 && (bytes[end - 1] == '\r' || bytes[end - 1] == ' ' || bytes[end - 1] == '\t')) {
            end--;
        }
        return end;
    }

    /** The request in {@code bytes[0..end)} (not blank, trimmed) read with a Jackson parser. */
    private static Object jackson(byte[] bytes, int end) {
        String rawId = NULL_ID;
        String method = null;
        JsonNode params = null;
        boolean methodWrongType = false;
        try (JsonParser p = StratumJson.FACTORY.createParser(bytes, 0, end)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return new MalformedRequest(NULL_ID, "Invalid request: not a JSON object");
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "id" -> rawId = rawValue(p, value, bytes, end);
                    case "method" -> {
                        if (value == JsonToken.VALUE_STRING) {
                            method = p.getText();
                        } else {
                            methodWrongType = true;
                            p.skipChildren();
                        }
                    }
                    case "params" -> params = params(p, value);
                    default -> p.skipChildren();
                }
            }
            if (t != JsonToken.END_OBJECT) {
                return new MalformedRequest(rawId, "Parse error: unexpected " + t);
            }
            if (p.nextToken() != null) {
                return new MalformedRequest(rawId, "Parse error: data after the JSON object");
            }
        } catch (IOException | RuntimeException e) {
            return new MalformedRequest(rawId, "Parse error");
        }
        if (method == null) {
            return new MalformedRequest(
                    rawId, methodWrongType ? "Invalid request: method is not a string" : "Invalid request: no method");
        }
        if (params == null || params.isNull()) {
            params = StratumJson.MAPPER.createArrayNode();
        }
        return new StratumRequest(rawId, method, params);
    }

    /**
     * The params value. An array of strings, nulls and booleans (a submit, an authorize, a subscribe: nearly every
     * line) is built straight from the tokens, without a deserialization context; any other element, and params that
     * are not an array, are read as Jackson's tree reads them, so the result is the same tree either way.
     */
    private static JsonNode params(JsonParser p, JsonToken value) throws IOException {
        if (value != JsonToken.START_ARRAY) {
            return p.readValueAsTree();
        }
        ArrayNode array = new ArrayNode(NODES, new ArrayList<>(8));
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null) {
                throw new IOException("unexpected end of input in params");
            }
            switch (t) {
                case VALUE_STRING -> array.add(NODES.textNode(p.getText()));
                case VALUE_NULL -> array.add(NODES.nullNode());
                case VALUE_TRUE -> array.add(NODES.booleanNode(true));
                case VALUE_FALSE -> array.add(NODES.booleanNode(false));
                default -> array.add((JsonNode) p.readValueAsTree());
            }
        }
        return array;
    }

    /** The exact bytes of the value the parser is on, read from the input between the token's start and end. */
    private static String rawValue(JsonParser p, JsonToken value, byte[] bytes, int length) throws IOException {
        long start = p.currentTokenLocation().getByteOffset();
        if (value.isStructStart()) {
            p.skipChildren();
        } else if (value == JsonToken.VALUE_STRING) {
            p.getText(); // completes the token so the parser's position is after the closing quote
        }
        long end = p.currentLocation().getByteOffset();
        if (start < 0 || end > length || end <= start) {
            throw new IOException("cannot locate the id");
        }
        return new String(bytes, (int) start, (int) (end - start), StandardCharsets.UTF_8).strip();
    }
}
