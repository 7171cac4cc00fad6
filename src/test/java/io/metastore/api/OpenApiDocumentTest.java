package io.metastore.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi31;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * /q/openapi describes the real API: every JAX-RS resource method (found by reflection) is in it
 * and nothing else, every operation has a stable operationId and problem+json errors, the unions
 * and the merge-patch body are declared, the document passes an OpenAPI parser's validation, and
 * real response bodies validate against the schemas the document gives for them.
 */
@QuarkusTest
class OpenApiDocumentTest {
  static final String PROBLEM = "application/problem+json";
  static final String JSON = "application/json";
  static final String MERGE_PATCH = "application/merge-patch+json";
  static final ObjectMapper MAPPER = new ObjectMapper();

  /** The stable operationIds clients are generated with; renaming one breaks them. */
  static final Map<String, String> OPERATION_IDS =
      Map.ofEntries(
          Map.entry("PUT /api/v1/files/{path}", "putFile"),
          Map.entry("GET /api/v1/files/{path}", "getFile"),
          Map.entry("HEAD /api/v1/files/{path}", "headFile"),
          Map.entry("PATCH /api/v1/files/{path}", "patchFileAttrs"),
          Map.entry("DELETE /api/v1/files/{path}", "deleteFile"),
          Map.entry("GET /api/v1/files", "listFiles"),
          Map.entry("POST /api/v1/query", "queryFiles"),
          Map.entry("POST /api/v1/batch/get", "batchGet"),
          Map.entry("POST /api/v1/batch/put", "batchPut"),
          Map.entry("POST /api/v1/batch/delete", "batchDelete"),
          Map.entry("POST /api/v1/rename", "rename"),
          Map.entry("GET /api/v1/versions/{path}", "getVersions"),
          Map.entry("POST /api/v1/rollback", "rollback"),
          Map.entry("GET /api/v1/stats", "getStats"));

  static final Set<String> OPERATION_KEYS =
      Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

  JsonNode doc;
  String base;

  @BeforeEach
  void fetch() throws Exception {
    RestAssured.urlEncodingEnabled = false;
    base = "/oa" + UUID.randomUUID().toString().substring(0, 8);
    for (int i = 0; i < 300 && given().get("/q/health/ready").statusCode() != 200; i++) {
      Thread.sleep(100);
    }
    Response r = given().get("/q/openapi?format=json");
    r.then().statusCode(200);
    doc = MAPPER.readTree(r.asString());
  }

  // ------------------------------------------------------------ the code and the document

  /** A JAX-RS resource method: its HTTP method, full path template and media types. */
  record Endpoint(String method, String path, Set<String> consumes, Set<String> produces, boolean hasBody) {
    String key() {
      return method + " " + path;
    }
  }

  static List<Endpoint> resourceMethods() throws ClassNotFoundException {
    List<Endpoint> found = new ArrayList<>();
    ClassLoader loader = OpenApiDocumentTest.class.getClassLoader();
    for (JavaClass jc :
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.metastore.api")) {
      if (!jc.isAnnotatedWith(Path.class.getName())) {
        continue;
      }
      Class<?> c = Class.forName(jc.getName(), false, loader);
      String classPath = c.getAnnotation(Path.class).value();
      for (Method m : c.getDeclaredMethods()) {
        String http = httpMethod(m);
        if (http == null) {
          continue;
        }
        Path mp = m.getAnnotation(Path.class);
        String template = template(classPath, mp == null ? "" : mp.value());
        Consumes consumes =
            m.isAnnotationPresent(Consumes.class) ? m.getAnnotation(Consumes.class) : c.getAnnotation(Consumes.class);
        Produces produces =
            m.isAnnotationPresent(Produces.class) ? m.getAnnotation(Produces.class) : c.getAnnotation(Produces.class);
        boolean body = false;
        for (Parameter p : m.getParameters()) {
          body |= p.getAnnotations().length == 0;
        }
        found.add(
            new Endpoint(
                http,
                template,
                consumes == null ? Set.of() : Set.of(consumes.value()),
                produces == null ? Set.of() : Set.of(produces.value()),
                body));
      }
    }
    return found;
  }

