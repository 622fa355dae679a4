package io.qualitymonitor.model;

import ai.djl.Device;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import io.qualitymonitor.config.OneLine;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The image side of a vision-language branch that reads another branch's features instead of pixels
 * (bundle input {@code "features": "lowlevel"}): a TorchScript module mapping {@code [N, F]} pooled
 * low-level features to {@code [N, embed_dim]} L2-normalised embeddings, as LiT ("locked image
 * tuning") aligns a text tower with a locked image tower. It costs one small matrix product per
 * batch instead of a second encoder's forward passes. Thread-safe.
 */
final class FeatureProjector implements AutoCloseable {
    private final String file;
    private final ZooModel<NDList, NDList> model;
    private final Predictor<NDList, NDList> predictor;

    private FeatureProjector(String file, ZooModel<NDList, NDList> model) {
        this.file = file;
        this.model = model;
        this.predictor = model.newPredictor();
    }

    /** Returns the projector in {@code dir/file} (a {@code .pt} file) on {@code device}. */
    static FeatureProjector load(Path dir, String file, Device device) {
        ZooModel<NDList, NDList> model =
                PredictorPool.loadTorchScript(
                        dir,
                        file,
                        device,
                        Criteria.builder()
                                .setTypes(NDList.class, NDList.class)
                                .optTranslator(new NoopTranslator()));
        try {
            return new FeatureProjector(file, model);
        } catch (RuntimeException e) {
            model.close();
            throw new ModelException("cannot load " + file + ": " + OneLine.of(e), e);
        }
    }

    /** Returns one embedding per row of {@code features} (all of one length), in order. */
    synchronized List<float[]> project(List<float[]> features) {
        int n = features.size();
        int dim = features.get(0).length;
        FloatBuffer in = FloatBuffer.allocate(n * dim);
        features.forEach(in::put);
        in.flip();
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDArray x = manager.create(in, new Shape(n, dim));
            NDArray out = predictor.predict(new NDList(x)).singletonOrThrow();
            int d = (int) out.getShape().get(1);
            float[] flat = out.toFloatArray();
            List<float[]> rows = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                float[] r = new float[d];
                System.arraycopy(flat, i * d, r, 0, d);
                rows.add(r);
            }
            return rows;
        } catch (TranslateException | RuntimeException e) {
            throw new ModelRuntimeException(file + " failed on a batch: " + OneLine.of(e), e);
        }
    }

    @Override
    public void close() {
        predictor.close();
        model.close();
    }
}
