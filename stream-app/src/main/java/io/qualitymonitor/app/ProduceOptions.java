package io.qualitymonitor.app;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * Returns how {@code produce} sends.
 *
 * @param topic the topic to send to, or null for the first of {@code topics.uploads}
 * @param ratePerSecond uploads per second; 0 = as fast as the broker takes them
 * @param registerSchema register the {@code ImageUpload} schema under the topic's subject; when
 *     false it must be registered already (e.g. by {@code run --create-topics})
 * @param idPrefix the prefix of generated upload ids ({@code PREFIX-000001}, ...)
 * @param labels segment labels given to every upload (a list row's own labels win)
 * @param startupTimeout how long the checks wait for the broker
 */
public record ProduceOptions(
        String topic,
        double ratePerSecond,
        boolean registerSchema,
        String idPrefix,
        Map<String, String> labels,
        Duration startupTimeout) {

    private static final DateTimeFormatter ID_TIME =
            DateTimeFormatter.ofPattern("'up-'yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    public ProduceOptions {
        labels = Map.copyOf(labels);
    }

    /** Returns the default id prefix for a run started at {@code now}, e.g. up-20261207-101500. */
    public static String idPrefixAt(Instant now) {
        return ID_TIME.format(now);
    }
}
