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
 */
public record ModelConfig(Path dir, String device, int threads, int interopThreads, int poolSize) {

    static ModelConfig from(RawConfig c, Path home) {
        String device = c.getString("model.device", "cpu");
        if (!device.equals("cpu") && !device.equals("gpu")) {
            throw new ConfigException(
                    "setting 'model.device' must be cpu or gpu, got '" + device + "'");
        }
        return new ModelConfig(
                home.resolve(c.getString("model.dir", "models/default")).normalize(),
                device,
                c.getPositiveInt(
                        "model.threads", Math.max(1, Runtime.getRuntime().availableProcessors())),
                c.getPositiveInt("model.interop.threads", 1),
                c.getPositiveInt("model.pool.size", 1));
    }
}
