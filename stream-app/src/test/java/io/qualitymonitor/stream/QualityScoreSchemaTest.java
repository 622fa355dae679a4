package io.qualitymonitor.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.qualitymonitor.model.ScoreField;
import io.qualitymonitor.schemas.QualityScore;
import java.io.IOException;
import java.io.InputStream;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.Test;

/** The {@code QualityScore} schema: one field per {@link ScoreField}, compatible with version 1. */
class QualityScoreSchemaTest {
    private static final Schema CURRENT = QualityScore.getClassSchema();

    @Test
    void shouldHaveAnOptionalDocumentedFieldForEachScoreField() {
        for (ScoreField f : ScoreField.values()) {
            Schema.Field field = CURRENT.getField(f.fieldName());
            assertThat(field).as(f.fieldName()).isNotNull();
            assertThat(field.schema().getTypes())
                    .extracting(Schema::getType)
                    .containsExactly(Schema.Type.NULL, Schema.Type.DOUBLE);
            assertThat(field.defaultVal()).isEqualTo(JsonProperties.NULL_VALUE);
            assertThat(field.doc()).startsWith(f.description());
        }
    }

    @Test
    void shouldReadAndBeReadByTheFirstVersionOfTheSchema() throws IOException {
        // Given the schema as first registered (before the head and zero-shot fields)
        Schema v1 = resource("/avro-evolution/QualityScore-v1.avsc");

        // Then consumers on either version read records of the other (BACKWARD and FORWARD)
        assertThat(compatibility(CURRENT, v1)).isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        assertThat(compatibility(v1, CURRENT)).isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        // and the first version's fields are all kept, the deprecated one documented as such
        v1.getFields().forEach(f -> assertThat(CURRENT.getField(f.name())).isNotNull());
        assertThat(CURRENT.getField("visionLanguageScore").doc())
                .startsWith("Deprecated: use zeroShotScore");
    }

    private static SchemaCompatibilityType compatibility(Schema reader, Schema writer) {
        return SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getType();
    }

    private static Schema resource(String name) throws IOException {
        try (InputStream in = QualityScoreSchemaTest.class.getResourceAsStream(name)) {
            return new Schema.Parser().parse(in);
        }
    }
}
