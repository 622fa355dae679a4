package io.qualitymonitor.fetch;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.hc.client5.http.DnsResolver;

/**
 * Returns to the HTTP client only addresses that {@link AddressPolicy} accepted. The client's
 * connection operator connects to exactly the addresses this resolver returns and never looks the
 * host up again, so the address that was checked is the address that is connected to: a DNS answer
 * that changes between check and connect (DNS rebinding) cannot slip a private address in.
 */
final class GuardedDnsResolver implements DnsResolver {

    private final AddressPolicy policy;
    private final HostResolver resolver;
    private final Duration lookupTimeout;
    private final Executor lookups =
            Executors.newThreadPerTaskExecutor(
                    Thread.ofVirtual().name("qm-fetch-dns-", 0).factory());

    GuardedDnsResolver(AddressPolicy policy, HostResolver resolver, Duration lookupTimeout) {
        this.policy = policy;
        this.resolver = resolver;
        this.lookupTimeout = lookupTimeout;
    }

    /**
     * Returns the checked addresses of {@code host} for a connection to {@code port}: the client's
     * connection operator asks this way, so allow-list entries are matched with the port.
     */
    @Override
    public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
        return Arrays.stream(policy.resolve(host, port, this::lookupWithinTimeout))
                .map(address -> new InetSocketAddress(address, port))
                .toList();
    }

    /**
     * Returns the checked addresses of {@code host}, its port unknown: only {@code host:*} entries
     * apply.
     */
    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        return policy.resolve(host, 0, this::lookupWithinTimeout);
    }

    /** Returns the host unchanged: a reverse lookup would add a second, unchecked DNS answer. */
    @Override
    public String resolveCanonicalHostname(String host) {
        return host;
    }

    // InetAddress.getAllByName has no timeout of its own; run it aside and stop waiting.
    private InetAddress[] lookupWithinTimeout(String host) throws UnknownHostException {
        CompletableFuture<InetAddress[]> lookup =
                CompletableFuture.supplyAsync(() -> lookupOrThrow(host), lookups);
        try {
            return lookup.get(Math.max(1, lookupTimeout.toMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            lookup.cancel(true);
            throw new DnsTimeoutException(
                    "DNS lookup of "
                            + host
                            + " took longer than "
                            + lookupTimeout.toMillis()
                            + " ms");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof LookupFailure f) {
                throw f.cause;
            }
            throw new UnknownHostException(host + ": " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnknownHostException(host + ": lookup interrupted");
        }
    }

    private InetAddress[] lookupOrThrow(String host) {
        try {
            return resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw new LookupFailure(e);
        }
    }

    /** Carries a checked lookup failure out of the asynchronous task. */
    private static final class LookupFailure extends RuntimeException {
        private final UnknownHostException cause;

        LookupFailure(UnknownHostException cause) {
            super(cause.getMessage(), cause, false, false);
            this.cause = cause;
        }
    }
}
