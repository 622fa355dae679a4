package io.qualitymonitor.fetch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Returns the image references a user gives on the command line as the {@link SafeFetcher} reads
 * them: a plain path becomes a {@code file:} URI, a URL stays as it is, and a folder becomes the
 * image files inside it.
 */
public final class ImageReferences {
    /** File name endings taken from folders; a file named explicitly is always tried. */
    public static final Set<String> IMAGE_EXTENSIONS =
            Set.of("jpg", "jpeg", "png", "webp", "gif", "bmp", "tif", "tiff");

    private static final Pattern URL = Pattern.compile("^([a-z][a-z0-9+.-]*://|file:).*");

    private ImageReferences() {}

    /**
     * Returns {@code reference} as a URI string: a URL ({@code scheme://...} or {@code file:...})
     * as given, anything else as the {@code file:} URI of that path.
     */
    public static String toUri(String reference) {
        if (URL.matcher(reference.toLowerCase(Locale.ROOT)).matches()) {
            return reference;
        }
        return Path.of(reference).toAbsolutePath().normalize().toUri().toString();
    }

    /**
     * Returns the references of {@code inputs}: each folder (a plain path or a {@code file:} URI)
     * replaced by the image files under it, recursive and sorted; files and URLs as given.
     *
     * @throws UncheckedIOException naming the input when a file or folder does not exist or cannot
     *     be listed
     */
    public static List<String> expand(List<String> inputs) {
        List<String> out = new ArrayList<>();
        for (String in : inputs) {
            Path folder = folder(in);
            if (folder == null) {
                out.add(in);
                continue;
            }
            try (Stream<Path> files = Files.walk(folder)) {
                files.filter(Files::isRegularFile)
                        .filter(ImageReferences::looksLikeImage)
                        .sorted()
                        .forEach(p -> out.add(p.toString()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + in + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    private static Path folder(String reference) {
        String uri = toUri(reference);
        if (!uri.regionMatches(true, 0, "file:", 0, 5)) {
            return null;
        }
        Path p;
        try {
            p = Path.of(URI.create(uri));
        } catch (IllegalArgumentException e) {
            return null; // not a usable file URI: the fetcher says why when it is read
        }
        if (!Files.exists(p)) {
            throw new UncheckedIOException(
                    "no such file or folder: " + reference,
                    new NoSuchFileException(p.toString(), null, "no such file or folder"));
        }
        return Files.isDirectory(p) ? p : null;
    }

    private static boolean looksLikeImage(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        return dot > 0 && IMAGE_EXTENSIONS.contains(name.substring(dot + 1));
    }
}
