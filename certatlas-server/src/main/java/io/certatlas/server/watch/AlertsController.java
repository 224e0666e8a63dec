package io.certatlas.server.watch;

import io.certatlas.alerts.receiver.ConfiguredReceiver;
import io.certatlas.alerts.receiver.DeliveryFailedException;
import io.certatlas.alerts.receiver.EmailSettings;
import io.certatlas.alerts.receiver.InvalidSettingException;
import io.certatlas.alerts.receiver.MessageRenderer;
import io.certatlas.alerts.receiver.SecretBox;
import io.certatlas.alerts.receiver.WebhookSettings;
import io.certatlas.alerts.rule.RuleEvaluator;
import io.certatlas.qql.QqlException;
import io.certatlas.server.api.ApiException;
import io.certatlas.server.api.Fields;
import io.certatlas.server.api.JsonRequest;
import io.certatlas.server.security.Caller;
import io.certatlas.store.access.ApiName;
import io.certatlas.store.alerts.AlertCondition;
import io.certatlas.store.alerts.AlertDelivery;
import io.certatlas.store.alerts.AlertOutbox;
import io.certatlas.store.alerts.AlertReceiver;
import io.certatlas.store.alerts.AlertReceivers;
import io.certatlas.store.alerts.AlertRule;
import io.certatlas.store.alerts.AlertRules;
import io.certatlas.store.alerts.NameInUseException;
import io.certatlas.store.query.CertificateFilter;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Alert rules ({@code /api/v1/alerts/rules}), receivers ({@code /api/v1/alerts/receivers}, with
 * {@code POST /{id}/test} to send a test message now), the outbox ({@code /deliveries}) and its
 * dead letters ({@code /dead-letters}, {@code POST /dead-letters/{id}/retry}), and
 * {@code POST /api/v1/alerts/evaluate} to evaluate every rule now. Managers only. Receiver
 * secrets are taken, sealed, and never answered.
 */
@RestController
@RequestMapping("/api/v1/alerts")
public class AlertsController {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final AlertRules rules;
    private final AlertReceivers receivers;
    private final AlertOutbox outbox;
    private final SecretBox secrets;
    private final WatchRunner runner;
    private final io.certatlas.store.renewal.RenewalLedger ledger;
    private final Clock clock;

    public AlertsController(AlertRules rules, AlertReceivers receivers, AlertOutbox outbox, SecretBox secrets, WatchRunner runner,
                            io.certatlas.store.renewal.RenewalLedger ledger, Clock clock) {
        this.ledger = ledger;
        this.rules = rules;
        this.receivers = receivers;
        this.outbox = outbox;
        this.secrets = secrets;
        this.runner = runner;
        this.clock = clock;
    }

    // ------------------------------------------------------------------ receivers

    @PostMapping("/receivers")
    public ResponseEntity<Map<String, Object>> createReceiver(@AuthenticationPrincipal Caller caller, HttpServletRequest request) {
        ManagerOnly.check(caller);
        ObjectNode body = JsonRequest.read(request);
        String name = ApiName.check("name", "a receiver", Fields.text(body, "name").orElse(""));
        String kind = Fields.choice(body, "kind", "", "webhook", "email");
        JsonNode settings = body.path("settings");
        Optional<String> secret = Fields.text(body, "secret").filter(s -> !s.isBlank());
        String settingsJson;
        AlertReceiver.Kind storedKind;
        try {
            if (kind.equals("webhook")) {
                settingsJson = WebhookSettings.from(settings).json();
                storedKind = AlertReceiver.Kind.WEBHOOK;
                if (secret.isEmpty() || secret.get().length() < 16) {
                    throw ApiException.badField("secret", "a webhook needs a signing secret of at least 16 characters;"
                            + " the receiver checks the X-CertAtlas-Signature header with it");
                }
            } else if (kind.equals("email")) {
                settingsJson = EmailSettings.from(settings).json();
                storedKind = AlertReceiver.Kind.EMAIL;
            } else {
                throw ApiException.badField("kind", "kind is 'webhook' or 'email'");
            }
        } catch (InvalidSettingException e) {
            throw ApiException.badField("settings." + e.field(), e.getMessage());
        }
        try {
            AlertReceiver created = receivers.create(name, storedKind, settingsJson, secret.map(secrets::seal), caller.username());
            return ResponseEntity.status(HttpStatus.CREATED).body(json(created));
        } catch (NameInUseException e) {
            throw ApiException.conflict(e.getMessage());
        }
    }

