package io.qualitymonitor.cli;

import java.util.ArrayList;
import java.util.List;

/** Keeps {@code threads} platform threads busy until closed: a loaded machine for a test. */
final class CpuStress implements AutoCloseable {
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    private CpuStress(int count) {
        for (int i = 0; i < count; i++) {
            Thread t = new Thread(this::spin, "cpu-stress-" + i);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
    }

    /** Starts twice as many busy threads as the machine has cores. */
    static CpuStress twiceTheCores() {
        return new CpuStress(2 * Runtime.getRuntime().availableProcessors());
    }

    /** Returns how many busy threads run. */
    int threads() {
        return threads.size();
    }

    private void spin() {
        long x = 0;
        while (running) {
            x += System.nanoTime() % 7; // work the JIT cannot remove: running is volatile
        }
        if (x == 42) {
            Thread.yield();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread t : threads) {
            t.join(1000);
        }
    }
}
