package io.qualitymonitor.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Returns the safe-fetch policy for image references that come from strangers.
 *
 * @param allowedSchemes schemes that may be fetched ({@code http}, {@code https}, {@code file})
 * @param fileRoots folders a {@code file:} URI must stay inside
 * @param allowedHosts hosts or CIDR ranges exempt from the private-address block (internal CDNs)
 */
public record FetchConfig(
        List<String> allowedSchemes,
        List<Path> fileRoots,
        List<String> allowedHosts,
        long maxBytes,
        long maxPixels,
        int maxRedirects,
        Duration connectTimeout,
        Duration totalTimeout,
        int maxRetries,
        Duration retryBackoff,
        int maxConcurrency,
        int maxPerHost) {

    static FetchConfig from(RawConfig c, Path home) {
        List<Path> roots =
                c.getList("fetch.file.roots", List.of("samples")).stream()
                        .map(p -> home.resolve(p).toAbsolutePath().normalize())
                        .toList();
        return new FetchConfig(
                c.getList("fetch.schemes", List.of("http", "https", "file")),
                roots,
                c.getList("fetch.allow.hosts", List.of()),
                c.getLong("fetch.max.bytes", 20L * 1024 * 1024),
                c.getLong("fetch.max.pixels", 50_000_000L),
                c.getInt("fetch.max.redirects", 3),
                c.getMillis("fetch.connect.timeout.ms", 3_000),
                c.getMillis("fetch.timeout.ms", 10_000),
                c.getInt("fetch.max.retries", 2),
                c.getMillis("fetch.retry.backoff.ms", 200),
                c.getPositiveInt("fetch.max.concurrency", 64),
                c.getPositiveInt("fetch.max.per.host", 8));
    }
}
