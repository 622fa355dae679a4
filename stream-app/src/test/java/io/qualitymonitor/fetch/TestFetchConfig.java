package io.qualitymonitor.fetch;

import io.qualitymonitor.config.FetchConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Builds {@link FetchConfig} records for tests: production defaults, small timeouts. */
final class TestFetchConfig {
    List<String> schemes = List.of("http", "https", "file");
    List<Path> roots = List.of();
    List<String> allowHosts = List.of();
    long maxBytes = 1024 * 1024;
    int maxRedirects = 3;
    long connectTimeoutMs = 1_000;
    long totalTimeoutMs = 5_000;
    int maxRetries = 2;
    long backoffMs = 10;
    int maxConcurrency = 64;
    int maxPerHost = 8;

    /** Returns settings that allow the loopback test server and nothing else private. */
    static TestFetchConfig allowingLoopbackServer() {
        TestFetchConfig c = new TestFetchConfig();
        c.allowHosts = List.of("127.0.0.1:*");
        return c;
    }

    FetchConfig build() {
        return new FetchConfig(
                schemes,
                roots,
                allowHosts,
                maxBytes,
                50_000_000L,
                30_000,
                30_000,
                50.0,
                maxRedirects,
                Duration.ofMillis(connectTimeoutMs),
                Duration.ofMillis(totalTimeoutMs),
                maxRetries,
                Duration.ofMillis(backoffMs),
                maxConcurrency,
                maxPerHost);
    }
}
