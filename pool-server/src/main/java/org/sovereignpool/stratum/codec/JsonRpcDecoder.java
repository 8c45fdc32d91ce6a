package org.sovereignpool.stratum.codec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.sovereignpool.stratum.message.MalformedRequest;
import org.sovereignpool.stratum.message.StratumRequest;

/**
 * Turns one line (already framed, without its newline) into a {@link StratumRequest}, or into a {@link
 * MalformedRequest} when it is not one: this decoder never throws on bad input. The request id is kept as the exact
 * JSON text the miner sent, so it is echoed unchanged whatever its type. Blank lines are ignored (some firmware
 * sends them as keep-alives). Stateless and {@link Sharable}.
 */
@Sharable
public final class JsonRpcDecoder extends MessageToMessageDecoder<ByteBuf> {
    public static final String NULL_ID = "null";

    public JsonRpcDecoder() {
        super(ByteBuf.class);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf line, List<Object> out) {
        Object decoded = decode(ByteBufUtil.getBytes(line));
        if (decoded != null) {
            out.add(decoded);
        }
    }

    /** The request on this line, a {@link MalformedRequest}, or null for a blank line. */
    public static Object decode(byte[] bytes) {
        int end = bytes.length;
        while (end > 0 && (bytes[end - 1] == '\r' || bytes[end - 1] == ' ' || bytes[end - 1] == '\t')) {
            end--;
        }
        if (end == 0) {
            return null;
        }
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
                    case "id" -> rawId = rawValue(p, value, bytes);
                    case "method" -> {
                        if (value == JsonToken.VALUE_STRING) {
                            method = p.getText();
                        } else {
                            methodWrongType = true;
                            p.skipChildren();
                        }
                    }
                    case "params" -> params = p.readValueAsTree();
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

    /** The exact bytes of the value the parser is on, read from the input between the token's start and end. */
    private static String rawValue(JsonParser p, JsonToken value, byte[] bytes) throws IOException {
        long start = p.currentTokenLocation().getByteOffset();
        if (value.isStructStart()) {
            p.skipChildren();
        } else if (value == JsonToken.VALUE_STRING) {
            p.getText(); // completes the token so the parser's position is after the closing quote
        }
        long end = p.currentLocation().getByteOffset();
        if (start < 0 || end > bytes.length || end <= start) {
            throw new IOException("cannot locate the id");
        }
        return new String(bytes, (int) start, (int) (end - start), StandardCharsets.UTF_8).strip();
    }
}
