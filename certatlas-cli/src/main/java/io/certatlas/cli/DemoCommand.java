package io.certatlas.cli;

import io.certatlas.store.Database;
import io.certatlas.store.demo.DemoInventory;
import io.certatlas.store.demo.DemoSummary;
import io.certatlas.store.demo.StoreNotEmptyException;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code certatlas demo}: fills an empty store with a generated, realistic inventory. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Fill an EMPTY store with a generated demo inventory.",
                "About 3,000 tagged assets, a demo PKI, expired, expiring, self-signed, weak-key and SHA-1",
                "certificates, and one wildcard certificate on more than 1,000 assets. A store that already",
                "holds data is left alone (exit code 1)."})
public final class DemoCommand implements Callable<Integer> {

    @Mixin
    StoreOptions store;

    @Override
    public Integer call() {
        try (Database database = store.open()) {
            DemoSummary summary = DemoInventory.fill(database);
            print(summary, System.out);
            return 0;
        } catch (StoreNotEmptyException e) {
            System.err.println("certatlas demo: " + e.getMessage());
            return 1;
        }
    }

    /** For {@code serve --demo}: fills the store when it is empty, says so, and leaves a non-empty one alone. */
    public static void fillIfEmpty(Database database, PrintStream out) {
        if (!DemoInventory.isEmpty(database)) {
            out.println("demo: the store already holds an inventory; left as it is");
            return;
        }
        print(DemoInventory.fill(database), out);
    }

    private static void print(DemoSummary s, PrintStream out) {
        out.printf(Locale.ROOT, "demo inventory: %,d certificates, %,d assets, %,d host instances, %,d findings,"
                        + " %d tags; *.demo.example on %,d assets (%.1f s)%n", s.certificates(), s.assets(),
                s.instances(), s.findings(), s.tags(), s.wildcardAssets(), s.elapsed().toMillis() / 1000.0);
    }
}
