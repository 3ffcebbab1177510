package org.concoord.objects;

import static org.concoord.objects.Calls.call;
import static org.concoord.objects.Calls.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.concoord.core.host.ObjectHost;
import org.junit.jupiter.api.Test;

class AppendListTest {
  private final ObjectHost host = new ObjectHost(AppendList.class);

  @Test
  void appendReturnsTheWholeListAfterTheAppend() {
    assertEquals(List.of(), ok(call(host, 1, 1, "read")));
    assertEquals(List.of(4L), ok(call(host, 1, 2, "append", 4)));
    assertEquals(List.of(4L, -1L), ok(call(host, 2, 1, "append", -1)));
    assertEquals(List.of(4L, -1L), ok(call(host, 1, 3, "read")));
  }

  @Test
  void aReturnedListIsASnapshotNotAViewOfTheState() {
    AppendList list = new AppendList();
    List<Long> before = list.append(1);
    list.append(2);
    assertEquals(List.of(1L), before);
  }
}
