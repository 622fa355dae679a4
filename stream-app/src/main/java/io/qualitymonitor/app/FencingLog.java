package io.qualitymonitor.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.streams.errors.TaskMigratedException;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * Returns a logging filter that turns Kafka's reports of a fenced transaction into one WARN line
 * without a stack trace, and counts them in {@value #METER}.
 *
 * <p>Under exactly-once, when the broker fences a transaction (it outlived {@code
 * kafka.transaction.timeout.ms}, or another instance took the task over), Kafka Streams reports the
 * one event several times: an ERROR from the record collector for the failed send, a WARN "being
 * fenced" with a stack trace from the stream thread, a WARN from the task manager closing the
 * tasks. It recovers by itself: the thread rejoins the group and redoes the uncommitted work, and
 * read-committed consumers never see the aborted output. Fencing is handled inside Kafka Streams
 * before any of its exception handlers (uncaught, production) is asked, so logging is the one place
 * to quiet it. The filter drops those events (loggers under {@code org.apache.kafka.streams} and
 * the producer's, matched by the fencing exceptions, which are public API, or their names in the
 * text) and, for the stream thread's {@link TaskMigratedException}, logs one WARN line and counts
 * it. Other events pass unchanged. Without logback as the logging backend nothing is installed.
 */
final class FencingLog extends TurboFilter {
    /** Counter of fenced transactions the stream threads recovered from. */
    static final String METER = "qm.app.fencings";

    private static final Logger LOG = LoggerFactory.getLogger(FencingLog.class);
    private static final List<String> LOGGERS =
            List.of("org.apache.kafka.streams.", "org.apache.kafka.clients.producer.");
    private static final List<String> WORDS =
            List.of(
                    ProducerFencedException.class.getSimpleName(),
                    InvalidProducerEpochException.class.getSimpleName(),
                    TaskMigratedException.class.getSimpleName(),
                    "being fenced",
                    "producer is fenced");

    private final Counter fencings;

    private FencingLog(MeterRegistry meters) {
        this.fencings =
                Counter.builder(METER)
                        .description(
                                "Kafka transactions fenced; the stream thread rejoined the group"
                                        + " and redid the uncommitted work")
                        .register(meters);
        setName("quality-monitor-fencing");
    }

    /**
     * Installs the filter, counting into {@code meters}; returns what removes it again (a no-op
     * without logback).
     */
    static AutoCloseable install(MeterRegistry meters) {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!(factory instanceof LoggerContext context)) {
            return () -> {};
        }
        FencingLog filter = new FencingLog(meters);
        filter.start();
        context.addTurboFilter(filter);
        return () -> context.getTurboFilterList().remove(filter);
    }

    @Override
    public FilterReply decide(
            Marker marker,
            ch.qos.logback.classic.Logger logger,
            Level level,
            String format,
            Object[] params,
            Throwable t) {
        // called for every log call, enabled or not: return at once for all but Kafka's WARN+
        if (format == null || level == null || !level.isGreaterOrEqual(Level.WARN)) {
            return FilterReply.NEUTRAL;
        }
        if (LOGGERS.stream().noneMatch(logger.getName()::startsWith)) {
            return FilterReply.NEUTRAL;
        }
        Throwable thrown = t != null ? t : lastThrowable(params);
        if (!isFencing(thrown) && !mentionsFencing(format, params)) {
            return FilterReply.NEUTRAL;
        }
        if (thrown instanceof TaskMigratedException) {
            fencings.increment();
            LOG.warn(
                    "Kafka fenced a transaction ({}); Kafka Streams rejoins the group and redoes"
                            + " the uncommitted work ({} so far; if frequent, raise"
                            + " kafka.transaction.timeout.ms)",
                    rootCause(thrown),
                    (long) fencings.count());
        }
        return FilterReply.DENY;
    }

    private static Throwable lastThrowable(Object[] params) {
        return params != null
                        && params.length > 0
                        && params[params.length - 1] instanceof Throwable e
                ? e
                : null;
    }

    /** Returns true when {@code t} or one of its causes reports a fenced transaction. */
    static boolean isFencing(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof ProducerFencedException
                    || c instanceof InvalidProducerEpochException
                    || c instanceof TaskMigratedException) {
                return true;
            }
        }
        return false;
    }

    private static boolean mentionsFencing(String format, Object[] params) {
        StringBuilder text = new StringBuilder(format);
        if (params != null) {
            for (Object p : params) {
                text.append(' ').append(p);
            }
        }
        return WORDS.stream().anyMatch(w -> text.indexOf(w) >= 0);
    }

    private static String rootCause(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        String msg =
                c.getMessage() == null ? "" : ": " + c.getMessage().lines().findFirst().orElse("");
        return c.getClass().getSimpleName() + msg;
    }
}
