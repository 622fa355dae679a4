package io.qualitymonitor.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Checks the Dockerfile and the compose file as far as possible without a Docker engine: what they
 * copy and mount exists, images are pinned, the image switches between CPU and CUDA natives, runs
 * the slim class path, sizes the JVM from the container and carries its labels. {@code
 * DockerDeploymentIntegrationTest} builds and runs the image where an engine exists.
 */
class ContainerFilesTest {
    private static final Path REPO = MonitoringQueries.REPO;
    private static final Path DOCKER = REPO.resolve("docker");

    @Test
    void shouldCopyOnlyFilesOfTheBuildContextAndPinEveryImage() throws IOException {
        // Given
        List<String> lines = instructions(Files.readString(DOCKER.resolve("Dockerfile")));

        // Then every COPY from the context (not from a stage) names a path of the repository
        List<String> sources = new ArrayList<>();
        for (String l : lines) {
            if (l.startsWith("COPY ") && !l.contains("--from=")) {
                String[] words = l.split("\\s+");
                for (int i = 1; i < words.length - 1; i++) {
                    sources.add(words[i]);
                }
            }
        }
        assertThat(sources).isNotEmpty();
        assertThat(sources).allSatisfy(s -> assertThat(REPO.resolve(s)).exists());
        // and every base image (named directly or through an ARG default) has a tag
        List<String> images = new ArrayList<>();
        Matcher arg = Pattern.compile("ARG \\w+_IMAGE=(\\S+)").matcher(String.join("\n", lines));
        while (arg.find()) {
            images.add(arg.group(1));
        }
        lines.stream()
                .filter(l -> l.startsWith("FROM ") && !l.contains("${"))
                .forEach(l -> images.add(l.split("\\s+")[1]));
        assertThat(images).hasSizeGreaterThanOrEqualTo(3);
        assertThat(images)
                .allSatisfy(
                        i -> assertThat(i).matches("[\\w./-]+:[\\w.-]+").doesNotEndWith(":latest"));
    }

    @Test
    void shouldBuildCpuOrCudaNativesOnTheSlimClassPathWithLabels() throws IOException {
        // Given
        String dockerfile = Files.readString(DOCKER.resolve("Dockerfile"));
        String pom = Files.readString(REPO.resolve("stream-app/pom.xml"));
        String entrypoint = Files.readString(DOCKER.resolve("quality-monitor-entrypoint"));

        // Then the Maven profile is a build argument, cpu by default, and both profiles exist
        assertThat(dockerfile)
                .contains("ARG MAVEN_PROFILE=cpu")
                .contains("-P \"${MAVEN_PROFILE}\"");
        assertThat(pom).contains("<id>cpu</id>").contains("<id>gpu</id>");
        assertThat(dockerfile).contains("--build-arg MAVEN_PROFILE=gpu");
        // and the runtime copies the slim class path that the pom lays out
        assertThat(pom).contains("<id>app-runtime-lib</id>");
        assertThat(dockerfile)
                .contains("dependency:copy-dependencies@app-runtime-lib")
                .contains("COPY --from=build /src/stream-app/target/app/runtime-lib/ /app/lib/");
        // and the JVM's heap follows the container's memory limit
        assertThat(entrypoint).contains("-XX:MaxRAMPercentage=");
        // and the image says its version and its model's
        assertThat(dockerfile)
                .contains("org.opencontainers.image.version=\"${VERSION}\"")
                .contains("io.qualitymonitor.model.version=\"${MODEL_VERSION}\"");
    }

    @Test
    void shouldMountOnlyExistingFilesAndPinEveryComposeImage() throws IOException {
        // Given
        JsonNode services =
                new YAMLMapper()
                        .readTree(DOCKER.resolve("docker-compose.yml").toFile())
                        .path("services");

        // Then every bind mount's source exists, every image is pinned, every dependency is a
        // service of the file
        assertThat(services.size()).isGreaterThanOrEqualTo(5);
        services.properties()
                .forEach(
                        s -> {
                            JsonNode svc = s.getValue();
                            assertThat(svc.path("image").asText())
                                    .as(s.getKey())
                                    .matches("[\\w./-]+:[\\w.-]+")
                                    .doesNotEndWith(":latest");
                            svc.path("volumes")
                                    .forEach(
                                            v ->
                                                    assertThat(
                                                                    DOCKER.resolve(
                                                                            v.asText()
                                                                                    .split(":")[0]))
                                                            .as(s.getKey() + ": " + v.asText())
                                                            .exists());
                            JsonNode deps = svc.path("depends_on");
                            List<String> names = new ArrayList<>();
                            if (deps.isArray()) {
                                deps.forEach(d -> names.add(d.asText()));
                            } else {
                                deps.fieldNames().forEachRemaining(names::add);
                            }
                            assertThat(names)
                                    .as(s.getKey())
                                    .allSatisfy(d -> assertThat(services.has(d)).isTrue());
                        });
    }

    /** Returns the Dockerfile's instructions, continuation lines joined and comments left out. */
    private static List<String> instructions(String dockerfile) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : dockerfile.lines().toList()) {
            String l = line.strip();
            if (l.startsWith("#") || l.isEmpty()) {
                continue;
            }
            if (l.endsWith("\\")) {
                current.append(l, 0, l.length() - 1).append(' ');
            } else {
                out.add(current.append(l).toString());
                current.setLength(0);
            }
        }
        return out;
    }
}
