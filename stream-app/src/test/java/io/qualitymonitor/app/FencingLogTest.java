package io.qualitymonitor.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.streams.errors.TaskMigratedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class FencingLogTest {
    private static final String STREAMS = "org.apache.kafka.streams.processor.internals.";

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ListAppender<ILoggingEvent> kafkaEvents = new ListAppender<>();
    private final ListAppender<ILoggingEvent> ownEvents = new ListAppender<>();
    private AutoCloseable filter;

    @BeforeEach
    void install() {
        filter = FencingLog.install(meters);
        kafkaEvents.start();
        ownEvents.start();
        ((Logger) LoggerFactory.getLogger("org.apache.kafka")).addAppender(kafkaEvents);
        ((Logger) LoggerFactory.getLogger(FencingLog.class)).addAppender(ownEvents);
    }

    @AfterEach
    void remove() throws Exception {
        filter.close();
        ((Logger) LoggerFactory.getLogger("org.apache.kafka")).detachAppender(kafkaEvents);
        ((Logger) LoggerFactory.getLogger(FencingLog.class)).detachAppender(ownEvents);
    }

    @Test
    void shouldTurnOneFencingIntoOneWarnLineWithoutStackTraceAndCountIt() {
        // Given the three reports Kafka Streams makes of one fenced transaction
        InvalidProducerEpochException epoch =
                new InvalidProducerEpochException(
                        "Producer attempted to produce with an old epoch.");
        LoggerFactory.getLogger(STREAMS + "RecordCollectorImpl")
                .error("stream-task [0_1] Error encountered sending record due to:", epoch);
        LoggerFactory.getLogger(STREAMS + "StreamThread")
                .warn(
                        "Detected that the thread is being fenced.",
                        new TaskMigratedException("Error encountered sending record", epoch));
        LoggerFactory.getLogger(STREAMS + "TaskManager")
                .warn(
                        "Error flushing cache of dirty task {}: {}",
                        "3_0",
                        "producer is fenced, indicating the task may be migrated out");

        // Then none of them is printed, one WARN line is, and the counter says 1
        assertThat(kafkaEvents.list).isEmpty();
        assertThat(ownEvents.list).hasSize(1);
        ILoggingEvent line = ownEvents.list.get(0);
        assertThat(line.getLevel()).isEqualTo(ch.qos.logback.classic.Level.WARN);
        assertThat(line.getThrowableProxy()).isNull();
        assertThat(line.getFormattedMessage())
                .contains("Kafka fenced a transaction (InvalidProducerEpochException")
                .contains("1 so far")
                .doesNotContain("\n");
        assertThat(meters.get(FencingLog.METER).counter().count()).isEqualTo(1.0);
    }

    @Test
    void shouldLeaveOtherKafkaErrorsAlone() {
        // When Kafka Streams logs an error that is not a fencing
        LoggerFactory.getLogger(STREAMS + "StreamThread")
                .error("Failed to commit", quiet(new TimeoutException("broker down")));

        // Then it is printed as before and nothing is counted
        assertThat(kafkaEvents.list).hasSize(1);
        assertThat(kafkaEvents.list.get(0).getThrowableProxy()).isNotNull();
        assertThat(ownEvents.list).isEmpty();
        assertThat(meters.get(FencingLog.METER).counter().count()).isZero();
    }

    @Test
    void shouldStopFilteringOnceRemoved() throws Exception {
        // Given the filter removed, as when the pipeline closes
        filter.close();
        filter = () -> {};

        // When a fencing is logged
        LoggerFactory.getLogger(STREAMS + "StreamThread")
                .warn("being fenced", quiet(new TaskMigratedException("migrated")));

        // Then Kafka's own line is printed
        assertThat(kafkaEvents.list).hasSize(1);
        assertThat(ownEvents.list).isEmpty();
    }

    // the events these tests let through are printed: keep the build's output short
    private static <T extends Throwable> T quiet(T e) {
        e.setStackTrace(new StackTraceElement[0]);
        return e;
    }
}
