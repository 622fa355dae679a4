package io.qualitymonitor.serde;

import java.util.Locale;
import org.apache.avro.Schema;

/** Derives the registry subject a record's schema is registered under, as Confluent's serdes do. */
public enum SubjectNameStrategy {
    /** TopicNameStrategy: {@code <topic>-value} or {@code <topic>-key}. */
    TOPIC {
        @Override
        public String subject(String topic, Schema schema, boolean isKey) {
            return topic + (isKey ? "-key" : "-value");
        }
    },
    /** RecordNameStrategy: the record's full name, whatever the topic. */
    RECORD {
        @Override
        public String subject(String topic, Schema schema, boolean isKey) {
            return schema.getFullName();
        }
    };

    /** Returns the subject for a record with {@code schema} written to {@code topic}. */
    public abstract String subject(String topic, Schema schema, boolean isKey);

    /**
     * Returns the strategy named by {@code registry.subject.name.strategy} ({@code topic} or {@code
     * record}).
     */
    public static SubjectNameStrategy fromConfig(String name) {
        return valueOf(name.trim().toUpperCase(Locale.ROOT));
    }
}
