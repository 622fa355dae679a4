/**
 * Fitting the ridge heads of a model bundle to labelled images: the features as the runtime
 * computes them, standardised closed-form ridge regression with the regularisation chosen by k-fold
 * cross-validation, label scaling to 0-100, and the refitted bundle written out.
 */
package io.qualitymonitor.tools.fit;
