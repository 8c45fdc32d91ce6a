package org.sovereignpool.node;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sovereignpool.share.model.Hash256;

/**
 * BIP 22 long polling on the node templates come from (the first healthy one before any): {@code getblocktemplate}
 * with the last {@code longpollid} returns when the node has a new tip; the template's previousblockhash is then the
 * new tip. A long poll may also return without one (a node that stops answers an ordinary template): that changes
 * nothing, since listeners only hear tips they have not heard. One daemon thread.
 */
final class LongPoller implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LongPoller.class);

    private final Thread thread;
    private volatile boolean running = true;

    private LongPoller(BitcoindTemplateSource source) {
        this.thread = Thread.ofPlatform().name("node-longpoll").daemon(true).start(() -> loop(source));
    }

    static LongPoller start(BitcoindTemplateSource source) {
        return new LongPoller(source);
    }

    private void loop(BitcoindTemplateSource source) {
        String longPollId = null;
        int failures = 0;
        BitcoindNode node = null;
        while (running && !source.isClosed()) {
            BitcoindNode preferred = source.preferredNode();
            if (preferred != node) {
                node = preferred;
                longPollId = null; // a longpollid means something to the node that gave it only
            }
            try {
                JsonNode t = longPollId == null
                        ? node.blockTemplate(source.rules())
                        : node.blockTemplateLongPoll(
                                source.rules(), longPollId, source.options().longPollWait());
                longPollId = t.path("longpollid").asText(null);
                source.noteTip(Hash256.fromDisplayHex(t.get("previousblockhash").asText()), true, System.nanoTime());
                failures = 0;
            } catch (NodeException e) {
                if (e.kind() == NodeException.Kind.TIMEOUT) {
                    continue; // no new block within the wait: poll again
                }
                failures++;
                log.debug("long poll failed ({}): {}", failures, e.getMessage());
                try {
                    Thread.sleep(Math.min(5000, 100L << Math.min(failures, 6))); // the node is down: back off
                } catch (InterruptedException ie) {
                    return;
                }
            } catch (RuntimeException e) {
                log.error("long poll failed", e);
                return;
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
