package org.sovereignpool.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The dashboard's files from the classpath: {@code /} and {@code /dashboard/*} from {@code dashboard/}, {@code
 * /webjars/*} from the WebJars' {@code META-INF/resources/webjars/} (served from the jar: no CDN, no internet).
 * Loaded once and kept (a few hundred KB). Thread safe.
 */
final class StaticFiles {
    private static final Pattern SAFE = Pattern.compile("(/[A-Za-z0-9_.-]+)+");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "json", "application/json");
    private final Map<String, Optional<File>> cache = new ConcurrentHashMap<>();

    record File(byte[] bytes, String contentType) {}

    /** The file for a request path, or empty (also for any path with {@code ..} or odd characters). */
    Optional<File> get(String path) {
        if ("/".equals(path)) {
            path = "/dashboard/index.html";
        }
        if (!SAFE.matcher(path).matches() || path.contains("..")) {
            return Optional.empty();
        }
        String resource;
        if (path.startsWith("/dashboard/")) {
            resource = path.substring(1);
        } else if (path.startsWith("/webjars/")) {
            resource = "META-INF/resources" + path;
        } else {
            return Optional.empty();
        }
        return cache.computeIfAbsent(resource, StaticFiles::load);
    }

    private static Optional<File> load(String resource) {
        try (InputStream in = StaticFiles.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                return Optional.empty();
            }
            String ext = resource.substring(resource.lastIndexOf('.') + 1);
            return Optional.of(new File(in.readAllBytes(), TYPES.getOrDefault(ext, "application/octet-stream")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
