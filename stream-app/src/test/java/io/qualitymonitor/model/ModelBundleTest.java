package io.qualitymonitor.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qualitymonitor.image.CentreCrop;
import io.qualitymonitor.image.MultiScaleCrops;
import io.qualitymonitor.image.TensorInput;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelBundleTest {
    @TempDir Path tmp;

    @Test
    void shouldReadBothBranchesHeadsAndPromptsOfTheTestBundle() {
        // When the exported test bundle is opened
        ModelBundle b = ModelBundle.open(TestBundles.BOTH);
        // Then its manifest, heads and prompts agree with bundle.json
        BundleManifest m = b.manifest();
        assertThat(m.name()).isEqualTo("tiny-both");
        assertThat(m.randomInit()).isTrue();
        assertThat(m.lowLevel().outputDim()).isEqualTo(64);
        assertThat(m.visionLanguage().embedDim()).isEqualTo(64);
        assertThat(b.regressor().output()).isEqualTo("combined");
        assertThat(b.regressor().outputHead().features())
                .containsExactly("lowlevel", "vision_language");
        assertThat(b.prompts().quality().positive()).isEqualTo("a good photo.");
        assertThat(b.prompts().attributes()).containsKey("sharpness");
    }

    @Test
    void shouldReadAVisionLanguageBranchThatReadsCrops() {
        // Given the test bundle with its VL branch laid out as 9 crops at three scales
        Path copy = TestBundles.withVisionLanguageCrops(tmp.resolve("b"), 9, 1.0, 0.7, 0.5);
        // When it is opened, then the branch takes 27 views of the encoder's input side
        TensorInput in = ModelBundle.open(copy).manifest().visionLanguage().input();
        assertThat(in).isInstanceOf(MultiScaleCrops.class);
        assertThat(in.viewsPerImage()).isEqualTo(27);
        assertThat(in.side())
                .isEqualTo(
                        ModelBundle.open(TestBundles.BOTH)
                                .manifest()
                                .visionLanguage()
                                .input()
                                .side());
        // and the centre-crop layout of the original reads as one view
        assertThat(ModelBundle.open(TestBundles.BOTH).manifest().visionLanguage().input())
                .isInstanceOf(CentreCrop.class);
    }

    @Test
    void shouldReadAVisionLanguageBranchThatProjectsTheLowLevelFeatures() {
        VisionLanguageSpec vl = ModelBundle.open(TestBundles.LIT).manifest().visionLanguage();
        assertThat(vl.featuresOf()).isEqualTo("lowlevel");
        assertThat(vl.input()).isNull();
        assertThat(vl.describeInput()).isEqualTo("projects the lowlevel branch's features");
    }

    @Test
    void shouldNameAProjectionOfABranchTheBundleLacks() throws IOException {
        Path copy = TestBundles.copy(TestBundles.LIT, tmp.resolve("b"));
        editManifest(copy, m -> ((ObjectNode) m.path("branches")).remove("lowlevel"));
        assertThatThrownBy(() -> ModelBundle.open(copy))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("reads the lowlevel branch's features, but the bundle has no")
                .hasMessageNotContaining("\n");
        editManifest(
                copy,
                m ->
                        ((ObjectNode) m.path("branches").path("vision_language").path("input"))
                                .put("features", "pixels"));
        assertThatThrownBy(() -> ModelBundle.open(copy))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("'features' must be lowlevel, got 'pixels'");
    }

    private static void editManifest(Path bundle, java.util.function.Consumer<ObjectNode> edit)
            throws IOException {
        ObjectMapper json = new ObjectMapper();
        Path f = bundle.resolve("bundle.json");
        ObjectNode doc = (ObjectNode) json.readTree(f.toFile());
        edit.accept(doc);
        json.writeValue(f.toFile(), doc);
    }

    @Test
    void shouldNameAVisionLanguageCropLayoutThatIsNotOne() {
        Path copy = TestBundles.withVisionLanguageCrops(tmp.resolve("b"), 3, 1.0);
        assertThatThrownBy(() -> ModelBundle.open(copy))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("vision_language crops must be 5 or a square")
                .hasMessageNotContaining("\n");
    }

    @Test
    void shouldNameAMissingFile() throws IOException {
        Path copy = TestBundles.copy(TestBundles.BOTH, tmp.resolve("b"));
        Files.delete(copy.resolve("vl_image.pt"));
        assertThatThrownBy(() -> ModelBundle.open(copy))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("missing file vl_image.pt")
                .hasMessageNotContaining("\n");
    }

    @Test
    void shouldNameAFileWhoseChecksumDiffers() throws IOException {
        Path copy = TestBundles.copy(TestBundles.LOWLEVEL, tmp.resolve("b"));
        byte[] pt = Files.readAllBytes(copy.resolve("lowlevel.pt"));
        pt[pt.length / 2] ^= 1;
        Files.write(copy.resolve("lowlevel.pt"), pt);
        assertThatThrownBy(() -> ModelBundle.open(copy))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("checksum of lowlevel.pt differs");
    }

    @Test
    void shouldSayWhenAFolderIsNotABundle() {
        assertThatThrownBy(() -> ModelBundle.open(tmp))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("no bundle.json");
        assertThatThrownBy(() -> ModelBundle.open(tmp.resolve("absent")))
                .hasMessageContaining("model bundle not found");
    }

    @Test
    void shouldNameTheFileThatIsNotValidJson() throws IOException {
        Path copy = TestBundles.copy(TestBundles.LOWLEVEL, tmp.resolve("b"));
        Files.writeString(copy.resolve("bundle.json"), "{\"format\": 1,\n \"name\": ");
        assertThatThrownBy(() -> ModelBundle.open(copy))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("bundle.json is not valid JSON");
    }

    @Test
    void shouldOpenAZipOfTheBundleFolder() throws IOException {
        // Given the bundle zipped with its folder name as the top level
        Path zip = tmp.resolve("tiny.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip));
                var files = Files.list(TestBundles.LOWLEVEL)) {
            for (Path f : files.toList()) {
                out.putNextEntry(new ZipEntry("tiny-lowlevel/" + f.getFileName()));
                Files.copy(f, (OutputStream) out);
                out.closeEntry();
            }
        }
        // When it is opened
        ModelBundle b = ModelBundle.open(zip);
        // Then it reads as the folder does
        assertThat(b.manifest().name()).isEqualTo("tiny-lowlevel");
        assertThat(b.source()).isEqualTo(zip);
        assertThat(Files.isRegularFile(b.file("lowlevel.pt"))).isTrue();
    }

    @Test
    void shouldRefuseALayoutThatChangesTheFeaturesAProjectionReads() throws IOException {
        // Given a bundle whose vision-language branch projects the low-level features (2 scales)
        BundleManifest lit = ModelBundle.open(TestBundles.LIT).manifest();
        // Then fewer crops are a valid layout, another number of scales is not
        assertThat(lit.withLowLevelLayout(1, null, null).lowLevel().input().crops()).isEqualTo(1);
        assertThatThrownBy(() -> lit.withLowLevelLayout(null, new double[] {1.0}, null))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("projects the lowlevel features")
                .hasMessageContaining("keep 2 scales");
        // And a bundle without that branch may change its scales
        BundleManifest low = ModelBundle.open(TestBundles.LOWLEVEL).manifest();
        assertThat(
                        low.withLowLevelLayout(null, new double[] {1.0}, null)
                                .lowLevel()
                                .input()
                                .scales())
                .containsExactly(1.0);
    }
}
