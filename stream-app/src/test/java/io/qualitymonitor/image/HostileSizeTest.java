package io.qualitymonitor.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qualitymonitor.schemas.DeadLetterReason;
import java.lang.management.ManagementFactory;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Images small on disk and costly in memory: refused from the header or decoded within bounds. */
class HostileSizeTest {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void shouldRefuseStripsOverTheAspectRatioCapFromTheHeader() {
        // Given the default caps and a 40000 x 1 and a 1 x 40000 PNG (40 kilopixels each)
        ImageDecoder decoder = new ImageDecoder(new DecodeLimits(20 << 20, 50_000_000L));
        for (byte[] png :
                new byte[][] {HostileImages.strip(40_000, 1), HostileImages.strip(1, 40_000)}) {
            // When they are decoded, Then each is refused as TOO_MANY_PIXELS naming the setting
            assertThatThrownBy(() -> decoder.decode(png))
                    .isInstanceOf(ImageDecodeException.class)
                    .hasMessageContaining("fetch.max.")
                    .extracting(e -> ((ImageDecodeException) e).reason())
                    .isEqualTo(DeadLetterReason.TOO_MANY_PIXELS);
        }
    }

    @Test
    void shouldRefuseAnImageWiderThanTheWidthCapEvenUnderThePixelCap() {
        ImageDecoder decoder =
                new ImageDecoder(new DecodeLimits(20 << 20, 50_000_000L, 1000, 1000, 1000, 0));
        assertThatThrownBy(() -> decoder.decode(HostileImages.strip(1001, 2)))
                .isInstanceOf(ImageDecodeException.class)
                .hasMessageContaining("fetch.max.width=1000");
    }

    @Test
    void shouldDecodeALargeImageSubsampledToTheWorkingSize() throws Exception {
        // Given a 2000 x 1500 JPEG and a working size of 500 000 pixels
        byte[] jpeg = TestImages.encode(TestImages.pattern(2000, 1500), "jpg");
        ImageDecoder decoder = new ImageDecoder(DecodeLimits.DEFAULT.withWorkingPixels(500_000));
        // When it is decoded
        DecodedImage img = decoder.decode(jpeg);
        // Then every third pixel of every third row is kept: 667 x 500
        assertThat(img.width()).isEqualTo(667);
        assertThat(img.height()).isEqualTo(500);
        assertThat(DecodeLimits.DEFAULT.withWorkingPixels(500_000).subsampling(700, 700))
                .isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"zTXt", "iTXt", "iCCP"})
    void shouldNotInflateTheMetadataChunksOfAPng(String chunk) throws Exception {
        // Given a 64 x 64 PNG with a chunk that inflates to 128 MiB (about 128 KB on disk)
        byte[] bomb = HostileImages.withChunkBomb(chunk, 128 << 20);
        assertThat(bomb.length).isLessThan(2 << 20);
        ImageDecoder decoder = new ImageDecoder(DecodeLimits.DEFAULT);
        long before = THREADS.getCurrentThreadAllocatedBytes();
        // When it is decoded
        DecodedImage img = decoder.decode(bomb);
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        // Then the pixels come out and the chunk was skipped, not inflated
        assertThat(img.width()).isEqualTo(64);
        assertThat(allocated).as("bytes allocated").isLessThan(32L << 20);
    }

    @Test
    void shouldMakeADecodeWaitUntilTheBudgetHasRoomForIt() throws Exception {
        // Given a budget that holds one 1000 x 1000 decode and a decode holding it
        DecodeBudget budget =
                new DecodeBudget(1000L * 1000 * DecodeBudget.DECODING_BYTES_PER_PIXEL);
        DecodeBudget.Grant first = budget.acquire(1000L * 1000);
        // When a second decode asks for room
        CompletableFuture<DecodeBudget.Grant> second =
                CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                return budget.acquire(500L * 500);
                            } catch (InterruptedException e) {
                                throw new IllegalStateException(e);
                            }
                        });
        // Then it waits until the first gives its room back
        Thread.sleep(200);
        assertThat(second).isNotDone();
        first.close();
        second.get(5, TimeUnit.SECONDS).close();
        assertThat(budget.freeBytes()).isEqualTo(budget.bytes());
    }
}
