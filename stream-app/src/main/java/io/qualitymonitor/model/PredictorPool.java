package io.qualitymonitor.model;

import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import ai.djl.translate.TranslatorFactory;
import io.qualitymonitor.image.DecodedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Returns a fixed pool of predictors over one TorchScript file: callers borrow one per batch, so as
 * many batches run at once as the pool holds.
 */
final class PredictorPool implements AutoCloseable {
    private final String file;
    private final ZooModel<DecodedImage, float[]> model;
    private final BlockingQueue<Predictor<DecodedImage, float[]>> idle;
    private final List<Predictor<DecodedImage, float[]>> all = new ArrayList<>();
    private final int passMaxImages;

    private PredictorPool(
            String file, ZooModel<DecodedImage, float[]> model, int size, int passMaxImages) {
        this.file = file;
        this.model = model;
        this.passMaxImages = passMaxImages;
        this.idle = new ArrayBlockingQueue<>(size);
        for (int i = 0; i < size; i++) {
            Predictor<DecodedImage, float[]> p = model.newPredictor();
            all.add(p);
            idle.add(p);
        }
    }

    /**
     * Returns a pool of {@code size} predictors over {@code dir/file} (a {@code .pt} file), whose
     * translator {@code factory} builds from {@code arguments}; a batch goes through in forward
     * passes of at most {@code passMaxImages} images (0: the whole batch in one pass).
     */
    static PredictorPool load(
            Path dir,
            String file,
            TranslatorFactory factory,
            Map<String, Object> arguments,
            ai.djl.Device device,
            int size,
            int passMaxImages) {
        if (!file.endsWith(".pt")) {
            throw new ModelException("model file " + file + " must end with .pt (TorchScript)");
        }
        Criteria<DecodedImage, float[]> criteria =
                Criteria.builder()
                        .setTypes(DecodedImage.class, float[].class)
                        .optModelPath(dir)
                        .optModelName(file.substring(0, file.length() - 3))
                        .optEngine("PyTorch")
                        .optDevice(device)
                        .optOption("mapLocation", "true")
                        .optTranslatorFactory(factory)
                        .optArguments(arguments)
                        .build();
        try {
            return new PredictorPool(file, criteria.loadModel(), size, passMaxImages);
        } catch (ModelNotFoundException
                | MalformedModelException
                | IOException
                | RuntimeException e) {
            throw new ModelException("cannot load " + file + ": " + oneLine(e), e);
        }
    }

    /**
     * Returns one output per input, from forward passes of at most {@code passMaxImages} images
     * each on one borrowed predictor.
     */
    List<float[]> predict(List<DecodedImage> images) {
        Predictor<DecodedImage, float[]> p;
        try {
            p = idle.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelException("interrupted while waiting for a predictor of " + file, e);
        }
        try {
            int step = passMaxImages > 0 ? passMaxImages : Math.max(1, images.size());
            if (images.size() <= step) {
                return p.batchPredict(images);
            }
            List<float[]> out = new ArrayList<>(images.size());
            for (int from = 0; from < images.size(); from += step) {
                out.addAll(
                        p.batchPredict(images.subList(from, Math.min(images.size(), from + step))));
            }
            return out;
        } catch (TranslateException | RuntimeException e) {
            throw new ModelException(file + " failed on a batch: " + oneLine(e), e);
        } finally {
            idle.add(p);
        }
    }

    private static String oneLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    @Override
    public void close() {
        all.forEach(Predictor::close);
        model.close();
    }
}
