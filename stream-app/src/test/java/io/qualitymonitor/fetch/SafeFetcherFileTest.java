package io.qualitymonitor.fetch;

import static io.qualitymonitor.schemas.DeadLetterReason.BLOCKED_ADDRESS;
import static io.qualitymonitor.schemas.DeadLetterReason.FETCH_FAILED;
import static io.qualitymonitor.schemas.DeadLetterReason.TOO_LARGE;
import static io.qualitymonitor.schemas.DeadLetterReason.UNSUPPORTED_SCHEME;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code file:} URIs: confined to the roots, through {@code ..} and symbolic links alike. */
class SafeFetcherFileTest {

    @TempDir Path temp;
    private Path root;
    private Path outside;
    private SafeFetcher fetcher;

    @BeforeEach
    void createFolders() throws IOException {
        root = Files.createDirectories(temp.resolve("samples"));
        outside = Files.createDirectories(temp.resolve("secrets"));
        Files.write(root.resolve("cat.png"), LoopbackImageServer.PNG);
        Files.writeString(outside.resolve("key.txt"), "secret");
        TestFetchConfig c = new TestFetchConfig();
        c.roots = List.of(root);
        c.maxBytes = 1000;
        fetcher = new SafeFetcher(c.build(), new ScriptedResolver());
    }

    @AfterEach
    void stop() {
        fetcher.close();
    }

    private static FetchFailure failure(FetchResult result) {
        assertThat(result).isInstanceOf(FetchFailure.class);
        return (FetchFailure) result;
    }

    @Test
    void shouldReadFileInsideRoot() throws IOException {
        // Given
        URI uri = root.resolve("cat.png").toUri();

        // When
        FetchResult result = fetcher.fetch(uri);

        // Then
        assertThat(result).isInstanceOf(Fetched.class);
        assertThat(((Fetched) result).bytes()).isEqualTo(LoopbackImageServer.PNG);
        assertThat(((Fetched) result).finalUri())
                .isEqualTo(root.resolve("cat.png").toRealPath().toUri());
    }

    @Test
    void shouldRefuseDotDotEscape() {
        // Given
        URI uri = URI.create(root.toUri() + "../secrets/key.txt");

        // When / Then
        FetchFailure failure = failure(fetcher.fetch(uri));
        assertThat(failure.reason()).isEqualTo(BLOCKED_ADDRESS);
        assertThat(failure.message())
                .contains("outside the file roots")
                .endsWith("; allow its folder with fetch.file.roots");
    }

    @Test
    void shouldRefuseAbsolutePathOutsideRoots() {
        // When / Then
        assertThat(failure(fetcher.fetch(URI.create("file:///etc/passwd"))).reason())
                .isEqualTo(BLOCKED_ADDRESS);
    }

    @Test
    void shouldRefuseSymbolicLinkLeadingOutOfRoot() throws IOException {
        // Given a link inside the root that points at a file outside it
        Files.createSymbolicLink(root.resolve("innocent.png"), outside.resolve("key.txt"));

        // When
        FetchFailure failure = failure(fetcher.fetch(root.resolve("innocent.png").toUri()));

        // Then
        assertThat(failure.reason()).isEqualTo(BLOCKED_ADDRESS);
        assertThat(failure.message()).contains("symbolic link");
    }

    @Test
    void shouldRefuseLinkedFolderLeadingOutOfRoot() throws IOException {
        // Given a folder link inside the root that points outside it
        Files.createSymbolicLink(root.resolve("more"), outside);

        // When / Then
        assertThat(failure(fetcher.fetch(root.resolve("more/key.txt").toUri())).reason())
                .isEqualTo(BLOCKED_ADDRESS);
    }

    @Test
    void shouldRefuseFileUriNamingAHost() {
        // When / Then
        assertThat(failure(fetcher.fetch(URI.create("file://fileserver/share/cat.png"))).reason())
                .isEqualTo(BLOCKED_ADDRESS);
    }

    @Test
    void shouldRefuseFileOverTheByteCap() throws IOException {
        // Given
        Files.write(root.resolve("big.png"), new byte[1001]);

        // When / Then
        assertThat(failure(fetcher.fetch(root.resolve("big.png").toUri())).reason())
                .isEqualTo(TOO_LARGE);
    }

    @Test
    void shouldFailMissingFileInsideRoot() {
        // When
        FetchFailure failure = failure(fetcher.fetch(root.resolve("nope.png").toUri()));

        // Then
        assertThat(failure.reason()).isEqualTo(FETCH_FAILED);
        assertThat(failure.message()).contains("does not exist");
    }

    @Test
    void shouldRefuseFolderAsImage() {
        // When / Then
        assertThat(failure(fetcher.fetch(root.toUri())).reason()).isEqualTo(FETCH_FAILED);
    }

    @Test
    void shouldRefuseFileSchemeWhenNotAllowed() {
        // Given
        TestFetchConfig c = new TestFetchConfig();
        c.schemes = List.of("https");
        c.roots = List.of(root);
        try (SafeFetcher httpsOnly = new SafeFetcher(c.build(), new ScriptedResolver())) {
            // When / Then
            assertThat(failure(httpsOnly.fetch(root.resolve("cat.png").toUri())).reason())
                    .isEqualTo(UNSUPPORTED_SCHEME);
        }
    }
}
