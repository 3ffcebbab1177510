package org.concoord.nameserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.concoord.core.view.View;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Route 53 updates through the real AWS SDK against a local HTTP endpoint (endpoint override): no
 * AWS endpoint is reachable here, so {@link FakeRoute53} checks the requests the SDK sends.
 */
class Route53UpdaterTest {
  @TempDir Path work;

  Route53Config config(String endpoint) throws IOException {
    Path file = work.resolve("route53.conf");
    Files.writeString(
        file,
        "hosted-zone-id = Z0123456789\naccess-key-id = AKIDTEST\n"
            + "secret-access-key = secret\nendpoint = "
            + endpoint
            + "\n");
    return Route53Config.read(file);
  }

  @Test
  void aViewBecomesOneSignedChangeBatchOfUpsertsForEveryRecordSet() throws Exception {
    try (FakeRoute53 fake = new FakeRoute53()) {
      Route53Updater updater = newUpdater(fake);
      updater.push(Views.zone(Views.small(), 3), Views.small());

      FakeRoute53.Request request = fake.requests().get(0);
      assertEquals("POST", request.method());
      assertEquals("/2013-04-01/hostedzone/Z0123456789/rrset/", request.path());
      assertTrue(
          request.authorization().startsWith("AWS4-HMAC-SHA256 Credential=AKIDTEST/"),
          request.authorization());
      String body = request.body();
      for (String expected :
          List.of(
              "<Action>UPSERT</Action>",
              "<Name>counterdomain.</Name><Type>A</Type><TTL>1</TTL><ResourceRecords>"
                  + "<ResourceRecord><Value>127.0.0.1</Value></ResourceRecord></ResourceRecords>",
              "<Name>_concoord._tcp.counterdomain.</Name><Type>SRV</Type>",
              "<Value>0 1 14123 replica-14123-127-0-0-1.counterdomain.</Value>",
              "<Value>0 1 14126 node7.example.org.</Value>",
              "<Name>replica-14125-0-0-0-0-0-0-0-1.counterdomain.</Name><Type>AAAA</Type>",
              "<Value>&quot;acceptor 127.0.0.1:14200&quot;</Value>")) {
        assertTrue(
            body.contains(expected) || body.contains(expected.replace("&quot;", "\"")),
            "missing " + expected + " in " + body);
      }
      assertFalse(body.contains("<Action>DELETE</Action>"), body);
      assertFalse(body.contains("<Type>SOA</Type>") || body.contains("<Type>NS</Type>"), body);
      updater.close();
    }
  }

  @Test
  void recordSetsThatAViewNoLongerHasAreDeletedWithTheirOldValues() throws Exception {
    try (FakeRoute53 fake = new FakeRoute53()) {
      Route53Updater updater = newUpdater(fake);
      updater.push(Views.zone(Views.small(), 3), Views.small());
      View smaller =
          new View(
              4,
              Views.nodes("127.0.0.1", 14123, 1),
              Views.nodes("127.0.0.1", 14200, 1),
              List.of(Views.SELF));
      updater.push(Views.zone(smaller, 4), smaller);

      String body = fake.requests().get(1).body();
      assertTrue(
          body.contains(
              "<Action>DELETE</Action><ResourceRecordSet><Name>"
                  + "replica-14124-127-0-0-1.counterdomain.</Name><Type>A</Type>"),
          body);
      assertTrue(
          body.contains("<Name>counterdomain.</Name><Type>AAAA</Type>"), "::1 gone: " + body);
      updater.close();
    }
  }

  @Test
  void anErrorFromRoute53FailsThePushSoItIsRetried() throws Exception {
    try (FakeRoute53 fake = new FakeRoute53()) {
      fake.answer(400);
      Route53Updater updater = newUpdater(fake);

      Exception e =
          assertThrows(
              Exception.class, () -> updater.push(Views.zone(Views.small(), 3), Views.small()));
      assertTrue(e.getMessage().contains("refused by the test"), e.getMessage());
      updater.close();
    }
  }

  private Route53Updater newUpdater(FakeRoute53 fake) throws IOException {
    return Route53Updater.create(Views.DOMAIN.toString(), Views.SELF, config(fake.endpoint()));
  }

  @Test
  void badConfigurationsAreClearErrors() throws Exception {
    Path file = work.resolve("bad.conf");
    for (String[] bad :
        new String[][] {
          {"access-key-id = A\n", "hosted-zone-id is required"},
          {"hosted-zone-id = Z\nzoneid = Z\n", "unknown key 'zoneid'"},
          {"hosted-zone-id = Z\naccess-key-id = A\n", "give both"},
          {"hosted-zone-id = Z\nendpoint = 127.0.0.1\n", "needs a scheme and a host"}
        }) {
      Files.writeString(file, bad[0]);
      IOException e = assertThrows(IOException.class, () -> Route53Config.read(file));
      assertTrue(e.getMessage().contains(bad[1]), e.getMessage());
    }
    Files.writeString(file, "hosted-zone-id = Z\n");
    Route53Config defaults = Route53Config.read(file);
    assertNull(defaults.accessKeyId());
    assertEquals("aws-global", defaults.region());
    assertFalse(
        new Route53Config("Z", "A", "very-secret", "aws-global", null)
            .toString()
            .contains("very-secret"));
  }
}
