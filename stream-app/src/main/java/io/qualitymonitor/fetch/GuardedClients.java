package io.qualitymonitor.fetch;

import io.qualitymonitor.config.FetchConfig;
import java.net.Socket;
import java.util.concurrent.atomic.LongAdder;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SchemePortResolver;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.DefaultSchemePortResolver;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.DefaultHttpClientConnectionOperator;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.impl.routing.DefaultRoutePlanner;
import org.apache.hc.client5.http.io.HttpClientConnectionOperator;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.URIScheme;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.apache.hc.core5.util.Timeout;

/**
 * Builds the Apache HttpClient the fetcher uses: connections resolved only through the guarded
 * resolver, no proxy (a proxy would resolve hosts itself, out of our sight), no automatic
 * redirects, retries, cookies, authentication or decompression, and pool limits equal to the
 * fetcher's concurrency limits. Every socket it opens is counted.
 */
final class GuardedClients {

    private GuardedClients() {}

    /** Returns a client whose every connection goes to an address {@code dns} returned. */
    static CloseableHttpClient build(FetchConfig config, DnsResolver dns, LongAdder sockets) {
        ConnectionConfig connection =
                ConnectionConfig.custom()
                        .setConnectTimeout(positive(config.connectTimeout().toMillis()))
                        .setSocketTimeout(positive(config.totalTimeout().toMillis()))
                        .build();
        var manager =
                new CountingManagerBuilder(sockets)
                        .setDnsResolver(dns)
                        .setMaxConnTotal(config.maxConcurrency())
                        .setMaxConnPerRoute(config.maxPerHost())
                        .setDefaultConnectionConfig(connection)
                        .build();
        return HttpClients.custom()
                .setConnectionManager(manager)
                .setRoutePlanner(new DefaultRoutePlanner(DefaultSchemePortResolver.INSTANCE))
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableContentCompression()
                .setUserAgent("quality-monitor-fetcher")
                .build();
    }

    // Apache treats a zero timeout as "wait forever".
    private static Timeout positive(long millis) {
        return Timeout.ofMilliseconds(Math.max(1, millis));
    }

    /** Installs a socket factory that counts the sockets the connection operator opens. */
    private static final class CountingManagerBuilder
            extends PoolingHttpClientConnectionManagerBuilder {
        private final LongAdder sockets;

        CountingManagerBuilder(LongAdder sockets) {
            this.sockets = sockets;
        }

        @Override
        protected HttpClientConnectionOperator createConnectionOperator(
                SchemePortResolver ports, DnsResolver dns, TlsSocketStrategy tls) {
            TlsSocketStrategy strategy =
                    tls != null ? tls : DefaultClientTlsStrategy.createDefault();
            return new DefaultHttpClientConnectionOperator(
                    proxy -> {
                        sockets.increment();
                        return proxy != null ? new Socket(proxy) : new Socket();
                    },
                    ports,
                    dns,
                    RegistryBuilder.<TlsSocketStrategy>create()
                            .register(URIScheme.HTTPS.id, strategy)
                            .build());
        }
    }
}