    @GetMapping("/receivers")
    public List<Map<String, Object>> receivers(@AuthenticationPrincipal Caller caller) {
        ManagerOnly.check(caller);
        return receivers.list().stream().map(AlertsController::json).toList();
    }

    @DeleteMapping("/receivers/{id}")
    public ResponseEntity<Void> deleteReceiver(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        ManagerOnly.check(caller);
        AlertReceiver receiver = receiver(id);
        if (!receivers.delete(receiver.id())) {
            // Deleting it would leave those rules enabled with no receiver: their alerts would go nowhere.
            List<String> using = receivers.rulesUsing(receiver.id(), RULES_LISTED);
            if (!using.isEmpty()) {
                throw receiverInUse(receiver.name(), using, receivers.ruleCount(receiver.id()));
            }
        }
        return ResponseEntity.noContent().build();
    }

    /** How many of the rules that still use a receiver a refused delete names. */
    private static final int RULES_LISTED = 20;

    private static ApiException receiverInUse(String name, List<String> rules, int count) {
        String listed = String.join(", ", rules.stream().map(rule -> "'" + rule + "'").toList())
                + (count > rules.size() ? " and " + (count - rules.size()) + " more" : "");
        return new ApiException(HttpStatus.CONFLICT, "RECEIVER_IN_USE", "receiver '" + name + "' is still used by "
                + count + (count == 1 ? " rule" : " rules") + " (" + listed + "); change those rules to other receivers"
                + " (PUT /api/v1/alerts/rules/{name}) or delete them first", Optional.empty(),
                Map.of("rules", rules, "ruleCount", count));
    }

    /** Sends a test message now, through the same code as alerts, and says how it went. */
    @PostMapping("/receivers/{id}/test")
    public Map<String, Object> test(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        ManagerOnly.check(caller);
        AlertReceiver receiver = receiver(id);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("receiver", receiver.name());
        try {
            ConfiguredReceiver.of(receiver, secrets, clock).send(MessageRenderer.test(receiver.name(), clock.instant()));
            json.put("delivered", true);
        } catch (DeliveryFailedException | RuntimeException e) {
            json.put("delivered", false);
            json.put("error", e.getMessage());
        }
        return json;
    }

    // ------------------------------------------------------------------ rules

    @PostMapping("/rules")
    public ResponseEntity<Map<String, Object>> createRule(@AuthenticationPrincipal Caller caller, HttpServletRequest request) {
        ManagerOnly.check(caller);
        RuleBody rule = ruleOf(JsonRequest.read(request), caller, Optional.empty());
        try {
            AlertRule created = rules.create(rule.rule, rule.receiverIds);
            runner.evaluateSoon();
            return ResponseEntity.status(HttpStatus.CREATED).body(json(created));
        } catch (NameInUseException e) {
            throw ApiException.conflict(e.getMessage());
        }
    }

    @PutMapping("/rules/{id}")
    public Map<String, Object> updateRule(@AuthenticationPrincipal Caller caller, @PathVariable String id, HttpServletRequest request) {
        ManagerOnly.check(caller);
        AlertRule old = rule(id);
        RuleBody rule = ruleOf(JsonRequest.read(request), caller, Optional.of(old));
        try {
            AlertRule updated = rules.update(rule.rule, rule.receiverIds);
            runner.evaluateSoon();
            return json(updated);
        } catch (NameInUseException e) {
            throw ApiException.conflict(e.getMessage());
        }
    }