  static String httpMethod(Method m) {
    for (Annotation a : m.getAnnotations()) {
      HttpMethod h = a.annotationType().getAnnotation(HttpMethod.class);
      if (h != null) {
        return h.value();
      }
    }
    return null;
  }

  /** Joins @Path values and drops regular expressions: "/{path: .+}" becomes "/{path}". */
  static String template(String classPath, String methodPath) {
    String joined = "/" + classPath + "/" + methodPath;
    joined = joined.replaceAll("\\{\\s*([A-Za-z0-9_.-]+)\\s*:[^}]*}", "{$1}");
    joined = joined.replaceAll("/+", "/");
    return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
  }

  Map<String, JsonNode> documentOperations() {
    Map<String, JsonNode> ops = new TreeMap<>();
    doc.path("paths")
        .fields()
        .forEachRemaining(
            path ->
                path.getValue()
                    .fields()
                    .forEachRemaining(
                        op -> {
                          if (OPERATION_KEYS.contains(op.getKey())) {
                            ops.put(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey(), op.getValue());
                          }
                        }));
    return ops;
  }

  @Test
  void everyResourceMethodIsDocumentedAndNothingElse() throws Exception {
    List<Endpoint> code = resourceMethods();
    Set<String> codeKeys = code.stream().map(Endpoint::key).collect(Collectors.toCollection(TreeSet::new));
    assertThat(codeKeys).as("resource methods found by reflection").hasSizeGreaterThanOrEqualTo(14);
    assertThat(documentOperations().keySet()).containsExactlyInAnyOrderElementsOf(codeKeys);
    assertThat(codeKeys).containsExactlyInAnyOrderElementsOf(OPERATION_IDS.keySet());
  }

  @Test
  void requestAndResponseMediaTypesMatchTheResources() throws Exception {
    Map<String, JsonNode> ops = documentOperations();
    for (Endpoint e : resourceMethods()) {
      JsonNode op = ops.get(e.key());
      JsonNode body = resolve(op.path("requestBody"));
      if (e.hasBody()) {
        assertThat(body.path("required").asBoolean()).as(e.key() + " body required").isTrue();
        assertThat(names(body.path("content"))).as(e.key() + " request media types").isEqualTo(e.consumes());
        body.path("content").forEach(m -> assertThat(m.path("schema").isObject()).as(e.key()).isTrue());
      } else {
        assertThat(body.isMissingNode()).as(e.key() + " has no body").isTrue();
      }
      op.path("responses")
          .fields()
          .forEachRemaining(
              r -> {
                Set<String> types = names(resolve(r.getValue()).path("content"));
                if (r.getKey().startsWith("2")) {
                  assertThat(e.produces()).as(e.key() + " " + r.getKey()).containsAll(types);
                } else if (!r.getKey().startsWith("3")) {
                  assertThat(types).as(e.key() + " " + r.getKey()).isSubsetOf(PROBLEM);
                }
              });
    }
  }

  @Test
  void operationIdsAreStableAndUnique() {
    Map<String, String> ids = new TreeMap<>();
    documentOperations().forEach((k, op) -> ids.put(k, op.path("operationId").asText(null)));
    assertThat(ids).isEqualTo(new TreeMap<>(OPERATION_IDS));
    assertThat(new LinkedHashSet<>(ids.values())).hasSize(ids.size());
  }

