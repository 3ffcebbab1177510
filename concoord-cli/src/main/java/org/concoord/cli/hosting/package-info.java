/**
 * What a replica process needs to host its object: the check before it loads ({@code LoadCheck}),
 * the classes it may host ({@code ObjectClasses}) and the code installed by {@code concoord
 * upgrade} ({@code UpgradedCode}). Depends on no other package of the CLI.
 */
package org.concoord.cli.hosting;
