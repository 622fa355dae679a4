package io.qualitymonitor.fetch;

/**
 * Returns the outcome of one fetch: either {@link Fetched} bytes or a {@link FetchFailure} with a
 * reason code. Callers switch over it exhaustively.
 */
public sealed interface FetchResult permits Fetched, FetchFailure {

    /** Returns how many tries the fetch made (1 when it succeeded or failed at once). */
    int attempts();
}
