package io.qualitymonitor.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qualitymonitor.config.ModelConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Returns the test bundles exported by qm_training.make_test_bundle, and copies of them. */
public final class TestBundles {
    /** Low-level and vision-language branches, random weights. */
    public static final Path BOTH = Path.of("src/test/resources/bundles/tiny-both");

    /** Low-level branch only, random weights. */
    public static final Path LOWLEVEL = Path.of("src/test/resources/bundles/tiny-lowlevel");

    /**
     * {@link #BOTH} whose vision-language image side projects the low-level features ({@code
     * "features": "lowlevel"}); the projection it folds is in {@link #LIT_PROJECTION}.
     */
    public static final Path LIT = Path.of("src/test/resources/bundles/tiny-lit");

    /** The weight, bias, mean and std of {@link #LIT}'s projection, as JSON. */
    public static final Path LIT_PROJECTION =
            Path.of("src/test/resources/bundles/tiny-lit-projection.json");

    private TestBundles() {}

    /** Returns CPU runtime settings with 2 threads and a pool of {@code pool} predictors. */
    public static ModelConfig cpu(Path dir, int pool) {
        return new ModelConfig(dir, "cpu", 2, 1, pool);
    }

    /**
     * Returns a copy of {@link #BOTH} in {@code dst} whose vision-language branch reads {@code
     * crops} crops at each of {@code scales} (crop side = the branch's input size).
     */
    public static Path withVisionLanguageCrops(Path dst, int crops, double... scales) {
        copy(BOTH, dst);
        ObjectMapper json = new ObjectMapper();
        try {
            ObjectNode doc = (ObjectNode) json.readTree(dst.resolve("bundle.json").toFile());
            ObjectNode in = (ObjectNode) doc.path("branches").path("vision_language").path("input");
            in.put("crop_size", in.remove("size").asInt());
            in.put("crops", crops);
            in.set("scales", json.valueToTree(scales));
            json.writeValue(dst.resolve("bundle.json").toFile(), doc);
            return dst;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Returns a copy of bundle {@code src} in {@code dst}, to damage in a test. */
    public static Path copy(Path src, Path dst) {
        try (Stream<Path> files = Files.list(src)) {
            Files.createDirectories(dst);
            for (Path f : files.toList()) {
                Files.copy(f, dst.resolve(f.getFileName()));
            }
            return dst;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
