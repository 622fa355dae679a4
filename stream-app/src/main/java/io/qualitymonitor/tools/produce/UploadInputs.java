package io.qualitymonitor.tools.produce;

import io.qualitymonitor.config.Times;
import io.qualitymonitor.fetch.ImageReferences;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Returns the uploads named on {@code produce}'s command line: an image file is one upload, a
 * folder one per image inside (recursive, sorted by path), an http(s) URL one, a {@code .csv} or
 * {@code .jsonl}/{@code .ndjson} file one per row ({@link UploadRows}). Local images become {@code
 * file:} URIs with absolute paths. Uploads without an id get {@code PREFIX-000001} and so on, in
 * order; every upload gets the given labels, which a row's own labels override.
 *
 * <p>Everything is read and checked before anything is sent: a missing file, an empty folder or a
 * bad row throws {@link UploadInputException} with one line naming it.
 */
final class UploadInputs {
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+:.*");

    private final String idPrefix;
    private final Map<String, String> labels;
    private final UploadRows rows = new UploadRows(this);
    private long count;

    /** Returns a reader giving ids {@code idPrefix-NNNNNN} and {@code labels} to every upload. */
    UploadInputs(String idPrefix, Map<String, String> labels) {
        this.idPrefix = idPrefix;
        this.labels = Map.copyOf(labels);
    }

    /** Returns the uploads of {@code inputs}, in order; throws when there are none. */
    List<UploadDraft> read(List<String> inputs) {
        List<UploadDraft> out = new ArrayList<>();
        for (String in : inputs) {
            out.addAll(readOne(in));
        }
        if (out.isEmpty()) {
            throw new UploadInputException("no uploads in " + String.join(" ", inputs));
        }
        return out;
    }

    /**
     * Returns the draft of one row of an upload list; {@code fields} hold the canonical names
     * ({@code id}, {@code uri}, ...), {@code segments} the row's labels.
     */
    UploadDraft row(
            Path list, long line, Map<String, String> fields, Map<String, String> segments) {
        String where = UploadRows.where(list, line);
        String uri = fields.get("uri");
        if (uri == null) {
            throw new UploadInputException(where + ": no uri");
        }
        Map<String, String> all = new LinkedHashMap<>(labels);
        all.putAll(segments);
        Path folder = list.toAbsolutePath().getParent();
        String id = nextId(); // counted for every row, so a generated id tells its position
        return new UploadDraft(
                fields.getOrDefault("id", id),
                imageUri(uri, folder, where),
                all,
                time(fields.get("event_time"), where),
                fields.get("sha256"),
                size(fields.get("size"), where),
                fields.get("mime_type"));
    }

    private List<UploadDraft> readOne(String in) {
        if (SCHEME.matcher(in).matches() && !in.regionMatches(true, 0, "file:", 0, 5)) {
            return List.of(draft(imageUri(in, null, in)));
        }
        Path path;
        try {
            path = in.regionMatches(true, 0, "file:", 0, 5) ? Path.of(URI.create(in)) : Path.of(in);
        } catch (IllegalArgumentException e) {
            throw new UploadInputException("not a usable path or file URI: " + in);
        }
        if (!Files.exists(path)) {
            throw new UploadInputException("no such file or folder: " + in);
        }
        String name = path.getFileName() == null ? "" : path.getFileName().toString();
        String lower = name.toLowerCase(Locale.ROOT);
        try {
            if (Files.isDirectory(path)) {
                List<UploadDraft> out = new ArrayList<>();
                for (String f : ImageReferences.expand(List.of(path.toString()))) {
                    out.add(draft(fileUri(Path.of(f))));
                }
                if (out.isEmpty()) {
                    throw new UploadInputException("no image files in folder " + in);
                }
                return out;
            }
        } catch (UncheckedIOException e) {
            throw new UploadInputException(e.getMessage());
        }
        if (lower.endsWith(".csv")) {
            return rows.csv(path);
        }
        if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson")) {
            return rows.jsonLines(path);
        }
        return List.of(draft(fileUri(path)));
    }

    private UploadDraft draft(String uri) {
        return new UploadDraft(nextId(), uri, labels, null, null, null, null);
    }

    private String nextId() {
        return String.format(Locale.ROOT, "%s-%06d", idPrefix, ++count);
    }

    /**
     * Returns the URI to send for {@code ref}: http(s) URLs as given, {@code file:} URIs and paths
     * (relative to {@code folder}, else to the working folder) as absolute {@code file:} URIs of
     * existing files.
     */
    private static String imageUri(String ref, Path folder, String where) {
        if (SCHEME.matcher(ref).matches()) {
            String scheme = ref.substring(0, ref.indexOf(':')).toLowerCase(Locale.ROOT);
            try {
                URI uri = URI.create(ref);
                switch (scheme) {
                    case "http", "https" -> {
                        return uri.toString();
                    }
                    case "file" -> {
                        return existingFile(Path.of(uri), ref, where);
                    }
                    default -> {}
                }
            } catch (IllegalArgumentException e) {
                throw new UploadInputException(where + ": not a usable URI '" + ref + "'");
            }
            throw new UploadInputException(
                    where + ": scheme '" + scheme + "' is not http, https or file");
        }
        Path p = folder == null ? Path.of(ref) : folder.resolve(ref);
        return existingFile(p, ref, where);
    }

    private static String existingFile(Path p, String ref, String where) {
        if (!Files.isRegularFile(p)) {
            String prefix = where.equals(ref) ? "" : where + ": ";
            throw new UploadInputException(prefix + "no such file: " + ref);
        }
        return fileUri(p);
    }

    private static String fileUri(Path p) {
        return p.toAbsolutePath().normalize().toUri().toString();
    }

    private static Instant time(String text, String where) {
        if (text == null) {
            return null;
        }
        try {
            return Times.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UploadInputException(where + ": event_time " + e.getMessage());
        }
    }

    private static Long size(String text, String where) {
        if (text == null) {
            return null;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new UploadInputException(
                    where + ": size '" + text + "' is not a whole number of bytes");
        }
    }
}
