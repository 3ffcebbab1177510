package org.concoord.core.access;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The role a public method of a replicated object needs when the policy has no rule for it. A
 * method without this annotation needs {@link AccessRole#WRITER}. Mark the methods that only read
 * with {@code @Access(AccessRole.READER)}: principals granted {@code reader} may call those and
 * nothing else. The annotation is a default; `concoord acl rule` overrides it per method.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Access {
  AccessRole value();
}
