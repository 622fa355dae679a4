package io.qualitymonitor.app;

import io.qualitymonitor.config.AppConfig;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * Returns the text of the properties file {@code stack} writes: the client settings of its broker
 * and registry, the file roots {@code run} reads {@code file:} URIs from, and the topic settings
 * when the stack created the topics; comments say how to use it.
 */
final class StackProperties {
    private StackProperties() {}

    /**
     * Returns the file's text for the stack that {@code live} points at.
     *
     * @param withTopics also write the {@code topics.*} settings (the stack created those topics)
     * @param name the file's name as the user typed it, for the usage comments
     */
    static String text(AppConfig live, boolean withTopics, Path name) {
        StringBuilder b = new StringBuilder();
        b.append("# quality-monitor stack: the embedded Kafka broker and Schema Registry, loopback")
                .append(" only.\n")
                .append("# Written by `quality-monitor stack` at ")
                .append(Instant.now().truncatedTo(ChronoUnit.SECONDS))
                .append("; valid while it runs on these ports.\n")
                .append("# Use it as is:\n")
                .append("#   ./quality-monitor run --config ")
                .append(name)
                .append(" --create-topics\n")
                .append("#   ./quality-monitor produce --config ")
                .append(name)
                .append(" samples/\n")
                .append("#   ./quality-monitor replay --config ")
                .append(name)
                .append(" ...   ./quality-monitor drift baseline --config ")
                .append(name)
                .append(" ...\n");
        line(b, "kafka.bootstrap.servers", live.kafka().bootstrapServers());
        line(b, "registry.url", live.registry().url());
        b.append("# `run` reads file: URIs only inside these folders (relative to the installation")
                .append(" folder).\n")
                .append("# To produce images from another folder, add it (comma separated), e.g.\n")
                .append("# fetch.file.roots=samples,/home/me/photos\n");
        line(b, "fetch.file.roots", live.raw().getString("fetch.file.roots", "samples"));
        if (withTopics) {
            b.append("# the topics the stack created\n");
            for (Map.Entry<String, String> e : live.raw().withPrefix("topics.").entrySet()) {
                line(b, "topics." + e.getKey(), e.getValue());
            }
        }
        return b.toString();
    }

    private static void line(StringBuilder b, String key, String value) {
        // values here are host:port lists, URLs, paths and topic names: no characters that the
        // properties format would need escaped, except a backslash in a Windows path
        b.append(key).append('=').append(value.replace("\\", "\\\\")).append('\n');
    }
}
