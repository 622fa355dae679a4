package io.qualitymonitor.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts DJL's PyTorch engine once per process with the configured thread counts, and resolves the
 * device.
 *
 * <p>DJL reads the thread counts from the system properties {@code ai.djl.pytorch.num_threads} and
 * {@code ai.djl.pytorch.num_interop_threads} when the engine starts, and PyTorch keeps them for the
 * life of the process; so this class sets those two properties (from {@code ModelConfig}) just
 * before the first engine use, and later calls with other values only log that they cannot apply.
 */
public final class PyTorchRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(PyTorchRuntime.class);
    private static final String ENGINE = "PyTorch";
    private static int startedThreads;
    private static int startedInterop;

    private PyTorchRuntime() {}

    /** Returns the engine, started with the given thread counts if this is the first use. */
    public static synchronized Engine start(int threads, int interopThreads) {
        if (startedThreads == 0) {
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
            System.setProperty(
                    "ai.djl.pytorch.num_interop_threads", Integer.toString(interopThreads));
            startedThreads = threads;
            startedInterop = interopThreads;
        } else if (threads != startedThreads || interopThreads != startedInterop) {
            LOG.warn(
                    "PyTorch already runs with {} threads ({} inter-op); {} requested, kept as is",
                    startedThreads,
                    startedInterop,
                    threads);
        }
        try {
            return Engine.getEngine(ENGINE);
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            throw new ModelRuntimeException(
                    "cannot start the PyTorch engine (native library): " + e.getMessage(), e);
        }
    }

    /** Returns the thread count PyTorch was started with (0 before the first start). */
    public static synchronized int threads() {
        return startedThreads;
    }

    /**
     * Returns the DJL device for {@code cpu} or {@code gpu}; throws a one-line {@link
     * ModelException} when a GPU is asked for and none is visible.
     */
    public static Device device(String name, Engine engine) {
        if ("cpu".equals(name)) {
            return Device.cpu();
        }
        if (!"gpu".equals(name)) {
            throw new ModelException("device must be cpu or gpu, got '" + name + "'");
        }
        if (!engine.hasCapability(StandardCapabilities.CUDA)) {
            throw new ModelException(
                    "device gpu requested, but this build has CPU-only PyTorch natives"
                            + " (build with the Maven profile -Pgpu for the CUDA natives)");
        }
        if (engine.getGpuCount() <= 0) {
            throw new ModelException(
                    "device gpu requested, but PyTorch sees no CUDA GPU on this machine"
                            + " (check the NVIDIA driver and CUDA_VISIBLE_DEVICES)");
        }
        return Device.gpu();
    }
}
