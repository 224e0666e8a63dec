package io.certatlas.server.certview;

import static org.assertj.core.api.Assertions.assertThat;

import io.certatlas.store.Database;
import io.certatlas.store.Inventory;
import io.certatlas.store.Observation;
import io.certatlas.store.Observation.ObservedAsset;
import io.certatlas.store.Observation.ObservedFinding;
import io.certatlas.store.Observation.ObservedInstance;
import io.certatlas.store.access.Scope;
import io.certatlas.store.access.Tags;
import io.certatlas.store.demo.DemoInventory;
import io.certatlas.store.query.CertificateFilter;
import io.certatlas.store.query.SortSpec;
import io.certatlas.store.read.CertificateDocuments;
import io.certatlas.store.read.CertificateReader;
import io.certatlas.store.read.InventorySnapshot;
import io.certatlas.store.read.Page;
import io.certatlas.store.testing.SampleCertificates;
import io.certatlas.store.testing.TestDatabase;
import io.certatlas.x509.CertificateFacts;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.SortField;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pages put together from stored certificate documents against the same pages read and written
 * the long way, byte for byte, on the demo inventory (whose intermediates and wildcard are served
 * on more than the 1000 assets a list shows): for filters, sorts, tag scopes and pages, when the
 * bodies are first built, when they are read back, and after writes of every kind that change
 * what a list shows.
 */
class CertificateDocumentTest {

    private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");
    private static final List<String> FILTERS = List.of("", "type:Intermediate", "asset.tags.name:PCI",
            "instance.grade:F", "subject.name:*.demo.example", "subject.name:doc*");
    private static final List<List<Map<String, String>>> SORTS = List.of(List.of(),
            List.of(Map.of("validTo", "asc")), List.of(Map.of("subject.name", "desc")), List.of(Map.of("updated", "desc")));
    private static final List<List<String>> SCOPES = List.of(List.of(), List.of("PCI"), List.of("Staging", "Web"),
            List.of("Finance", "DMZ", "Mail"), List.of("Document tag"));
    private static final List<Page> PAGES = List.of(new Page(0, 200), new Page(1, 200), new Page(3, 7));

    private static Database db;
    private static CertificateReader reader;
    private static DocumentedPages pages;

    @BeforeAll
    static void open() {
        db = TestDatabase.fresh();
        DemoInventory.fill(db);
        new Tags(db.dsl()).ensure("Document tag");
        reader = new CertificateReader(db.dsl());
        pages = new DocumentedPages(new CertificateDocuments(db.dsl()));
    }

    @AfterAll
    static void close() throws InterruptedException {
        pages.stop();
        db.close();
    }

    @Test
    void pagesFromStoredDocumentsAreByteForByteThePagesReadTheLongWay() throws Exception {
        int compared = sameAsTheLongWay("when first built");
        pages.awaitKept();
        DocumentedPages.Tally built = pages.tally();
        assertThat(built.built()).as("bodies built on the first pass").isPositive();
        assertThat(built.kept()).as("bodies stored").isPositive();

        sameAsTheLongWay("read back");
        DocumentedPages.Tally readBack = pages.tally();
        assertThat(readBack.built()).as("nothing built again when nothing changed").isEqualTo(built.built());
        assertThat(readBack.stored() - built.stored()).as("certificates shown from stored bodies").isGreaterThan(compared / 2);

        writeWhatListsShow();
        sameAsTheLongWay("after writes");
        pages.awaitKept();
        DocumentedPages.Tally afterWrites = pages.tally();
        assertThat(afterWrites.built()).as("changed certificates built again").isGreaterThan(readBack.built());
        sameAsTheLongWay("after writes, read back");
    }

    /**
     * Each scope with each filter, both ways, in one snapshot each, the sort and page turning with
     * every combination (all of them every pass would take minutes); returns how many certificates
     * were compared.
     */
    private static int sameAsTheLongWay(String when) {
        return sameAsTheLongWay(when, SCOPES);
    }

