package io.qualitymonitor.model;

import ai.djl.translate.ArgumentsUtil;
import ai.djl.translate.TranslateException;
import io.qualitymonitor.image.MultiScaleCrops;
import io.qualitymonitor.image.Normalisation;
import io.qualitymonitor.image.TensorInput;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Reads and writes the typed translator arguments (DJL's arguments map) of both branches. */
final class TranslatorArguments {
    private TranslatorArguments() {}

    static String join(double[] values) {
        return Arrays.stream(values)
                .mapToObj(v -> String.format(Locale.ROOT, "%s", v))
                .collect(Collectors.joining(","));
    }

    static String join(float[] values) {
        double[] d = new double[values.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = values[i];
        }
        return join(d);
    }

    /**
     * Returns {@code extra} plus the arguments that recreate {@code input}: {@code crop_size},
     * {@code crops} and {@code scales} for a crop grid, else {@code size}; {@code mean}, {@code
     * std}.
     */
    static Map<String, Object> withInput(Map<String, Object> extra, TensorInput input) {
        Map<String, Object> args = new HashMap<>(extra);
        if (input instanceof MultiScaleCrops in) {
            args.put("crop_size", in.cropSize());
            args.put("crops", in.crops());
            args.put("scales", join(in.scales()));
            args.put("max_side", in.maxSide());
        } else {
            args.put("size", input.side());
        }
        args.put("mean", join(input.norm().mean()));
        args.put("std", join(input.norm().std()));
        return Map.copyOf(args);
    }

    /**
     * Returns the crop grid of {@code crop_size}, {@code crops}, {@code scales} (or the defaults).
     */
    static MultiScaleCrops crops(
            Map<String, ?> args, int cropSize, int crops, String scales, Normalisation norm)
            throws TranslateException {
        return new MultiScaleCrops(
                ArgumentsUtil.intValue(args, "crop_size", cropSize),
                ArgumentsUtil.intValue(args, "crops", crops),
                doubles(args, "scales", scales),
                norm,
                ArgumentsUtil.intValue(args, "max_side", 0));
    }

    static double[] doubles(Map<String, ?> args, String key, String def) throws TranslateException {
        String v = ArgumentsUtil.stringValue(args, key, def);
        try {
            return Arrays.stream(v.split(","))
                    .map(String::trim)
                    .mapToDouble(Double::parseDouble)
                    .toArray();
        } catch (NumberFormatException e) {
            throw new TranslateException(
                    "translator argument '" + key + "' must be numbers, got " + v);
        }
    }

    static Normalisation normalisation(Map<String, ?> args, String mean, String std)
            throws TranslateException {
        double[] m = doubles(args, "mean", mean);
        double[] s = doubles(args, "std", std);
        float[] mf = new float[m.length];
        float[] sf = new float[s.length];
        for (int i = 0; i < m.length; i++) {
            mf[i] = (float) m[i];
        }
        for (int i = 0; i < s.length; i++) {
            sf[i] = (float) s[i];
        }
        try {
            return new Normalisation(mf, sf);
        } catch (IllegalArgumentException e) {
            throw new TranslateException("translator arguments mean/std: " + e.getMessage());
        }
    }
}
