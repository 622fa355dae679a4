package io.qualitymonitor.fetch;

import static io.qualitymonitor.schemas.DeadLetterReason.BLOCKED_ADDRESS;
import static io.qualitymonitor.schemas.DeadLetterReason.FETCH_FAILED;
import static io.qualitymonitor.schemas.DeadLetterReason.TOO_LARGE;

import io.qualitymonitor.config.FetchConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * Reads {@code file:} URIs that stay inside the configured root folders. A path is checked twice:
 * lexically after removing {@code ..} (so nothing outside the roots is even looked at), then again
 * after resolving symbolic links, so a link inside a root that points outside it is refused. The
 * byte cap applies as for HTTP.
 *
 * <p>Residual risk: a folder inside a root that is swapped for a link between the check and the
 * open could still redirect the read; roots are operator-controlled folders, so this needs write
 * access to them already. The final component is opened without following links.
 */
final class FileFetcher {

    private final List<Path> roots;
    private final long maxBytes;

    FileFetcher(List<Path> roots, long maxBytes) {
        this.roots = roots.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        this.maxBytes = maxBytes;
    }

    /** Returns the file's bytes, or throws with BLOCKED_ADDRESS, TOO_LARGE or FETCH_FAILED. */
    FetchedBody fetch(URI uri) throws FetchException {
        Path real = confinedRealPath(uri);
        try {
            BasicFileAttributes attrs =
                    Files.readAttributes(
                            real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!attrs.isRegularFile()) {
                throw FetchException.permanent(FETCH_FAILED, uri + " is not a regular file");
            }
            if (attrs.size() > maxBytes) {
                throw tooLarge(uri, attrs.size());
            }
            byte[] bytes;
            try (InputStream in = Files.newInputStream(real, LinkOption.NOFOLLOW_LINKS)) {
                bytes = in.readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 8));
            }
            if (bytes.length > maxBytes) {
                throw tooLarge(uri, bytes.length);
            }
            return new FetchedBody(bytes, probeContentType(real), real.toUri());
        } catch (IOException e) {
            throw FetchException.permanent(FETCH_FAILED, "cannot read " + uri + ": " + e);
        }
    }

    private Path confinedRealPath(URI uri) throws FetchException {
        if (uri.getRawAuthority() != null) {
            throw FetchException.permanent(
                    BLOCKED_ADDRESS, uri + " names a host; file URIs must be local");
        }
        Path path;
        try {
            path = Path.of(uri).toAbsolutePath().normalize();
        } catch (IllegalArgumentException e) {
            throw FetchException.permanent(FETCH_FAILED, "not a usable file URI " + uri);
        }
        if (roots.stream().noneMatch(path::startsWith)) {
            throw FetchException.permanent(BLOCKED_ADDRESS, outsideRoots(uri));
        }
        Path real;
        try {
            real = path.toRealPath();
        } catch (NoSuchFileException e) {
            throw FetchException.permanent(FETCH_FAILED, uri + " does not exist");
        } catch (IOException e) {
            throw FetchException.permanent(FETCH_FAILED, "cannot resolve " + uri + ": " + e);
        }
        for (Path root : roots) {
            try {
                if (real.startsWith(root.toRealPath())) {
                    return real;
                }
            } catch (IOException e) {
                // A root that does not exist contains nothing; try the next one.
            }
        }
        throw FetchException.permanent(BLOCKED_ADDRESS, outsideRoots(uri) + " (symbolic link)");
    }

    private String outsideRoots(URI uri) {
        return uri
                + " is outside the file roots "
                + roots
                + "; allow its folder with "
                + FetchConfig.FILE_ROOTS;
    }

    private FetchException tooLarge(URI uri, long size) {
        return FetchException.permanent(
                TOO_LARGE,
                uri
                        + " has "
                        + size
                        + " bytes, more than "
                        + FetchConfig.MAX_BYTES
                        + "="
                        + maxBytes);
    }

    private static String probeContentType(Path path) {
        try {
            return Files.probeContentType(path);
        } catch (IOException e) {
            return null;
        }
    }
}
