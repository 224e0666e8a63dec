package io.certatlas.alerts.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.certatlas.alerts.receiver.SecretBox;
import io.certatlas.alerts.rule.RuleEvaluator;
import io.certatlas.store.Database;
import io.certatlas.store.Inventory;
import io.certatlas.store.Observation;
import io.certatlas.store.alerts.AlertCondition;
import io.certatlas.store.alerts.AlertOutbox;
import io.certatlas.store.alerts.AlertReceiver;
import io.certatlas.store.alerts.AlertReceivers;
import io.certatlas.store.alerts.AlertRule;
import io.certatlas.store.alerts.AlertRules;
import io.certatlas.store.renewal.RenewalLedger;
import io.certatlas.store.testing.SampleCertificates;
import io.certatlas.store.testing.TestDatabase;
import io.certatlas.x509.CertificateFacts;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A receiver that always fails: the message is tried with growing pauses, then lands in the
 * dead-letter list with the receiver's last answer; sent again from there, it goes out once the
 * receiver answers. Nothing is sent before its time, and nothing is lost.
 */
class DeadLetterTest {

    private Database database;
    private HttpServer receiver;
    private final AtomicInteger requests = new AtomicInteger();
    private volatile int answer = 500;

    @BeforeEach
    void start() throws Exception {
        database = TestDatabase.fresh();
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            requests.incrementAndGet();
            exchange.sendResponseHeaders(answer, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
        database.close();
    }

    @Test
    void failingMessagesBackOffThenDieThenGoOutWhenRetried() {
        CertificateFacts root = SampleCertificates.root("Dead Letter Root");
        CertificateFacts leaf = SampleCertificates.leaf("dead.example", root);
        new Inventory(database).record(new Observation(Optional.of(Observation.ObservedAsset.of("127.0.0.9", "")),
                Optional.of(new Observation.ObservedInstance("tcp", 443, "", "https", List.of("TLSv1.3"), Map.of(), "A", "A",
                        Optional.empty())), List.of(leaf, root), List.of(), "SCAN", Instant.now()));
        SecretBox secrets = new SecretBox(SecretBox.newKey());
        AlertReceivers receivers = new AlertReceivers(database.dsl());
        AlertReceiver hook = receivers.create("hook", AlertReceiver.Kind.WEBHOOK,
                "{\"url\": \"http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook\"}",
                Optional.of(secrets.seal("0123456789abcdef0123")), "test");
        AlertRules rules = new AlertRules(database.dsl());
        Instant start = leaf.validTo().minus(Duration.ofDays(10));
        rules.create(new AlertRule(0, UUID.randomUUID(), "expiring", "type:Leaf", AlertCondition.EXPIRES_WITHIN, "30", true,
                Optional.empty(), Optional.empty(), "UTC", Optional.empty(), List.of(), "test", start, Optional.empty()), List.of(hook.id()));

        var clock = new java.util.concurrent.atomic.AtomicReference<>(start);
        Clock moving = new Clock() {
            @Override public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
            @Override public Clock withZone(java.time.ZoneId zone) { return this; }
            @Override public Instant instant() { return clock.get(); }
        };
        var pass = new RuleEvaluator(rules, new RenewalLedger(database.dsl()), moving).evaluateAll();
        assertThat(pass.rules().get("expiring").fired()).isEqualTo(1);
        assertThat(new RuleEvaluator(rules, new RenewalLedger(database.dsl()), moving).evaluateAll().rules().get("expiring").fired()).isZero();

        AlertOutbox outbox = new AlertOutbox(database.dsl());
        DeliveryRunner runner = new DeliveryRunner(outbox, receivers, secrets, moving,
                new RetryPolicy(3, Duration.ofMinutes(1), Duration.ofHours(1)), "test-runner");
        assertThat(runner.deliverDue().failed()).isEqualTo(1);            // attempt 1
        assertThat(runner.deliverDue().attempted()).isZero();              // waits a minute
        clock.set(start.plus(Duration.ofSeconds(61)));
        assertThat(runner.deliverDue().failed()).isEqualTo(1);            // attempt 2
        clock.set(start.plus(Duration.ofSeconds(61 + 90)));
        assertThat(runner.deliverDue().attempted()).isZero();              // waits two minutes now
        clock.set(start.plus(Duration.ofSeconds(61 + 121)));
        assertThat(runner.deliverDue().dead()).isEqualTo(1);              // attempt 3: dead
        assertThat(requests.get()).isEqualTo(3);

        var dead = outbox.deadLetters(10);
        assertThat(dead).hasSize(1);
        assertThat(dead.getFirst().lastError()).contains("answered HTTP 500");
        assertThat(dead.getFirst().attempts()).isEqualTo(3);

        answer = 200;
        assertThat(outbox.retryDead(dead.getFirst().uuid(), clock.get())).isTrue();
        assertThat(runner.deliverDue().sent()).isEqualTo(1);
        assertThat(outbox.deadLetters(10)).isEmpty();
        assertThat(outbox.recent(10)).singleElement().satisfies(d -> assertThat(d.status()).isEqualTo("SENT"));
        assertThat(requests.get()).isEqualTo(4);
    }
}
