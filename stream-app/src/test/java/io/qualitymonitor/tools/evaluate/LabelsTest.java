package io.qualitymonitor.tools.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelsTest {

    @Test
    void shouldReadImagesLabelsAndGroupsByColumnName(@TempDir Path dir) throws Exception {
        // Given columns in another order, an extra column, a comment and a blank line
        Path csv = dir.resolve("labels.csv");
        Files.writeString(
                csv,
                "# TID-like\nMOS,extra,Image,Distortion\n5.1,x,a/i01.bmp,blur\n\n3.25,y,a/i02.bmp,noise\n");

        // When
        Labels labels = Labels.read(csv);

        // Then
        assertThat(labels.images()).containsExactly("a/i01.bmp", "a/i02.bmp");
        assertThat(labels.values()).containsExactly(5.1, 3.25);
        assertThat(labels.groups()).containsExactly("blur", "noise");
        assertThat(labels.hasGroups()).isTrue();
    }

    @Test
    void shouldAllowFilesWithoutGroups(@TempDir Path dir) throws Exception {
        // Given
        Path csv = dir.resolve("labels.csv");
        Files.writeString(csv, "image,label\nx.png,1\ny.png,2\n");

        // When
        Labels labels = Labels.read(csv);

        // Then
        assertThat(labels.hasGroups()).isFalse();
        assertThat(labels.weights()).isNull();
        assertThat(labels.size()).isEqualTo(2);
    }

    @Test
    void shouldReadRowWeightsAndRefuseNonPositiveOnes(@TempDir Path dir) throws Exception {
        // Given a weight column
        Path csv = dir.resolve("labels.csv");
        Files.writeString(csv, "image,label,group,weight\np.png,0,pristine,26\nb.png,1,blur,1\n");
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "image,label,weight\np.png,0,0\n");

        // When
        Labels labels = Labels.read(csv);

        // Then
        assertThat(labels.weights()).containsExactly(26.0, 1.0);
        assertThatThrownBy(() -> Labels.read(bad))
                .isInstanceOf(EvaluationException.class)
                .hasMessageEndingWith("line 2: weight '0' must be positive");
    }

    @Test
    void shouldNameTheLineOfABadLabel(@TempDir Path dir) throws Exception {
        // Given
        Path csv = dir.resolve("labels.csv");
        Files.writeString(csv, "image,mos\nx.png,1\ny.png,high\n");

        // When / Then
        assertThatThrownBy(() -> Labels.read(csv))
                .isInstanceOf(EvaluationException.class)
                .hasMessageEndingWith("line 3: label 'high' is not a number");
    }

    @Test
    void shouldSayWhichColumnIsMissing(@TempDir Path dir) throws Exception {
        // Given
        Path csv = dir.resolve("labels.csv");
        Files.writeString(csv, "path,mos\nx.png,1\n");

        // When / Then
        assertThatThrownBy(() -> Labels.read(csv))
                .isInstanceOf(EvaluationException.class)
                .hasMessageContaining("needs a column named one of image, file, filename");
        assertThatThrownBy(() -> Labels.read(dir.resolve("none.csv")))
                .hasMessageStartingWith("labels file not found");
    }
}
