package io.qualitymonitor.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qualitymonitor.image.MultiScaleCrops;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Writes a new bundle folder: a copy of a source bundle with new ridge heads and an updated {@code
 * bundle.json} (version, creation time, description, {@code trained_on}, {@code metrics},
 * checksums) and the low-level crops and scales of the source's manifest, which a refit may have
 * changed ({@link ModelBundle#withLowLevelLayout}). Everything else in {@code bundle.json}
 * (branches, other input settings, unknown keys) is kept as written. The folder is built beside the
 * target and moved in place when complete, then opened with {@link ModelBundle#open} as a check.
 */
public final class BundleWriter {
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private BundleWriter() {}

    /**
     * Returns the written bundle, opened and verified.
     *
     * @param source the bundle to copy
     * @param out the new folder; must not exist yet (or be empty)
     * @param update what changes
     * @throws ModelException when {@code out} is in use or cannot be written
     */
    public static ModelBundle writeCopy(ModelBundle source, Path out, BundleUpdate update) {
        Path target = out.toAbsolutePath().normalize();
        if (Files.exists(target) && !isEmptyDir(target)) {
            throw new ModelException("output folder " + out + " already exists; choose a new one");
        }
        Path tmp = null;
        try {
            Files.createDirectories(target.getParent());
            tmp = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + "-");
            for (String name : source.manifest().files().keySet()) {
                if (!name.equals(source.manifest().regressorFile())) {
                    Files.copy(source.file(name), tmp.resolve(name));
                }
            }
            Files.writeString(
                    tmp.resolve(source.manifest().regressorFile()), regressorJson(update));
            ObjectNode manifest = manifest(source, update, tmp);
            Files.writeString(tmp.resolve(BundleManifest.FILE), JSON.writeValueAsString(manifest));
            Files.deleteIfExists(target);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            tmp = null;
        } catch (IOException e) {
            throw new ModelException("cannot write bundle " + out + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(tmp);
        }
        return ModelBundle.open(target);
    }

    private static ObjectNode manifest(ModelBundle source, BundleUpdate u, Path dir)
            throws IOException {
        ObjectNode m = (ObjectNode) JSON.readTree(source.file(BundleManifest.FILE).toFile());
        m.put("version", u.version());
        m.put("created", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        m.put("description", u.description());
        m.set("trained_on", JSON.valueToTree(u.trainedOn()));
        m.set("metrics", JSON.valueToTree(u.metrics()));
        if (source.manifest().lowLevel() != null) {
            // the crop layout the heads were fitted with (ModelBundle.withLowLevelLayout)
            MultiScaleCrops in = source.manifest().lowLevel().input();
            ObjectNode input = (ObjectNode) m.path("branches").path("lowlevel").path("input");
            input.put("crops", in.crops());
            input.set("scales", JSON.valueToTree(in.scales()));
            if (in.maxSide() > 0) {
                input.put("max_side", in.maxSide());
            } else {
                input.remove("max_side");
            }
        }
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path f : list.filter(Files::isRegularFile).toList()) {
                String name = f.getFileName().toString();
                if (!name.equals(BundleManifest.FILE)) {
                    files.put(name, ModelBundle.sha256(f));
                }
            }
        }
        m.set("files", JSON.valueToTree(files));
        return m;
    }

    private static String regressorJson(BundleUpdate u) throws IOException {
        Map<String, Object> heads = new LinkedHashMap<>();
        u.heads()
                .forEach(
                        (name, h) -> {
                            Map<String, Object> head = new LinkedHashMap<>();
                            head.put("features", h.features());
                            head.put("mean", h.mean());
                            head.put("std", h.std());
                            head.put("weights", h.weights());
                            head.put("bias", h.bias());
                            head.put("alpha", u.alphas().getOrDefault(name, Double.NaN));
                            heads.put(name, head);
                        });
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("heads", heads);
        root.put("output", u.output());
        return JSON.writeValueAsString(root);
    }

    private static boolean isEmptyDir(Path p) {
        try (Stream<Path> s = Files.list(p)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a leftover hidden temp folder is harmless
        }
    }
}
