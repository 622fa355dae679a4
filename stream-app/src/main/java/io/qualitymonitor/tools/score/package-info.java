/**
 * The rows of the {@code score} command: one per input, written as a table, CSV or JSON, with an
 * explanation from the attribute scores on request.
 */
package io.qualitymonitor.tools.score;
