package io.qualitymonitor.cli;

/** The launcher's entry point: the only place that calls {@code System.exit}. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(QualityMonitorCommand.run(System.out, System.err, args));
    }
}
