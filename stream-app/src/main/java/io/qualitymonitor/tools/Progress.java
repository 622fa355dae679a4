package io.qualitymonitor.tools;

import java.util.function.IntConsumer;

/**
 * Shows how far a task over a known number of images is: the command line draws a bar on its error
 * stream; tests pass {@link #NONE}.
 */
@FunctionalInterface
public interface Progress {
    /** Shows nothing. */
    Progress NONE = (task, total) -> Bar.NONE;

    /** Starts showing {@code task} over {@code total} images; close the bar when it is done. */
    Bar start(String task, long total);

    /** One task's bar: moved to the count done, closed at the end. */
    interface Bar extends AutoCloseable {
        /** A bar that shows nothing. */
        Bar NONE =
                new Bar() {
                    @Override
                    public void stepTo(long done) {}

                    @Override
                    public void close() {}
                };

        /** Moves the bar to {@code done} images. */
        void stepTo(long done);

        /** Returns this bar as the count consumer that {@code scoring} takes. */
        default IntConsumer stepper() {
            return this::stepTo;
        }

        @Override
        void close();
    }
}
