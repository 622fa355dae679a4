package io.qualitymonitor.config;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Returns the safe-fetch policy for image references that come from strangers.
 *
 * @param allowedSchemes schemes that may be fetched ({@code http}, {@code https}, {@code file})
 * @param fileRoots folders a {@code file:} URI must stay inside
 * @param allowedHosts hosts or CIDR ranges exempt from the private-address block (internal CDNs): a
 *     name (which also allows the addresses it resolves to), a {@code *.suffix} pattern, an IP
 *     address or a CIDR range (which also allows a host name that resolves into it), each allowing
 *     ports 80 and 443, or with {@code :port} that port, with {@code :*} every port
 * @param maxBytes largest body or file, in bytes
 * @param maxPixels largest decoded image, checked by the image decoder, not the fetcher
 * @param maxWidth widest image, checked by the image decoder from the header
 * @param maxHeight tallest image, checked by the image decoder from the header
 * @param maxAspectRatio largest ratio of the longer side to the shorter, checked likewise
 * @param maxRedirects redirects followed per try
 * @param connectTimeout limit for one TCP connect and for one DNS lookup
 * @param totalTimeout limit for a whole fetch: all tries, redirects and backoff included
 * @param maxRetries tries after the first, for transient failures only
 * @param retryBackoff base of the exponential backoff between tries
 * @param maxConcurrency fetches in flight per fetcher
 * @param maxPerHost fetches in flight per host
 */
public record FetchConfig(
        List<String> allowedSchemes,
        List<Path> fileRoots,
        List<String> allowedHosts,
        long maxBytes,
        long maxPixels,
        int maxWidth,
        int maxHeight,
        double maxAspectRatio,
        int maxRedirects,
        Duration connectTimeout,
        Duration totalTimeout,
        int maxRetries,
        Duration retryBackoff,
        int maxConcurrency,
        int maxPerHost) {

    /** Setting: schemes that may be fetched. */
    public static final String SCHEMES = "fetch.schemes";

    /** Setting: folders that {@code file:} URIs must stay inside. */
    public static final String FILE_ROOTS = "fetch.file.roots";

    /** Setting: hosts and addresses exempt from the private-address block. */
    public static final String ALLOW_HOSTS = "fetch.allow.hosts";

    /** Setting: the largest body or file, in bytes. */
    public static final String MAX_BYTES = "fetch.max.bytes";

    /** Setting: the largest image, in pixels. */
    public static final String MAX_PIXELS = "fetch.max.pixels";

    /** Setting: the widest image, in pixels. */
    public static final String MAX_WIDTH = "fetch.max.width";

    /** Setting: the tallest image, in pixels. */
    public static final String MAX_HEIGHT = "fetch.max.height";

    /** Setting: the largest ratio of an image's longer side to its shorter side. */
    public static final String MAX_ASPECT_RATIO = "fetch.max.aspect.ratio";

    /** Setting: redirects followed per try. */
    public static final String MAX_REDIRECTS = "fetch.max.redirects";

    /** Setting: the limit of one TCP connect and one DNS lookup. */
    public static final String CONNECT_TIMEOUT_MS = "fetch.connect.timeout.ms";

    /** Setting: the limit of a whole fetch. */
    public static final String TIMEOUT_MS = "fetch.timeout.ms";

    /** Checks the values a fetcher cannot work with; messages name the setting. */
    public FetchConfig {
        allowedSchemes = List.copyOf(allowedSchemes);
        fileRoots = List.copyOf(fileRoots);
        allowedHosts = List.copyOf(allowedHosts);
        requireAtLeast(MAX_BYTES, maxBytes, 1);
        requireAtLeast(MAX_WIDTH, maxWidth, 1);
        requireAtLeast(MAX_HEIGHT, maxHeight, 1);
        if (!(maxAspectRatio >= 1)) {
            throw new ConfigException(
                    "setting '" + MAX_ASPECT_RATIO + "' must be at least 1, got " + maxAspectRatio);
        }
        requireAtLeast(MAX_REDIRECTS, maxRedirects, 0);
        requireAtLeast("fetch.max.retries", maxRetries, 0);
        requireAtLeast(CONNECT_TIMEOUT_MS, connectTimeout.toMillis(), 1);
        requireAtLeast(TIMEOUT_MS, totalTimeout.toMillis(), 1);
        requireAtLeast("fetch.max.concurrency", maxConcurrency, 1);
        requireAtLeast("fetch.max.per.host", maxPerHost, 1);
    }

    /**
     * Returns these settings for the files a user names on the command line: {@code file:} allowed
     * and confined to no folder (the user reads their own files); HTTP keeps the whole policy.
     */
    public FetchConfig withLocalFiles() {
        List<String> schemes = new ArrayList<>(allowedSchemes);
        if (!schemes.contains("file")) {
            schemes.add("file");
        }
        List<Path> roots = new ArrayList<>();
        FileSystems.getDefault().getRootDirectories().forEach(roots::add);
        return with(schemes, roots, maxConcurrency);
    }

    /** Returns these settings with at most {@code n} fetches in flight (the memory budget's). */
    public FetchConfig withMaxConcurrency(int n) {
        return with(allowedSchemes, fileRoots, Math.max(1, Math.min(maxConcurrency, n)));
    }

    private FetchConfig with(List<String> schemes, List<Path> roots, int concurrency) {
        return new FetchConfig(
                schemes,
                roots,
                allowedHosts,
                maxBytes,
                maxPixels,
                maxWidth,
                maxHeight,
                maxAspectRatio,
                maxRedirects,
                connectTimeout,
                totalTimeout,
                maxRetries,
                retryBackoff,
                concurrency,
                maxPerHost);
    }

    private static void requireAtLeast(String key, long value, long min) {
        if (value < min) {
            throw new ConfigException(
                    "setting '" + key + "' must be at least " + min + ", got " + value);
        }
    }

    static FetchConfig from(RawConfig c, Path home) {
        List<Path> roots =
                c.getList(FILE_ROOTS).stream()
                        .map(p -> home.resolve(p).toAbsolutePath().normalize())
                        .toList();
        return new FetchConfig(
                c.getList(SCHEMES),
                roots,
                c.getList(ALLOW_HOSTS),
                c.getLong(MAX_BYTES),
                c.getLong(MAX_PIXELS),
                c.getInt(MAX_WIDTH),
                c.getInt(MAX_HEIGHT),
                c.getDouble(MAX_ASPECT_RATIO),
                c.getInt(MAX_REDIRECTS),
                c.getMillis(CONNECT_TIMEOUT_MS),
                c.getMillis(TIMEOUT_MS),
                c.getInt("fetch.max.retries"),
                c.getMillis("fetch.retry.backoff.ms"),
                c.getPositiveInt("fetch.max.concurrency"),
                c.getPositiveInt("fetch.max.per.host"));
    }
}
