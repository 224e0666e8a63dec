package io.certatlas.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAPI document the server serves describes the v2 answers exactly: every answer the
 * tests receive validates against the response schema of its path (JSON Schema 2020-12, as
 * OpenAPI 3.1 defines it), and an answer with one key too many does not.
 */
class V2OpenApiTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String DOCUMENT = "https://certatlas.invalid/api/openapi.json";
    static RunningServer server;
    static V2Inventory inventory;
    static String admin;
    static SchemaRegistry registry;

    @BeforeAll
    static void start() {
        server = RunningServer.start();
        inventory = V2Inventory.fill(server.database);
        admin = server.adminToken();
        HttpResponse<String> document = server.get("/api/openapi.json", admin);
        assertThat(document.statusCode()).isEqualTo(200);
        registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemas(Map.of(DOCUMENT, document.body())));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** The schema of a 200 answer of {@code method path}. */
    static Schema answerOf(String path, String method) {
        String pointer = "/paths/" + path.replace("~", "~0").replace("/", "~1") + "/" + method
                + "/responses/200/content/application~1json/schema";
        return registry.getSchema(SchemaLocation.of(DOCUMENT + "#" + pointer));
    }

    static void valid(String path, String method, JsonNode answer) {
        List<Error> errors = answerOf(path, method).validate(answer);
        assertThat(errors).as(path + " " + answer.toString().substring(0, Math.min(400, answer.toString().length())))
                .isEmpty();
    }

    static JsonNode post(String path, String body) {
        HttpResponse<String> response = server.post(path, admin, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    @Test
    void v2AnswersValidateAgainstTheDocument() {
        for (String version : List.of("v2", "v2.1", "v2.2")) {
            String path = "/certview/" + version + "/certificates";
            valid(path, "post", post(path, "{\"pageSize\": 200}"));
            valid(path, "post", post(path, "{\"pageSize\": 200, \"includes\": [\"ASSET_INTERFACES\", \"VULNERABILITIES\","
                    + " \"SSL_PROTOCOLS\", \"CIPHER_SUITES\", \"ASSET_TAGS\", \"EXTENSIVE_CERTIFICATE_INFO\"]}"));
            valid(path + "/count", "post", post(path + "/count", "{\"assetType\": \"MANAGED\"}"));
            String instances = "/certview/" + version + "/instances";
            valid(instances, "post", post(instances, "{\"pageSize\": 200}"));
        }
        valid("/certview/v1/certificates/count", "post", post("/certview/v1/certificates/count", "{\"filter\": \"type:Leaf\"}"));
        valid("/certview/v1/certificates/{certhash}", "get", JSON.readTree(
                server.get("/certview/v1/certificates/" + inventory.sample.webLeaf.certhash(), admin).body()));
    }

    @Test
    void oneKeyTooManyOrTooFewFailsTheSchema() {
        JsonNode list = post("/certview/v2/certificates", "{\"pageSize\": 1}");
        ((ObjectNode) list.get(0)).put("orderStatus", "");
        assertThat(answerOf("/certview/v2/certificates", "post").validate(list)).isNotEmpty();
        JsonNode v21 = post("/certview/v2.1/certificates", "{\"pageSize\": 1}");
        ((ObjectNode) v21.get(0)).remove("publicKeyAlgorithm");
        assertThat(answerOf("/certview/v2.1/certificates", "post").validate(v21)).isNotEmpty();
        JsonNode instances = post("/certview/v2/instances", "{\"pageSize\": 1}");
        ((ObjectNode) instances.get(0).get("gradeSummary").get("protocolSupportInfo")).remove("SSLv2");
        assertThat(answerOf("/certview/v2/instances", "post").validate(instances)).isNotEmpty();
    }
}
