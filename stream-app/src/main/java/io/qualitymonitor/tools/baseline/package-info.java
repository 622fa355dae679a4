/**
 * Classic no-reference quality baselines, BRISQUE (OpenCV contrib's port and model) and NIQE (the
 * LIVE release's pristine model, MATLAB semantics): their models, the SVR and the scorers, over the
 * features of {@code image.nss}.
 */
package io.qualitymonitor.tools.baseline;
