package io.qualitymonitor.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads upload lists: CSV with a header, or JSON lines (one object per line). Both name the same
 * fields: {@code id}, {@code uri} (required: an http(s) URL, a {@code file:} URI, or a path
 * relative to the list's folder), {@code event_time} (ISO-8601 instant, date, or epoch
 * milliseconds), {@code sha256}, {@code size} and {@code mime_type}; the Avro names ({@code
 * uploadId}, {@code imageUri}, {@code eventTime}, ...) work too. Segment labels are the other CSV
 * columns, or a {@code segments} (or {@code labels}) object in JSON. Blank lines are skipped; a bad
 * row throws {@link UploadInputException} naming the file and line.
 */
final class UploadRows {
    private static final Map<String, String> ALIASES =
            Map.ofEntries(
                    Map.entry("uploadid", "id"),
                    Map.entry("upload_id", "id"),
                    Map.entry("imageuri", "uri"),
                    Map.entry("image_uri", "uri"),
                    Map.entry("eventtime", "event_time"),
                    Map.entry("contentsha256", "sha256"),
                    Map.entry("content_sha256", "sha256"),
                    Map.entry("declaredsizebytes", "size"),
                    Map.entry("declared_size_bytes", "size"),
                    Map.entry("declaredmimetype", "mime_type"),
                    Map.entry("declared_mime_type", "mime_type"),
                    Map.entry("labels", "segments"));
    private static final Set<String> FIELDS =
            Set.of("id", "uri", "event_time", "sha256", "size", "mime_type");

    private final UploadInputs inputs;

    /** Returns a reader that turns rows into drafts through {@code inputs} (ids, labels, URIs). */
    UploadRows(UploadInputs inputs) {
        this.inputs = inputs;
    }

    /** Returns one draft per CSV row. */
    List<UploadDraft> csv(Path file) {
        CsvMapper mapper = new CsvMapper();
        List<UploadDraft> out = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                MappingIterator<Map<String, String>> rows =
                        mapper.readerForMapOf(String.class)
                                .with(CsvSchema.emptySchema().withHeader())
                                .readValues(r)) {
            while (rows.hasNextValue()) {
                // where the row starts: once the next row is found, before it is read
                int line = rows.getCurrentLocation().getLineNr();
                Map<String, String> row = rows.nextValue();
                Map<String, String> fields = new LinkedHashMap<>();
                Map<String, String> segments = new LinkedHashMap<>();
                row.forEach(
                        (column, value) -> {
                            String key = canonical(column);
                            if (value == null || value.isBlank()) {
                                return;
                            }
                            if (FIELDS.contains(key)) {
                                fields.put(key, value.strip());
                            } else {
                                segments.put(column.strip(), value.strip());
                            }
                        });
                if (!fields.isEmpty() || !segments.isEmpty()) {
                    out.add(inputs.row(file, line, fields, segments));
                }
            }
        } catch (JsonProcessingException e) {
            throw new UploadInputException(
                    where(file, e.getLocation().getLineNr()) + ": " + e.getOriginalMessage());
        } catch (IOException | RuntimeException e) {
            throw unreadable(file, e);
        }
        return out;
    }

    /** Returns one draft per JSON line. */
    List<UploadDraft> jsonLines(Path file) {
        ObjectMapper json = new ObjectMapper();
        List<UploadDraft> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int line = 0;
            for (String text = r.readLine(); text != null; text = r.readLine()) {
                line++;
                if (!text.isBlank()) {
                    out.add(jsonRow(file, line, parse(json, file, line, text)));
                }
            }
        } catch (IOException e) {
            throw unreadable(file, e);
        }
        return out;
    }

    private UploadDraft jsonRow(Path file, int line, JsonNode node) {
        Map<String, String> fields = new LinkedHashMap<>();
        Map<String, String> segments = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String key = canonical(e.getKey());
            JsonNode v = e.getValue();
            if (key.equals("segments") && v.isObject()) {
                v.properties().forEach(s -> segments.put(s.getKey(), s.getValue().asText()));
            } else if (FIELDS.contains(key) && v.isValueNode()) {
                if (!v.isNull()) {
                    fields.put(key, v.asText());
                }
            } else {
                throw new UploadInputException(
                        where(file, line)
                                + ": unexpected field '"
                                + e.getKey()
                                + "' (fields: id, uri, event_time, sha256, size, mime_type,"
                                + " segments as an object of strings)");
            }
        }
        return inputs.row(file, line, fields, segments);
    }

    private static JsonNode parse(ObjectMapper json, Path file, int line, String text) {
        try {
            JsonNode node = json.readTree(text);
            if (node != null && node.isObject()) {
                return node;
            }
        } catch (JsonProcessingException e) {
            throw new UploadInputException(
                    where(file, line) + ": not JSON: " + e.getOriginalMessage());
        }
        throw new UploadInputException(where(file, line) + ": expected one JSON object per line");
    }

    private static String canonical(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        return ALIASES.getOrDefault(n, n);
    }

    /** Returns "FILE line N", how every row error starts. */
    static String where(Path file, long line) {
        return file + " line " + line;
    }

    private static UploadInputException unreadable(Path file, Exception e) {
        if (e instanceof UploadInputException u) {
            return u;
        }
        return new UploadInputException("cannot read " + file + ": " + e.getMessage());
    }
}
