package io.qualitymonitor.model;

import ai.djl.translate.ArgumentsUtil;
import ai.djl.translate.TranslateException;
import io.qualitymonitor.image.MultiScaleCrops;
import java.util.Map;

/**
 * Returns {@link LowLevelTranslator}s from DJL's arguments: {@code file}, {@code crop_size} (224),
 * {@code crops} (4), {@code scales} ("1.0,0.5"), {@code mean}, {@code std} (ImageNet), {@code
 * feature_dim} (128). The loader passes the values of bundle.json.
 */
public final class LowLevelTranslatorFactory extends ImageTranslatorFactory {

    /** Returns the arguments that recreate {@code spec}. */
    static Map<String, Object> arguments(LowLevelSpec spec) {
        return TranslatorArguments.withInput(
                Map.of("file", spec.file(), "feature_dim", spec.featureDim()), spec.input());
    }

    @Override
    ImageBatchTranslator create(Map<String, ?> args) throws TranslateException {
        MultiScaleCrops crops =
                TranslatorArguments.crops(
                        args,
                        224,
                        4,
                        "1.0,0.5",
                        TranslatorArguments.normalisation(
                                args, "0.485,0.456,0.406", "0.229,0.224,0.225"));
        LowLevelSpec spec =
                new LowLevelSpec(
                        ArgumentsUtil.stringValue(args, "file", "lowlevel.pt"),
                        crops,
                        ArgumentsUtil.intValue(args, "feature_dim", 128));
        return new LowLevelTranslator(spec);
    }
}