  @Test
  void everyOperationDeclaresItsProblemResponses() {
    documentOperations()
        .forEach(
            (key, op) -> {
              JsonNode responses = op.path("responses");
              List<String> problemStatuses = new ArrayList<>();
              responses
                  .fields()
                  .forEachRemaining(
                      r -> {
                        int status = Integer.parseInt(r.getKey());
                        JsonNode content = resolve(r.getValue()).path("content");
                        if (status >= 400) {
                          // every error body is problem+json and nothing else
                          if (!content.isMissingNode()) {
                            assertThat(names(content)).as(key + " " + status).containsExactly(PROBLEM);
                            assertThat(content.path(PROBLEM).path("schema").path("$ref").asText())
                                .as(key + " " + status)
                                .isEqualTo("#/components/schemas/Problem");
                            problemStatuses.add(r.getKey());
                          }
                        }
                      });
              assertThat(problemStatuses).as(key + " problem responses").anyMatch(s -> s.startsWith("4"));
              Set<String> declared = names(responses);
              assertThat(declared).as(key).contains("401", "503");
              assertThat(resolve(responses.path("503")).path("headers").has("Retry-After")).as(key).isTrue();
              if (op.has("requestBody")) {
                assertThat(declared).as(key + " has a body").contains("400", "413", "415");
              }
              if (key.contains("{path}")) {
                assertThat(declared).as(key + " names a file").contains("400");
                if (!key.startsWith("PUT ")) {
                  assertThat(declared).as(key + " needs an existing file").contains("404");
                }
              }
              for (JsonNode p : parameters(key, op)) {
                if (p.path("name").asText().equals("If-Match")) {
                  assertThat(declared).as(key + " takes If-Match").contains("412");
                }
              }
            });
    JsonNode problem = schema("Problem");
    assertThat(names(problem.path("properties"))).containsExactlyInAnyOrder("type", "title", "status", "detail");
    assertThat(strings(problem.path("required"))).containsExactlyInAnyOrder("type", "title", "status", "detail");
  }

  @Test
  void recordResponsesCarryTheETagHeader() {
    Map<String, JsonNode> ops = documentOperations();
    for (String key :
        List.of("PUT /api/v1/files/{path}", "GET /api/v1/files/{path}", "HEAD /api/v1/files/{path}",
            "PATCH /api/v1/files/{path}", "POST /api/v1/rollback")) {
      ops.get(key)
          .path("responses")
          .fields()
          .forEachRemaining(
              r -> {
                if (r.getKey().startsWith("2")) {
                  assertThat(resolve(r.getValue()).path("headers").has("ETag")).as(key + " " + r.getKey()).isTrue();
                }
              });
    }
    assertThat(names(ops.get("PUT /api/v1/files/{path}").path("responses"))).contains("200", "201");
    assertThat(names(ops.get("DELETE /api/v1/files/{path}").path("responses"))).contains("204");
  }

  @Test
  void filePathParameterIsDocumented() {
    for (String path : List.of("/api/v1/files/{path}", "/api/v1/versions/{path}")) {
      JsonNode item = doc.path("paths").path(path);
      assertThat(item.isObject()).as(path).isTrue();
      item.fields()
          .forEachRemaining(
              op -> {
                if (OPERATION_KEYS.contains(op.getKey())) {
                  JsonNode p =
                      parameters(op.getKey().toUpperCase(Locale.ROOT) + " " + path, op.getValue()).stream()
                          .filter(x -> x.path("in").asText().equals("path"))
                          .findFirst()
                          .orElseThrow();
                  assertThat(p.path("name").asText()).isEqualTo("path");
                  assertThat(p.path("required").asBoolean()).isTrue();
                  assertThat(p.path("description").asText()).contains("without its leading `/`", "percent-encoded");
                  assertThat(p.path("x-ms-skip-url-encoding").asBoolean()).isTrue();
                }
              });
    }
  }

  @Test
  void patchBodyIsMergePatchOnly() {
    JsonNode body = resolve(doc.at("/paths/~1api~1v1~1files~1{path}/patch/requestBody"));
    assertThat(names(body.path("content"))).containsExactly(MERGE_PATCH);
    JsonNode schema = resolve(body.path("content").path(MERGE_PATCH).path("schema"));
    assertThat(names(schema.path("properties"))).containsExactly("attrs");
    assertThat(schema.path("additionalProperties").asBoolean(true)).isFalse();
  }

