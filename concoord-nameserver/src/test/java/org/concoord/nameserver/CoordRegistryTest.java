package org.concoord.nameserver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.concoord.core.view.View;
import org.junit.jupiter.api.Test;

/** The registry's form of a view ("TYPE host:port" per node), both ways. */
class CoordRegistryTest {
  @Test
  void aSlavesNodesReadBackAsTheSameMembership() {
    View view = Views.small();

    List<String> nodes = CoordUpdater.nodes(view);
    View back = CoordRegistry.view(nodes);

    assertEquals(
        List.of(
            "REPLICA 127.0.0.1:14123",
            "REPLICA 127.0.0.1:14124",
            "REPLICA [::1]:14125",
            "REPLICA node7.example.org:14126",
            "ACCEPTOR 127.0.0.1:14200",
            "ACCEPTOR 127.0.0.1:14201",
            "NAMESERVER 127.0.0.1:14500"),
        nodes);
    assertEquals(view.replicas(), back.replicas());
    assertEquals(view.acceptors(), back.acceptors());
    assertEquals(view.nameservers(), back.nameservers());
  }

  @Test
  void entriesNotInTheRegistrysFormAreSkipped() {
    View view =
        CoordRegistry.view(
            List.of(
                "REPLICA 127.0.0.1:1",
                "bogus",
                "OBSERVER a:1",
                "REPLICA",
                "ACCEPTOR 127.0.0.1:2 extra"));

    assertEquals(1, view.replicas().size());
    assertEquals(0, view.acceptors().size());
  }
}
