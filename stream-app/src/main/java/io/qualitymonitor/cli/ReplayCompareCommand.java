package io.qualitymonitor.cli;

import io.qualitymonitor.tools.compare.CompareService;
import io.qualitymonitor.tools.compare.CompareTable;
import io.qualitymonitor.tools.compare.Comparison;
import io.qualitymonitor.tools.compare.Side;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code replay compare}: how two replay runs (or a replay and the live scores) differ. */
@Command(
        name = "compare",
        mixinStandardHelpOptions = true,
        description = {
            "Compare the scores of two replay runs of the same uploads (--run-id A --run-id B),"
                    + " or the live scores with a replay (--live --run-id B), read from the scores"
                    + " topics and joined by upload id.",
            "Per segment (all, and the drift.segments combinations): uploads on both sides and on"
                    + " one only, Spearman's rank correlation, the distribution of B - A, and the"
                    + " uploads whose low-quality alert would flip under alerts.threshold; as a"
                    + " table, --json FILE and an --html FILE page with plots."
        })
public final class ReplayCompareCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ConfigMixin config;

    @Option(
            names = "--run-id",
            paramLabel = "ID",
            description = "A replay run to compare: twice (A, then B), or once with --live.")
    List<String> runIds = new ArrayList<>();

    @Option(names = "--live", description = "Compare the live scores (as A) with the one --run-id.")
    boolean live;

    @Option(
            names = "--scores-topic",
            paramLabel = "TOPIC",
            description =
                    "Scores topic to read (repeatable), e.g. the live one and the one a replay"
                            + " wrote to; default: topics.scores.")
    List<String> topics = new ArrayList<>();

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON.")
    Path json;

    @Option(
            names = "--html",
            paramLabel = "FILE",
            description =
                    "Also write an HTML page, with a scatter plot and a histogram of deltas"
                            + " per segment (PNG files beside it).")
    Path html;

    @Option(
            names = "--examples",
            paramLabel = "N",
            defaultValue = "5",
            description = "Upload ids to show per kind of alert flip (default: ${DEFAULT-VALUE}).")
    int examples;

    @Override
    public Integer call() {
        List<Side> sides = new ArrayList<>();
        if (live) {
            sides.add(Side.live());
        }
        runIds.forEach(id -> sides.add(Side.run(id)));
        if (sides.size() != 2) {
            throw new UserException(
                    "give two --run-id, or --live and one --run-id", ExitCodes.USAGE);
        }
        if (sides.get(0).equals(sides.get(1))) {
            throw new UserException("the two sides are the same run", ExitCodes.USAGE);
        }
        if (examples < 0) {
            throw new UserException("--examples must be >= 0", ExitCodes.USAGE);
        }
        Comparison c =
                CompareService.run(
                        config.load(),
                        new CompareService.Options(
                                sides.get(0), sides.get(1), examples, json, html, topics));
        PrintWriter out = spec.commandLine().getOut();
        out.print(CompareTable.text(c));
        out.print(json != null ? "JSON written to " + json + "\n" : "");
        out.print(html != null ? "page written to " + html + "\n" : "");
        out.flush();
        return ExitCodes.OK;
    }
}