  @Test
  void unionsAreDeclared() {
    JsonNode listPage = resolve(responseSchema("GET /api/v1/files", "200"));
    JsonNode item = resolve(listPage.path("properties").path("items").path("items"));
    assertThat(item.path("oneOf")).hasSize(2);
    assertThat(refs(item.path("oneOf")))
        .containsExactly("#/components/schemas/ListedFile", "#/components/schemas/DirectoryEntry");
    assertThat(item.path("discriminator").path("propertyName").asText()).isEqualTo("type");
    assertThat(strings(schema("DirectoryEntry").at("/properties/type/enum"))).containsExactly("dir");

    JsonNode versions = resolve(responseSchema("GET /api/v1/versions/{path}", "200"));
    assertThat(versions.path("oneOf")).hasSize(2);
    assertThat(refs(versions.path("oneOf")))
        .containsExactly("#/components/schemas/VersionPage", "#/components/schemas/FileVersion");
    List<String> query =
        parameters("GET /api/v1/versions/{path}", documentOperations().get("GET /api/v1/versions/{path}")).stream()
            .map(p -> p.path("name").asText())
            .toList();
    assertThat(query).contains("version", "limit", "cursor");
  }

  @Test
  void listingParametersHaveTheirConstraints() {
    Map<String, JsonNode> params = new LinkedHashMap<>();
    for (JsonNode p : parameters("GET /api/v1/files", documentOperations().get("GET /api/v1/files"))) {
      params.put(p.path("name").asText(), p);
    }
    assertThat(params.keySet()).containsExactlyInAnyOrder("prefix", "recursive", "limit", "cursor");
    JsonNode limit = params.get("limit").path("schema");
    assertThat(limit.path("minimum").asInt()).isEqualTo(1);
    assertThat(limit.path("maximum").asInt()).isEqualTo(1000);
    assertThat(limit.path("default").asInt()).isEqualTo(100);
    assertThat(params.get("recursive").path("schema").path("type").asText()).isEqualTo("boolean");
    assertThat(params.get("prefix").path("schema").path("default").asText()).isEqualTo("/");
  }

  /** Views always writes every member (null where empty), so every declared member is required. */
  @Test
  void responseSchemasRequireEveryMemberTheServiceWrites() {
    for (String name :
        List.of("FileRecord", "DirectoryEntry", "FileVersion", "ListPage", "QueryPage", "VersionPage",
            "BatchGetResult", "BatchPutResult", "BatchDeleteResult", "RenameResult", "Stats", "Problem")) {
      JsonNode s = schema(name);
      assertThat(strings(s.path("required"))).as(name).containsExactlyInAnyOrderElementsOf(names(s.path("properties")));
    }
    JsonNode record = schema("FileRecord").path("properties");
    assertThat(record.at("/etag/type")).isEqualTo(MAPPER.valueToTree(List.of("string", "null")));
    assertThat(record.at("/mimeType/type")).isEqualTo(MAPPER.valueToTree(List.of("string", "null")));
    assertThat(record.at("/size/format").asText()).isEqualTo("int64");
    assertThat(record.at("/size/minimum").asInt()).isZero();
    assertThat(record.at("/version/format").asText()).isEqualTo("int64");
    assertThat(resolve(record.path("attrs")).path("additionalProperties").asBoolean()).isTrue();
    assertThat(resolve(record.path("createdAt")).path("format").asText()).isEqualTo("date-time");
    assertThat(strings(schema("FileVersion").at("/properties/source/enum"))).containsExactly("put", "rollback");
    assertThat(strings(schema("Stats").at("/properties/database/enum"))).containsExactly("sqlite", "postgresql");
    assertThat(schema("ListPage").at("/properties/nextCursor/type"))
        .isEqualTo(MAPPER.valueToTree(List.of("string", "null")));
  }

  @Test
  void documentIsValidOpenApi() throws Exception {
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    SwaggerParseResult result = new OpenAPIV3Parser().readContents(MAPPER.writeValueAsString(doc), null, options);
    assertThat(result.getMessages()).isEmpty();
    assertThat(result.getOpenAPI()).isNotNull();
    assertThat(result.getOpenAPI().getPaths()).containsKeys("/api/v1/files/{path}", "/api/v1/versions/{path}");
  }

  // ------------------------------------------------------------ real responses against the schemas

