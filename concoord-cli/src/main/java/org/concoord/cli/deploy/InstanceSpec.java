package org.concoord.cli.deploy;

import java.nio.file.Path;

/**
 * What an instance runs and how its nodes are started, as {@code initialize} and {@code addnode}
 * were told: the object's file and class, the domain its nameservers serve (null without), each
 * node JVM's heap, the durability of replicas and acceptors, the options every replica is given
 * alike (the command's {@code InstanceReplicaOptions}), and the directory of the instance CA that
 * issues a certificate to each node started over SSH (null: the instance is --insecure).
 */
public record InstanceSpec(
    Path file,
    String className,
    String domain,
    String heap,
    String durability,
    java.util.List<String> replicaArgs,
    Path tlsDir) {}
