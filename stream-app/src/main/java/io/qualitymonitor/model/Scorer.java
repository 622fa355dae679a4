package io.qualitymonitor.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import io.qualitymonitor.config.ModelConfig;
import io.qualitymonitor.image.DecodedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scores batches of decoded images with a model bundle: the one API that the stream, {@code score},
 * {@code evaluate} and {@code bench} call. Thread-safe; as many batches run at once as the
 * predictor pool holds.
 */
public final class Scorer implements AutoCloseable {
    /** Branch and head name of the low-level encoder. */
    public static final String LOWLEVEL = "lowlevel";

    /** Branch and head name of the vision-language encoder. */
    public static final String VISION_LANGUAGE = "vision_language";

    /** Name of the head over both branches' features. */
    public static final String COMBINED = "combined";

    /** Key of the zero-shot prompt score in {@link ScoreResult#branchScores()}. */
    public static final String ZERO_SHOT = "zero_shot";

    private final ModelBundle bundle;
    private final Device device;
    private final PredictorPool lowLevel;
    private final PredictorPool visionLanguage;
    private final FeatureProjector projector;
    private final List<String> branchNames;
    private volatile Prompts prompts;

    private Scorer(
            ModelBundle bundle,
            Device device,
            PredictorPool low,
            PredictorPool vl,
            FeatureProjector projector) {
        this.bundle = bundle;
        this.device = device;
        this.lowLevel = low;
        this.visionLanguage = vl;
        this.projector = projector;
        // Every head, the output head included: its own field is filled as well as score.
        Set<String> heads = bundle.regressor().heads().keySet();
        List<String> names = new ArrayList<>();
        for (ScoreField f : ScoreField.values()) {
            boolean zeroShot = f == ScoreField.ZERO_SHOT && (vl != null || projector != null);
            if (zeroShot || heads.contains(f.key())) {
                names.add(f.key());
            }
        }
        this.branchNames = List.copyOf(names);
        this.prompts = bundle.prompts();
    }

    /** Returns a scorer over the bundle and runtime settings of {@code config}. */
    public static Scorer open(ModelConfig config) {
        return open(config.dir(), config);
    }

    /** Returns a scorer over the bundle at {@code bundlePath} with the runtime settings given. */
    public static Scorer open(Path bundlePath, ModelConfig config) {
        return open(ModelBundle.open(bundlePath), config);
    }

    /** Returns a scorer over an opened bundle with the runtime settings given. */
    public static Scorer open(ModelBundle bundle, ModelConfig config) {
        Engine engine = PyTorchRuntime.start(config.threads(), config.interopThreads());
        Device device = PyTorchRuntime.device(config.device(), engine);
        BundleManifest m = bundle.manifest();
        PredictorPool low = null;
        PredictorPool vl = null;
        FeatureProjector projector = null;
        try {
            if (m.lowLevel() != null) {
                low =
                        PredictorPool.load(
                                bundle.dir(),
                                m.lowLevel().file(),
                                new LowLevelTranslatorFactory(),
                                LowLevelTranslatorFactory.arguments(m.lowLevel()),
                                device,
                                config.poolSize(),
                                config.passMaxViews());
            }
            if (m.visionLanguage() != null && m.visionLanguage().featuresOf() != null) {
                projector =
                        FeatureProjector.load(bundle.dir(), m.visionLanguage().imageFile(), device);
            } else if (m.visionLanguage() != null) {
                vl =
                        PredictorPool.load(
                                bundle.dir(),
                                m.visionLanguage().imageFile(),
                                new VisionLanguageTranslatorFactory(),
                                VisionLanguageTranslatorFactory.arguments(m.visionLanguage()),
                                device,
                                config.poolSize(),
                                config.passMaxViews());
            }
        } catch (RuntimeException e) {
            if (low != null) {
                low.close();
            }
            throw e;
        }
        return new Scorer(bundle, device, low, vl, projector);
    }

    /** Returns the most crops an encoder reads per forward pass (0: the whole batch). */
    public int passMaxViews() {
        return lowLevel != null ? lowLevel.passMaxViews() : visionLanguage.passMaxViews();
    }

    /** Returns each pixel encoder's file and its views per image, in forward-pass order. */
    Map<String, Integer> encoderViews() {
        Map<String, Integer> views = new LinkedHashMap<>();
        BundleManifest m = bundle.manifest();
        if (lowLevel != null) {
            views.put(m.lowLevel().file(), m.lowLevel().input().viewsPerImage());
        }
        if (visionLanguage != null) {
            views.put(m.visionLanguage().imageFile(), m.visionLanguage().input().viewsPerImage());
        }
        return views;
    }

    /**
     * Runs the pixel encoders among {@code files} (their files, as {@link #encoderViews()} names
     * them) on {@code images}, and only them: a warm-up pass for their shapes at this batch size.
     */
    void warmEncoders(List<DecodedImage> images, Set<String> files) {
        BundleManifest m = bundle.manifest();
        if (lowLevel != null && files.contains(m.lowLevel().file())) {
            lowLevel.predict(images);
        }
        if (visionLanguage != null && files.contains(m.visionLanguage().imageFile())) {
            visionLanguage.predict(images);
        }
    }

    /** Runs the feature projector on 1 to {@code maxBatch} rows; returns its file, or null. */
    String warmProjector(int maxBatch) {
        if (projector == null) {
            return null;
        }
        float[] row = lowLevel.predict(WarmUp.images(1)).get(0);
        for (int n = 1; n <= maxBatch; n++) {
            projector.project(Collections.nCopies(n, row));
        }
        return bundle.manifest().visionLanguage().imageFile();
    }