  @Test
  void realResponsesMatchTheDocumentedSchemas() {
    String files = "/api/v1/files/{path}";
    String dir = base.substring(1) + "/d";
    String record =
        "{\"backend\":\"s3-main\",\"physicalPath\":\"bucket/ab\",\"size\":1048576,\"etag\":\"9a03\","
            + "\"mimeType\":\"application/pdf\",\"attrs\":{\"owner\":\"alice\",\"tags\":[\"q3\"],\"n\":{\"x\":1}}}";
    String bare = "{\"backend\":\"s3-main\",\"physicalPath\":\"bucket/cd\",\"size\":0}";

    Response created = conforms("PUT", files, json(record).put("/api/v1/files/" + dir + "/a%20b.txt"), 201);
    assertFields(created, "FileRecord");
    assertThat(created.jsonPath().getString("path")).isEqualTo(base + "/d/a b.txt");
    conforms("PUT", files, json(record).put("/api/v1/files/" + dir + "/a%20b.txt"), 200);
    Response nulls = conforms("PUT", files, json(bare).put("/api/v1/files/" + dir + "/sub/c.txt"), 201);
    assertThat(nulls.jsonPath().getString("etag")).isNull();
    assertFields(nulls, "FileRecord");
    assertFields(conforms("GET", files, given().get("/api/v1/files/" + dir + "/a%20b.txt"), 200), "FileRecord");
    conforms("GET", files, given().header("If-None-Match", "\"2\"").get("/api/v1/files/" + dir + "/a%20b.txt"), 304);
    conforms("HEAD", files, given().head("/api/v1/files/" + dir + "/a%20b.txt"), 200);
    conforms("HEAD", files, given().head("/api/v1/files/" + dir + "/none"), 404);
    conforms(
        "PATCH", files,
        given().contentType(MERGE_PATCH).body("{\"attrs\":{\"owner\":null,\"k\":\"v\"}}")
            .patch("/api/v1/files/" + dir + "/a%20b.txt"),
        200);

    Response listing =
        conforms("GET", "/api/v1/files", given().get("/api/v1/files?prefix=" + base + "/d"), 200);
    List<Map<String, Object>> items = listing.jsonPath().getList("items");
    assertThat(items).extracting(i -> i.get("type")).containsExactly("file", "dir");
    assertThat(items.get(0).keySet()).containsExactlyInAnyOrderElementsOf(withType(propertyNames("FileRecord")));
    assertThat(items.get(1).keySet()).containsExactlyInAnyOrderElementsOf(propertyNames("DirectoryEntry"));
    Response firstPage =
        conforms("GET", "/api/v1/files", given().get("/api/v1/files?recursive=true&limit=1&prefix=" + base), 200);
    assertThat(firstPage.jsonPath().getString("nextCursor")).isNotNull();

    Response query =
        conforms("POST", "/api/v1/query", json("{\"attrs\":{\"k\":\"v\"},\"prefix\":\"" + base + "\"}").post("/api/v1/query"), 200);
    assertThat(query.jsonPath().getList("items")).hasSize(1);
    assertThat(query.jsonPath().getMap("items[0]").keySet())
        .containsExactlyInAnyOrderElementsOf(withType(propertyNames("FileRecord")));

    conforms(
        "POST", "/api/v1/batch/put",
        json("{\"files\":[{\"path\":\"" + base + "/b/1\",\"backend\":\"s3\",\"physicalPath\":\"p1\",\"size\":1},"
                + "{\"path\":\"" + base + "/b/2\",\"backend\":\"s3\",\"physicalPath\":\"p2\",\"size\":2,\"mimeType\":null}]}")
            .post("/api/v1/batch/put"),
        200);
    Response got =
        conforms(
            "POST", "/api/v1/batch/get",
            json("{\"paths\":[\"" + base + "/b/1\",\"" + base + "/b/none\"]}").post("/api/v1/batch/get"), 200);
    assertThat(got.jsonPath().getList("items").get(1)).isNull();
    conforms(
        "POST", "/api/v1/batch/delete",
        json("{\"paths\":[\"" + base + "/b/2\",\"" + base + "/b/none\"]}").post("/api/v1/batch/delete"), 200);

    String versions = "/api/v1/versions/{path}";
    Response page = conforms("GET", versions, given().get("/api/v1/versions/" + dir + "/a%20b.txt"), 200);
    assertThat(page.jsonPath().getList("items")).hasSize(2);
    assertThat(page.jsonPath().getMap("items[0]").keySet())
        .containsExactlyInAnyOrderElementsOf(propertyNames("FileVersion"));
    assertFields(
        conforms("GET", versions, given().get("/api/v1/versions/" + dir + "/a%20b.txt?version=1"), 200),
        "FileVersion");
    conforms(
        "POST", "/api/v1/rollback",
        json("{\"path\":\"" + base + "/d/a b.txt\",\"version\":1}").post("/api/v1/rollback"), 200);
    conforms(
        "POST", "/api/v1/rename",
        json("{\"from\":\"" + base + "/b\",\"to\":\"" + base + "/c\"}").post("/api/v1/rename"), 200);
    assertFields(conforms("GET", "/api/v1/stats", given().get("/api/v1/stats"), 200), "Stats");
    conforms("DELETE", files, given().delete("/api/v1/files/" + dir + "/sub/c.txt"), 204);
  }

