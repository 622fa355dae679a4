package io.qualitymonitor.embedded;

import io.qualitymonitor.config.AppConfig;
import io.qualitymonitor.config.ConfigLoader;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that starts ONE real broker and ONE real registry per test run, shared by all
 * integration tests, and stops them when the run ends. Inject {@link EmbeddedStack} or an {@link
 * AppConfig} already pointing at it into a test or lifecycle method.
 *
 * <p>Use with {@code @ExtendWith(SharedStack.class)}.
 */
public final class SharedStack implements ParameterResolver {
    private static final ExtensionContext.Namespace NS =
            ExtensionContext.Namespace.create(SharedStack.class);

    /** Returns the test configuration (defaults + {@code -Dqm.*} set by the build). */
    public static AppConfig baseConfig() {
        return ConfigLoader.fromProcess().load(null, Map.of());
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
        Class<?> type = p.getParameter().getType();
        return type == EmbeddedStack.class || type == AppConfig.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext c) {
        EmbeddedStack stack = stack(c);
        if (p.getParameter().getType() == EmbeddedStack.class) {
            return stack;
        }
        return baseConfig().withEndpoints(stack.bootstrapServers(), stack.registryUrl());
    }

    /** Returns the run-wide stack, starting it on first use. */
    public static EmbeddedStack stack(ExtensionContext c) {
        return c.getRoot()
                .getStore(NS)
                .getOrComputeIfAbsent(
                        "stack",
                        k -> new Holder(EmbeddedStack.start(baseConfig().embedded())),
                        Holder.class)
                .stack;
    }

    /** Closes the stack when the root context (the whole test run) closes. */
    private record Holder(EmbeddedStack stack) implements AutoCloseable {
        @Override
        public void close() {
            stack.close();
        }
    }
}
