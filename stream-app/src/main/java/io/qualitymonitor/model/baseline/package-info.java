/**
 * Classic no-reference quality baselines, BRISQUE (OpenCV contrib's port and model) and NIQE (the
 * LIVE release's pristine model, MATLAB semantics), in plain Java over {@link
 * java.awt.image.BufferedImage}; depends on the JDK and commons-math3 only.
 */
package io.qualitymonitor.model.baseline;
