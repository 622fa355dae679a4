package io.qualitymonitor.fetch;

import static io.qualitymonitor.schemas.DeadLetterReason.BLOCKED_ADDRESS;
import static io.qualitymonitor.schemas.DeadLetterReason.FETCH_FAILED;
import static io.qualitymonitor.schemas.DeadLetterReason.FETCH_TIMEOUT;
import static io.qualitymonitor.schemas.DeadLetterReason.TOO_LARGE;
import static io.qualitymonitor.schemas.DeadLetterReason.UNSUPPORTED_SCHEME;
import static java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME;

import io.qualitymonitor.config.FetchConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.ClientProtocolException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.util.Timeout;

/**
 * Performs one try of an HTTP(S) fetch: follows redirects by hand, re-checking the scheme on every
 * hop (the address is re-checked by {@link GuardedDnsResolver} whenever a hop opens a connection),
 * streams the body up to the byte cap, and aborts the exchange at the deadline. Failures are
 * classified into reason codes and marked retryable or not.
 */
final class HttpFetcher {

    private static final Set<String> HTTP_SCHEMES = Set.of("http", "https");
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    private static final Set<Integer> TRANSIENT = Set.of(429, 502, 503, 504);
    private static final String CONNECT_HINT =
            " (the limit of one connect or lookup: " + FetchConfig.CONNECT_TIMEOUT_MS + ")";

    private final CloseableHttpClient client;
    private final ScheduledExecutorService watchdog;
    private final Set<String> allowedSchemes;
    private final long maxBytes;
    private final int maxRedirects;

    HttpFetcher(
            CloseableHttpClient client,
            ScheduledExecutorService watchdog,
            Set<String> allowedSchemes,
            long maxBytes,
            int maxRedirects) {
        this.client = client;
        this.watchdog = watchdog;
        this.allowedSchemes = allowedSchemes;
        this.maxBytes = maxBytes;
        this.maxRedirects = maxRedirects;
    }

    /** Returns the body at {@code uri} after at most {@code maxRedirects} redirects. */
    FetchedBody fetch(URI uri, long deadlineNanos) throws FetchException {
        URI current = uri;
        for (int redirects = 0; ; redirects++) {
            checkHop(current, redirects > 0);
            Hop hop = exchange(current, deadlineNanos);
            if (hop.body() != null) {
                return new FetchedBody(hop.body(), hop.contentType(), current);
            }
            if (redirects >= maxRedirects) {
                throw FetchException.permanent(
                        FETCH_FAILED,
                        uri
                                + " redirected more than "
                                + maxRedirects
                                + " times (allow more with "
                                + FetchConfig.MAX_REDIRECTS
                                + ")");
            }
            current = hop.location();
        }
    }

