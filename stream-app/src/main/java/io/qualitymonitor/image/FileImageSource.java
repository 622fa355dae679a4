package io.qualitymonitor.image;

import io.qualitymonitor.config.FetchConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads images from local files (plain paths or {@code file:} URIs) and lists the images inside
 * folders, recursively.
 */
public final class FileImageSource implements ImageSource {
    /** File name endings taken from folders; a file named explicitly is always tried. */
    public static final Set<String> IMAGE_EXTENSIONS =
            Set.of("jpg", "jpeg", "png", "webp", "gif", "bmp", "tif", "tiff");

    @Override
    public boolean accepts(String reference) {
        String r = reference.toLowerCase(Locale.ROOT);
        return r.startsWith("file:") || !r.matches("^[a-z][a-z0-9+.-]*://.*");
    }

    @Override
    public byte[] read(String reference, long maxBytes) throws ImageSourceException {
        Path path = toPath(reference);
        try {
            long size = Files.size(path);
            if (size > maxBytes) {
                throw new ImageSourceException(
                        DecodeFailure.TOO_LARGE.name(),
                        "file has "
                                + size
                                + " bytes, over "
                                + FetchConfig.MAX_BYTES
                                + "="
                                + maxBytes);
            }
            try (InputStream in = Files.newInputStream(path)) {
                byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
                if (bytes.length > maxBytes) {
                    throw new ImageSourceException(
                            DecodeFailure.TOO_LARGE.name(),
                            "file grew over " + FetchConfig.MAX_BYTES + "=" + maxBytes);
                }
                return bytes;
            }
        } catch (NoSuchFileException e) {
            throw new ImageSourceException("FETCH_FAILED", "no such file: " + path);
        } catch (IOException e) {
            throw new ImageSourceException("FETCH_FAILED", "cannot read " + path + ": " + e);
        }
    }

    /**
     * Returns {@code reference} itself when it is a file, or the image files under it (sorted,
     * recursive) when it is a folder.
     *
     * @throws NoSuchFileException when there is neither
     */
    public static List<String> expand(String reference) throws IOException {
        Path path = toPath(reference);
        if (!Files.exists(path)) {
            throw new NoSuchFileException(path.toString(), null, "no such file or folder");
        }
        if (!Files.isDirectory(path)) {
            return List.of(reference);
        }
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(path)) {
            files.filter(Files::isRegularFile)
                    .filter(FileImageSource::looksLikeImage)
                    .sorted()
                    .forEach(p -> out.add(p.toString()));
        }
        return out;
    }

    private static boolean looksLikeImage(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        return dot > 0 && IMAGE_EXTENSIONS.contains(name.substring(dot + 1));
    }

    private static Path toPath(String reference) {
        if (reference.regionMatches(true, 0, "file:", 0, 5)) {
            return Path.of(URI.create(reference));
        }
        return Path.of(reference);
    }
}
