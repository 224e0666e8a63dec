package io.certatlas.cli;

import io.certatlas.store.Database;
import io.certatlas.store.importing.BulkImport;
import io.certatlas.store.importing.ImportListener;
import io.certatlas.store.issuers.ApprovedCa;
import io.certatlas.store.issuers.ApprovedCas;
import io.certatlas.store.access.Scope;
import io.certatlas.x509.CertificateAnalyzer;
import io.certatlas.x509.read.CertificateFiles;
import io.certatlas.x509.read.CertificateRead;
import io.certatlas.x509.read.ReadResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code certatlas ca ...}: the approved issuing CAs that decide issuerCategory approved /
 * unapproved, the same list as {@code /api/v1/approved-cas}, on the local store.
 */
@Command(name = "ca", mixinStandardHelpOptions = true,
        description = {"Manage the approved issuing CAs.",
                "A certificate whose chain leads to one of them is issuerCategory 'approved', any other",
                "that is not self-signed 'unapproved'."},
        subcommands = {CaCommand.Approve.class, CaCommand.ListCas.class, CaCommand.Remove.class})
public final class CaCommand extends CommandGroup {

    @Command(name = "approve", mixinStandardHelpOptions = true,
            description = {"Approve CAs, by the certhash of a certificate in the inventory or by a certificate file.",
                    "A certhash is the SHA-256 of the certificate (colons allowed); a file's certificates are",
                    "imported first, and its CAs approved."})
    static final class Approve implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Parameters(arity = "1..*", paramLabel = "CERTHASH|FILE", description = "CA certificates to approve.")
        List<String> cas;

        @Override
        public Integer call() {
            return UserCommand.run(() -> {
                try (Database db = store.open()) {
                    ApprovedCas approved = new ApprovedCas(db.dsl());
                    String by = "cli:" + System.getProperty("user.name");
                    for (String ca : cas) {
                        for (String certhash : certhashesOf(db, ca)) {
                            ApprovedCa done = approved.approve(certhash, by);
                            System.out.println("approved " + done.certhash() + "  " + done.subjectDn());
                        }
                    }
                }
            });
        }

        /** The certhash given, or the CA certificates of a file (imported first, so they are in the inventory). */
        private static List<String> certhashesOf(Database db, String ca) {
            Path file = Path.of(ca);
            if (!Files.isRegularFile(file)) {
                return List.of(ca);
            }
            List<String> certhashes = new ArrayList<>();
            for (ReadResult read : CertificateFiles.standard().read(file)) {
                if (read instanceof CertificateRead certificate && certificate.facts().ca()) {
                    certhashes.add(certificate.facts().certhash());
                }
            }
            if (certhashes.isEmpty()) {
                throw new IllegalArgumentException(file + " holds no CA certificate: give the certificate of the issuing CA");
            }
            new BulkImport(db, CertificateAnalyzer.standard()).run(List.of(file), Optional.empty(), ImportListener.NONE);
            return certhashes;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the approved CAs.")
    static final class ListCas implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Override
        public Integer call() {
            return UserCommand.run(() -> {
                try (Database db = store.open()) {
                    for (ApprovedCa ca : new ApprovedCas(db.dsl()).list(Scope.everything())) {
                        System.out.printf("%s  %-12s valid to %s  approved by %s  %s%n", ca.certhash(), ca.type(),
                                DateTimeFormatter.ISO_LOCAL_DATE.format(ca.validTo().atOffset(ZoneOffset.UTC)),
                                ca.approvedBy(), ca.subjectDn());
                    }
                }
            });
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Take CAs off the approved list.")
    static final class Remove implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Parameters(arity = "1..*", paramLabel = "CERTHASH", description = "Certhashes of approved CAs.")
        List<String> cas;

        @Override
        public Integer call() {
            return UserCommand.run(() -> {
                try (Database db = store.open()) {
                    ApprovedCas approved = new ApprovedCas(db.dsl());
                    for (String ca : cas) {
                        System.out.println((approved.remove(ca) ? "removed " : "was not approved: ") + ca);
                    }
                }
            });
        }
    }
}
