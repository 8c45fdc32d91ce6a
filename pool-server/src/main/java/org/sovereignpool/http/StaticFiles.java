package org.sovereignpool.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * The dashboard's files from the classpath: {@code /} and {@code /dashboard/*} from {@code dashboard/}, {@code
 * /public} and {@code /public/*} (the public transparency page) from {@code public/}, {@code
 * /webjars/*} from the WebJars' {@code META-INF/resources/webjars/} (served from the jar: no CDN, no internet).
 *
 * <p>Files found are kept, up to {@link #CACHE_BYTES} in all, each once in direct memory: every response is a view of
 * the same bytes, so neither the heap nor the socket copies a file per request (the 400 KB chart.js used to be copied
 * into direct memory for each response). A file beyond the budget is read from the jar for each request. Misses are
 * not kept: unknown paths cost nothing after their 404. Thread safe.
 */
final class StaticFiles {
    /** At most this many bytes of files are kept (a few hundred KB are used). */
    static final long CACHE_BYTES = 16L * 1024 * 1024;

    private static final Pattern SAFE = Pattern.compile("(/[A-Za-z0-9_.-]+)+");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "json", "application/json");
    private final Map<String, File> cache = new ConcurrentHashMap<>();
    private final AtomicLong cachedBytes = new AtomicLong();

    /** A file; {@link #content()} is a fresh view for one response. */
    record File(ByteBuf bytes, String contentType) {
        ByteBuf content() {
            return bytes.duplicate();
        }
    }

    /** The file for a request path, or empty (also for any path with {@code ..} or odd characters). */
    Optional<File> get(String path) {
        if ("/".equals(path)) {
            path = "/dashboard/index.html";
        } else if ("/public".equals(path) || "/public/".equals(path)) {
            path = "/public/index.html"; // the public transparency page
        }
        if (!SAFE.matcher(path).matches() || path.contains("..")) {
            return Optional.empty();
        }
        String resource;
        if (path.startsWith("/dashboard/") || path.startsWith("/public/")) {
            resource = path.substring(1);
        } else if (path.startsWith("/webjars/")) {
            resource = "META-INF/resources" + path;
        } else {
            return Optional.empty();
        }
        File cached = cache.get(resource);
        if (cached != null) {
            return Optional.of(cached);
        }
        byte[] bytes = load(resource);
        if (bytes == null) {
            return Optional.empty();
        }
        String ext = resource.substring(resource.lastIndexOf('.') + 1);
        String type = TYPES.getOrDefault(ext, "application/octet-stream");
        if (cachedBytes.addAndGet(bytes.length) > CACHE_BYTES) {
            cachedBytes.addAndGet(-bytes.length);
            return Optional.of(new File(Unpooled.wrappedBuffer(bytes), type)); // released with its response
        }
        ByteBuf direct = Unpooled.directBuffer(bytes.length).writeBytes(bytes);
        File file = new File(Unpooled.unreleasableBuffer(direct.asReadOnly()), type);
        File raced = cache.putIfAbsent(resource, file);
        if (raced != null) {
            cachedBytes.addAndGet(-bytes.length);
            direct.release();
            return Optional.of(raced);
        }
        return Optional.of(file);
    }

    /** Files kept now. */
    int cachedFiles() {
        return cache.size();
    }

    private static byte[] load(String resource) {
        try (InputStream in = StaticFiles.class.getClassLoader().getResourceAsStream(resource)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
