package io.qualitymonitor.app.demo;

import io.qualitymonitor.schemas.ImageUpload;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Returns synthetic upload events over the sample images: a {@code file:} URI per image, cycling
 * through them, with segment labels (platform, region, app, category) spread over the uploads.
 */
public final class SampleUploads {
    private static final List<String> PLATFORMS = List.of("ios", "android", "web");
    private static final List<String> REGIONS = List.of("eu-west", "us-east", "ap-south");
    private static final List<String> CATEGORIES = List.of("listing", "profile", "post");

    /** The platform that switches to degraded images when the demo injects a drift. */
    public static final String SHIFTED_PLATFORM = "android";

    private final List<Path> images;
    private final List<Path> degraded;

    private SampleUploads(List<Path> images) {
        this.images = images;
        // degraded samples are named <photo>-<degradation>.<ext>, e.g. kodim03-blurred.jpg
        List<Path> d =
                images.stream().filter(p -> p.getFileName().toString().contains("-")).toList();
        this.degraded = d.isEmpty() ? images : d;
    }

    /** Returns the generator over every image file in {@code dir}, sorted by name. */
    public static SampleUploads fromDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("sample folder not found: " + dir);
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> images =
                    files.filter(SampleUploads::isImage)
                            .map(p -> p.toAbsolutePath().normalize())
                            .sorted()
                            .toList();
            if (images.isEmpty()) {
                throw new IllegalArgumentException("no sample images in " + dir);
            }
            return new SampleUploads(images);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /** Returns the number of distinct sample images. */
    public int imageCount() {
        return images.size();
    }

    /** Returns the {@code i}-th upload (0-based); deterministic for a given {@code i}. */
    public ImageUpload upload(long i, Instant eventTime) {
        return upload(i, eventTime, false);
    }

    /**
     * Returns the {@code i}-th upload; when {@code shifted}, uploads of {@value #SHIFTED_PLATFORM}
     * reference only the degraded samples (blurred, blocky, noisy, dark), the drift the demo
     * injects.
     */
    public ImageUpload upload(long i, Instant eventTime, boolean shifted) {
        int k = (int) (i % 9);
        boolean degrade = shifted && PLATFORMS.get(k % 3).equals(SHIFTED_PLATFORM);
        Path image =
                degrade
                        ? degraded.get((int) (i / 9 % degraded.size()))
                        : images.get((int) (i % images.size()));
        return ImageUpload.newBuilder()
                .setUploadId(String.format(Locale.ROOT, "u-%06d", i + 1))
                .setImageUri(image.toUri().toString())
                .setDeclaredMimeType("image/jpeg")
                .setDeclaredSizeBytes(sizeOf(image))
                .setSegments(
                        Map.of(
                                "platform", PLATFORMS.get(k % 3),
                                "region", REGIONS.get(k / 3),
                                "app", "demo-1.0",
                                "category", CATEGORIES.get((int) (i % 7 % 3))))
                .setEventTime(eventTime)
                .build();
    }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(p)
                && (n.endsWith(".jpg")
                        || n.endsWith(".jpeg")
                        || n.endsWith(".png")
                        || n.endsWith(".webp")
                        || n.endsWith(".gif")
                        || n.endsWith(".bmp"));
    }
}
