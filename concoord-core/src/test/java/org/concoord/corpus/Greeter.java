package org.concoord.corpus;

import java.util.ArrayList;
import java.util.List;
import org.concoord.core.host.Caller;

/** A Caller parameter, supplied by the replicas: the client id and the replicated clock. */
public class Greeter {
  private final ArrayList<String> greeted = new ArrayList<>();

  public String hello(Caller caller, String name) {
    String greeting = name + " from client " + caller.clientId();
    greeted.add(greeting);
    return greeting;
  }

  public List<String> greeted() {
    return greeted;
  }
}
