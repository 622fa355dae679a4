package io.qualitymonitor.fetch;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;

/**
 * A JDK HTTP server on 127.0.0.1 that serves a PNG, redirects, slow and endless bodies and flaky
 * answers, and counts what it receives. The only server fetcher tests ever talk to.
 */
final class LoopbackImageServer implements AutoCloseable {

    static final byte[] PNG = png();

    private final HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger flakyFailuresLeft = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();

    LoopbackImageServer() throws IOException {
        server =
                HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 50);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** Returns {@code http://127.0.0.1:<port><path>}. */
    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    int requests() {
        return requests.get();
    }

    int maxInFlight() {
        return maxInFlight.get();
    }

    /** Makes the next {@code n} requests to {@code /flaky} answer with 503. */
    void failFlakyTimes(int n) {
        flakyFailuresLeft.set(n);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        try (ex) {
            route(ex, ex.getRequestURI().getPath());
        } catch (IOException e) {
            // The client hung up on purpose (byte cap, timeout).
        }
    }

    private void route(HttpExchange ex, String path) throws IOException {
        String query = ex.getRequestURI().getRawQuery();
        switch (path) {
            case "/image.png" -> send(ex, 200, PNG);
            case "/redirect" -> redirect(ex, 302, param(query, "to"));
            case "/flaky" -> {
                if (flakyFailuresLeft.getAndDecrement() > 0) {
                    send(ex, 503, new byte[0]);
                } else {
                    send(ex, 200, PNG);
                }
            }
            case "/retry-after" -> {
                if (flakyFailuresLeft.getAndDecrement() > 0) {
                    ex.getResponseHeaders().add("Retry-After", param(query, "s"));
                    send(ex, 429, new byte[0]);
                } else {
                    send(ex, 200, PNG);
                }
            }
            case "/missing" -> send(ex, 404, "no such image".getBytes(StandardCharsets.UTF_8));
            case "/slow" -> {
                sleep(5_000);
                send(ex, 200, PNG);
            }
            case "/gate" -> {
                // Counted only while the request is surely held open by the client.
                maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                sleep(200);
                inFlight.decrementAndGet();
                send(ex, 200, PNG);
            }
            case "/huge-declared" -> endless(ex, 10L * 1024 * 1024, 0);
            case "/huge-chunked" -> endless(ex, 0, 0);
            case "/drip" -> endless(ex, 0, 100);
            default -> chain(ex, path);
        }
    }

    // /chain/N redirects N times, then serves the image.
    private void chain(HttpExchange ex, String path) throws IOException {
        if (path.startsWith("/chain/")) {
            int n = Integer.parseInt(path.substring("/chain/".length()));
            if (n == 0) {
                send(ex, 200, PNG);
            } else {
                redirect(ex, 301, "/chain/" + (n - 1));
            }
        } else {
            send(ex, 404, new byte[0]);
        }
    }

    private static void redirect(HttpExchange ex, int code, String location) throws IOException {
        ex.getResponseHeaders().add("Location", location);
        ex.sendResponseHeaders(code, -1);
    }

    private static void send(HttpExchange ex, int code, byte[] body) throws IOException {
        ex.getResponseHeaders().add("Content-Type", "image/png");
        ex.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            ex.getResponseBody().write(body);
        }
    }

    // Writes zero bytes until the client hangs up; declared > 0 sends a Content-Length first.
    private static void endless(HttpExchange ex, long declared, long pauseMs) throws IOException {
        ex.sendResponseHeaders(200, declared);
        OutputStream out = ex.getResponseBody();
        byte[] block = new byte[pauseMs > 0 ? 1 : 64 * 1024];
        for (long sent = 0; declared == 0 || sent < declared; sent += block.length) {
            out.write(block);
            out.flush();
            if (pauseMs > 0) {
                sleep(pauseMs);
            }
        }
    }

    private static String param(String query, String name) {
        for (String pair : query == null ? new String[0] : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return "";
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] png() {
        BufferedImage img = new BufferedImage(4, 3, BufferedImage.TYPE_INT_RGB);
        img.setRGB(1, 1, 0xFF8800);
        var out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