    @GetMapping("/rules")
    public List<Map<String, Object>> rules(@AuthenticationPrincipal Caller caller) {
        ManagerOnly.check(caller);
        return rules.list().stream().map(AlertsController::json).toList();
    }

    @GetMapping("/rules/{id}")
    public Map<String, Object> showRule(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        ManagerOnly.check(caller);
        AlertRule rule = rule(id);
        Map<String, Object> json = json(rule);
        List<Map<String, Object>> alerts = new ArrayList<>();
        for (var r : rules.alerts(rule.id(), 500)) {
            Map<String, Object> alert = new LinkedHashMap<>();
            alert.put("subject", r.get("subject", String.class));
            alert.put("status", r.get("status", String.class));
            alert.put("details", JSON.readTree(r.get("details", String.class)));
            alert.put("started", r.get("started", java.time.OffsetDateTime.class).toInstant().toEpochMilli());
            alert.put("resolved", Optional.ofNullable(r.get("resolved", java.time.OffsetDateTime.class))
                    .map(t -> t.toInstant().toEpochMilli()).orElse(null));
            alerts.add(alert);
        }
        json.put("alerts", alerts);
        return json;
    }

    @DeleteMapping("/rules/{id}")
    public ResponseEntity<Void> deleteRule(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        ManagerOnly.check(caller);
        rules.delete(rule(id).id());
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/evaluate")
    public Map<String, Object> evaluate(@AuthenticationPrincipal Caller caller) {
        ManagerOnly.check(caller);
        RuleEvaluator.Pass pass = runner.evaluateNow();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("renewal", Map.of("successors", pass.renewal().successors(), "renewed", pass.renewal().renewed()));
        Map<String, Object> byRule = new LinkedHashMap<>();
        pass.rules().forEach((name, e) -> {
            Map<String, Object> rule = new LinkedHashMap<>();
            rule.put("evaluated", e.ran());
            rule.put("pass", e.whole() ? "whole" : "changes");
            rule.put("certificatesRead", e.certificatesRead());
            rule.put("endpointsRead", e.endpointsRead());
            rule.put("matching", e.matching());
            rule.put("fired", e.fired());
            rule.put("resolved", e.resolved());
            rule.put("queued", e.queued());
            byRule.put(name, rule);
        });
        json.put("rules", byRule);
        json.put("failures", pass.failures());
        return json;
    }

    /**
     * {@code GET /api/v1/alerts/renewal/{certhash}}: whether the certificate is renewed, stale or
     * overdue, its successor, and for each endpoint that served it the leaves served there in turn.
     */
    @GetMapping("/renewal/{certhash}")
    public Map<String, Object> renewal(@AuthenticationPrincipal Caller caller, @PathVariable String certhash) {
        ManagerOnly.check(caller);
        if (!certhash.matches("[0-9a-fA-F]{64}")) {
            throw ApiException.badField("certhash", "a certhash is the SHA-256 of the certificate's DER, 64 hex digits");
        }
        var s = ledger.succession(certhash, clock.instant())
                .orElseThrow(() -> ApiException.notFound("no certificate with certhash " + certhash));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("certhash", s.certhash());
        json.put("renewed", s.renewed());
        json.put("stale", s.stale());
        json.put("overdue", s.overdue());
        json.put("renewalPoint", s.renewalPoint().toEpochMilli());
        json.put("successor", s.successor().orElse(null));
        List<Map<String, Object>> endpoints = new ArrayList<>();
        for (var e : s.endpoints()) {
            List<Map<String, Object>> served = new ArrayList<>();
            for (var c : e.served()) {
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("certhash", c.certhash());
                one.put("subjectName", c.subjectName());
                one.put("validTo", c.validTo().toEpochMilli());
                one.put("firstSeen", c.firstSeen().toEpochMilli());
                one.put("lastSeen", c.lastSeen().toEpochMilli());
                one.put("current", c.current());
                served.add(one);
            }
            endpoints.add(Map.of("endpoint", e.endpoint(), "served", served));
        }
        json.put("endpoints", endpoints);
        return json;
    }

    // ------------------------------------------------------------------ outbox

    @GetMapping("/deliveries")
    public List<Map<String, Object>> deliveries(@AuthenticationPrincipal Caller caller) {
        ManagerOnly.check(caller);
        return outbox.recent(200).stream().map(AlertsController::json).toList();
    }

    @GetMapping("/dead-letters")
    public List<Map<String, Object>> deadLetters(@AuthenticationPrincipal Caller caller) {
        ManagerOnly.check(caller);
        return outbox.deadLetters(500).stream().map(AlertsController::json).toList();
    }

    @PostMapping("/dead-letters/{id}/retry")
    public Map<String, Object> retry(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        ManagerOnly.check(caller);
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("no dead letter " + id + "; ids are the UUIDs GET /api/v1/alerts/dead-letters shows");
        }
        if (!outbox.retryDead(uuid, clock.instant())) {
            throw ApiException.notFound("no dead letter " + id + "; ids are the UUIDs GET /api/v1/alerts/dead-letters shows");
        }
        return json(outbox.find(uuid).orElseThrow());
    }

