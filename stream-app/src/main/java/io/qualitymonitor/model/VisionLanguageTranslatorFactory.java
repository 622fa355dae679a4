package io.qualitymonitor.model;

import ai.djl.translate.ArgumentsUtil;
import ai.djl.translate.TranslateException;
import io.qualitymonitor.image.CentreCrop;
import io.qualitymonitor.image.Normalisation;
import io.qualitymonitor.image.TensorInput;
import java.util.Map;

/**
 * Returns {@link VisionLanguageTranslator}s from DJL's arguments: {@code file}, {@code size} (224),
 * or {@code crop_size} with {@code crops} and {@code scales} for crops whose embeddings are
 * averaged, {@code mean}, {@code std} (CLIP's), {@code embed_dim} (256). The loader passes the
 * values of bundle.json.
 */
public final class VisionLanguageTranslatorFactory extends ImageTranslatorFactory {

    /** Returns the arguments that recreate the image side of {@code spec}. */
    static Map<String, Object> arguments(VisionLanguageSpec spec) {
        return TranslatorArguments.withInput(
                Map.of("file", spec.imageFile(), "embed_dim", spec.embedDim()), spec.input());
    }

    @Override
    ImageBatchTranslator create(Map<String, ?> args) throws TranslateException {
        Normalisation norm =
                TranslatorArguments.normalisation(args, "0.481,0.458,0.408", "0.269,0.261,0.276");
        TensorInput input =
                args.containsKey("crops")
                        ? TranslatorArguments.crops(args, 224, 1, "1.0", norm)
                        : new CentreCrop(ArgumentsUtil.intValue(args, "size", 224), norm);
        VisionLanguageSpec spec =
                new VisionLanguageSpec(
                        ArgumentsUtil.stringValue(args, "file", "vl_image.pt"),
                        null,
                        null,
                        "prompts.json",
                        input,
                        null,
                        ArgumentsUtil.intValue(args, "embed_dim", 256),
                        100.0);
        return new VisionLanguageTranslator(spec);
    }
}
