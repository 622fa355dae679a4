package io.qualitymonitor.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.qualitymonitor.config.ConfigLoader;
import io.qualitymonitor.embedded.EmbeddedStack;
import io.qualitymonitor.embedded.SharedStack;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Runs the pipeline benchmark on the real broker and registry with the tiny test model. */
@ExtendWith(SharedStack.class)
class StreamBenchmarkIntegrationTest {

    @Test
    void shouldMeasureEachPointAgainstTheRawModelAndBatchNoMoreThanAllowed(EmbeddedStack stack)
            throws Exception {
        // Given the benchmark over two batch sizes with the tiny model
        String model = Path.of("src/test/resources/bundles/tiny-both").toAbsolutePath().toString();
        List<String> progress = new ArrayList<>();
        StreamBenchmark bench =
                new StreamBenchmark(
                        extra -> {
                            Map<String, String> all = new LinkedHashMap<>();
                            all.put("model.dir", model);
                            all.putAll(extra);
                            return ConfigLoader.fromProcess().load(null, all);
                        },
                        new StreamBenchmark.Settings(List.of(1, 4), List.of(10L), 12, 0.5),
                        progress::add);

        // When it runs
        List<StreamBenchmark.Point> points = bench.run(stack);

        // Then each point has the pipeline beside the raw model, batches within the limit,
        // and latencies from the paced phase
        assertThat(points).extracting(StreamBenchmark.Point::size).containsExactly(1, 4);
        for (StreamBenchmark.Point p : points) {
            assertThat(p.pipelinePerSecond()).isPositive();
            assertThat(p.rawPerSecond()).isPositive();
            assertThat(p.meanBatch()).isBetween(1.0, (double) p.size());
            assertThat(p.pacedLatencyMs()).containsKeys("p50", "p99");
            assertThat(p.pacedLatencyMs().get("p99"))
                    .isGreaterThanOrEqualTo(p.pacedLatencyMs().get("p50"));
        }
        assertThat(points.get(0).meanBatch()).isEqualTo(1.0);
        assertThat(StreamBenchmark.markdown(points, List.of("command: test")))
                .contains("| 4 | 10 |")
                .contains("Best: batch.max.size=");
        assertThat(progress).anyMatch(l -> l.contains("ratio"));
    }
}
