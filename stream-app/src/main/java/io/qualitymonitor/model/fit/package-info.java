/**
 * Fitting the ridge heads of a model bundle to labelled images: feature extraction with the
 * runtime's {@code Scorer}, standardised closed-form ridge regression with the regularisation
 * chosen by k-fold cross-validation, label scaling to 0-100. May depend on {@code model}, {@code
 * model.offline}, {@code evaluate} (labels, correlations), {@code image} and {@code config}.
 */
package io.qualitymonitor.model.fit;
