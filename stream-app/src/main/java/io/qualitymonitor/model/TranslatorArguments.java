package io.qualitymonitor.model;

import ai.djl.translate.ArgumentsUtil;
import ai.djl.translate.TranslateException;
import io.qualitymonitor.image.Normalisation;
import java.util.Arrays;
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
