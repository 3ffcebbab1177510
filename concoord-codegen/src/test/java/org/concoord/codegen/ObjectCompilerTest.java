package org.concoord.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ObjectCompilerTest {
  @TempDir Path temp;

  @Test
  void compilesAnObjectKeepingParameterNames() throws Exception {
    Path source =
        write(
            "Account.java",
            """
        package bank;

        public class Account {
          private long balance;

          public long deposit(long amount) {
            balance += amount;
            return balance;
          }
        }
        """);
    Path classes = ObjectCompiler.compile(source);
    assertTrue(Files.isRegularFile(classes.resolve("bank/Account.class")));
    try (URLClassLoader loader = TestCompiler.loader(classes)) {
      Method deposit = loader.loadClass("bank.Account").getMethod("deposit", long.class);
      assertEquals("amount", deposit.getParameters()[0].getName());
    }
  }

  @Test
  void theDefaultClassPathIsTheRunningJvmsSoObjectsMayUseCaller() throws IOException {
    Path source =
        write(
            "Turnstile.java",
            """
        import org.concoord.core.host.Caller;

        public class Turnstile {
          public long pass(Caller caller) {
            return caller.clientId();
          }
        }
        """);
    assertTrue(Files.isRegularFile(ObjectCompiler.compile(source).resolve("Turnstile.class")));
  }

  @Test
  void brokenSourceThrowsDiagnosticsAsFileLineErrorMessage() throws IOException {
    Path source =
        write(
            "Broken.java",
            """
        public class Broken {
          public int value() {
            return "not an int";
          }
        }
        """);
    CompilationException e =
        assertThrows(
            CompilationException.class,
            () -> ObjectCompiler.compile(source, "", temp.resolve("out")));
    assertEquals(source, e.source());
    String first = e.diagnostics().get(0);
    assertTrue(first.startsWith(source + ":3: error: incompatible types: "), first);
    assertTrue(
        e.getMessage().startsWith("compiling " + source + " failed:\n" + source + ":3:"),
        e.getMessage());
  }

  @Test
  void everyErrorIsReportedWithItsLine() throws IOException {
    Path source =
        write(
            "Twice.java",
            """
        public class Twice {
          Missing first;
          Absent second;
        }
        """);
    CompilationException e =
        assertThrows(
            CompilationException.class,
            () -> ObjectCompiler.compile(source, "", temp.resolve("out")));
    assertTrue(
        e.diagnostics().get(0).startsWith(source + ":2: error: cannot find symbol"),
        e.diagnostics().toString());
    assertTrue(
        e.diagnostics().get(1).startsWith(source + ":3: error: cannot find symbol"),
        e.diagnostics().toString());
  }

  @Test
  void aFileThatIsNotJavaSourceIsRefused() throws IOException {
    Path notJava = write("counter.py", "class Counter: pass\n");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ObjectCompiler.compile(notJava));
    assertTrue(e.getMessage().contains("is not a readable .java file"), e.getMessage());
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(temp.resolve(name), text);
  }
}
