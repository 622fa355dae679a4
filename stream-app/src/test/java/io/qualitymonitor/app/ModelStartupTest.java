package io.qualitymonitor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qualitymonitor.config.AppConfig;
import io.qualitymonitor.config.ConfigLoader;
import io.qualitymonitor.model.Scorer;
import io.qualitymonitor.model.TestBundles;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ModelStartupTest {

    @Test
    void shouldHoldTheStreamThreadsUntilTheWarmUpHasEnded() {
        // Given a model loading on its own thread
        try (ModelStartup model = ModelStartup.begin(config(TestBundles.BOTH))) {
            Scorer loaded = model.scorer();
            ModelStartup.WarmGate gate = model.gate(() -> loaded);

            // When the gate holds (Kafka Streams starts) and a stream thread asks for the model
            gate.hold();
            Scorer seen = gate.get();

            // Then it got the model only once the warm-up had ended
            assertThat(seen).isSameAs(loaded);
            assertThat(model.isWarm()).isTrue();
            assertThat(model.warmUp().batchSizes()).isNotEmpty().startsWith(1);
            assertThat(model.warmUpFailed()).isFalse();
        }
    }

    @Test
    void shouldStopTheWarmUpWhenClosedAndReturnOnceItHasStopped() {
        // Given a model whose warm-up runs
        ModelStartup model = ModelStartup.begin(config(TestBundles.BOTH));
        model.scorer();

        // When it is closed (a failed start-up check, a stop during the start)
        model.close();

        // Then the warm-up has ended, cut short, and that is no failure of the model
        assertThat(model.warmed()).isDone();
        assertThat(model.isWarm()).isFalse();
        assertThat(model.warmUpFailed()).isFalse();
    }

    @Test
    void shouldGiveTheModelAtOnceBeforeTheGateHolds() {
        // Given a model loaded and warmed up on the caller's thread
        try (ModelStartup model = ModelStartup.now(config(TestBundles.BOTH))) {
            // Then it is warm, and the gate passes it through
            assertThat(model.isWarm()).isTrue();
            assertThat(model.gate(model::scorer).get()).isSameAs(model.scorer());
        }
    }

    @Test
    void shouldThrowWhatTheLoadThrewToTheCallerAndTheStreamThreads() {
        // Given a bundle folder that does not exist
        Path missing = Path.of("target/no-such-bundle");
        AppConfig config = config(missing);
        String direct = messageOf(() -> Scorer.open(config.model()));

        // When it loads on its own thread
        try (ModelStartup model = ModelStartup.begin(config)) {
            // Then the caller gets the load's own error, and so does a held stream thread
            assertThatThrownBy(model::scorer).hasMessage(direct);
            ModelStartup.WarmGate gate = model.gate(() -> null);
            gate.hold();
            assertThatThrownBy(gate::get).hasMessage(direct);
            assertThat(model.warmUpFailed()).isTrue();
            assertThat(model.isWarm()).isFalse();
        }
    }

    private static String messageOf(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            return e.getMessage();
        }
        throw new AssertionError("no error");
    }

    private static AppConfig config(Path bundle) {
        return new ConfigLoader(Map.of(), new Properties())
                .load(
                        null,
                        Map.of(
                                "model.dir",
                                bundle.toAbsolutePath().toString(),
                                "model.threads",
                                "2"));
    }
}
