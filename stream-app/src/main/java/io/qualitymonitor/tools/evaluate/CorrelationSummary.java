package io.qualitymonitor.tools.evaluate;

/**
 * Agreement of one model's scores with the labels on one set of images.
 *
 * @param count the number of images
 * @param srcc Spearman's rank correlation with its interval
 * @param plcc Pearson's correlation after the logistic fit, with its interval
 * @param krcc Kendall's tau-b with its interval
 * @param fit the logistic fitted on the full set
 */
public record CorrelationSummary(
        int count, Interval srcc, Interval plcc, Interval krcc, LogisticFit fit) {}
