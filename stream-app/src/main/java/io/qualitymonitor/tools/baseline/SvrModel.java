package io.qualitymonitor.tools.baseline;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * An epsilon-SVR with an RBF kernel as OpenCV's {@code ml::SVM} stores it: {@code f(x) = sum_i
 * alpha_i exp(-gamma |x - sv_i|^2) - rho}.
 *
 * @param gamma the RBF kernel's gamma
 * @param supportVectors one row per support vector
 * @param alpha the dual coefficient of each support vector
 * @param rho the decision function's offset
 */
record SvrModel(double gamma, double[][] supportVectors, double[] alpha, double rho) {

    /** Returns the regression value for feature vector {@code x}. */
    double predict(double[] x) {
        double sum = -rho;
        for (int i = 0; i < supportVectors.length; i++) {
            double[] sv = supportVectors[i];
            double d2 = 0;
            for (int k = 0; k < sv.length; k++) {
                double d = x[k] - sv[k];
                d2 += d * d;
            }
            sum += alpha[i] * Math.exp(-gamma * d2);
        }
        return sum;
    }

    /** Reads an OpenCV {@code opencv_ml_svm} YAML file (EPS_SVR, RBF kernel). */
    static SvrModel read(InputStream in, String source) throws IOException {
        OpenCvYaml yaml =
                new OpenCvYaml(new String(in.readAllBytes(), StandardCharsets.UTF_8), source);
        String svmType = yaml.scalar("svmType", 0);
        String kernel = yaml.scalar("type", Math.max(0, yaml.position("kernel")));
        if (!svmType.equals("EPS_SVR") || !kernel.equals("RBF")) {
            throw new BaselineException(
                    source
                            + ": need an EPS_SVR model with an RBF kernel, got "
                            + svmType
                            + "/"
                            + kernel);
        }
        int vars = (int) yaml.number("var_count");
        int total = (int) yaml.number("sv_total");
        int decision = yaml.position("decision_functions");
        double[] flat = yaml.numbersBetween(yaml.position("support_vectors"), decision);
        if (decision < 0 || flat.length != vars * total) {
            throw new BaselineException(
                    source + ": expected " + total + " support vectors of " + vars + " values");
        }
        double[][] vectors = new double[total][vars];
        for (int i = 0; i < total; i++) {
            System.arraycopy(flat, i * vars, vectors[i], 0, vars);
        }
        double[] alpha = yaml.list("alpha");
        if (yaml.position("index") > decision) {
            vectors = select(vectors, yaml.list("index"));
        }
        if (alpha.length != vectors.length) {
            throw new BaselineException(
                    source
                            + ": "
                            + alpha.length
                            + " coefficients for "
                            + vectors.length
                            + " support vectors");
        }
        return new SvrModel(yaml.number("gamma"), vectors, alpha, yaml.number("rho"));
    }

    private static double[][] select(double[][] vectors, double[] index) {
        double[][] out = new double[index.length][];
        for (int i = 0; i < index.length; i++) {
            out[i] = vectors[(int) index[i]];
        }
        return out;
    }
}
