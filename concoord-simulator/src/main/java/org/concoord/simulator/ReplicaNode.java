package org.concoord.simulator;

import java.util.Set;
import java.util.SplittableRandom;
import org.concoord.core.Mutation;
import org.concoord.core.NodeId;
import org.concoord.core.host.ObjectHost;
import org.concoord.core.replica.Replica;
import org.concoord.core.replica.ReplicaConfig;
import org.concoord.core.view.View;

/**
 * A simulated replica process. Its state is volatile: a crash loses it all, and a restart begins
 * empty from the genesis view and catches up from the others.
 */
final class ReplicaNode {
  final NodeId id;
  private final View genesis;
  private final Class<?> objectClass;
  private final ReplicaConfig config;
  private final Set<Mutation> mutations;
  private final SafetyOracle oracle;
  private final SplittableRandom random;
  private Replica role;
  boolean up = true;

  ReplicaNode(
      NodeId id,
      View genesis,
      Class<?> objectClass,
      ReplicaConfig config,
      Set<Mutation> mutations,
      SafetyOracle oracle,
      SplittableRandom random) {
    this.id = id;
    this.genesis = genesis;
    this.objectClass = objectClass;
    this.config = config;
    this.mutations = mutations;
    this.oracle = oracle;
    this.random = random;
    this.role = fresh();
  }

  private Replica fresh() {
    return new Replica(
        id, genesis, new ObjectHost(objectClass), config, random.split(), mutations, oracle);
  }

  Replica role() {
    return role;
  }

  void crash() {
    up = false;
  }

  void restart() {
    role = fresh();
    oracle.replicaRestarted(id);
    up = true;
  }
}
