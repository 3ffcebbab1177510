/**
 * Deployment: the deployment file, starting, looking at and stopping nodes on this machine ({@code
 * LocalNodeStart}, {@code LocalNodeStop}, {@code LocalNodes}) and on hosts over SSH ({@code
 * SshSession}, {@code RemoteHost}, {@code RemoteDeployer}, {@code Rollback}, {@code NodeLauncher},
 * {@code NodeAddition}, {@code NodeRestart}), and the outside looks at an instance ({@code
 * InstanceProbe}, {@code Readiness}). Depends on {@code tls} only, never on a command: the commands
 * are the ones that choose what to deploy.
 */
package org.concoord.cli.deploy;
