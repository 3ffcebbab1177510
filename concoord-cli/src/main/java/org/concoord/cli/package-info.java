/**
 * The {@code concoord} command line: {@link org.concoord.cli.Main} alone, which parses and hands
 * over to one command of {@code org.concoord.cli.command}. The packages below depend one way:
 * {@code command} on {@code deploy}, {@code bench}, {@code hosting} and {@code tls}; {@code deploy}
 * on {@code tls}; nothing back ({@code PackagesTest}).
 */
package org.concoord.cli;
