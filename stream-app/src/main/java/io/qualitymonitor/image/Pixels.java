package io.qualitymonitor.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.awt.image.SinglePixelPackedSampleModel;
import java.awt.image.WritableRaster;

/**
 * Returns the packed {@code 0xRRGGBB} pixels of an image, row by row, without a copy when it can.
 */
public final class Pixels {
    private Pixels() {}

    /** Returns {@code width * height} packed RGB ints; shares the image's array when compact. */
    public static int[] rgb(BufferedImage img) {
        WritableRaster r = img.getRaster();
        if (img.getType() == BufferedImage.TYPE_INT_RGB
                && r.getSampleModelTranslateX() == 0
                && r.getSampleModelTranslateY() == 0
                && r.getSampleModel() instanceof SinglePixelPackedSampleModel sm
                && sm.getScanlineStride() == img.getWidth()
                && r.getDataBuffer().getOffset() == 0) {
            return ((DataBufferInt) r.getDataBuffer()).getData();
        }
        return img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
    }
}
