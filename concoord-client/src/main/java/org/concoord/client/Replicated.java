package org.concoord.client;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class as a replicated object: the {@code concoord-processor} annotation processor
 * generates its client proxy, {@code <Class>Proxy}, in the same package at compile time (the same
 * source {@code concoord object} writes), and runs the safety check of {@code concoord object -s}
 * on the compiled class, reporting each finding as a compiler error at its line.
 *
 * <pre>{@code
 * @Replicated
 * public class Inventory { ... }
 *
 * Inventory inventory = new InventoryProxy("127.0.0.1:14000"); // generated
 * }</pre>
 *
 * <p><b>If {@code InventoryProxy} cannot be found</b> ("cannot find symbol ... class
 * InventoryProxy"), the processor did not run: add {@code org.concoord:concoord-processor} to the
 * compiler's annotation processor path ({@code annotationProcessorPaths} of the
 * maven-compiler-plugin, Gradle's {@code annotationProcessor} configuration). See {@code
 * docs/client.md}.
 *
 * <p>Retained in class files (not at run time) so that Gradle can process it incrementally; the
 * replicas never need this annotation.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Replicated {
  /**
   * What a safety finding is: {@code ERROR} (the default) fails the compilation, {@code WARNING}
   * reports and goes on, {@code OFF} skips the check.
   */
  Safety safety() default Safety.ERROR;

  /** How the processor reports safety findings. */
  enum Safety {
    ERROR,
    WARNING,
    OFF
  }
}
