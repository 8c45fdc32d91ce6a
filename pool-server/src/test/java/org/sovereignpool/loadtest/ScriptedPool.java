package org.sovereignpool.loadtest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A pool that answers with exact lines written by a test (plain sockets, a virtual thread per connection), to play
 * pools other than ours (ckpool) and pools that misbehave.
 */
final class ScriptedPool implements AutoCloseable {
    private static final Pattern ID = Pattern.compile("\"id\":(\\d+)");

    /** One client connection. */
    static final class Conn {
        private final Socket socket;
        private final OutputStream out;

        Conn(Socket socket) throws IOException {
            this.socket = socket;
            this.out = socket.getOutputStream();
        }

        synchronized void send(String line) {
            try {
                out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                // the client is gone
            }
        }

        /** Closes the pool's side only (a FIN, no reset): the client reads every reply sent before, then the end. */
        void finish() {
            try {
                socket.shutdownOutput();
            } catch (IOException e) {
                // closed already
            }
        }

        void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // closed already
            }
        }
    }

    /** What the pool does. */
    interface Script {
        default void connected(Conn c) {}

        void line(Conn c, String line, String id);
    }

    private final ServerSocket server;
    final List<String> received = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    ScriptedPool(Script script) throws IOException {
        server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            try {
                while (!server.isClosed()) {
                    Socket s = server.accept();
                    sockets.add(s);
                    Thread.ofVirtual().start(() -> serve(s, script));
                }
            } catch (IOException e) {
                // closed
            }
        });
    }

    private void serve(Socket s, Script script) {
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))) {
            Conn c = new Conn(s);
            script.connected(c);
            for (String line; (line = in.readLine()) != null; ) {
                received.add(line);
                Matcher m = ID.matcher(line);
                script.line(c, line, m.find() ? m.group(1) : "null");
            }
        } catch (IOException e) {
            // the client is gone
        }
    }

    int port() {
        return server.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
