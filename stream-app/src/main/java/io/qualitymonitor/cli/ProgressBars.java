package io.qualitymonitor.cli;

import io.qualitymonitor.app.ReplayService;
import io.qualitymonitor.config.AppConfig;
import io.qualitymonitor.tools.Progress;
import java.io.PrintWriter;
import java.util.function.IntConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Returns progress bars drawn on a command's error stream. On a terminal the bar redraws one line;
 * when the error stream goes to a file or a pipe (the launcher sets the setting {@code
 * stderr.terminal} to false, as {@code -Dqm.stderr.terminal=false}) it writes a line every {@value
 * #LOG_INTERVAL_MS} ms instead, so that a log stays readable.
 */
final class ProgressBars {
    /** Milliseconds between lines when the error stream is not a terminal. */
    static final int LOG_INTERVAL_MS = 10_000;

    private ProgressBars() {}

    /** Returns a bar over {@code total} items on {@code err}, or null when there is one item. */
    static ProgressBar over(String task, long total, PrintWriter err, AppConfig cfg) {
        return over(task, total, err, cfg.stderrTerminal());
    }

    /** As {@link #over(String, long, PrintWriter, AppConfig)}, saying whether it is a terminal. */
    static ProgressBar over(String task, long total, PrintWriter err, boolean terminal) {
        if (total <= 1) {
            return null;
        }
        ProgressBarBuilder builder =
                new ProgressBarBuilder()
                        .setTaskName(task)
                        .setInitialMax(total)
                        .setUnit(" img", 1)
                        .setConsumer(new WriterConsumer(err, terminal));
        if (!terminal) {
            builder.setStyle(ProgressBarStyle.ASCII) // no colour escapes in a log
                    .setUpdateIntervalMillis(LOG_INTERVAL_MS)
                    .continuousUpdate();
        }
        return builder.build();
    }

    /** Returns the progress display of the tools: bars on {@code err}, as the settings say. */
    static Progress on(PrintWriter err, AppConfig cfg) {
        boolean terminal = cfg.stderrTerminal();
        return (task, total) -> {
            ProgressBar bar = over(task, total, err, terminal);
            if (bar == null) {
                return Progress.Bar.NONE;
            }
            return new Progress.Bar() {
                @Override
                public void stepTo(long done) {
                    bar.stepTo(done);
                }

                @Override
                public void close() {
                    bar.close();
                }
            };
        };
    }

    /** Returns the progress bar of a replay, drawn once the size of its range is known. */
    static Replay replay(PrintWriter err, AppConfig cfg) {
        return new Replay(err, cfg);
    }

    /** The progress of a replay: a bar over the records in range, closed at the end. */
    static final class Replay implements ReplayService.Progress, AutoCloseable {
        private final PrintWriter err;
        private final AppConfig cfg;
        private ProgressBar bar;

        private Replay(PrintWriter err, AppConfig cfg) {
            this.err = err;
            this.cfg = cfg;
        }

        @Override
        public void planned(long records) {
            bar = over("replay", records, err, cfg);
        }

        @Override
        public void done(long records) {
            if (bar != null) {
                bar.stepTo(records); // long: topics are big
            }
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
            }
        }
    }

    /** Returns a consumer that moves {@code bar} to the count done; a no-op without a bar. */
    static IntConsumer stepper(ProgressBar bar) {
        return done -> {
            if (bar != null) {
                bar.stepTo(done);
            }
        };
    }

    /** Draws the bar by rewriting one line of a {@link PrintWriter}, or a line each time. */
    private static final class WriterConsumer implements ProgressBarConsumer {
        private final PrintWriter err;
        private final boolean terminal;
        private String last = "";

        WriterConsumer(PrintWriter err, boolean terminal) {
            this.err = err;
            this.terminal = terminal;
        }

        @Override
        public int getMaxRenderedLength() {
            return 100;
        }

        @Override
        public void accept(String rendered) {
            if (terminal) {
                err.print('\r');
                err.print(rendered);
            } else if (!rendered.equals(last)) { // the final state is rendered twice on close
                err.println(rendered.stripTrailing());
            }
            last = rendered;
            err.flush();
        }

        @Override
        public void close() {
            if (terminal) {
                err.println();
            }
            err.flush();
        }
    }
}
