package org.concoord.corpus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Records as arguments, results and state. */
public class Roster {
  public record Member(String name, int age) {}

  private final ArrayList<Member> members = new ArrayList<>();

  public int join(Member member) {
    members.add(member);
    return members.size();
  }

  public Member oldest() {
    return members.stream().max(Comparator.comparingInt(Member::age)).orElse(null);
  }

  public List<Member> members() {
    return members;
  }
}