  @Test
  void realErrorsMatchTheDocumentedProblems() {
    String files = "/api/v1/files/{path}";
    String dir = base.substring(1) + "/e";
    String record = "{\"backend\":\"s3-main\",\"physicalPath\":\"bucket/ab\",\"size\":1}";
    json(record).put("/api/v1/files/" + dir + "/f").then().statusCode(201);

    assertFields(conforms("GET", files, given().get("/api/v1/files/" + dir + "/none"), 404), "Problem");
    conforms("GET", files, given().get("/api/v1/files/" + dir + "/a%2Fb"), 400);
    conforms("PUT", files, json("{\"backend\":\"s3\",\"physicalPath\":\"p\",\"size\":-1}").put("/api/v1/files/" + dir + "/g"), 400);
    conforms("PUT", files, json(record).put("/api/v1/files/" + dir + "/f/below"), 409);
    conforms("PUT", files, json(record).header("If-None-Match", "*").put("/api/v1/files/" + dir + "/f"), 412);
    conforms("PATCH", files, json("{\"attrs\":{}}").patch("/api/v1/files/" + dir + "/f"), 415);
    conforms(
        "PATCH", files,
        given().contentType(MERGE_PATCH).header("If-Match", "\"9\"").body("{\"attrs\":{}}").patch("/api/v1/files/" + dir + "/f"),
        412);
    conforms("DELETE", files, given().delete("/api/v1/files/" + dir), 409);
    conforms("GET", "/api/v1/files", given().get("/api/v1/files?limit=0"), 400);
    conforms("GET", "/api/v1/versions/{path}", given().get("/api/v1/versions/" + dir + "/f?version=0"), 400);
    conforms("GET", "/api/v1/versions/{path}", given().get("/api/v1/versions/" + dir + "/never"), 404);
    conforms("POST", "/api/v1/query", given().contentType("text/plain").body("{}").post("/api/v1/query"), 415);
    conforms("POST", "/api/v1/batch/get", json("{\"paths\":\"x\"}").post("/api/v1/batch/get"), 400);
    conforms(
        "POST", "/api/v1/rename",
        json("{\"from\":\"" + base + "/none\",\"to\":\"" + base + "/x\"}").post("/api/v1/rename"), 404);
    conforms(
        "POST", "/api/v1/rollback",
        json("{\"path\":\"" + base + "/e/f\",\"version\":7}").post("/api/v1/rollback"), 404);
  }

  // ------------------------------------------------------------ helpers

  static RequestSpecification json(String body) {
    return given().contentType(JSON).body(body);
  }

