package io.qualitymonitor.model;

import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.training.ParameterStore;
import ai.djl.translate.TranslateException;
import ai.djl.translate.TranslatorFactory;
import io.qualitymonitor.config.OneLine;
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
    private final int passMaxViews;

    private PredictorPool(
            String file, ZooModel<DecodedImage, float[]> model, int size, int passMaxViews) {
        this.file = file;
        this.model = model;
        this.passMaxViews = passMaxViews;
        if (passMaxViews > 0) {
            model.setBlock(inPasses(model.getBlock(), model.getNDManager(), passMaxViews));
        }
        this.idle = new ArrayBlockingQueue<>(size);
        for (int i = 0; i < size; i++) {
            Predictor<DecodedImage, float[]> p = model.newPredictor();
            all.add(p);
            idle.add(p);
        }
    }

    /**
     * Returns a pool of {@code size} predictors over {@code dir/file} (a {@code .pt} file), whose
     * translator {@code factory} builds from {@code arguments}; a batch's crops go through the
     * encoder in forward passes of at most {@code passMaxViews} (0: all in one pass).
     */
    static PredictorPool load(
            Path dir,
            String file,
            TranslatorFactory factory,
            Map<String, Object> arguments,
            ai.djl.Device device,
            int size,
            int passMaxViews) {
        ZooModel<DecodedImage, float[]> model =
                loadTorchScript(
                        dir,
                        file,
                        device,
                        Criteria.builder()
                                .setTypes(DecodedImage.class, float[].class)
                                .optTranslatorFactory(factory)
                                .optArguments(arguments));
        try {
            return new PredictorPool(file, model, size, passMaxViews);
        } catch (RuntimeException e) {
            model.close();
            throw new ModelException("cannot load " + file + ": " + OneLine.of(e), e);
        }
    }

    /**
     * Returns the TorchScript model {@code dir/file} (a {@code .pt} file) on {@code device}, with
     * the types and translator {@code typed} sets; throws {@link ModelException} with a one-line
     * reason when it cannot be loaded.
     */
    static <I, O> ZooModel<I, O> loadTorchScript(
            Path dir, String file, ai.djl.Device device, Criteria.Builder<I, O> typed) {
        if (!file.endsWith(".pt")) {
            throw new ModelException("model file " + file + " must end with .pt (TorchScript)");
        }
        Criteria<I, O> criteria =
                typed.optModelPath(dir)
                        .optModelName(file.substring(0, file.length() - 3))
                        .optEngine("PyTorch")
                        .optDevice(device)
                        .optOption("mapLocation", "true")
                        .build();
        try {
            return criteria.loadModel();
        } catch (ModelNotFoundException
                | MalformedModelException
                | IOException
                | RuntimeException e) {
            throw new ModelException("cannot load " + file + ": " + OneLine.of(e), e);
        }
    }

    /**
     * Returns {@code encoder} reading its input rows (crops) in passes of at most {@code max}: the
     * rows are independent (eval mode), and on a CPU the towers slow down several times per row in
     * larger passes (docs/benchmarks/model-passes.md).
     */
    private static Block inPasses(Block encoder, NDManager manager, int max) {
        ParameterStore store = new ParameterStore(manager, false);
        return new LambdaBlock(
                in -> {
                    NDArray x = in.singletonOrThrow();
                    long n = x.getShape().get(0);
                    if (n <= max) {
                        return encoder.forward(store, in, false);
                    }
                    NDList parts = new NDList();
                    for (long from = 0; from < n; from += max) {
                        NDArray rows = x.get(from + ":" + Math.min(n, from + max));
                        parts.add(
                                encoder.forward(store, new NDList(rows), false).singletonOrThrow());
                    }
                    return new NDList(NDArrays.concat(parts));
                });
    }

    /** Returns one output per input, from one borrowed predictor. */
    List<float[]> predict(List<DecodedImage> images) {
        Predictor<DecodedImage, float[]> p;
        try {
            p = idle.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelException("interrupted while waiting for a predictor of " + file, e);
        }
        try {
            return p.batchPredict(images);
        } catch (TranslateException | RuntimeException e) {
            throw new ModelRuntimeException(file + " failed on a batch: " + OneLine.of(e), e);
        } finally {
            idle.add(p);
        }
    }

    /** Returns the most crops per forward pass (0: the whole batch). */
    int passMaxViews() {
        return passMaxViews;
    }

    @Override
    public void close() {
        all.forEach(Predictor::close);
        model.close();
    }
}
