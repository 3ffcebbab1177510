package org.concoord.core.command;

/**
 * One element of a decided {@link Batch}. Client calls change the object; reconfigurations change
 * the view, taking effect {@code View.WINDOW} slots after the slot that decides them.
 */
public sealed interface Command permits ClientCommand, Reconfigure {}
