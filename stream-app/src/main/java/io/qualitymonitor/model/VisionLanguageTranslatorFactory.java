package io.qualitymonitor.model;

import ai.djl.Model;
import ai.djl.translate.ArgumentsUtil;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorFactory;
import ai.djl.util.Pair;
import io.qualitymonitor.image.CentreCrop;
import io.qualitymonitor.image.DecodedImage;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.Set;

/**
 * Returns {@link VisionLanguageTranslator}s from DJL's arguments: {@code file}, {@code size} (224),
 * {@code mean}, {@code std} (CLIP's), {@code embed_dim} (256). The loader passes the values of
 * bundle.json.
 */
public final class VisionLanguageTranslatorFactory implements TranslatorFactory {

    /** Returns the arguments that recreate the image side of {@code spec}. */
    static Map<String, Object> arguments(VisionLanguageSpec spec) {
        return Map.of(
                "file", spec.imageFile(),
                "size", spec.input().size(),
                "mean", TranslatorArguments.join(spec.input().norm().mean()),
                "std", TranslatorArguments.join(spec.input().norm().std()),
                "embed_dim", spec.embedDim());
    }

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
            throw new TranslateException("vision-language translator maps DecodedImage to float[]");
        }
        CentreCrop crop =
                new CentreCrop(
                        ArgumentsUtil.intValue(args, "size", 224),
                        TranslatorArguments.normalisation(
                                args, "0.481,0.458,0.408", "0.269,0.261,0.276"));
        VisionLanguageSpec spec =
                new VisionLanguageSpec(
                        ArgumentsUtil.stringValue(args, "file", "vl_image.pt"),
                        null,
                        null,
                        "prompts.json",
                        crop,
                        ArgumentsUtil.intValue(args, "embed_dim", 256),
                        100.0);
        return (Translator<I, O>) new VisionLanguageTranslator(spec);
    }
}
