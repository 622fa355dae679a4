package io.qualitymonitor.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.qualitymonitor.schemas.DeadLetter;
import io.qualitymonitor.schemas.DriftAlert;
import io.qualitymonitor.schemas.ImageUpload;
import io.qualitymonitor.schemas.QualityAlert;
import io.qualitymonitor.schemas.QualityScore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** The schemas the app registers are, byte for byte, Avro's form of the published .avsc files. */
class PublishedSchemaTest {

    @Test
    void shouldRegisterExactlyWhatConfluentsSerializerRegistersFromTheAvscFiles() throws Exception {
        for (Schema generated :
                List.of(
                        ImageUpload.getClassSchema(),
                        QualityScore.getClassSchema(),
                        QualityAlert.getClassSchema(),
                        DriftAlert.getClassSchema(),
                        DeadLetter.getClassSchema())) {
            // Given the published file of the record
            Path avsc = Path.of("../schemas/src/main/avro", generated.getName() + ".avsc");
            String fromFile = new Schema.Parser().parse(Files.readString(avsc)).toString();

            // When / Then the registered form is that file's canonical string, without the
            // code generator's Java-only property
            assertThat(generated.toString()).contains(PublishedSchema.JAVA_STRING_PROP);
            assertThat(PublishedSchema.of(generated).toString()).isEqualTo(fromFile);
        }
    }
}
