package io.qualitymonitor.fetch;

import static io.qualitymonitor.schemas.DeadLetterReason.FETCH_FAILED;
import static io.qualitymonitor.schemas.DeadLetterReason.UNSUPPORTED_SCHEME;

import io.qualitymonitor.config.ConfigException;
import io.qualitymonitor.config.FetchConfig;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.io.CloseMode;

/**
 * Fetches image references that come from strangers, safely; thread-safe and meant to be shared.
 *
 * <ul>
 *   <li>Schemes: only those in {@code fetch.schemes} among {@code http}, {@code https} and {@code
 *       file}; a redirect is followed only to {@code http}/{@code https}.
 *   <li>{@code file:} stays inside {@code fetch.file.roots} ({@code ..} and symbolic links that
 *       leave a root are refused with BLOCKED_ADDRESS).
 *   <li>HTTP(S): the host is resolved once and refused when any address is loopback, private,
 *       link-local, unique-local, carrier-grade NAT, unspecified, multicast, reserved, an IPv6 form
 *       embedding one of those, a metadata host name, or a non-canonical numeric host, unless
 *       {@code fetch.allow.hosts} allows it: names and addresses alike, a name entry allowing the
 *       addresses it resolves to and an address entry the names that resolve to it (see {@link
 *       AddressPolicy}). The connection then goes to exactly the checked addresses (see {@link
 *       GuardedDnsResolver}), so DNS rebinding between check and connect is not possible. Redirects
 *       are followed by hand and every hop is checked again.
 *   <li>Caps: {@code fetch.max.bytes} (early on Content-Length, and while streaming), {@code
 *       fetch.max.redirects}, {@code fetch.connect.timeout.ms} (also bounds DNS) and {@code
 *       fetch.timeout.ms} for the whole fetch, retries and backoff included.
 *   <li>Retries: up to {@code fetch.max.retries} for connect errors, timeouts and HTTP
 *       429/502/503/504, with exponential backoff and jitter or a Retry-After that fits the budget.
 *   <li>Concurrency: at most {@code fetch.max.concurrency} fetches in flight and {@code
 *       fetch.max.per.host} per host; {@link #fetchAsync(URI)} runs each fetch on a virtual thread.
 * </ul>
 *
 * <p>A refusal that a setting can lift names the setting.
 *
 * <p>Residual risks: the time cap starts once the permits are taken, so waiting for a permit is not
 * counted; the per-host limit applies to the host in the record, not to redirect targets; a host
 * listed by name in {@code fetch.allow.hosts} is trusted with whatever it resolves to, and so is
 * any URL whose host is one of those addresses at check time; a DNS lookup cannot be aborted, only
 * abandoned after the connect timeout; ports of public addresses are not restricted (an allow-list
 * entry lifts the block only on its ports: 80 and 443 unless it names others); HTTP proxies are not
 * used, because a proxy would resolve names out of the fetcher's sight.
 */
public final class SafeFetcher implements AutoCloseable {

    private static final Set<String> SUPPORTED = Set.of("http", "https", "file");

    private final Set<String> schemes;
    private final Duration totalTimeout;
    private final Semaphore global;
    private final HostPermits perHost;
    private final RetryPolicy retries;
    private final FileFetcher files;
    private final HttpFetcher http;
    private final CloseableHttpClient client;
    private final ScheduledExecutorService watchdog;
    private final ExecutorService virtualThreads;
    private final LongAdder sockets = new LongAdder();

    /** Creates a fetcher that resolves hosts with the system resolver. */
    public SafeFetcher(FetchConfig config) {
        this(config, InetAddress::getAllByName);
    }

    SafeFetcher(FetchConfig config, HostResolver resolver) {
        this.schemes =
                config.allowedSchemes().stream()
                        .map(s -> s.trim().toLowerCase(Locale.ROOT))
                        .collect(Collectors.toUnmodifiableSet());
        for (String s : schemes) {
            if (!SUPPORTED.contains(s)) {
                throw new ConfigException(
                        "setting '"
                                + FetchConfig.SCHEMES
                                + "' names '"
                                + s
                                + "'; supported: http, https, file");
            }
        }
        long maxBytes = Math.min(config.maxBytes(), Integer.MAX_VALUE - 16L);
        this.totalTimeout = config.totalTimeout();
        this.global = new Semaphore(config.maxConcurrency(), true);
        this.perHost = new HostPermits(config.maxPerHost());
        this.retries =
                new RetryPolicy(
                        config.maxRetries(),
                        config.retryBackoff(),
                        () -> ThreadLocalRandom.current().nextDouble());
        this.files = new FileFetcher(config.fileRoots(), maxBytes);
        var dns =
                new GuardedDnsResolver(
                        new AddressPolicy(config.allowedHosts()),
                        resolver,
                        config.connectTimeout());
        this.client = GuardedClients.build(config, dns, sockets);
        this.watchdog = watchdog();
        this.http = new HttpFetcher(client, watchdog, schemes, maxBytes, config.maxRedirects());
        this.virtualThreads =
                Executors.newThreadPerTaskExecutor(
                        Thread.ofVirtual().name("qm-fetch-", 0).factory());
    }

