package org.concoord.cli.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The hosts of a deployment over SSH, as its deployment file records them: the deployment's id (its
 * directories on the hosts are named after it), how SSH reaches the hosts, each host as its
 * hosts-file line, each host's deployment directory (absolute; null before it was made), and the
 * deployment's state ({@link #STARTING} while initialize runs, {@link #RUNNING}, {@link
 * #ROLLED_BACK} or {@link #STOPPED}).
 */
public record DeploymentHosts(
    String id, SshSettings ssh, List<HostsFile.Host> hosts, List<String> dirs, String state) {
  static final String STARTING = "starting";
  static final String RUNNING = "running";
  static final String ROLLED_BACK = "rolled-back";
  public static final String STOPPED = "stopped";

  public DeploymentHosts {
    hosts = List.copyOf(hosts);
    dirs = java.util.Collections.unmodifiableList(new ArrayList<>(dirs));
    if (hosts.size() != dirs.size()) {
      throw new IllegalArgumentException(hosts.size() + " hosts but " + dirs.size() + " dirs");
    }
  }

  /** The directory a deployment uses on {@code host}: one per host, so hosts may share a disk. */
  String dirFor(HostsFile.Host host) {
    return ssh.remoteDir() + "/" + id + "-" + host.address().replaceAll("[^A-Za-z0-9._-]", "_");
  }

  /** The index of the host named {@code name} (its hosts-file label or its address); -1 if none. */
  int indexOf(String name) {
    for (int i = 0; i < hosts.size(); i++) {
      HostsFile.Host host = hosts.get(i);
      if (host.label().equals(name) || host.address().equals(name) || host.sshHost().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  DeploymentHosts withHost(HostsFile.Host host, String dir) {
    List<HostsFile.Host> moreHosts = new ArrayList<>(hosts);
    moreHosts.add(host);
    List<String> moreDirs = new ArrayList<>(dirs);
    moreDirs.add(dir);
    return new DeploymentHosts(id, ssh, moreHosts, moreDirs, state);
  }

  DeploymentHosts withDir(int index, String dir) {
    List<String> newDirs = new ArrayList<>(dirs);
    newDirs.set(index, dir);
    return new DeploymentHosts(id, ssh, hosts, newDirs, state);
  }

  public DeploymentHosts withState(String newState) {
    return new DeploymentHosts(id, ssh, hosts, dirs, newState);
  }

  /** Whether nodes of this deployment may be running (it was neither stopped nor rolled back). */
  public boolean mayRun() {
    return state.equals(STARTING) || state.equals(RUNNING);
  }

  void store(Properties properties) {
    properties.setProperty("remote.id", id);
    properties.setProperty("remote.state", state);
    ssh.store(properties);
    for (int i = 0; i < hosts.size(); i++) {
      properties.setProperty("host." + i, hosts.get(i).toLine());
      if (dirs.get(i) != null) {
        properties.setProperty("host." + i + ".dir", dirs.get(i));
      }
    }
  }

  /** The hosts recorded in {@code properties}; null for a local deployment. */
  static DeploymentHosts load(Properties properties) {
    String id = properties.getProperty("remote.id");
    if (id == null) {
      return null;
    }
    List<HostsFile.Host> hosts = new ArrayList<>();
    List<String> dirs = new ArrayList<>();
    for (int i = 0; properties.containsKey("host." + i); i++) {
      hosts.add(HostsFile.parseLine(properties.getProperty("host." + i)));
      dirs.add(properties.getProperty("host." + i + ".dir"));
    }
    return new DeploymentHosts(
        id,
        SshSettings.load(properties),
        hosts,
        dirs,
        properties.getProperty("remote.state", RUNNING));
  }
}
