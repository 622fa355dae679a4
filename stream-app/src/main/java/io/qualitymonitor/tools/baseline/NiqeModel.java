package io.qualitymonitor.tools.baseline;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The NIQE pristine multivariate Gaussian: mean (36) and covariance (36x36) of natural-scene
 * features, from the LIVE NIQE release (the same values as BasicSR's {@code niqe_pris_params.npz}).
 *
 * @param mean the pristine feature mean
 * @param covariance the pristine feature covariance, row-major rows
 */
public record NiqeModel(double[] mean, double[][] covariance) {

    /** The number of features: 18 per scale, two scales. */
    public static final int FEATURES = 36;

    private static final String RESOURCE_DIR = "/baselines/niqe/";

    /** Checks the sizes. */
    public NiqeModel {
        if (mean.length != FEATURES || covariance.length != FEATURES) {
            throw new BaselineException(
                    "NIQE model needs a 36-value mean and a 36x36 covariance, got "
                            + mean.length
                            + " and "
                            + covariance.length
                            + " rows");
        }
    }

    /** Returns the model shipped in the application's resources. */
    public static NiqeModel loadDefault() {
        return new NiqeModel(
                readResource("niqe_pris_mu.csv")[0], readResource("niqe_pris_cov.csv"));
    }

    /** Returns the model read from the two CSV files ({@code #} lines are comments). */
    public static NiqeModel load(Path meanCsv, Path covarianceCsv) {
        try (InputStream m = Files.newInputStream(meanCsv);
                InputStream c = Files.newInputStream(covarianceCsv)) {
            return new NiqeModel(
                    readCsv(m, meanCsv.toString())[0], readCsv(c, covarianceCsv.toString()));
        } catch (IOException e) {
            throw new BaselineException("cannot read NIQE model: " + e.getMessage(), e);
        }
    }

    private static double[][] readResource(String name) {
        try (InputStream in = NiqeModel.class.getResourceAsStream(RESOURCE_DIR + name)) {
            if (in == null) {
                throw new BaselineException(
                        "NIQE model resource " + RESOURCE_DIR + name + " is missing");
            }
            return readCsv(in, name);
        } catch (IOException e) {
            throw new BaselineException("cannot read NIQE model resource " + name, e);
        }
    }

    /** Reads comma-separated rows of numbers, skipping blank and {@code #} lines. */
    static double[][] readCsv(InputStream in, String source) throws IOException {
        List<double[]> rows = new ArrayList<>();
        BufferedReader reader =
                new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String[] cells = trimmed.split(",");
            double[] row = new double[cells.length];
            for (int i = 0; i < cells.length; i++) {
                try {
                    row[i] = Double.parseDouble(cells[i].strip());
                } catch (NumberFormatException e) {
                    throw new BaselineException(source + ": not a number '" + cells[i] + "'", e);
                }
            }
            rows.add(row);
        }
        if (rows.isEmpty()) {
            throw new BaselineException(source + " holds no numbers");
        }
        return rows.toArray(double[][]::new);
    }
}
