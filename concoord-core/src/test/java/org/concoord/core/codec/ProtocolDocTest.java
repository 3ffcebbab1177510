package org.concoord.core.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.concoord.core.message.Outcome;
import org.concoord.core.message.Reason;
import org.concoord.core.message.Refusal;
import org.concoord.core.value.ValueCodec;
import org.junit.jupiter.api.Test;

/**
 * docs/protocol.md is the specification a client in another language is written from; this keeps
 * its tables and examples in step with the codec: a tag row naming another message than the codec
 * does, a codec tag without a row, an outcome code or a value tag that differ, or an encoding
 * example that the value codec does not produce, fails here.
 */
class ProtocolDocTest {
  private static final Path DOC = Path.of("../docs/protocol.md");

  /** A table row that starts with a tag and a name: {@code | 0x0A | `ClientRequest` | ...}. */
  private static final Pattern TAG_ROW =
      Pattern.compile("^\\| (0x[0-9A-Fa-f]{2}) \\| (?:a bare )?`(\\w+)`.*", Pattern.MULTILINE);

  private static String doc() throws IOException {
    return Files.readString(DOC);
  }

  @Test
  void everyTagRowNamesWhatTheCodecNames() throws IOException {
    Map<Integer, List<String>> rows = new TreeMap<>();
    Matcher m = TAG_ROW.matcher(doc());
    while (m.find()) {
      int tag = Integer.decode(m.group(1));
      rows.computeIfAbsent(tag, t -> new ArrayList<>()).add(m.group(2));
    }
    assertTrue(rows.size() > 25, "tag rows found: " + rows);
    for (Map.Entry<Integer, List<String>> row : rows.entrySet()) {
      for (String name : row.getValue()) {
        assertEquals(
            WireFormat.tagName(row.getKey()),
            name,
            "docs/protocol.md names tag 0x" + Integer.toHexString(row.getKey()) + " " + name);
      }
    }
    for (int tag = 0; tag <= 0xFF; tag++) {
      String name = WireFormat.tagName(tag);
      if (!name.startsWith("0x")) {
        assertTrue(
            rows.containsKey(tag),
            "no row in docs/protocol.md for tag 0x" + Integer.toHexString(tag) + " (" + name + ")");
      }
    }
  }

  @Test
  void messagesHaveALayoutRowEach() throws IOException {
    String layouts = section(doc(), "## Message layouts", "### Examples");
    for (int tag = WireFormat.TAG_PREPARE; tag <= WireFormat.MESSAGE_TAG_MAX; tag++) {
      String name = WireFormat.tagName(tag);
      if (!name.startsWith("0x")) {
        assertTrue(
            layouts.contains(String.format("| 0x%02X | `%s` |", tag, name)),
            "no layout row for " + name);
      }
    }
  }

  @Test
  void outcomeCodesAreTheEnums() throws IOException {
    String table = section(doc(), "## Outcome codes", "A client stops retrying");
    for (Outcome outcome : Outcome.values()) {
      assertTrue(
          table.contains(
              "| "
                  + outcome.code
                  + " | `"
                  + outcome.name()
                  + "` | "
                  + (outcome.isFinal() ? "yes" : "no")
                  + " |"),
          "row of " + outcome);
    }
  }

  @Test
  void reasonCodesAreTheEnumsAndTheExampleIsTheCodecs() throws IOException {
    String table = section(doc(), "## Reason codes", "## Writing a client");
    for (Reason reason : Reason.values()) {
      assertTrue(
          table.contains("\n| " + reason.code + " | `" + reason.name() + "` | "),
          "row of " + reason);
    }
    assertTrue(table.contains("`07 02 03 02 05 01 78`"));
    assertArrayEquals(hex("07 02 03 02 05 01 78"), Refusal.encode(Reason.SESSION_EXPIRED, "x"));
  }

  @Test
  void valueTagsAndExamplesAreTheCodecs() throws IOException {
    String table = section(doc(), "### The value encoding", "### Status");
    Object[][] firstByteOf = {
      {0, null},
      {1, false},
      {2, true},
      {3, 7L},
      {4, 1.5},
      {5, "s"},
      {6, new byte[] {1}},
      {7, List.of()},
      {8, Map.of()},
      {9, Optional.empty()}
    };
    for (Object[] pair : firstByteOf) {
      int tag = (Integer) pair[0];
      assertEquals(tag, ValueCodec.encode(pair[1])[0] & 0xFF, "tag of " + pair[1]);
      assertTrue(table.contains("\n| " + tag + " | "), "row of value tag " + tag);
    }
    assertTrue(table.contains("`07 01 03 0a`"));
    assertArrayEquals(hex("07 01 03 0a"), ValueCodec.encodeArgs(5L));
    assertTrue(table.contains("`03 0c`"));
    assertArrayEquals(hex("03 0c"), ValueCodec.encode(6L));
    assertTrue(table.contains("`05 02 68 69`"));
    assertArrayEquals(hex("05 02 68 69"), ValueCodec.encode("hi"));
    assertTrue(table.contains("is `09`"));
  }

  private static byte[] hex(String spaced) {
    return HexFormat.of().parseHex(spaced.replace(" ", ""));
  }

  private static String section(String text, String from, String to) {
    int start = text.indexOf(from);
    int end = text.indexOf(to, start + 1);
    assertTrue(start >= 0 && end > start, "section " + from + " .. " + to);
    return text.substring(start, end);
  }
}
