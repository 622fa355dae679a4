package io.qualitymonitor.tools.produce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qualitymonitor.config.AppConfig;
import io.qualitymonitor.config.ConfigLoader;
import io.qualitymonitor.config.Times;
import io.qualitymonitor.schemas.ImageUpload;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UploadInputsTest {
    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

    @TempDir Path tmp;

    private final UploadInputs inputs = new UploadInputs("t", Map.of("app", "cli"));

    @Test
    void shouldTurnAFolderIntoOneFileUploadPerImageRecursivelyInPathOrder() throws IOException {
        // Given a folder with images, a subfolder and a file that is not an image
        Path dir = Files.createDirectories(tmp.resolve("photos/sub"));
        write(tmp.resolve("photos/b.jpg"), "bb");
        write(dir.resolve("a.png"), "a");
        write(tmp.resolve("photos/notes.txt"), "x");

        // When
        List<ImageUpload> uploads = uploads(tmp.resolve("photos").toString());

        // Then
        assertThat(uploads)
                .extracting(ImageUpload::getImageUri)
                .containsExactly(
                        tmp.resolve("photos/b.jpg").toUri().toString(),
                        dir.resolve("a.png").toUri().toString());
        assertThat(uploads)
                .extracting(ImageUpload::getUploadId)
                .containsExactly("t-000001", "t-000002");
        assertThat(uploads.get(0).getSegments()).isEqualTo(Map.of("app", "cli"));
        assertThat(uploads.get(0).getEventTime()).isEqualTo(NOW);
    }

    @Test
    void shouldTakeUrlsAsGiven() {
        // When
        List<ImageUpload> uploads = uploads("https://cdn.example.com/a.jpg?w=1");

        // Then
        assertThat(uploads)
                .singleElement()
                .extracting(ImageUpload::getImageUri)
                .isEqualTo("https://cdn.example.com/a.jpg?w=1");
    }

    @Test
    void shouldReadACsvListWithLabelsQuotingRelativePathsAndEventTimes() throws IOException {
        // Given a list whose paths are relative to its own folder
        write(tmp.resolve("a.jpg"), "a");
        Path csv =
                write(
                        tmp.resolve("list.csv"),
                        "id,uri,platform,region,event_time,size\n"
                                + "x1,a.jpg,ios,\"eu-west, north\",2026-11-01T12:00:00Z,1\n"
                                + "\n"
                                + ",https://h.example/b.jpg,web,,1767225600000,\n"
                                + "x3,a.jpg,android,,2026-11-02,\n");

        // When
        List<ImageUpload> uploads = uploads(csv.toString());

        // Then
        assertThat(uploads).hasSize(3);
        assertThat(uploads.get(0).getUploadId()).isEqualTo("x1");
        assertThat(uploads.get(0).getImageUri()).isEqualTo(tmp.resolve("a.jpg").toUri().toString());
        assertThat(uploads.get(0).getSegments())
                .isEqualTo(Map.of("app", "cli", "platform", "ios", "region", "eu-west, north"));
        assertThat(uploads.get(0).getEventTime()).isEqualTo(Instant.parse("2026-11-01T12:00:00Z"));
        assertThat(uploads.get(0).getDeclaredSizeBytes()).isEqualTo(1L);
        assertThat(uploads.get(1).getUploadId()).isEqualTo("t-000002");
        assertThat(uploads.get(1).getEventTime()).isEqualTo(Instant.ofEpochMilli(1767225600000L));
        assertThat(uploads.get(2).getEventTime()).isEqualTo(Instant.parse("2026-11-02T00:00:00Z"));
    }

    @Test
    void shouldNameTheLineOfABadCsvRow() throws IOException {
        // Given a list whose third line holds a time that is not one
        write(tmp.resolve("a.jpg"), "a");
        Path csv = write(tmp.resolve("bad.csv"), "uri,event_time\na.jpg,2026-11-01\na.jpg,soon\n");

        // Then
        assertThatThrownBy(() -> uploads(csv.toString()))
                .isInstanceOf(UploadInputException.class)
                .hasMessage(csv + " line 3: event_time 'soon' is not a time: use " + Times.FORMS);
    }

    @Test
    void shouldNameTheLineOfAMissingFileInAList() throws IOException {
        Path csv = write(tmp.resolve("gone.csv"), "uri\nmissing.jpg\n");

        assertThatThrownBy(() -> uploads(csv.toString()))
                .hasMessage(csv + " line 2: no such file: missing.jpg");
    }

    @Test
    void shouldRefuseACsvListWithoutAUri() throws IOException {
        Path csv = write(tmp.resolve("nouri.csv"), "id,platform\na,ios\n");

        assertThatThrownBy(() -> uploads(csv.toString())).hasMessage(csv + " line 2: no uri");
    }

    @Test
    void shouldReadJsonLinesWithSegmentsAndAvroNames() throws IOException {
        // Given
        write(tmp.resolve("a.jpg"), "a");
        Path jsonl =
                write(
                        tmp.resolve("list.jsonl"),
                        "{\"id\":\"j1\",\"uri\":\"a.jpg\",\"segments\":{\"platform\":\"ios\"}}\n"
                                + "\n"
                                + "{\"uploadId\":\"j2\",\"imageUri\":\"https://h.example/x.png\","
                                + "\"eventTime\":1767225600000,\"labels\":{\"region\":\"us\"}}\n");

        // When
        List<ImageUpload> uploads = uploads(jsonl.toString());

        // Then
        assertThat(uploads).extracting(ImageUpload::getUploadId).containsExactly("j1", "j2");
        assertThat(uploads.get(0).getSegments()).isEqualTo(Map.of("app", "cli", "platform", "ios"));
        assertThat(uploads.get(1).getSegments()).isEqualTo(Map.of("app", "cli", "region", "us"));
        assertThat(uploads.get(1).getEventTime()).isEqualTo(Instant.ofEpochMilli(1767225600000L));
    }

    @Test
    void shouldNameTheLineOfAnUnknownJsonFieldOrBadJson() throws IOException {
        Path typo = write(tmp.resolve("typo.jsonl"), "{\"uri\":\"https://h/x.jpg\",\"evnt\":1}\n");
        Path broken = write(tmp.resolve("broken.jsonl"), "{\"uri\":\"https://h/x.jpg\"}\n{oops\n");

        assertThatThrownBy(() -> uploads(typo.toString()))
                .hasMessageStartingWith(typo + " line 1: unexpected field 'evnt'");
        assertThatThrownBy(() -> uploads(broken.toString()))
                .hasMessageStartingWith(broken + " line 2: not JSON");
    }

    @Test
    void shouldRefuseMissingInputsEmptyFoldersAndOtherSchemes() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));

        assertThatThrownBy(() -> uploads("nope.jpg"))
                .hasMessage("no such file or folder: nope.jpg");
        assertThatThrownBy(() -> uploads(empty.toString()))
                .hasMessage("no image files in folder " + empty);
        assertThatThrownBy(() -> uploads("ftp://h/x.jpg"))
                .hasMessage("ftp://h/x.jpg: scheme 'ftp' is not http, https or file");
        assertThatThrownBy(() -> uploads("file://host/x.jpg"))
                .hasMessage("not a usable path or file URI: file://host/x.jpg");
    }

    @Test
    void shouldWarnAboutFilesOutsideTheFileRootsAndNameTheSetting() throws IOException {
        // Given the default roots (samples/ of the installation) and a file elsewhere
        write(tmp.resolve("a.jpg"), "a");
        AppConfig config =
                new ConfigLoader(Map.of(), new Properties())
                        .load(null, Map.of("app.home", tmp.resolve("home").toString()));
        List<UploadDraft> drafts = inputs.read(List.of(tmp.resolve("a.jpg").toString()));

        // When
        String warning = ProduceService.FileRoots.warning(config, drafts);

        // Then
        assertThat(warning)
                .startsWith("1 of 1 uploads are files outside fetch.file.roots")
                .endsWith("e.g. fetch.file.roots=samples," + tmp);
    }

    private List<ImageUpload> uploads(String... in) {
        return inputs.read(List.of(in)).stream().map(d -> d.toUpload(NOW)).toList();
    }

    private static Path write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }
}
