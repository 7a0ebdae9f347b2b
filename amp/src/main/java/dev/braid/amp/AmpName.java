package dev.braid.amp;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Gives a record component of a command's arguments or response another AMP key than its name, for
 * keys that are not Java identifiers ({@code @AmpName("first-name") String firstName}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface AmpName {
  /** The key on the wire, 1 to 255 bytes of UTF-8, not starting with {@code _}. */
  String value();
}
