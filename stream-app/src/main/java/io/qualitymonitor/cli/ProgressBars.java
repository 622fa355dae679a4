package io.qualitymonitor.cli;

import java.io.PrintWriter;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;

/** Returns progress bars drawn on a command's error stream. */
final class ProgressBars {
    private ProgressBars() {}

    /** Returns a bar over {@code total} items on {@code err}, or null when there is one item. */
    static ProgressBar over(String task, long total, PrintWriter err) {
        if (total <= 1) {
            return null;
        }
        return new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(total)
                .setUnit(" img", 1)
                .setConsumer(new WriterConsumer(err))
                .build();
    }

    /** Returns a progress callback that moves {@code bar} (which may be null) to the count done. */
    static java.util.function.IntConsumer stepper(ProgressBar bar) {
        return done -> {
            if (bar != null) {
                bar.stepTo(done);
            }
        };
    }

    /** Draws the bar by rewriting one line of a {@link PrintWriter}. */
    private record WriterConsumer(PrintWriter err) implements ProgressBarConsumer {
        @Override
        public int getMaxRenderedLength() {
            return 100;
        }

        @Override
        public void accept(String rendered) {
            err.print('\r');
            err.print(rendered);
            err.flush();
        }

        @Override
        public void close() {
            err.println();
            err.flush();
        }
    }
}
