package io.qualitymonitor.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Returns a verified model bundle: a folder (or a {@code .zip} of one) whose {@code bundle.json}
 * lists every other file with its SHA-256. Each listed file is checked before use; a missing or
 * changed file gives a one-line {@link ModelException} naming it.
 *
 * @param dir the folder the files are read from (the unpacked copy for a zip)
 * @param source what the user named: the folder or the zip
 * @param manifest what bundle.json says
 * @param regressor the ridge heads
 * @param prompts the prompt pairs, or null without a vision-language branch
 */
public record ModelBundle(
        Path dir, Path source, BundleManifest manifest, Regressor regressor, Prompts prompts) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Returns the bundle at {@code path} (folder or .zip), verified. */
    public static ModelBundle open(Path path) {
        if (!Files.exists(path)) {
            throw new ModelException("model bundle not found: " + path);
        }
        Path dir = Files.isDirectory(path) ? path : BundleArchive.unpack(path);
        Path manifestFile = dir.resolve(BundleManifest.FILE);
        if (!Files.isRegularFile(manifestFile)) {
            throw new ModelException(
                    "model bundle " + path + ": no bundle.json (not a model bundle folder)");
        }
        BundleManifest manifest = BundleManifest.parse(readJson(path, manifestFile));
        verifyFiles(path, dir, manifest);
        Regressor regressor =
                Regressor.parse(
                        readJson(path, dir.resolve(manifest.regressorFile())),
                        manifest.regressorFile(),
                        manifest);
        Prompts prompts = null;
        VisionLanguageSpec vl = manifest.visionLanguage();
        if (vl != null) {
            prompts =
                    Prompts.parse(
                            readJson(path, dir.resolve(vl.promptsFile())),
                            vl.promptsFile(),
                            vl.embedDim());
        }
        return new ModelBundle(dir, path, manifest, regressor, prompts);
    }

    /**
     * Returns this bundle with the low-level branch taking {@code crops} crops at each of {@code
     * scales} of its working image ({@code maxSide}), null keeping the bundle's ({@link
     * BundleManifest#withLowLevelLayout}), for extracting features and writing a refitted copy with
     * that layout ({@link BundleWriter}); its heads give a constant score until then ({@link
     * Regressor#unfitted}).
     */
    public ModelBundle withLowLevelLayout(Integer crops, double[] scales, Integer maxSide) {
        BundleManifest laid = manifest.withLowLevelLayout(crops, scales, maxSide);
        return new ModelBundle(dir, source, laid, regressor.unfitted(laid), prompts);
    }

    /** Returns the path of a file inside the bundle. */
    public Path file(String name) {
        return dir.resolve(name);
    }

    private static void verifyFiles(Path source, Path dir, BundleManifest m) {
        for (String needed : referencedFiles(m)) {
            if (!m.files().containsKey(needed)) {
                throw new ModelException(
                        "model bundle "
                                + source
                                + ": "
                                + needed
                                + " is not listed in bundle.json files");
            }
        }
        m.files()
                .forEach(
                        (name, expected) -> {
                            Path file = dir.resolve(name).normalize();
                            if (!file.getParent().equals(dir.normalize()) || name.contains("/")) {
                                throw new ModelException(
                                        "model bundle "
                                                + source
                                                + ": bad file name '"
                                                + name
                                                + "'");
                            }
                            if (!Files.isRegularFile(file)) {
                                throw new ModelException(
                                        "model bundle " + source + ": missing file " + name);
                            }
                            if (!sha256(file).equalsIgnoreCase(expected)) {
                                throw new ModelException(
                                        "model bundle "
                                                + source
                                                + ": checksum of "
                                                + name
                                                + " differs from bundle.json (corrupt or changed file)");
                            }
                        });
    }

    private static List<String> referencedFiles(BundleManifest m) {
        List<String> out = new ArrayList<>(List.of(m.regressorFile()));
        if (m.lowLevel() != null) {
            out.add(m.lowLevel().file());
        }
        VisionLanguageSpec vl = m.visionLanguage();
        if (vl != null) {
            out.add(vl.imageFile());
            out.add(vl.promptsFile());
            if (vl.textFile() != null) {
                out.add(vl.textFile());
            }
            if (vl.tokenizerFile() != null) {
                out.add(vl.tokenizerFile());
            }
        }
        return out;
    }

    static String sha256(Path file) {
        try (InputStream in =
                new DigestInputStream(
                        Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new ModelException("cannot read model file " + file + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    private static JsonNode readJson(Path source, Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new ModelException(
                    "model bundle "
                            + source
                            + ": "
                            + file.getFileName()
                            + " is not valid JSON (line "
                            + e.getLocation().getLineNr()
                            + ")",
                    e);
        } catch (IOException e) {
            throw new ModelException(
                    "model bundle " + source + ": cannot read " + file.getFileName(), e);
        }
    }
}
