package io.qualitymonitor.model;

import ai.djl.Model;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorFactory;
import ai.djl.util.Pair;
import io.qualitymonitor.image.DecodedImage;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.Set;

/**
 * Returns image translators ({@link DecodedImage} in, one feature vector out) from DJL's arguments.
 */
abstract class ImageTranslatorFactory implements TranslatorFactory {

    /** Returns the translator the arguments describe. */
    abstract ImageBatchTranslator create(Map<String, ?> args) throws TranslateException;

    @Override
    public Set<Pair<Type, Type>> getSupportedTypes() {
        return Set.of(new Pair<>(DecodedImage.class, float[].class));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <I, O> Translator<I, O> newInstance(
            Class<I> input, Class<O> output, Model model, Map<String, ?> args)
            throws TranslateException {
        if (!isSupported(input, output)) {
            throw new TranslateException(
                    getClass().getSimpleName() + " maps DecodedImage to float[] only");
        }
        return (Translator<I, O>) create(args);
    }
}
