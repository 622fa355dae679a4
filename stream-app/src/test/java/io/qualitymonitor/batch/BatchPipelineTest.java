package io.qualitymonitor.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.qualitymonitor.config.BatchConfig;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The asynchronous pipeline, with a function that records the batches it is given. */
class BatchPipelineTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<List<Integer>> calls = new CopyOnWriteArrayList<>();
    private BatchPipeline<Integer, String> pipeline;

    @AfterEach
    void close() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    private List<String> label(List<Integer> inputs) {
        calls.add(List.copyOf(inputs));
        return inputs.stream().map(i -> "scored-" + i).toList();
    }

    @Test
    void shouldSendFullBatchWithoutWaitingForTheDelay() throws Exception {
        // Given a 10 s delay that a full batch must not wait for
        pipeline =
                new BatchPipeline<>(
                        new BatchConfig(4, Duration.ofSeconds(10)), this::label, registry);

        // When
        long start = System.nanoTime();
        List<CompletableFuture<String>> out =
                IntStream.range(0, 4).mapToObj(pipeline::submit).toList();
        CompletableFuture.allOf(out.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);

        // Then
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(calls).containsExactly(List.of(0, 1, 2, 3));
        assertThat(out.stream().map(CompletableFuture::join))
                .containsExactly("scored-0", "scored-1", "scored-2", "scored-3");
    }

    @Test
    void shouldSendPartialBatchOnceTheDelayRunsOut() throws Exception {
        // Given
        pipeline =
                new BatchPipeline<>(
                        new BatchConfig(8, Duration.ofMillis(150)), this::label, registry);

        // When
        long start = System.nanoTime();
        List<CompletableFuture<String>> out = List.of(pipeline.submit(1), pipeline.submit(2));
        out.get(1).get(5, TimeUnit.SECONDS);

        // Then
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .isGreaterThanOrEqualTo(Duration.ofMillis(140));
        assertThat(calls).containsExactly(List.of(1, 2));
        assertThat(registry.get("qm.batch.size").tag("trigger", "delay").summary().count())
                .isEqualTo(1);
    }

    @Test
    void shouldQueueNewItemsWhileTheModelRunsAndTakeThemAtOnce() throws Exception {
        // Given a model call that blocks until released
        CountDownLatch inModel = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        pipeline =
                new BatchPipeline<>(
                        new BatchConfig(4, Duration.ofMillis(20)),
                        inputs -> {
                            if (calls.isEmpty()) {
                                inModel.countDown();
                                release.await();
                            }
                            return label(inputs);
                        },
                        registry);
        CompletableFuture<String> first = pipeline.submit(0);
        assertThat(inModel.await(5, TimeUnit.SECONDS)).isTrue();

        // When six more arrive during inference (preparation overlaps with the model)
        List<CompletableFuture<String>> later =
                IntStream.rangeClosed(1, 6).mapToObj(pipeline::submit).toList();
        release.countDown();
        CompletableFuture.allOf(later.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);

        // Then the next batch took the four queued at once, in order, and the rest followed
        assertThat(first.join()).isEqualTo("scored-0");
        assertThat(calls).containsExactly(List.of(0), List.of(1, 2, 3, 4), List.of(5, 6));
    }

    @Test
    void shouldFailOnlyTheBatchWhoseModelCallFailed() throws Exception {
        // Given a model that fails on its first call only
        pipeline =
                new BatchPipeline<>(
                        new BatchConfig(2, Duration.ofMillis(500)),
                        inputs -> {
                            if (calls.isEmpty()) {
                                calls.add(inputs);
                                throw new IllegalStateException("model exploded");
                            }
                            return label(inputs);
                        },
                        registry);

        // When
        CompletableFuture<String> a = pipeline.submit(1);
        CompletableFuture<String> b = pipeline.submit(2);
        CompletableFuture<String> c = pipeline.submit(3);

        // Then
        assertThatThrownBy(() -> a.get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasMessageContaining("model exploded");
        assertThatThrownBy(b::join).hasMessageContaining("model exploded");
        assertThat(c.get(5, TimeUnit.SECONDS)).isEqualTo("scored-3");
    }

    @Test
    void shouldFailItemsWhenTheFunctionReturnsTooFewOutputs() {
        // Given
        pipeline =
                new BatchPipeline<>(
                        new BatchConfig(2, Duration.ofSeconds(5)),
                        inputs -> List.of("x"),
                        registry);

        // When
        CompletableFuture<String> a = pipeline.submit(1);
        CompletableFuture<String> b = pipeline.submit(2);

        // Then
        assertThatThrownBy(a::join).hasMessageContaining("1 outputs for 2 inputs");
        assertThatThrownBy(b::join).hasMessageContaining("1 outputs for 2 inputs");
    }

    @Test
    void shouldRunQueuedItemsOnCloseAndRefuseNewOnes() throws Exception {
        // Given items waiting on a long delay
        pipeline =
                new BatchPipeline<>(
                        new BatchConfig(8, Duration.ofSeconds(30)), this::label, registry);
        CompletableFuture<String> queued = pipeline.submit(7);

        // When
        pipeline.close();

        // Then
        assertThat(queued.get(1, TimeUnit.SECONDS)).isEqualTo("scored-7");
        assertThat(registry.get("qm.batch.size").tag("trigger", "drain").summary().count())
                .isEqualTo(1);
        assertThatThrownBy(() -> pipeline.submit(8).join()).hasMessageContaining("closed");
    }

    @Test
    void shouldRecordQueueTimeForEveryItem() throws Exception {
        // Given
        pipeline =
                new BatchPipeline<>(
                        new BatchConfig(3, Duration.ofMillis(10)), this::label, registry);

        // When
        List<CompletableFuture<String>> out =
                IntStream.range(0, 5).mapToObj(pipeline::submit).toList();
        CompletableFuture.allOf(out.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);

        // Then
        assertThat(registry.get("qm.batch.queue.time").timer().count()).isEqualTo(5);
        double batches =
                registry.get("qm.batch.size").summaries().stream()
                        .mapToDouble(s -> s.count())
                        .sum();
        double items =
                registry.get("qm.batch.size").summaries().stream()
                        .mapToDouble(s -> s.totalAmount())
                        .sum();
        assertThat(items).isEqualTo(5.0);
        assertThat(batches).isEqualTo(calls.size());
    }
}
