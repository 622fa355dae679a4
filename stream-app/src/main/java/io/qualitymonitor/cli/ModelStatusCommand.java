package io.qualitymonitor.cli;

import io.qualitymonitor.app.ModelControlService;
import io.qualitymonitor.shadow.Agreement;
import io.qualitymonitor.shadow.ShadowTail;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Shows the live model and how the shadow model agrees with it, per segment. */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description =
                "Show the live model of the application (the last promote or rollback, else"
                        + " model.dir) and, with model.shadow.dir set, the shadow model's agreement"
                        + " with it per segment over the last shadow scores: rank correlation, mean"
                        + " and spread of the score deltas (shadow minus live), alert flips, the"
                        + " shadow model's latency.")
final class ModelStatusCommand implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin ConfigMixin config;

    @Option(
            names = "--last",
            defaultValue = "1000",
            description =
                    "Shadow records read per partition, from the end (default: ${DEFAULT-VALUE}).")
    int last;

    @Override
    public Integer call() {
        ModelControlService.Status s = new ModelControlService(config.load()).status(last);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("live: %s (version %s), by %s%n", s.dir(), s.version(), s.how());
        ShadowTail t = s.shadow();
        if (t == null) {
            out.println("shadow: off (model.shadow.dir is empty)");
        } else {
            out.printf("shadow: %d records, versions %s%n", t.records(), t.candidateVersions());
            out.printf(
                    "%-28s %7s %9s %11s %12s %11s %13s%n",
                    "segment",
                    "pairs",
                    "rank_corr",
                    "delta_mean",
                    "delta_spread",
                    "alert_flips",
                    "shadow_ms");
            t.agreements().summaries().forEach((segment, a) -> row(out, segment, a));
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static void row(PrintWriter out, String segment, Agreement.Summary a) {
        out.printf(
                Locale.ROOT,
                "%-28s %7d %9.3f %11.2f %12.2f %11d %13.1f%n",
                segment,
                a.pairs(),
                a.rankCorrelation(),
                a.deltaMean(),
                a.deltaSpread(),
                a.alertFlips(),
                a.candidateMs());
    }
}
