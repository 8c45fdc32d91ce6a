package org.sovereignpool.cluster;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM on this test's class path whose stdout is read past its log lines until a line starting with a given
 * prefix (e.g. {@code READY}), then drained in the background (and kept, for a failure message).
 */
final class ChildProcess {
    private final Process process;
    private final CompletableFuture<String> ready = new CompletableFuture<>();
    private final StringBuffer output = new StringBuffer();

    private ChildProcess(Process process, String readyPrefix) {
        this.process = process;
        BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Thread.ofVirtual().start(() -> {
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    if (output.length() < 200_000) {
                        output.append(line).append('\n');
                    }
                    if (!ready.isDone() && line.startsWith(readyPrefix)) {
                        ready.complete(line.substring(readyPrefix.length()).strip());
                    }
                }
                ready.completeExceptionally(new AssertionError("child ended before " + readyPrefix + ":\n" + output));
            } catch (Exception e) {
                ready.completeExceptionally(e);
            }
        });
    }

    /** Starts {@code mainClass} with {@code args}; {@code readyPrefix} is the line it prints once serving. */
    static ChildProcess start(String mainClass, String readyPrefix, String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(
                java,
                "--enable-native-access=ALL-UNNAMED",
                "-Xmx192m",
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                mainClass));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        return new ChildProcess(p, readyPrefix);
    }

    /** What followed the ready prefix on its line. */
    String awaitReady(long seconds) throws Exception {
        return ready.get(seconds, TimeUnit.SECONDS);
    }

    String output() {
        return output.toString();
    }

    /** SIGKILL: no shutdown hook, no lease release. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }
}
