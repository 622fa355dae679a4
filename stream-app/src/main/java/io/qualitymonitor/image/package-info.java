/**
 * Decoding and preparing images: reading bytes from an {@link io.qualitymonitor.image.ImageSource},
 * decoding with caps checked before pixels are allocated, EXIF orientation, fast resizing, crops
 * and normalised float CHW tensors as plain arrays. No DJL types; may depend on {@code config}
 * only.
 */
package io.qualitymonitor.image;
