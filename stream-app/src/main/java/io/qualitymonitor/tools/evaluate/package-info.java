/**
 * Evaluation of quality scores against subjective labels: labelled image sets, scoring them with
 * bundles or classic baselines, SRCC, KRCC and PLCC after a four-parameter logistic fit, seeded
 * bootstrap confidence intervals, per-group tables and a scatter-plot PNG.
 */
package io.qualitymonitor.tools.evaluate;
