package io.qualitymonitor.drift;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SegmentKeysTest {
    private final SegmentKeys keys =
            new SegmentKeys(List.of(List.of("platform"), List.of("platform", "region")));

    @Test
    void shouldDeriveAllAndEveryConfiguredCombinationWithSortedLabels() {
        // Given an upload from Android in the EU, with a label nobody monitors
        Map<String, String> labels = Map.of("region", "eu", "platform", "android", "app", "3.1");

        // When / Then
        assertThat(keys.keysFor(labels))
                .containsExactly("all", "platform=android", "platform=android,region=eu");
    }

    @Test
    void shouldSkipCombinationsWithAMissingLabel() {
        // Given an upload without a region
        assertThat(keys.keysFor(Map.of("platform", "ios"))).containsExactly("all", "platform=ios");
        assertThat(keys.keysFor(Map.of("region", "eu"))).containsExactly("all");
    }

    @Test
    void shouldKeepKeysParseableWhenValuesHoldSeparators() {
        // Given a value with a comma and an equals sign
        List<String> k = keys.keysFor(Map.of("platform", "web,v=2"));

        // When
        Map<String, String> parsed = SegmentKeys.labelsOf(k.get(1));

        // Then
        assertThat(k.get(1)).isEqualTo("platform=web_v_2");
        assertThat(parsed).containsExactly(Map.entry("platform", "web_v_2"));
        assertThat(SegmentKeys.labelsOf("all")).isEmpty();
    }
}
