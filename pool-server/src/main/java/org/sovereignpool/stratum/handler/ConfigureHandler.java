package org.sovereignpool.stratum.handler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.ChannelHandlerContext;
import org.sovereignpool.share.model.VersionMask;
import org.sovereignpool.stratum.codec.StratumJson;
import org.sovereignpool.stratum.message.Outbound;
import org.sovereignpool.stratum.message.StratumMethods;
import org.sovereignpool.stratum.message.StratumRequest;
import org.sovereignpool.stratum.session.StratumContext;
import org.sovereignpool.stratum.session.StratumSession;

/**
 * {@code mining.configure [[extensions], {params}]} (BIP 310). {@code version-rolling}: the mask is the pool's mask
 * (BIP 320) ∩ the miner's, refused ({@code false}) when it has fewer bits than the miner's min-bit-count;
 * {@code minimum-difficulty}: a floor for this connection; {@code subscribe-extranonce}: as
 * mining.extranonce.subscribe. Unknown extensions are answered {@code false}, not with an error.
 */
public final class ConfigureHandler extends MethodHandler {
    public ConfigureHandler(StratumContext context) {
        super(context, StratumMethods.CONFIGURE);
    }

    @Override
    protected void handle(ChannelHandlerContext ctx, StratumSession session, StratumRequest r) {
        JsonNode names = r.params().get(0);
        JsonNode options = r.params().get(1);
        if (names == null || !names.isArray() || (options != null && !options.isObject() && !options.isNull())) {
            invalidParams(ctx, session, r, "expected [[extensions], {parameters}]");
            return;
        }
        if (options == null || options.isNull()) {
            options = StratumJson.MAPPER.createObjectNode();
        }
        ObjectNode result = StratumJson.MAPPER.createObjectNode();
        for (JsonNode n : names) {
            if (!n.isTextual()) {
                invalidParams(ctx, session, r, "extension names must be strings");
                return;
            }
            String name = n.asText();
            switch (name) {
                case "version-rolling" -> versionRolling(session, options, result);
                case "minimum-difficulty" -> {
                    JsonNode v = options.get("minimum-difficulty.value");
                    if (v != null && v.isNumber() && v.asDouble() > 0) {
                        session.minimumDifficulty(v.asDouble());
                        result.put(name, true);
                    } else {
                        result.put(name, false);
                    }
                }
                case "subscribe-extranonce" -> {
                    session.extranonceSubscribed(true);
                    result.put(name, true);
                }
                default -> result.put(name, false);
            }
        }
        ctx.writeAndFlush(new Outbound.Reply(r.rawId(), result.toString()));
    }

    private void versionRolling(StratumSession session, JsonNode options, ObjectNode result) {
        JsonNode maskNode = options.get("version-rolling.mask");
        VersionMask minerMask = new VersionMask(0xffffffff);
        if (maskNode != null) {
            try {
                minerMask = VersionMask.fromHex(maskNode.asText());
            } catch (IllegalArgumentException e) {
                result.put("version-rolling", false);
                return;
            }
        }
        JsonNode minBits = options.get("version-rolling.min-bit-count");
        int minBitCount = minBits != null && minBits.canConvertToInt() ? minBits.asInt() : 0;
        VersionMask agreed = context.settings().poolVersionMask().intersect(minerMask);
        if (agreed.bitCount() < minBitCount || agreed.bitCount() == 0) {
            session.versionMask(VersionMask.NONE);
            result.put("version-rolling", false);
            return;
        }
        session.versionMask(agreed);
        result.put("version-rolling", true);
        result.put("version-rolling.mask", agreed.toHex());
    }
}