    private void checkHop(URI uri, boolean redirected) throws FetchException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!HTTP_SCHEMES.contains(scheme) || !allowedSchemes.contains(scheme)) {
            // A redirect leads to http(s) only, whatever fetch.schemes says: no setting lifts that.
            String hint =
                    HTTP_SCHEMES.contains(scheme) ? "; allow it with " + FetchConfig.SCHEMES : "";
            throw FetchException.permanent(
                    UNSUPPORTED_SCHEME,
                    (redirected ? "redirect to " : "")
                            + "scheme '"
                            + scheme
                            + "' refused: "
                            + uri
                            + hint);
        }
        if (uri.getRawUserInfo() != null) {
            throw FetchException.permanent(FETCH_FAILED, "URI carries user info: " + uri);
        }
        if (uri.getHost() == null) {
            String authority = uri.getRawAuthority() == null ? "" : uri.getRawAuthority();
            String host = authority.replaceFirst(":[0-9]*$", "");
            if (AddressPolicy.isNumericHost(host)) {
                throw FetchException.permanent(
                        BLOCKED_ADDRESS, host + " is a non-canonical numeric IP address");
            }
            throw FetchException.permanent(FETCH_FAILED, "URI has no valid host: " + uri);
        }
    }

    private Hop exchange(URI uri, long deadlineNanos) throws FetchException {
        long remainingMs = remainingMillis(uri, deadlineNanos);
        HttpGet get = new HttpGet(uri);
        Timeout timeout = Timeout.ofMilliseconds(remainingMs);
        get.setConfig(
                RequestConfig.custom()
                        .setResponseTimeout(timeout)
                        .setConnectionRequestTimeout(timeout)
                        .build());
        get.setHeader(HttpHeaders.ACCEPT, "image/*, */*;q=0.5");
        AtomicBoolean expired = new AtomicBoolean();
        ScheduledFuture<?> abort =
                watchdog.schedule(
                        () -> {
                            expired.set(true);
                            get.cancel();
                        },
                        remainingMs,
                        TimeUnit.MILLISECONDS);
        ClassicHttpResponse response = null;
        boolean consumed = false;
        try {
            response = client.executeOpen(null, get, HttpClientContext.create());
            Hop hop = interpret(uri, response);
            consumed = hop.body() != null;
            return hop;
        } catch (IOException e) {
            throw classify(uri, e, expired.get() || System.nanoTime() - deadlineNanos >= 0);
        } finally {
            abort.cancel(false);
            if (!consumed) {
                // Closing an unread response would drain the body; abort the connection instead.
                get.cancel();
            }
            closeQuietly(response);
        }
    }

    private Hop interpret(URI uri, ClassicHttpResponse response)
            throws FetchException, IOException {
        int status = response.getCode();
        if (REDIRECTS.contains(status)) {
            return Hop.ofRedirect(location(uri, response));
        }
        if (TRANSIENT.contains(status)) {
            throw FetchException.transientFailure(
                    FETCH_FAILED, statusMessage(uri, response), retryAfter(response));
        }
        HttpEntity entity = response.getEntity();
        if (status < 200 || status >= 300 || status == 204 || entity == null) {
            throw FetchException.permanent(FETCH_FAILED, statusMessage(uri, response));
        }
        if (entity.getContentLength() > maxBytes) {
            throw tooLarge(uri, "Content-Length " + entity.getContentLength());
        }
        // Not closed here: closing drains the rest, and a too-large body must be cut off instead.
        InputStream in = entity.getContent();
        byte[] body = in.readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 8));
        if (body.length > maxBytes) {
            throw tooLarge(uri, "body");
        }
        return Hop.ofBody(body, entity.getContentType());
    }

    private static URI location(URI uri, ClassicHttpResponse response) throws FetchException {
        Header location = response.getFirstHeader(HttpHeaders.LOCATION);
        if (location == null) {
            throw FetchException.permanent(
                    FETCH_FAILED, "HTTP " + response.getCode() + " without Location from " + uri);
        }
        try {
            return uri.resolve(new URI(location.getValue().trim()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw FetchException.permanent(
                    FETCH_FAILED, "malformed redirect from " + uri + ": " + location.getValue());
        }
    }

    private FetchException classify(URI uri, IOException e, boolean deadlinePassed) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BlockedAddressException blocked) {
                return FetchException.permanent(BLOCKED_ADDRESS, blocked.getMessage());
            }
        }
        if (deadlinePassed) {
            return FetchException.permanent(FETCH_TIMEOUT, notInTime(uri));
        }
        String what = uri + ": " + e;
        return switch (e) {
            case DnsTimeoutException t ->
                    FetchException.transientFailure(FETCH_TIMEOUT, what + CONNECT_HINT, null);
            case UnknownHostException u -> FetchException.permanent(FETCH_FAILED, what);
            case ConnectTimeoutException t ->
                    FetchException.transientFailure(FETCH_TIMEOUT, what + CONNECT_HINT, null);
            case InterruptedIOException t ->
                    FetchException.transientFailure(
                            FETCH_TIMEOUT,
                            what + " (the fetch's limit: " + FetchConfig.TIMEOUT_MS + ")",
                            null);
            case SSLException s -> FetchException.permanent(FETCH_FAILED, what);
            case ClientProtocolException p -> FetchException.permanent(FETCH_FAILED, what);
            default -> FetchException.transientFailure(FETCH_FAILED, what, null);
        };
    }

    private static long remainingMillis(URI uri, long deadlineNanos) throws FetchException {
        long remaining = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
        if (remaining <= 0) {
            throw FetchException.permanent(FETCH_TIMEOUT, notInTime(uri));
        }
        return remaining;
    }

    private static String notInTime(URI uri) {
        return uri + " did not finish in time (allow more with " + FetchConfig.TIMEOUT_MS + ")";
    }

    private FetchException tooLarge(URI uri, String what) {
        return FetchException.permanent(
                TOO_LARGE,
                uri + ": " + what + " exceeds " + FetchConfig.MAX_BYTES + "=" + maxBytes);
    }

    private static String statusMessage(URI uri, ClassicHttpResponse response) {
        return "HTTP " + response.getCode() + " " + response.getReasonPhrase() + " from " + uri;
    }

    /** Returns the server's Retry-After (delta-seconds or an HTTP date), or null. */
    private static Duration retryAfter(ClassicHttpResponse response) {
        Header h = response.getFirstHeader(HttpHeaders.RETRY_AFTER);
        if (h == null) {
            return null;
        }
        String v = h.getValue().trim();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(v)));
        } catch (NumberFormatException e) {
            try {
                Instant when = ZonedDateTime.parse(v, RFC_1123_DATE_TIME).toInstant();
                Duration d = Duration.between(Instant.now(), when);
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException ex) {
                return null;
            }
        }
    }

    private static void closeQuietly(ClassicHttpResponse response) {
        if (response != null) {
            try {
                response.close();
            } catch (IOException | RuntimeException e) {
                // The connection was aborted on purpose; nothing is left to release.
            }
        }
    }

    /** Returns one exchange's outcome: a body, or where a redirect points. */
    private record Hop(byte[] body, String contentType, URI location) {
        static Hop ofBody(byte[] body, String contentType) {
            return new Hop(body, contentType, null);
        }

        static Hop ofRedirect(URI location) {
            return new Hop(null, null, location);
        }
    }
}