    // ------------------------------------------------------------------ reading bodies

    private record RuleBody(AlertRule rule, List<Long> receiverIds) {}

    private RuleBody ruleOf(ObjectNode body, Caller caller, Optional<AlertRule> old) {
        String name = ApiName.check("name", "an alert rule", Fields.text(body, "name").orElse(""));
        String filter = Fields.text(body, "filter").orElse("");
        try {
            CertificateFilter.compile(filter, clock.instant());
        } catch (QqlException e) {
            throw ApiException.badFilter("filter", e);
        }
        String conditionName = Fields.text(body, "condition").orElse("");
        AlertCondition condition = AlertCondition.named(conditionName).orElseThrow(() -> ApiException.badField("condition",
                "condition is one of OVERDUE, STALE, EXPIRES_WITHIN, FINDING, GRADE_BELOW, NEW_CERTIFICATE; was '" + conditionName + "'"));
        String threshold;
        try {
            threshold = condition.threshold(body.path("threshold").isNull() ? "" : body.path("threshold").asString(""));
        } catch (IllegalArgumentException e) {
            throw ApiException.badField("threshold", e.getMessage());
        }
        String zone = Fields.text(body, "zone").orElse("UTC");
        try {
            ZoneId.of(zone);
        } catch (java.time.DateTimeException e) {
            throw ApiException.badField("zone", "'" + zone + "' is not a time zone; use a name such as UTC or Europe/Berlin");
        }
        Optional<LocalTime> quietStart = time(body, "quietStart");
        Optional<LocalTime> quietEnd = time(body, "quietEnd");
        if (quietStart.isPresent() != quietEnd.isPresent()) {
            throw ApiException.badField(quietStart.isPresent() ? "quietEnd" : "quietStart", "quiet hours need both quietStart and quietEnd");
        }
        if (quietStart.isPresent() && quietStart.equals(quietEnd)) {
            // An empty span or the whole day: either reading surprises someone, so neither is guessed.
            throw ApiException.badField("quietEnd", "quietEnd is the same time as quietStart (" + quietStart.get() + "), which"
                    + " could mean never quiet or always quiet; give the end of the quiet hours (\"quietStart\": \"22:00\","
                    + " \"quietEnd\": \"06:00\"), or neither for no quiet hours");
        }
        Optional<LocalTime> digestAt = time(body, "digestAt");
        List<Long> receiverIds = new ArrayList<>();
        List<UUID> receiverUuids = new ArrayList<>();
        for (JsonNode item : body.path("receivers")) {
            AlertReceiver receiver = receivers.find(item.asString("")).orElseThrow(() -> ApiException.badField("receivers",
                    "no receiver '" + item.asString("") + "'; create it with POST /api/v1/alerts/receivers"));
            receiverIds.add(receiver.id());
            receiverUuids.add(receiver.uuid());
        }
        if (receiverIds.isEmpty()) {
            throw ApiException.badField("receivers", "name at least one receiver: \"receivers\": [\"ops-webhook\"]");
        }
        AlertRule rule = new AlertRule(old.map(AlertRule::id).orElse(0L), old.map(AlertRule::uuid).orElse(UUID.randomUUID()), name,
                filter, condition, threshold, Fields.bool(body, "enabled", true), quietStart, quietEnd, zone, digestAt,
                receiverUuids, old.map(AlertRule::createdBy).orElse(caller.username()),
                old.map(AlertRule::created).orElse(clock.instant()), Optional.empty());
        return new RuleBody(rule, receiverIds);
    }

