package org.concoord.runtime.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * What {@code GET /v1/objects/{name}} and {@code GET /v1/openapi.json} answer, generated from the
 * object's class: its methods, each overload's parameters (a JSON array, one schema per position)
 * and result as JSON Schema, and an OpenAPI 3.1 document of the whole API. Built once.
 */
final class ObjectDescription {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private ObjectDescription() {}

  static ObjectNode describe(String name, ObjectMethods methods) {
    ObjectNode root = JSON.objectNode();
    root.put("name", name);
    root.put("class", methods.objectClass().getName());
    ArrayNode list = root.putArray("methods");
    methods
        .all()
        .forEach(
            (method, overloads) -> {
              for (ObjectMethods.Overload overload : overloads) {
                ObjectNode entry = list.addObject();
                entry.put("name", method);
                entry.put("path", "/v1/objects/" + name + "/" + method);
                entry.set("parameters", parameters(overload));
                entry.set("result", JsonSchemas.of(overload.method().getGenericReturnType()));
                entry.put("blocking", isBlocking(overload));
              }
            });
    return root;
  }

  /** The request body's schema: an array of exactly these arguments. */
  private static ObjectNode parameters(ObjectMethods.Overload overload) {
    ObjectNode schema = JSON.objectNode().put("type", "array");
    ArrayNode items = schema.putArray("prefixItems");
    for (int i = 0; i < overload.types().size(); i++) {
      ObjectNode item = JsonSchemas.of(overload.types().get(i));
      item.put("title", overload.names().get(i));
      items.add(item);
    }
    schema.put("minItems", overload.types().size());
    schema.put("maxItems", overload.types().size());
    return schema;
  }

  /** A method that takes a Caller can park (acquire, await): say so, for the long poll. */
  private static boolean isBlocking(ObjectMethods.Overload overload) {
    return overload.method().getParameterCount() > overload.types().size();
  }

  static ObjectNode openApi(String name, ObjectMethods methods) {
    ObjectNode root = JSON.objectNode();
    root.put("openapi", "3.1.0");
    root.putObject("info")
        .put(
            "title", "ConCoord object " + name + " (" + methods.objectClass().getSimpleName() + ")")
        .put("version", "1");
    ObjectNode paths = root.putObject("paths");
    paths
        .putObject("/v1/objects/" + name)
        .putObject("get")
        .put("summary", "The object's methods with JSON Schema")
        .putObject("responses")
        .putObject("200")
        .put("description", "the description");
    methods
        .all()
        .forEach(
            (method, overloads) ->
                paths
                    .putObject("/v1/objects/" + name + "/" + method)
                    .set("post", operation(method, overloads)));
    ObjectNode components = root.putObject("components");
    ObjectNode schemas = components.putObject("schemas");
    ObjectNode error = schemas.putObject("Error").put("type", "object");
    ObjectNode inner = error.putObject("properties").putObject("error").put("type", "object");
    ObjectNode fields = inner.putObject("properties");
    ArrayNode codes = fields.putObject("code").put("type", "string").putArray("enum");
    for (ErrorCode code : ErrorCode.values()) {
      codes.add(code.code);
    }
    fields.putObject("message").put("type", "string");
    fields.putObject("type").put("type", "string");
    inner.putArray("required").add("code").add("message");
    error.putArray("required").add("error");
    ObjectNode headers = components.putObject("parameters");
    header(
        headers,
        "ClientId",
        "Concoord-Client-Id",
        "non-zero 64-bit integer naming the caller's session; with Concoord-Seq: exactly-once");
    header(
        headers,
        "Seq",
        "Concoord-Seq",
        "1, 2, ... per call of the session; a retry "
            + "keeps its seq and is answered from the reply cache");
    header(
        headers,
        "AckedBelow",
        "Concoord-Acked-Below",
        "the caller holds the replies of " + "every seq below this (default 1)");
    header(headers, "Wait", "Concoord-Wait", "seconds to wait for a parked call (long poll)");
    return root;
  }

  private static void header(ObjectNode parameters, String key, String name, String text) {
    ObjectNode header =
        parameters
            .putObject(key)
            .put("name", name)
            .put("in", "header")
            .put("required", false)
            .put("description", text);
    header.putObject("schema").put("type", "integer");
  }

  private static ObjectNode operation(String method, List<ObjectMethods.Overload> overloads) {
    ObjectNode post = JSON.objectNode();
    post.put("operationId", method);
    ArrayNode parameters = post.putArray("parameters");
    for (String key : List.of("ClientId", "Seq", "AckedBelow", "Wait")) {
      parameters.addObject().put("$ref", "#/components/parameters/" + key);
    }
    ObjectNode body = JSON.objectNode();
    ObjectNode result = JSON.objectNode();
    if (overloads.size() == 1) {
      body = parameters(overloads.get(0));
      result = JsonSchemas.of(overloads.get(0).method().getGenericReturnType());
    } else {
      ArrayNode bodies = body.putArray("oneOf");
      ArrayNode results = result.putArray("oneOf");
      for (ObjectMethods.Overload overload : overloads) {
        bodies.add(parameters(overload));
        results.add(JsonSchemas.of(overload.method().getGenericReturnType()));
      }
    }
    post.putObject("requestBody")
        .put("required", false)
        .putObject("content")
        .putObject("application/json")
        .set("schema", body);
    ObjectNode responses = post.putObject("responses");
    responses
        .putObject("200")
        .put("description", "the result")
        .putObject("content")
        .putObject("application/json")
        .set("schema", result);
    responses
        .putObject("202")
        .put(
            "description",
            "parked (a blocking call): ask again with "
                + "the same Concoord-Client-Id and Concoord-Seq");
    errorResponses(responses);
    return post;
  }

  /** Each error status an operation may answer, with the Error schema. */
  private static void errorResponses(ObjectNode responses) {
    for (Map.Entry<String, String> status :
        Map.of(
                "400",
                "bad_argument or bad_header",
                "404",
                "unknown_method",
                "409",
                "exception: the method threw",
                "422",
                "rejected",
                "429",
                "overloaded",
                "503",
                "unavailable: outcome unknown")
            .entrySet()) {
      responses
          .putObject(status.getKey())
          .put("description", status.getValue())
          .putObject("content")
          .putObject("application/json")
          .putObject("schema")
          .put("$ref", "#/components/schemas/Error");
    }
  }
}
