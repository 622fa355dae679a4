package io.qualitymonitor.app;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;

/** Serves files of one folder over HTTP on 127.0.0.1 only; 404 for anything else. */
final class ImageServer implements AutoCloseable {
    private final HttpServer server;

    ImageServer(Path folder) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext(
                "/",
                ex -> {
                    Path f = folder.resolve(ex.getRequestURI().getPath().substring(1)).normalize();
                    if (!f.startsWith(folder) || !Files.isRegularFile(f)) {
                        ex.sendResponseHeaders(404, -1);
                        ex.close();
                        return;
                    }
                    byte[] body = Files.readAllBytes(f);
                    ex.sendResponseHeaders(200, body.length);
                    try (OutputStream os = ex.getResponseBody()) {
                        os.write(body);
                    }
                });
        server.start();
    }

    /** Returns the URL of {@code name} on this server. */
    String url(String name) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + name;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
