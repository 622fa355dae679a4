package io.qualitymonitor.tools.baseline;

import io.qualitymonitor.image.nss.BrisqueFeatures;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * OpenCV contrib's BRISQUE model: the feature scaling range (2x36, min and max) and the epsilon-SVR
 * trained on LIVE R2 ({@code brisque_model_live.yml}, {@code brisque_range_live.yml}).
 */
public final class BrisqueModel {

    /** The number of features: 18 per scale, two scales. */
    public static final int FEATURES = BrisqueFeatures.COUNT;

    private static final String RESOURCE_DIR = "/baselines/brisque/";

    private final SvrModel svr;
    private final double[] min;
    private final double[] max;

    private BrisqueModel(SvrModel svr, double[] range) {
        if (range.length != 2 * FEATURES || svr.supportVectors()[0].length != FEATURES) {
            throw new BaselineException("BRISQUE model needs 36 features and a 2x36 range");
        }
        this.svr = svr;
        this.min = java.util.Arrays.copyOfRange(range, 0, FEATURES);
        this.max = java.util.Arrays.copyOfRange(range, FEATURES, 2 * FEATURES);
    }

    /** Returns the model shipped in the application's resources. */
    public static BrisqueModel loadDefault() {
        try (InputStream model = resource("brisque_model_live.yml");
                InputStream range = resource("brisque_range_live.yml")) {
            return read(model, "brisque_model_live.yml", range, "brisque_range_live.yml");
        } catch (IOException e) {
            throw new BaselineException("cannot read the BRISQUE model resources", e);
        }
    }

    /** Returns the model read from an OpenCV SVM YAML file and its range YAML file. */
    public static BrisqueModel load(Path modelYaml, Path rangeYaml) {
        try (InputStream model = Files.newInputStream(modelYaml);
                InputStream range = Files.newInputStream(rangeYaml)) {
            return read(model, modelYaml.toString(), range, rangeYaml.toString());
        } catch (IOException e) {
            throw new BaselineException("cannot read BRISQUE model: " + e.getMessage(), e);
        }
    }

    /** Returns the SVR output for raw (unscaled) features, before clamping. */
    double predict(double[] features) {
        double[] scaled = new double[FEATURES];
        for (int i = 0; i < FEATURES; i++) {
            // float, as OpenCV's quality_utils::scale computes it
            float v = (float) features[i];
            float lo = (float) min[i];
            float hi = (float) max[i];
            scaled[i] = -1f + 2f * (v - lo) / (hi - lo);
        }
        return svr.predict(scaled);
    }

    private static BrisqueModel read(
            InputStream model, String modelName, InputStream range, String rangeName)
            throws IOException {
        SvrModel svr = SvrModel.read(model, modelName);
        OpenCvYaml rangeYaml =
                new OpenCvYaml(new String(range.readAllBytes(), StandardCharsets.UTF_8), rangeName);
        return new BrisqueModel(svr, rangeYaml.list("data"));
    }

    private static InputStream resource(String name) {
        InputStream in = BrisqueModel.class.getResourceAsStream(RESOURCE_DIR + name);
        if (in == null) {
            throw new BaselineException(
                    "BRISQUE model resource " + RESOURCE_DIR + name + " is missing");
        }
        return in;
    }
}
