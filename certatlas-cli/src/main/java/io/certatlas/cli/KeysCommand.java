package io.certatlas.cli;

import io.certatlas.store.Database;
import io.certatlas.store.keys.AuditSummary;
import io.certatlas.x509.keys.KeyWeakness;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code certatlas keys audit}: every key of the inventory checked on demand, with a summary table. */
@Command(name = "keys", mixinStandardHelpOptions = true,
        description = "Weak public keys across the inventory (docs/weak-keys.md).",
        subcommands = {KeysCommand.Audit.class})
public final class KeysCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("certatlas keys: say what to do: 'certatlas keys audit'");
        return 2;
    }

    @Command(name = "audit", mixinStandardHelpOptions = true,
            description = {"Check every certificate's public key and print how many keys are weak and how.",
                    "The single-key checks run for keys not checked yet, then a batch GCD over every distinct",
                    "RSA modulus (shared primes).",
                    "Exit code: 0 when no key is weak (reuse alone is information), 1 when some are."})
    static final class Audit implements Callable<Integer> {

        @Mixin
        StoreOptions store;

        @Override
        public Integer call() {
            try (Database database = store.openExisting()) {
                long start = System.nanoTime();
                KeyCheckRun.full(database);
                AuditSummary summary = database.keyAudit().inventorySummary();
                System.out.printf(Locale.ROOT, "%-24s %,12d%n", "checked", summary.checked());
                System.out.printf(Locale.ROOT, "%-24s %,12d%n", "factorable", summary.factorable());
                System.out.printf(Locale.ROOT, "%-24s %,12d%n", "fingerprinted (ROCA)", summary.count(KeyWeakness.ROCA_FINGERPRINT));
                System.out.printf(Locale.ROOT, "%-24s %,12d%n", "blocklisted", summary.count(KeyWeakness.KNOWN_PRIVATE_KEY));
                System.out.printf(Locale.ROOT, "%-24s %,12d%n", "reused", summary.count(KeyWeakness.REUSED_KEY));
                System.out.println();
                System.out.printf(Locale.ROOT, "%-24s %12s  %s%n", "keyWeakness", "certificates", "finding");
                for (KeyWeakness w : KeyWeakness.values()) {
                    System.out.printf(Locale.ROOT, "%-24s %,12d  %d %s%n", w.value(), summary.count(w), w.qid(), w.title());
                }
                System.out.printf(Locale.ROOT, "(%.1f s, arithmetic %s; list them with the filter keyWeakness:<value>)%n",
                        (System.nanoTime() - start) / 1e9, database.keyAudit().arithmetic());
                long weak = summary.byWeakness().entrySet().stream().filter(e -> e.getKey() != KeyWeakness.REUSED_KEY)
                        .mapToLong(e -> e.getValue()).sum();
                return weak == 0 ? 0 : 1;
            }
        }
    }
}
