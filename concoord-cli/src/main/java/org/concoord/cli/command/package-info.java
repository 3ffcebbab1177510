/**
 * The commands ({@code concoord initialize}, {@code replica}, {@code bench}, ...), one class each,
 * and the picocli option mixins they share ({@code AdminOptions}, {@code StorageOptions}, {@code
 * InstanceTarget}, ...). A node command runs its node in this JVM ({@code NodeProcess}); the others
 * drive deployment ({@code deploy}), load ({@code bench}) or certificates ({@code tls}).
 */
package org.concoord.cli.command;
