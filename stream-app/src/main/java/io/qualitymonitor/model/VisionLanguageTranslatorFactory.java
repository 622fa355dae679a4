package io.qualitymonitor.model;

import ai.djl.translate.ArgumentsUtil;
import ai.djl.translate.TranslateException;
import io.qualitymonitor.image.CentreCrop;
import java.util.Map;

/**
 * Returns {@link VisionLanguageTranslator}s from DJL's arguments: {@code file}, {@code size} (224),
 * {@code mean}, {@code std} (CLIP's), {@code embed_dim} (256). The loader passes the values of
 * bundle.json.
 */
public final class VisionLanguageTranslatorFactory extends ImageTranslatorFactory {

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
    ImageBatchTranslator create(Map<String, ?> args) throws TranslateException {
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
        return new VisionLanguageTranslator(spec);
    }
}
