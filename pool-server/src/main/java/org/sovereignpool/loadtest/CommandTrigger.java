package org.sovereignpool.loadtest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A shell command that makes a block, e.g. {@code bitcoin-cli -regtest generatetoaddress 1 ADDRESS}, run with {@code
 * sh -c}. Its output is kept (not mixed into the report) and shown when it fails. One command at a time.
 */
final class CommandTrigger implements Trigger {
    private static final int MAX_OUTPUT = 4096;

    private final String command;
    private final Duration timeout;
    private Process process;
    private long startNanos;
    private Thread reader;
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();

    CommandTrigger(String command, Duration timeout) {
        if (command == null || command.isBlank()) {
            throw LoadtestException.option("--trigger-command must not be empty");
        }
        this.command = command;
        this.timeout = timeout;
    }

    @Override
    public String description() {
        return command;
    }

    @Override
    public boolean timed() {
        return true;
    }

    @Override
    public void fire() {
        synchronized (output) {
            output.reset();
        }
        startNanos = System.nanoTime();
        try {
            process = new ProcessBuilder(List.of("sh", "-c", command))
                    .redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
        } catch (IOException e) {
            throw LoadtestException.option("--trigger-command could not start: " + e.getMessage());
        }
        InputStream in = process.getInputStream();
        reader = Thread.ofPlatform()
                .daemon(true)
                .name("loadtest-trigger-output")
                .start(() -> {
                    byte[] buf = new byte[1024];
                    try {
                        for (int n; (n = in.read(buf)) > 0; ) {
                            synchronized (output) {
                                if (output.size() < MAX_OUTPUT) {
                                    output.write(buf, 0, Math.min(n, MAX_OUTPUT - output.size()));
                                }
                            }
                        }
                    } catch (IOException e) {
                        // the process is gone
                    }
                });
    }

    @Override
    public String outcome() {
        if (process == null) {
            return "not run";
        }
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return "still running after " + timeout.toSeconds() + " s: killed; output: " + output();
            }
            reader.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return "interrupted";
        }
        long millis = (System.nanoTime() - startNanos) / 1_000_000;
        int exit = process.exitValue();
        String text = String.format(Locale.ROOT, "exit %d, finished within %d ms", exit, millis);
        return exit == 0 ? text : text + "; output: " + output();
    }

    /** Whether the last run exited 0 (false when it has not finished or not run). */
    boolean succeeded() {
        return process != null && !process.isAlive() && process.exitValue() == 0;
    }

    private String output() {
        synchronized (output) {
            String s = output.toString(StandardCharsets.UTF_8).strip();
            return s.isEmpty() ? "(none)" : s;
        }
    }
}
