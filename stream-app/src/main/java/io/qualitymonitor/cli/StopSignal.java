package io.qualitymonitor.cli;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Returns a handler of one operating-system signal (e.g. TERM) installed in place of the JVM's.
 *
 * <p>The first signal runs the action; a second one restores the JVM's handler and raises the
 * signal again, so that the JVM's default (shutdown hooks, exit 128 + signal) takes over. The JDK's
 * only signal API is {@code sun.misc.Signal} (module {@code jdk.unsupported}), reached by
 * reflection as Kafka's own {@code LoggingSignalHandler} does, so that the build needs no internal
 * API and a JVM without it simply keeps its default handling.
 */
final class StopSignal {
    private static final Logger LOG = LoggerFactory.getLogger(StopSignal.class);

    private final Object signal;
    private final Object previous;
    private final Method handle;
    private final Method raise;

    private StopSignal(Object signal, Object previous, Method handle, Method raise) {
        this.signal = signal;
        this.previous = previous;
        this.handle = handle;
        this.raise = raise;
    }

    /**
     * Returns the installed handler of signal {@code name}, or null where signals cannot be handled
     * (the JVM's default handling then stays: exit 128 + signal after the shutdown hooks).
     */
    static StopSignal install(String name, Runnable onFirst) {
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Constructor<?> create = signalClass.getConstructor(String.class);
            Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
            Method raise = signalClass.getMethod("raise", signalClass);
            Object signal = create.newInstance(name);
            AtomicBoolean seen = new AtomicBoolean();
            StopSignal[] self = new StopSignal[1];
            Object handler =
                    Proxy.newProxyInstance(
                            handlerClass.getClassLoader(),
                            new Class<?>[] {handlerClass},
                            (proxy, method, args) -> {
                                switch (method.getName()) {
                                    case "handle" -> {
                                        if (seen.compareAndSet(false, true)) {
                                            onFirst.run();
                                        } else {
                                            self[0].restoreAndRaise();
                                        }
                                        return null;
                                    }
                                    case "hashCode" -> {
                                        return System.identityHashCode(proxy);
                                    }
                                    case "equals" -> {
                                        return proxy == args[0];
                                    }
                                    default -> {
                                        return "stop handler of SIG" + name;
                                    }
                                }
                            });
            Object previous = handle.invoke(null, signal, handler);
            self[0] = new StopSignal(signal, previous, handle, raise);
            return self[0];
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("cannot handle SIG{}; the JVM's default stays", name, e);
            return null;
        }
    }

    /** Puts the JVM's handler back. */
    void restore() {
        try {
            handle.invoke(null, signal, previous);
        } catch (IllegalAccessException | InvocationTargetException e) {
            LOG.debug("cannot restore the handler of {}", signal, e);
        }
    }

    private void restoreAndRaise() {
        restore();
        try {
            raise.invoke(null, signal);
        } catch (IllegalAccessException | InvocationTargetException e) {
            LOG.debug("cannot raise {}", signal, e);
        }
    }
}