    /**
     * Returns the bytes at {@code uri} or why they could not be fetched; blocks the calling thread
     * for at most about {@code fetch.timeout.ms} once the concurrency permits are taken.
     */
    public FetchResult fetch(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!schemes.contains(scheme)) {
            String why =
                    SUPPORTED.contains(scheme)
                            ? "is not in "
                                    + FetchConfig.SCHEMES
                                    + " "
                                    + new TreeSet<>(schemes)
                                    + "; allow it with "
                                    + FetchConfig.SCHEMES
                            : "is not supported (http, https, file)";
            return new FetchFailure(
                    UNSUPPORTED_SCHEME, "scheme '" + scheme + "' " + why + ": " + uri, 0);
        }
        String key = scheme.equals("file") ? "file:" : hostKey(uri);
        try {
            global.acquire();
            try {
                perHost.acquire(key);
                try {
                    return scheme.equals("file") ? fetchFile(uri) : fetchHttp(uri);
                } finally {
                    perHost.release(key);
                }
            } finally {
                global.release();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new FetchFailure(FETCH_FAILED, "interrupted while fetching " + uri, 0);
        }
    }

    /** Returns a future of {@link #fetch(URI)} run on a new virtual thread; it never fails. */
    public CompletableFuture<FetchResult> fetchAsync(URI uri) {
        return CompletableFuture.supplyAsync(() -> fetch(uri), virtualThreads);
    }

    /** Closes the connection pool and the timers; fetches in flight fail. */
    @Override
    public void close() {
        virtualThreads.shutdown();
        client.close(CloseMode.IMMEDIATE);
        watchdog.shutdownNow();
    }

    /** Returns how many sockets this fetcher has opened (tests prove refusals open none). */
    long socketsOpened() {
        return sockets.sum();
    }

    /** Returns how many hosts hold a per-host semaphore right now (for tests). */
    int hostsTracked() {
        return perHost.trackedHosts();
    }

    private FetchResult fetchFile(URI uri) {
        long start = System.nanoTime();
        try {
            FetchedBody body = files.fetch(uri);
            return fetched(body, 1, start);
        } catch (FetchException e) {
            return new FetchFailure(e.reason(), e.getMessage(), 1);
        }
    }

    private FetchResult fetchHttp(URI uri) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + totalTimeout.toNanos();
        for (int tries = 1; ; tries++) {
            try {
                return fetched(http.fetch(uri, deadline), tries, start);
            } catch (FetchException e) {
                Duration remaining = Duration.ofNanos(deadline - System.nanoTime());
                Optional<Duration> wait = retries.delayBeforeRetry(tries, e, remaining);
                if (wait.isEmpty()) {
                    String after = tries > 1 ? " (after " + tries + " tries)" : "";
                    return new FetchFailure(e.reason(), e.getMessage() + after, tries);
                }
                Thread.sleep(wait.get());
            }
        }
    }

    // One platform thread aborts exchanges that reach their deadline; most timers are cancelled
    // early, so they are removed at once instead of lingering until they would have fired.
    private static ScheduledExecutorService watchdog() {
        var timer =
                new ScheduledThreadPoolExecutor(
                        1, Thread.ofPlatform().name("qm-fetch-watchdog").daemon(true).factory());
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    private static Fetched fetched(FetchedBody body, int tries, long startNanos) {
        return new Fetched(
                body.bytes(),
                body.contentType(),
                body.finalUri(),
                tries,
                Duration.ofNanos(System.nanoTime() - startNanos));
    }

    private static String hostKey(URI uri) {
        String host = uri.getHost() != null ? uri.getHost() : uri.getRawAuthority();
        return host == null ? "" : AddressPolicy.normalize(host);
    }
}