  /**
   * Checks that the document declares {@code response}'s status for the operation, and that its
   * body, Content-Type and declared headers are what the document says.
   */
  Response conforms(String method, String path, Response response, int expected) {
    String key = method + " " + path;
    assertThat(response.statusCode()).as(key + ": " + response.asString()).isEqualTo(expected);
    JsonNode op = documentOperations().get(key);
    assertThat(op).as(key).isNotNull();
    JsonNode declared = resolve(op.path("responses").path(Integer.toString(expected)));
    assertThat(declared.isMissingNode()).as(key + " declares " + expected).isFalse();
    declared
        .path("headers")
        .fieldNames()
        .forEachRemaining(
            h -> {
              if (!h.equals("WWW-Authenticate")) {
                assertThat(response.header(h)).as(key + " " + expected + " header " + h).isNotNull();
              }
            });
    JsonNode content = declared.path("content");
    if (content.isMissingNode() || method.equals("HEAD")) {
      assertThat(response.asString()).as(key + " " + expected + " has no body").isEmpty();
      return response;
    }
    String type = response.contentType().split(";")[0].trim();
    assertThat(names(content)).as(key + " " + expected + " media type").contains(type);
    Set<ValidationMessage> errors = validator(content.path(type).path("schema")).validate(body(response));
    assertThat(errors).as(key + " " + expected + " body " + response.asString()).isEmpty();
    return response;
  }

  static JsonNode body(Response r) {
    try {
      return MAPPER.readTree(r.asString());
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + r.asString(), e);
    }
  }

  /** A JSON Schema (OpenAPI 3.1 dialect) for {@code schema}, with the document's components as $defs. */
  JsonSchema validator(JsonNode schema) {
    try {
      String defs = MAPPER.writeValueAsString(doc.path("components").path("schemas"));
      String own = MAPPER.writeValueAsString(schema);
      ObjectNode root = (ObjectNode) MAPPER.readTree(own.replace("#/components/schemas/", "#/$defs/"));
      root.set("$defs", MAPPER.readTree(defs.replace("#/components/schemas/", "#/$defs/")));
      JsonSchemaFactory factory =
          JsonSchemaFactory.getInstance(
              SpecVersion.VersionFlag.V202012,
              b -> b.metaSchema(OpenApi31.getInstance()).defaultMetaSchemaIri(OpenApi31.getInstance().getIri()));
      return factory.getSchema(root, SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  void assertFields(Response r, String schemaName) {
    List<String> fields = new ArrayList<>();
    body(r).fieldNames().forEachRemaining(fields::add);
    assertThat(fields).as(schemaName + " members").containsExactlyInAnyOrderElementsOf(propertyNames(schemaName));
  }

  Set<String> propertyNames(String schemaName) {
    return names(schema(schemaName).path("properties"));
  }

  static Set<String> withType(Set<String> names) {
    Set<String> all = new TreeSet<>(names);
    all.add("type");
    return all;
  }

  JsonNode schema(String name) {
    JsonNode s = doc.path("components").path("schemas").path(name);
    assertThat(s.isObject()).as("schema " + name).isTrue();
    return s;
  }

  JsonNode responseSchema(String key, String status) {
    return resolve(documentOperations().get(key).path("responses").path(status))
        .path("content")
        .path(JSON)
        .path("schema");
  }

  /** Path-level and operation-level parameters, resolved. */
  List<JsonNode> parameters(String key, JsonNode op) {
    String path = key.substring(key.indexOf(' ') + 1);
    List<JsonNode> all = new ArrayList<>();
    doc.path("paths").path(path).path("parameters").forEach(p -> all.add(resolve(p)));
    op.path("parameters").forEach(p -> all.add(resolve(p)));
    return all;
  }

  JsonNode resolve(JsonNode node) {
    JsonNode n = node;
    for (int i = 0; i < 10 && n.has("$ref"); i++) {
      String ref = n.path("$ref").asText();
      assertThat(ref).startsWith("#/");
      n = doc.at(ref.substring(1));
      assertThat(n.isMissingNode()).as("unresolved " + ref).isFalse();
    }
    return n;
  }

  static Set<String> names(JsonNode object) {
    Set<String> names = new TreeSet<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  static List<String> refs(JsonNode array) {
    List<String> out = new ArrayList<>();
    for (Iterator<JsonNode> it = array.elements(); it.hasNext(); ) {
      out.add(it.next().path("$ref").asText());
    }
    return out;
  }
}
