package org.sovereignpool.stratum.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A blocking, line-at-a-time Stratum client for tests that need to send exact bytes (a real miner would not send a
 * duplicate share on purpose). Reads are bounded by a socket timeout, so a test never hangs.
 */
public final class LineClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;
    private final Deque<JsonNode> notifications = new ArrayDeque<>();
    private final List<String> lines = new ArrayList<>();

    public LineClient(InetSocketAddress address) {
        this(address, null, 0);
    }

    /**
     * From {@code source} (e.g. another loopback address, 127.0.0.2, to be another miner's address), with a small
     * receive buffer when {@code receiveBufferBytes > 0} (a peer that does not read fills it soon).
     */
    public LineClient(InetSocketAddress address, String source, int receiveBufferBytes) {
        try {
            socket = new Socket();
            if (receiveBufferBytes > 0) {
                socket.setReceiveBufferSize(receiveBufferBytes);
            }
            if (source != null) {
                socket.bind(new InetSocketAddress(source, 0));
            }
            socket.connect(address, 5000);
            socket.setSoTimeout(10_000);
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            out = socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void send(String line) {
        sendRaw((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    public void sendRaw(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next line from the server (null at end of stream). */
    public String readLine() {
        try {
            String line = in.readLine();
            if (line != null) {
                lines.add(line);
            }
            return line;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The raw text of the reply whose id is {@code rawId}; notifications read on the way are kept. */
    public String replyLine(String rawId) {
        for (int i = 0; i < 10_000; i++) {
            String line = readLine();
            if (line == null) {
                throw new IllegalStateException("connection closed while waiting for reply " + rawId);
            }
            JsonNode node = parse(line);
            if (node.has("method") && node.get("id").isNull()) {
                notifications.add(node);
            } else if (node.get("id").toString().equals(rawId) || line.startsWith("{\"id\":" + rawId + ",")) {
                return line;
            }
        }
        throw new IllegalStateException("no reply " + rawId);
    }

    public JsonNode reply(String rawId) {
        return parse(replyLine(rawId));
    }

    /** The next notification with this method (skipping and keeping others in order). */
    public JsonNode notification(String method) {
        for (JsonNode n : notifications) {
            if (n.get("method").asText().equals(method)) {
                notifications.remove(n);
                return n;
            }
        }
        for (int i = 0; i < 10_000; i++) {
            String line = readLine();
            if (line == null) {
                throw new IllegalStateException("connection closed while waiting for " + method);
            }
            JsonNode node = parse(line);
            if (node.has("method") && node.get("method").asText().equals(method)) {
                return node;
            }
            if (node.has("method")) {
                notifications.add(node);
            }
        }
        throw new IllegalStateException("no " + method);
    }

    /** True when the server closed the connection (end of stream) before {@code timeoutMillis}. */
    public boolean closedByServer(int timeoutMillis) {
        try {
            socket.setSoTimeout(timeoutMillis);
            while (true) {
                String line = in.readLine();
                if (line == null) {
                    return true;
                }
                lines.add(line);
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset by the server
        }
    }

    /**
     * Reads whatever the server sends until it closes the connection or {@code deadlineMillis} pass; returns the
     * bytes read, or -1 when the connection was still open at the deadline (or more than {@code maxBytes} came).
     */
    public long bytesUntilClosed(long deadlineMillis, long maxBytes) {
        long end = System.currentTimeMillis() + deadlineMillis;
        long total = 0;
        byte[] buf = new byte[65536];
        try {
            var raw = socket.getInputStream();
            while (System.currentTimeMillis() < end && total <= maxBytes) {
                socket.setSoTimeout((int) Math.max(1, end - System.currentTimeMillis()));
                int n = raw.read(buf);
                if (n < 0) {
                    return total;
                }
                total += n;
            }
            return -1;
        } catch (SocketTimeoutException e) {
            return -1;
        } catch (IOException e) {
            return total; // reset by the server
        }
    }

    /** True once the server closed the connection: end of stream or reset at the next read. */
    public boolean isClosedByServer() {
        return closedByServer(1);
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON from the server: " + line, e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