    private static int sameAsTheLongWay(String when, List<List<String>> scopes) {
        int certificates = 0;
        int turn = 0;
        for (List<String> scopeTags : scopes) {
            Scope scope = scope(scopeTags);
            for (String qql : FILTERS) {
                CertificateFilter filter = CertificateFilter.compile(qql, NOW, scope);
                List<Map<String, String>> sortKeys = SORTS.get(turn % SORTS.size());
                Page page = PAGES.get(turn / SORTS.size() % PAGES.size());
                turn++;
                List<SortField<?>> sort = SortSpec.certificates(sortKeys, scope).fields();
                try (InventorySnapshot snapshot = reader.snapshot()) {
                    var rows = snapshot.page(filter.condition(), scope, sort, page,
                            new CertificateReader.Detail(CertificatesController.ASSET_CAP, false));
                    CertViewJson.Buffer longWay = CertViewJson.render(out -> CertViewJson.certificates(out, rows, false));
                    CertViewJson.Buffer documented = pages.page(snapshot,
                            snapshot.pageIds(filter.condition(), scope, sort, page), scope);
                    assertThat(text(documented)).as("%s: scope %s, filter '%s', sort %s, %s", when, scopeTags, qql,
                            sortKeys, page).isEqualTo(text(longWay));
                    certificates += rows.size();
                }
            }
        }
        assertThat(certificates).isPositive();
        return certificates;
    }

    /**
     * Writes that change what lists show: endpoints recorded again with other grades and findings,
     * a chain whose root arrives later, tags put on and taken off, a tag renamed, an asset renamed,
     * an interface added, a finding fixed, an instance's service changed, a link ended.
     */
    private static void writeWhatListsShow() {
        Inventory inventory = new Inventory(db);
        Tags tags = new Tags(db.dsl());
        CertificateFacts root = SampleCertificates.root("Document Root CA");
        CertificateFacts ca = SampleCertificates.intermediate("Document Issuing CA", root);
        CertificateFacts first = SampleCertificates.leaf("doc-one.example", ca);
        CertificateFacts second = SampleCertificates.leaf("doc-two.example", ca);
        Instant at = NOW;
        record(inventory, "10.77.0.1", first, List.of(first, ca), "A", at);
        pagesOnce();
        record(inventory, "10.77.0.2", second, List.of(second, ca, root), "F", at.plusSeconds(60));
        record(inventory, "10.77.0.1", first, List.of(first, ca), "B", at.plusSeconds(120));
        pagesOnce();
        var assets = db.dsl().fetch("select uuid from asset order by id limit 40").getValues(0, java.util.UUID.class);
        tags.tagAssets("Document tag", assets.subList(0, 20));
        tags.untagAssets("PCI", assets.subList(20, 30));
        pagesOnce();
        db.dsl().execute("update tag set name = 'Web servers' where name = 'Web'");
        db.dsl().execute("update asset set name = 'renamed-' || name, updated = updated + interval '1 second'"
                + " where id in (select id from asset order by id desc limit 15)");
        db.dsl().execute("insert into asset_interface (asset_id, hostname) select id, 'extra.example' from asset"
                + " order by id limit 5 on conflict do nothing");
        db.dsl().execute("update finding set status = 'FIXED', fixed = now()"
                + " where (instance_id, qid) in (select instance_id, qid from finding where status = 'ACTIVE' limit 30)");
        db.dsl().execute("update host_instance set service = 'renamed-service' where id in (select id from host_instance"
                + " order by id limit 25)");
        db.dsl().execute("update instance_certificate set current = false where (instance_id, certificate_id) in"
                + " (select instance_id, certificate_id from instance_certificate where current order by instance_id limit 10)");
    }

    /** Reads every page once, so that bodies exist for the next write to make stale. */
    private static void pagesOnce() {
        sameAsTheLongWay("between writes", List.of(List.of(), List.of("PCI")));
        try {
            pages.awaitKept();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void record(Inventory inventory, String address, CertificateFacts leaf, List<CertificateFacts> chain,
                               String grade, Instant at) {
        inventory.record(new Observation(Optional.of(ObservedAsset.of(address, "")),
                Optional.of(new ObservedInstance("tcp", 443, "", "https", List.of("TLSv1.2", "TLSv1.3"), Map.of(), grade, "",
                        Optional.empty())), chain,
                List.of(new ObservedFinding(38606, "Document test finding " + grade, grade.equals("F") ? 4 : 2, "")),
                "SCAN", at));
    }

    private static Scope scope(List<String> tagNames) {
        if (tagNames.isEmpty()) {
            return Scope.everything();
        }
        List<Long> ids = new ArrayList<>(db.dsl().fetch("select id from tag where name = any(?)",
                (Object) tagNames.toArray(String[]::new)).getValues(0, Long.class));
        return Scope.tags(ids);
    }

    private static String text(CertViewJson.Buffer json) {
        return new String(Arrays.copyOf(json.bytes(), json.length()), StandardCharsets.UTF_8);
    }
}
