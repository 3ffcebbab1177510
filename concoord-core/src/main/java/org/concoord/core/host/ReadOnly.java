package org.concoord.core.host;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a replicated object as read-only: it changes nothing of the object's state.
 * ConCoord infers this for every method from its bytecode; the mark makes it a promise the object
 * check verifies (at {@code concoord object -s}, at the replica's load, in the annotation
 * processor): a marked method whose bytecode writes a field, an array or a container of the state,
 * directly or through a method it calls, is refused, naming the write. Read-only methods are what a
 * watch may evaluate and what a fast read may serve without a log slot.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ReadOnly {}
