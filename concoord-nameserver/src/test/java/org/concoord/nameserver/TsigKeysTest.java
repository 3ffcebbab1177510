package org.concoord.nameserver;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** TSIG keys in BIND's syntax, as tsig-keygen prints them. */
class TsigKeysTest {
  @Test
  void readsWhatTsigKeygenPrints() throws Exception {
    String text =
        "key \"concoord-key\" {\n\talgorithm hmac-sha256;\n"
            + "\tsecret \"PdxDGJDHEijCz7kZmP02rsFCxmKPED0QSIT7G33QCEk=\";\n};\n";

    assertNotNull(TsigKeys.parse(text, "test"));
  }

  @Test
  void aFileWithoutAKeyIsAClearError() {
    IOException e =
        assertThrows(IOException.class, () -> TsigKeys.parse("options { };", "named.conf"));

    assertTrue(e.getMessage().startsWith("named.conf: no 'key"), e.getMessage());
  }
}
