/**
 * Natural-scene statistics of grey images: MSCN coefficients, asymmetric generalised Gaussian fits
 * and the 36 BRISQUE features, computed as OpenCV and the MATLAB releases do. Pure Java over {@link
 * java.awt.image.BufferedImage} (commons-math3 for the gamma function); uses no project package, so
 * that the runtime and the classic baselines can both compute these features.
 */
package io.qualitymonitor.image.nss;
