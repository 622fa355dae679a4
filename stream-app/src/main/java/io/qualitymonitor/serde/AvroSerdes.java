package io.qualitymonitor.serde;

import io.qualitymonitor.config.RegistryConfig;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/** Builds {@link AvroSerde}s from the registry settings (subject strategy, auto-registration). */
public final class AvroSerdes {
    private AvroSerdes() {}

    /**
     * Returns the serde for a generated record class, e.g. {@code ImageUpload.class}; it reads
     * records into the class's own schema, whatever compatible schema wrote them.
     *
     * @param isKey true when the serde is for record keys
     */
    public static <T extends SpecificRecord> AvroSerde<T> forClass(
            Class<T> type, SchemaLookup lookup, RegistryConfig config, boolean isKey) {
        SpecificData model = SpecificData.getForClass(type);
        return new AvroSerde<>(
                serializer(lookup, config, isKey, model),
                new AvroDeserializer<>(lookup, model.getSchema(type), model));
    }

    /**
     * Returns a serde for generic records; each record is read with the schema that wrote it.
     *
     * @param isKey true when the serde is for record keys
     */
    public static AvroSerde<GenericRecord> generic(
            SchemaLookup lookup, RegistryConfig config, boolean isKey) {
        return generic(lookup, config, isKey, null);
    }

    /**
     * Returns a serde for generic records that reads every record into {@code readerSchema} (Avro
     * schema resolution: fields the writer lacks take their defaults, extra ones are skipped).
     *
     * @param readerSchema the schema to read into; null reads with each record's writer schema
     */
    public static AvroSerde<GenericRecord> generic(
            SchemaLookup lookup, RegistryConfig config, boolean isKey, Schema readerSchema) {
        GenericData model = GenericData.get();
        return new AvroSerde<>(
                serializer(lookup, config, isKey, model),
                new AvroDeserializer<>(lookup, readerSchema, model));
    }

    private static <T extends IndexedRecord> AvroSerializer<T> serializer(
            SchemaLookup lookup, RegistryConfig config, boolean isKey, GenericData model) {
        return new AvroSerializer<>(
                lookup,
                SubjectNameStrategy.fromConfig(config.subjectNameStrategy()),
                config.autoRegister(),
                isKey,
                model);
    }
}
