package io.qualitymonitor.model;

import ai.djl.Model;
import ai.djl.translate.ArgumentsUtil;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorFactory;
import ai.djl.util.Pair;
import io.qualitymonitor.image.DecodedImage;
import io.qualitymonitor.image.MultiScaleCrops;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.Set;

/**
 * Returns {@link LowLevelTranslator}s from DJL's arguments: {@code file}, {@code crop_size} (224),
 * {@code crops} (4), {@code scales} ("1.0,0.5"), {@code mean}, {@code std} (ImageNet), {@code
 * feature_dim} (128). The loader passes the values of bundle.json.
 */
public final class LowLevelTranslatorFactory implements TranslatorFactory {

    /** Returns the arguments that recreate {@code spec}. */
    static Map<String, Object> arguments(LowLevelSpec spec) {
        MultiScaleCrops in = spec.input();
        return Map.of(
                "file", spec.file(),
                "crop_size", in.cropSize(),
                "crops", in.crops(),
                "scales", TranslatorArguments.join(in.scales()),
                "mean", TranslatorArguments.join(in.norm().mean()),
                "std", TranslatorArguments.join(in.norm().std()),
                "feature_dim", spec.featureDim());
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
            throw new TranslateException("low-level translator maps DecodedImage to float[]");
        }
        MultiScaleCrops crops =
                new MultiScaleCrops(
                        ArgumentsUtil.intValue(args, "crop_size", 224),
                        ArgumentsUtil.intValue(args, "crops", 4),
                        TranslatorArguments.doubles(args, "scales", "1.0,0.5"),
                        TranslatorArguments.normalisation(
                                args, "0.485,0.456,0.406", "0.229,0.224,0.225"));
        LowLevelSpec spec =
                new LowLevelSpec(
                        ArgumentsUtil.stringValue(args, "file", "lowlevel.pt"),
                        crops,
                        ArgumentsUtil.intValue(args, "feature_dim", 128));
        return (Translator<I, O>) new LowLevelTranslator(spec);
    }
}
