package io.qualitymonitor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class MemoryConfigTest {

    private static AppConfig load(Map<String, String> flags) {
        return new ConfigLoader(Map.of(), new Properties()).load(null, flags);
    }

    @Test
    void shouldReadTheBudgetWithASuffixAndShareItOutAmongImagesInFlight() {
        // Given a budget of 512m, batches of 4 and 2 stream threads
        AppConfig c =
                load(
                        Map.of(
                                "memory.budget", "512m",
                                "batch.max.size", "4",
                                "kafka.num.stream.threads", "2"));
        // Then the budget is in bytes and 3 batches per thread are in flight
        assertThat(c.memory().budgetBytes()).isEqualTo(512L << 20);
        assertThat(c.memory().imagesInFlight()).isEqualTo(24);
        // and a quarter of it holds 6 bodies of the default 20 MiB
        assertThat(c.memory().fetchSlots(c.fetch())).isEqualTo(6);
    }

    @Test
    void shouldDeriveHalfTheHeapAtMostOneGibibyteWhenEmpty() {
        assertThat(MemoryConfig.derived(6L << 30)).isEqualTo(1L << 30);
        assertThat(MemoryConfig.derived(1L << 30)).isEqualTo(512L << 20);
        assertThat(MemoryConfig.derived(64L << 20)).isEqualTo(MemoryConfig.MINIMUM);
        long heap = Runtime.getRuntime().maxMemory();
        assertThat(load(Map.of()).memory().budgetBytes()).isEqualTo(MemoryConfig.derived(heap));
    }

    @Test
    void shouldRefuseABudgetThatIsNoSizeOrTooSmall() {
        assertThatThrownBy(() -> load(Map.of("memory.budget", "lots")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'memory.budget' must be a size");
        assertThatThrownBy(() -> load(Map.of("memory.budget", "1m")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("at least 64m");
    }

    @Test
    void shouldRefuseAnAspectRatioCapBelowOne() {
        assertThatThrownBy(() -> load(Map.of("fetch.max.aspect.ratio", "0.5")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("fetch.max.aspect.ratio");
    }
}
