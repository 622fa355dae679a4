package io.qualitymonitor.config;

import java.nio.file.Path;

/**
 * Returns the model runtime settings.
 *
 * @param dir the model bundle (folder or .zip); default the shipped {@code models/default}
 * @param device {@code cpu} or {@code gpu}
 * @param threads intra-op threads per predictor
 * @param interopThreads inter-op threads
 * @param poolSize predictors in the pool
 * @param passMaxViews the most crops (views) an encoder reads in one forward pass: a batch's crops
 *     go through in passes of this many, or all at once with 0
 */
public record ModelConfig(
        Path dir, String device, int threads, int interopThreads, int poolSize, int passMaxViews) {

    /** Setting: the model bundle, a folder or a .zip. */
    public static final String DIR = "model.dir";

    /** Setting: {@code cpu} or {@code gpu}. */
    public static final String DEVICE = "model.device";

    /** Setting: intra-op threads per predictor. */
    public static final String THREADS = "model.threads";

    /** Crops per forward pass on a CPU by default (see {@link #defaultPassMaxViews}). */
    public static final int CPU_PASS_MAX_VIEWS = 16;

    /** Returns the settings with the device's default pass size. */
    public ModelConfig(Path dir, String device, int threads, int interopThreads, int poolSize) {
        this(dir, device, threads, interopThreads, poolSize, defaultPassMaxViews(device));
    }

    /**
     * Returns {@link #CPU_PASS_MAX_VIEWS} on a CPU, where the shipped towers read 16 crops of 128
     * px about 3x faster per crop than 48, and 16 views of 160 px about 5x faster than 24
     * (docs/benchmarks/model-passes.md); 0 (the whole batch in one pass) on a GPU.
     */
    static int defaultPassMaxViews(String device) {
        return device.equals("cpu") ? CPU_PASS_MAX_VIEWS : 0;
    }

    static ModelConfig from(RawConfig c, Path home) {
        String device = c.getString(DEVICE);
        if (!device.equals("cpu") && !device.equals("gpu")) {
            throw new ConfigException(
                    "setting 'model.device' must be cpu or gpu, got '" + device + "'");
        }
        int passMaxViews = c.getInt("model.pass.max.views", defaultPassMaxViews(device));
        if (passMaxViews < 0) {
            throw new ConfigException(
                    "setting 'model.pass.max.views' must be 0 (the whole batch) or positive, got "
                            + passMaxViews);
        }
        return new ModelConfig(
                home.resolve(c.getString(DIR)).normalize(),
                device,
                c.getPositiveInt(THREADS, Math.max(1, Runtime.getRuntime().availableProcessors())),
                c.getPositiveInt("model.interop.threads"),
                c.getPositiveInt("model.pool.size"),
                passMaxViews);
    }
}
