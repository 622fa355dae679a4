package io.qualitymonitor.cli;

import io.qualitymonitor.app.ProduceService;
import io.qualitymonitor.config.AppConfig;
import java.io.PrintWriter;
import me.tongfei.progressbar.ProgressBar;

/** Shows what {@code produce} does on the error stream: the plan, warnings, a progress bar. */
final class ProduceProgress implements ProduceService.Progress, AutoCloseable {
    private final AppConfig cfg;
    private final PrintWriter err;
    private volatile ProgressBar bar;

    ProduceProgress(AppConfig cfg, PrintWriter err) {
        this.cfg = cfg;
        this.err = err;
    }

    @Override
    public void planned(long uploads, String topic, int schemaId) {
        err.printf(
                "sending %d uploads to '%s' at %s (schema id %d)%n",
                uploads, topic, cfg.kafka().bootstrapServers(), schemaId);
        bar = ProgressBars.over("produce", uploads, err, cfg);
    }

    @Override
    public void warning(String message) {
        err.println("warning: " + message);
    }

    @Override
    public void sent(long uploads) {
        ProgressBar b = bar;
        if (b != null) {
            b.stepTo(uploads);
        }
    }

    /** Draws the bar's last state and ends its line. */
    @Override
    public void close() {
        ProgressBar b = bar;
        if (b != null) {
            b.close();
        }
    }
}
