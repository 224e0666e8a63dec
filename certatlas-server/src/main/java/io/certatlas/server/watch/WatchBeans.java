package io.certatlas.server.watch;

import io.certatlas.alerts.receiver.SecretBox;
import io.certatlas.store.OwnerOnlyFile;
import io.certatlas.server.ServerSettings;
import io.certatlas.store.alerts.AlertOutbox;
import io.certatlas.store.alerts.AlertReceivers;
import io.certatlas.store.alerts.AlertRules;
import io.certatlas.store.renewal.RenewalLedger;
import io.certatlas.store.schedule.ScanSchedules;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.jooq.DSLContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The store and alert objects of the watch endpoints, and the two secrets it keeps in the data directory. */
@Configuration
public class WatchBeans {

    /** Seals receiver secrets; its key is made at first start, owner-only. Servers sharing a database share this file. */
    static final String SECRET_KEY_FILE = "alert-secrets.key";
    /** The read token a Prometheus server sends to /metrics, made at first start, owner-only. */
    static final String METRICS_TOKEN_FILE = "metrics.token";

    @Bean
    public ScanSchedules scanSchedules(DSLContext db) {
        return new ScanSchedules(db);
    }

    @Bean
    public AlertRules alertRules(DSLContext db) {
        return new AlertRules(db);
    }

    @Bean
    public AlertReceivers alertReceivers(DSLContext db) {
        return new AlertReceivers(db);
    }

    @Bean
    public AlertOutbox alertOutbox(DSLContext db) {
        return new AlertOutbox(db);
    }

    @Bean
    public RenewalLedger renewalLedger(DSLContext db) {
        return new RenewalLedger(db);
    }

    @Bean
    public SecretBox secretBox(ServerSettings settings) {
        Path file = settings.dataDirectory().resolve(SECRET_KEY_FILE);
        return new SecretBox(HexFormat.of().parseHex(secret(file, () -> HexFormat.of().formatHex(SecretBox.newKey()))));
    }

    @Bean
    public MetricsToken metricsToken(ServerSettings settings) {
        Path file = settings.dataDirectory().resolve(METRICS_TOKEN_FILE);
        return new MetricsToken(secret(file, () -> {
            byte[] bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
            return HexFormat.of().formatHex(bytes);
        }), file);
    }

    @Bean
    public PrometheusMeterRegistry prometheusMeterRegistry() {
        return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    private static String secret(Path file, java.util.function.Supplier<String> fresh) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), ".secret", ".tmp");
                OwnerOnlyFile.restrict(temporary);
                Files.writeString(temporary, fresh.get() + "\n");
                try {
                    Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    Files.deleteIfExists(temporary);
                    if (!Files.exists(file)) {
                        throw e;
                    }
                }
            }
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file, e);
        }
    }
}
