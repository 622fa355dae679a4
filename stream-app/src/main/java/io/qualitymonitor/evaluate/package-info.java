/**
 * Evaluation of quality scores against subjective labels: SRCC, KRCC and PLCC after a
 * four-parameter logistic fit, seeded bootstrap confidence intervals, per-group tables, a text
 * table formatter and a scatter-plot PNG writer. Pure Java (commons-math3, XChart); may depend on
 * {@code config} only, and knows nothing of Kafka or models.
 */
package io.qualitymonitor.evaluate;
