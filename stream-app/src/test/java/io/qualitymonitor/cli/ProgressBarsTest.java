package io.qualitymonitor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import me.tongfei.progressbar.ProgressBar;
import org.junit.jupiter.api.Test;

class ProgressBarsTest {
    private static String run(boolean terminal) {
        StringWriter out = new StringWriter();
        try (ProgressBar bar = ProgressBars.over("scoring", 5, new PrintWriter(out), terminal)) {
            ProgressBars.stepper(bar).accept(5);
        }
        return out.toString();
    }

    @Test
    void shouldRedrawOneLineOnATerminal() {
        String out = run(true);
        assertThat(out).contains("\r").contains("5/5");
    }

    @Test
    void shouldWriteWholeLinesWithoutEscapesWhenNotATerminal() {
        String out = run(false);
        assertThat(out).doesNotContain("\r").doesNotContain("\u001b").contains("5/5");
        assertThat(out.lines()).allMatch(l -> l.startsWith("scoring"));
        assertThat(out.lines().filter(l -> l.contains("5/5"))).hasSize(1);
    }

    @Test
    void shouldDrawNoBarForOneItem() {
        assertThat(ProgressBars.over("x", 1, new PrintWriter(new StringWriter()), false)).isNull();
    }
}
