package io.qualitymonitor.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Returns the settings of the embedded stack (in-JVM KRaft broker and child-process registry).
 *
 * @param registryHome the unpacked Apicurio Registry distribution (holds {@code quarkus-run.jar})
 * @param javaHome the JDK 21+ that runs the registry; null means the one running this process
 * @param startTimeout how long to wait for broker and registry to answer
 */
public record EmbeddedConfig(
        Path registryHome, Path javaHome, Duration startTimeout, Path samplesDir) {

    static EmbeddedConfig from(RawConfig c, Path home) {
        String javaHome = c.get("embedded.java.home");
        return new EmbeddedConfig(
                home.resolve(c.getString("embedded.registry.home")).normalize(),
                javaHome == null ? null : Path.of(javaHome),
                c.getMillis("embedded.start.timeout.ms"),
                home.resolve(c.getString("embedded.samples.dir")).normalize());
    }
}
