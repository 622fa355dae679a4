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
 * @param passMaxImages the most images an encoder reads in one forward pass (a batch is split into
 *     passes of this many), or 0 for the whole batch in one pass
 */
public record ModelConfig(
        Path dir, String device, int threads, int interopThreads, int poolSize, int passMaxImages) {

    /** Returns the settings with the device's default pass size. */
    public ModelConfig(Path dir, String device, int threads, int interopThreads, int poolSize) {
        this(dir, device, threads, interopThreads, poolSize, defaultPassMaxImages(device));
    }

    /**
     * Returns 1 on a CPU, where each image's crops go through an encoder in a pass of their own:
     * the shipped towers read one image's 48 crops of 128 px or 12 views of 160 px several times
     * faster per crop than the crops of several images in one pass (docs/benchmarks/README.md); 0
     * (the whole batch) on a GPU.
     */
    static int defaultPassMaxImages(String device) {
        return device.equals("cpu") ? 1 : 0;
    }

    static ModelConfig from(RawConfig c, Path home) {
        String device = c.getString("model.device", "cpu");
        if (!device.equals("cpu") && !device.equals("gpu")) {
            throw new ConfigException(
                    "setting 'model.device' must be cpu or gpu, got '" + device + "'");
        }
        int passMaxImages = c.getInt("model.pass.max.images", defaultPassMaxImages(device));
        if (passMaxImages < 0) {
            throw new ConfigException(
                    "setting 'model.pass.max.images' must be 0 (the whole batch) or positive, got "
                            + passMaxImages);
        }
        return new ModelConfig(
                home.resolve(c.getString("model.dir", "models/default")).normalize(),
                device,
                c.getPositiveInt(
                        "model.threads", Math.max(1, Runtime.getRuntime().availableProcessors())),
                c.getPositiveInt("model.interop.threads", 1),
                c.getPositiveInt("model.pool.size", 1),
                passMaxImages);
    }
}
