package io.qualitymonitor.tools.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.qualitymonitor.image.nss.GrayImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BaselineModelTest {

    private static SvrModel svr(String yaml) throws Exception {
        return SvrModel.read(
                new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yml");
    }

    @Test
    void shouldReadShippedOpenCvSvm() throws Exception {
        // Given / When
        SvrModel model;
        try (var in =
                BaselineModelTest.class.getResourceAsStream(
                        "/baselines/brisque/brisque_model_live.yml")) {
            model = SvrModel.read(in, "brisque_model_live.yml");
        }

        // Then the header values of the file
        assertThat(model.supportVectors()).hasNumberOfRows(774);
        assertThat(model.supportVectors()[0]).hasSize(36);
        assertThat(model.supportVectors()[0][0]).isEqualTo(-5.97555935e-01);
        assertThat(model.alpha()).hasSize(774);
        assertThat(model.gamma()).isEqualTo(0.05, within(1e-15));
        assertThat(model.rho()).isEqualTo(-1.4963506109127357e+02);
    }

    @Test
    void shouldPredictRbfRegressionByHand() throws Exception {
        // Given two support vectors in 2-D, alpha (2, -1), rho 0.5, gamma 0.5
        SvrModel model =
                svr(
                        """
                        %YAML:1.0
                        ---
                        opencv_ml_svm:
                           svmType: EPS_SVR
                           kernel:
                              type: RBF
                              gamma: 0.5
                           var_count: 2
                           sv_total: 2
                           support_vectors:
                              - [ 0., 0. ]
                              - [ 1., 1. ]
                           decision_functions:
                              -
                                 sv_count: 2
                                 rho: 0.5
                                 alpha: [ 2., -1. ]
                        """);

        // When
        double y = model.predict(new double[] {1, 0});

        // Then 2 exp(-0.5 * 1) - exp(-0.5 * 1) - 0.5
        assertThat(y).isCloseTo(Math.exp(-0.5) - 0.5, within(1e-12));
    }

    @Test
    void shouldRejectAClassifierModel() {
        // Given / When / Then
        assertThatThrownBy(
                        () ->
                                svr(
                                        """
                                        %YAML:1.0
                                        opencv_ml_svm:
                                           svmType: C_SVC
                                           kernel:
                                              type: RBF
                                        """))
                .isInstanceOf(BaselineException.class)
                .hasMessageContaining("EPS_SVR");
    }

    @Test
    void shouldLoadShippedNiqeModelWithSymmetricCovariance() {
        // Given / When
        NiqeModel model = NiqeModel.loadDefault();

        // Then
        assertThat(model.mean()[0]).isEqualTo(2.6013136801541448);
        for (int i = 0; i < 36; i++) {
            for (int j = 0; j < 36; j++) {
                assertThat(model.covariance()[i][j])
                        .isCloseTo(model.covariance()[j][i], within(1e-12));
            }
        }
    }

    @Test
    void shouldCreateBaselinesByNameAndRejectUnknownOnes() {
        // Given / When / Then
        assertThat(Baselines.create("BRISQUE").name()).isEqualTo("brisque");
        assertThat(Baselines.create("niqe").lowerIsBetter()).isTrue();
        assertThatThrownBy(() -> Baselines.create("piqe"))
                .isInstanceOf(BaselineException.class)
                .hasMessage("unknown baseline 'piqe'; known: brisque, niqe");
    }

    @Test
    void shouldRefuseImagesTooSmallForNiqe() {
        // Given a 100x100 image: one 96x96 block only
        GrayImage image = new GrayImage(100, 100, new double[100 * 100]);

        // When / Then
        assertThatThrownBy(() -> new Niqe(NiqeModel.loadDefault()).score(image))
                .isInstanceOf(BaselineException.class)
                .hasMessageContaining("two 96x96 blocks");
    }

    @Test
    void shouldIgnoreNanRowsInCovarianceAndNanCellsInMean() {
        // Given three rows, one with a NaN
        double[][] rows = {{1, 2}, {3, Double.NaN}, {5, 6}};

        // When
        double[] mean = FeatureStats.nanMean(rows);
        double[][] cov = FeatureStats.nanCov(rows);

        // Then mean per column over non-NaN cells; covariance of rows 1 and 3 only
        assertThat(mean).containsExactly(3.0, 4.0);
        assertThat(cov[0][0]).isEqualTo(8.0);
        assertThat(cov[0][1]).isEqualTo(8.0);
        assertThat(cov[1][1]).isEqualTo(8.0);
    }
}
