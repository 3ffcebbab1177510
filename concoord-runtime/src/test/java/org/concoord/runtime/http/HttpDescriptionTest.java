package org.concoord.runtime.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.concoord.core.host.Caller;
import org.concoord.core.message.Reason;
import org.concoord.core.value.Values;
import org.junit.jupiter.api.Test;

/** The HTTP API's pure parts: error codes of the replicas' refusals, schemas, the documents. */
class HttpDescriptionTest {
  public enum Color {
    RED,
    BLUE
  }

  public record Item(String name, long quantity, Optional<BigDecimal> price) {}

  public static class Shop {
    public long add(long delta) {
      return delta;
    }

    public Map<String, List<Item>> items(Color color, Instant since) {
      return Map.of();
    }

    public void take(Caller caller, String what) {}

    public int size() {
      return 0;
    }

    public int size(int scale) {
      return scale;
    }
  }

  @Test
  void refusalsOfTheReplicasMapToStableCodesByTheirReasonCode() {
    Map<Reason, ErrorCode> expected = new EnumMap<>(Reason.class);
    for (Reason reason : Reason.values()) {
      expected.put(reason, ErrorCode.REJECTED);
    }
    expected.put(Reason.NO_OBJECT, ErrorCode.NOT_FOUND);
    expected.put(Reason.UNKNOWN_METHOD, ErrorCode.UNKNOWN_METHOD);
    expected.put(Reason.BAD_ARGUMENTS, ErrorCode.BAD_ARGUMENT);
    expected.put(Reason.ACCESS_DENIED, ErrorCode.FORBIDDEN);
    expected.put(Reason.WRONG_PRINCIPAL, ErrorCode.FORBIDDEN);
    expected.put(Reason.OVERLOADED, ErrorCode.OVERLOADED);
    expected.put(Reason.UNACKNOWLEDGED, ErrorCode.OVERLOADED);
    for (Reason reason : Reason.values()) {
      assertEquals(expected.get(reason), ErrorCode.ofRejection(reason), reason.name());
    }
    assertEquals(429, ErrorCode.OVERLOADED.status);
    assertEquals(503, ErrorCode.UNAVAILABLE.status);
  }

  @Test
  void argumentsAreCheckedBeforeAnythingIsSent() {
    ObjectMethods methods = new ObjectMethods(Shop.class);
    byte[] good = ObjectCalls.arguments("[5]");
    assertNull(methods.refusal("add", 1, good));
    String wrong = methods.refusal("add", 1, ObjectCalls.arguments("[\"x\"]"));
    assertTrue(wrong.contains("expected long, got string"), wrong);
    assertTrue(methods.refusal("add", 2, ObjectCalls.arguments("[1, 2]")).contains("takes 1"));
    assertNull(methods.refusal("take", 1, ObjectCalls.arguments("[\"x\"]")), "Caller not sent");
    assertNull(methods.refusal("size", 1, ObjectCalls.arguments("[3]")), "overload by arity");
    assertNull(methods.named("nope"));
    assertEquals(Values.fromJson("[]").length, ObjectCalls.arguments("  ").length);
  }

  @Test
  void schemasFollowTheValueMapping() {
    assertEquals(
        "{\"type\":\"integer\",\"format\":\"int64\"}", JsonSchemas.of(long.class).toString());
    String item = JsonSchemas.of(Item.class).toString();
    assertTrue(
        item.contains(
            "\"price\":{\"anyOf\":[{\"type\":\"string\",\"format\":\"decimal\"}"
                + ",{\"type\":\"null\"}]}"),
        item);
    assertTrue(item.contains("\"required\":[\"name\",\"quantity\",\"price\"]"), item);
    assertEquals(
        "{\"type\":\"string\",\"enum\":[\"RED\",\"BLUE\"]}",
        JsonSchemas.of(Color.class).toString());
  }

  @Test
  void descriptionAndOpenApiComeFromTheClass() throws Exception {
    ObjectMethods methods = new ObjectMethods(Shop.class);
    JsonNode described = ObjectDescription.describe("default", methods);
    assertEquals(5, described.get("methods").size()); // add, items, take, size x2
    JsonNode openApi = ObjectDescription.openApi("default", methods);
    assertEquals("3.1.0", openApi.get("openapi").asText());
    JsonNode items = openApi.at("/paths/~1v1~1objects~1default~1items/post");
    assertNotNull(items.get("requestBody"));
    assertEquals(
        "object", items.at("/responses/200/content/application~1json/schema/type").asText());
    assertEquals(
        2,
        openApi
            .at(
                "/paths/~1v1~1objects~1default~1size/post/requestBody/content"
                    + "/application~1json/schema/oneOf")
            .size());
    JsonNode take =
        openApi.at(
            "/paths/~1v1~1objects~1default~1take/post/requestBody/content"
                + "/application~1json/schema/prefixItems");
    assertEquals(1, take.size(), "the Caller parameter is not a client's");
  }
}
