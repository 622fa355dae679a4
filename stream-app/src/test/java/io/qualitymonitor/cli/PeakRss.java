package io.qualitymonitor.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Follows a child process until it ends and returns its peak resident memory (Linux VmHWM). */
final class PeakRss {
    private PeakRss() {}

    /**
     * Returns the highest VmHWM read from {@code /proc/<pid>/status} while {@code p} ran, in bytes;
     * kills the process and fails when it outlives {@code timeout}.
     */
    static long follow(Process p, long timeout, TimeUnit unit) throws Exception {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        Path status = Path.of("/proc", Long.toString(p.pid()), "status");
        long peak = 0;
        while (p.isAlive()) {
            peak = Math.max(peak, hwm(status));
            if (System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new AssertionError(
                        "child process still running after " + timeout + " " + unit);
            }
            Thread.sleep(50);
        }
        return peak;
    }

    private static long hwm(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // The process ended between the check and the read.
        }
        return 0;
    }
}