    /** Returns the bundle this scorer runs. */
    public ModelBundle bundle() {
        return bundle;
    }

    /** Returns the device the encoders run on. */
    public String device() {
        return device.getDeviceType();
    }

    /** Returns the keys of {@link ScoreResult#branchScores()}, in {@link ScoreField} order. */
    public List<String> branchScoreNames() {
        return branchNames;
    }

    /** Returns the fields of {@link ScoreField} this scorer fills, in order. */
    public List<ScoreField> scoreFields() {
        return branchNames.stream().flatMap(k -> ScoreField.ofKey(k).stream()).toList();
    }

    /** Returns the keys of {@link ScoreResult#attributes()}, in order. */
    public List<String> attributeNames() {
        return List.copyOf(attributePrompts().keySet());
    }

    /** Returns the attribute prompt pairs this scorer applies, in order; empty without them. */
    public Map<String, PromptPair> attributePrompts() {
        Prompts p = prompts;
        return p == null ? Map.of() : p.attributes();
    }

    /**
     * Adds attribute prompt pairs to those of the bundle (a pair with a bundle attribute's name
     * replaces it), encoded with the bundle's text encoder: {@code pairs} maps a name to its
     * positive and negative prompt. Call before scoring; fails when the bundle has no text encoder.
     * Returns the prompt words outside the tokenizer's vocabulary: the encoder sees them all as one
     * unknown token, so a pair that differs only in such words means nothing.
     */
    public List<String> addAttributes(Map<String, List<String>> pairs) {
        if (pairs.isEmpty()) {
            return List.of();
        }
        Map<String, PromptPair> attributes = new LinkedHashMap<>();
        Set<String> unknown = new LinkedHashSet<>();
        try (PromptEncoder encoder = PromptEncoder.load(bundle)) {
            attributes.putAll(prompts.attributes());
            pairs.forEach(
                    (name, texts) -> {
                        texts.forEach(t -> unknown.addAll(encoder.unknownTokens(t)));
                        attributes.put(name, encoder.pair(name, texts.get(0), texts.get(1)));
                    });
        }
        prompts = new Prompts(prompts.quality(), Collections.unmodifiableMap(attributes));
        return List.copyOf(unknown);
    }

    /** Returns the length of {@link ScoreResult#features()}. */
    public int featureDim() {
        BundleManifest m = bundle.manifest();
        return m.featureDim(LOWLEVEL) + m.featureDim(VISION_LANGUAGE);
    }

    /**
     * Returns one result per image, in order. Each encoder reads the batch's crops in forward
     * passes of {@code model.pass.max.views} (on a CPU 16, on a GPU all at once); throws {@link
     * ModelException} when the model fails.
     */
    public List<ScoreResult> score(List<DecodedImage> images) {
        if (images.isEmpty()) {
            return List.of();
        }
        long start = System.nanoTime();
        List<float[]> low = lowLevel == null ? null : lowLevel.predict(images);
        List<float[]> vl =
                visionLanguage != null
                        ? visionLanguage.predict(images)
                        : projector != null ? projector.project(low) : null;
        double perImageMs = (System.nanoTime() - start) / 1e6 / images.size();
        List<ScoreResult> out = new ArrayList<>(images.size());
        for (int i = 0; i < images.size(); i++) {
            Map<String, float[]> features = new LinkedHashMap<>();
            if (low != null) {
                features.put(LOWLEVEL, low.get(i));
            }
            if (vl != null) {
                features.put(VISION_LANGUAGE, vl.get(i));
            }
            out.add(result(images.get(i), features, perImageMs));
        }
        return out;
    }

    private ScoreResult result(DecodedImage image, Map<String, float[]> features, double ms) {
        Regressor reg = bundle.regressor();
        Map<String, Double> branchScores = new LinkedHashMap<>();
        for (String name : branchNames) {
            RidgeHead head = reg.heads().get(name);
            if (head != null) {
                branchScores.put(name, head.score(partsOf(head, features)));
            }
        }
        Map<String, Double> attributes = new LinkedHashMap<>();
        float[] embedding = features.get(VISION_LANGUAGE);
        if (embedding != null) {
            double scale = bundle.manifest().visionLanguage().logitScale();
            Prompts current = prompts;
            branchScores.put(ZERO_SHOT, current.quality().zeroShot(embedding, scale));
            current.attributes()
                    .forEach((k, pair) -> attributes.put(k, pair.zeroShot(embedding, scale)));
        }
        double score = reg.outputHead().score(partsOf(reg.outputHead(), features));
        return new ScoreResult(
                score,
                Collections.unmodifiableMap(branchScores),
                Collections.unmodifiableMap(attributes),
                concat(features),
                image.width(),
                image.height(),
                image.decodeMs(),
                ms);
    }

    private static List<float[]> partsOf(RidgeHead head, Map<String, float[]> features) {
        return head.features().stream().map(features::get).toList();
    }

    private static float[] concat(Map<String, float[]> features) {
        int n = features.values().stream().mapToInt(f -> f.length).sum();
        float[] out = new float[n];
        int at = 0;
        for (float[] f : features.values()) {
            System.arraycopy(f, 0, out, at, f.length);
            at += f.length;
        }
        return out;
    }

    @Override
    public void close() {
        if (lowLevel != null) {
            lowLevel.close();
        }
        if (visionLanguage != null) {
            visionLanguage.close();
        }
        if (projector != null) {
            projector.close();
        }
    }
}
