package io.qualitymonitor;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test (or every test of a class) that runs {@link TestRequirements#python()} with the
 * given modules: skipped with a one-line reason where that interpreter or a module is missing, or
 * failed where {@code QMTEST_REQUIRE} names {@code python} (see {@link TestRequirements}).
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(PythonCondition.class)
public @interface RequiresPython {
    /** Returns the modules the test's scripts import, e.g. {@code torch}, {@code PIL}. */
    String[] modules();
}
