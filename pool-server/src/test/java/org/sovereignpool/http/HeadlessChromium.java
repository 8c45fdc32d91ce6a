package org.sovereignpool.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Debian's chromium, headless, one command per page: the DOM after scripts ran, or a screenshot. */
public final class HeadlessChromium {
    private static final long TIMEOUT_SECONDS = 90;
    private final Path binary;
    private final Path profile;

    public HeadlessChromium(Path binary, Path profile) {
        this.binary = binary;
        this.profile = profile;
    }

    public record Result(int exit, String stdout, String stderr) {}

    public static Optional<Path> find() {
        for (String p : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")) {
            if (Files.isExecutable(Path.of(p))) {
                return Optional.of(Path.of(p));
            }
        }
        return Optional.empty();
    }

    /** The DOM once the page's scripts ran for 12 s of virtual time (two auto-refreshes). */
    public Result dumpDom(String url) throws IOException, InterruptedException {
        return run(List.of("--dump-dom", url));
    }

    Result screenshot(String url, Path png) throws IOException, InterruptedException {
        return run(List.of("--screenshot=" + png.toAbsolutePath(), url));
    }

    /** Lines where the page logged an error or a resource failed to load. */
    public static List<String> consoleErrors(String stderr) {
        List<String> out = new ArrayList<>();
        for (String line : stderr.split("\n")) {
            if (line.contains("CONSOLE")
                    && (line.contains("Uncaught")
                            || line.contains("Error")
                            || line.contains("Failed to load")
                            || line.contains(":ERROR:"))) {
                out.add(line);
            }
        }
        return out;
    }

    private Result run(List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                binary.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                "--no-first-run",
                "--no-default-browser-check",
                "--hide-scrollbars",
                "--user-data-dir=" + profile.toAbsolutePath(),
                "--enable-logging=stderr",
                "--v=0",
                "--window-size=1400,1700",
                "--virtual-time-budget=12000"));
        command.addAll(args);
        Process p = new ProcessBuilder(command).start();
        CompletableFuture<String> out = read(p.getInputStream());
        CompletableFuture<String> err = read(p.getErrorStream());
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("chromium did not finish in " + TIMEOUT_SECONDS + " s");
        }
        return new Result(p.exitValue(), out.join(), err.join());
    }

    private static CompletableFuture<String> read(java.io.InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
    }
}
