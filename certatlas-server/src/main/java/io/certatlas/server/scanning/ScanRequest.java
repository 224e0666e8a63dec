package io.certatlas.server.scanning;

import io.certatlas.scan.ScanOptions;
import io.certatlas.scan.target.ScanPlan;
import io.certatlas.scan.target.TargetException;
import io.certatlas.server.api.ApiException;
import io.certatlas.server.api.Fields;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The body of {@code POST /api/v1/scans}: {@code targets} (names, addresses, CIDR ranges),
 * {@code ports} ("443,8443,9000-9010", default 443), {@code exclude}, {@code force} for scans
 * larger than the safety limit, and optional engine settings. Checked before the job is queued.
 */
public record ScanRequest(List<String> targets, String ports, List<String> exclude, boolean force,
                          int concurrency, int perHostLimit, int connectTimeoutMs, int endpointTimeoutMs) {

    public static ScanRequest from(ObjectNode body) {
        List<String> targets = strings(body, "targets");
        if (targets.isEmpty()) {
            throw ApiException.badField("targets", "name what to scan: {\"targets\": [\"127.0.0.0/28\", \"web.internal\"], \"ports\": \"443\"}");
        }
        String ports = Fields.text(body, "ports").filter(s -> !s.isBlank()).orElse("443");
        boolean force = body.path("force").asBoolean(false);
        ScanRequest request = new ScanRequest(targets, ports, strings(body, "exclude"), force,
                Fields.integer(body, "concurrency", ScanOptions.DEFAULT_CONCURRENCY, 1, 4096),
                Fields.integer(body, "perHostLimit", ScanOptions.DEFAULT_PER_HOST_LIMIT, 1, 64),
                Fields.integer(body, "connectTimeoutMs", (int) ScanOptions.DEFAULT_CONNECT_TIMEOUT.toMillis(), 100, 120_000),
                Fields.integer(body, "endpointTimeoutMs", (int) ScanOptions.DEFAULT_ENDPOINT_DEADLINE.toMillis(), 500, 600_000));
        request.plan();
        return request;
    }

    /** The plan; host names are resolved here. Target errors become a 400 naming the field. */
    public ScanPlan plan() {
        ScanPlan.Builder builder = ScanPlan.builder().targets(targets).force(force);
        for (String excluded : exclude) {
            builder.exclude(excluded);
        }
        try {
            builder.ports(ports);
        } catch (TargetException e) {
            throw ApiException.badField("ports", e.getMessage());
        }
        try {
            return builder.build();
        } catch (TargetException e) {
            throw ApiException.badField("targets", e.getMessage());
        }
    }

    public ScanOptions options() {
        return ScanOptions.defaults()
                .withConcurrency(concurrency)
                .withPerHostLimit(perHostLimit)
                .withConnectTimeout(Duration.ofMillis(connectTimeoutMs))
                .withEndpointDeadline(Duration.ofMillis(endpointTimeoutMs));
    }

    private static List<String> strings(ObjectNode body, String field) {
        JsonNode node = body.get(field);
        List<String> values = new ArrayList<>();
        if (node == null || node.isNull()) {
            return values;
        }
        if (node.isString()) {
            for (String part : node.asString().split("[,\\s]+")) {
                if (!part.isBlank()) {
                    values.add(part.strip());
                }
            }
            return values;
        }
        if (!node.isArray()) {
            throw ApiException.badField(field, "'" + field + "' must be a list of strings");
        }
        for (JsonNode item : node) {
            if (!item.isString()) {
                throw ApiException.badField(field, "'" + field + "' must be a list of strings");
            }
            values.add(item.asString().strip());
        }
        return values;
    }
}
