package io.qualitymonitor.batch;

import java.util.List;

/** Returns one output per input, in the same order; typically one model call for a batch. */
@FunctionalInterface
public interface BatchFunction<I, O> {

    /** Returns outputs for {@code inputs}, index for index; throws when the whole call failed. */
    List<O> apply(List<I> inputs) throws Exception;
}
