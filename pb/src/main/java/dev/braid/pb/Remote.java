package dev.braid.pb;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a public method of a {@link Referenceable} as callable by the peer, under the method's name
 * or {@link #value()}. The peer's positional arguments are converted to the parameter types ({@link
 * dev.braid.pb.jelly.Conversions}); a final parameter of type {@code Map<String, Object>} annotated
 * {@link Keywords} receives the keyword arguments.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Remote {
  /** The name the peer calls; empty for the method's own name. */
  String value() default "";

  /** Marks the parameter that takes the call's keyword arguments. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.PARAMETER)
  @interface Keywords {}
}