    private static Optional<LocalTime> time(ObjectNode body, String field) {
        Optional<String> text = Fields.text(body, field).filter(s -> !s.isBlank());
        try {
            return text.map(LocalTime::parse);
        } catch (DateTimeParseException e) {
            throw ApiException.badField(field, field + " is a time of day such as \"22:00\", was '" + text.get() + "'");
        }
    }

    private AlertReceiver receiver(String id) {
        return receivers.find(id).orElseThrow(() -> ApiException.notFound("no receiver '" + id + "'; list them with GET /api/v1/alerts/receivers"));
    }

    private AlertRule rule(String id) {
        return rules.find(id).orElseThrow(() -> ApiException.notFound("no alert rule '" + id + "'; list them with GET /api/v1/alerts/rules"));
    }

    static Map<String, Object> json(AlertReceiver r) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", r.uuid().toString());
        json.put("name", r.name());
        json.put("kind", r.kind().name().toLowerCase(java.util.Locale.ROOT));
        json.put("settings", JSON.readTree(r.settingsJson()));
        json.put("secretSet", r.sealedSecret().isPresent());
        json.put("createdBy", r.createdBy());
        json.put("created", r.created().toEpochMilli());
        return json;
    }

    static Map<String, Object> json(AlertRule r) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", r.uuid().toString());
        json.put("name", r.name());
        json.put("filter", r.filter());
        json.put("condition", r.condition().name());
        json.put("threshold", r.threshold());
        json.put("enabled", r.enabled());
        json.put("quietStart", r.quietStart().map(LocalTime::toString).orElse(null));
        json.put("quietEnd", r.quietEnd().map(LocalTime::toString).orElse(null));
        json.put("zone", r.zone());
        json.put("digestAt", r.digestAt().map(LocalTime::toString).orElse(null));
        json.put("receivers", r.receivers().stream().map(UUID::toString).toList());
        json.put("createdBy", r.createdBy());
        json.put("created", r.created().toEpochMilli());
        json.put("evaluated", r.evaluated().map(java.time.Instant::toEpochMilli).orElse(null));
        return json;
    }

    static Map<String, Object> json(AlertDelivery d) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", d.uuid().toString());
        json.put("rule", d.ruleName().orElse(null));
        json.put("receiver", d.receiverName());
        json.put("event", d.event());
        json.put("subject", d.subject());
        json.put("status", d.status());
        json.put("attempts", d.attempts());
        json.put("nextAttempt", d.nextAttempt().toEpochMilli());
        json.put("lastError", d.lastError());
        json.put("payload", JSON.readTree(d.payloadJson()));
        json.put("created", d.created().toEpochMilli());
        json.put("sent", d.sent().map(java.time.Instant::toEpochMilli).orElse(null));
        return json;
    }
}
