package io.certatlas.server.export;

import io.certatlas.client.SortKey;
import io.certatlas.client.csv.CertificateCsv;
import io.certatlas.client.csv.CsvWriter;
import io.certatlas.qql.QqlException;
import io.certatlas.server.api.ApiException;
import io.certatlas.server.api.ErrorBody;
import io.certatlas.server.security.Caller;
import io.certatlas.store.query.CertificateFilter;
import io.certatlas.store.query.SortSpec;
import io.certatlas.store.read.CertificateReader;
import io.certatlas.store.read.CertificateRow;
import io.certatlas.store.read.InventorySnapshot;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.SortField;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /api/v1/export.csv?filter=QQL&sort=validTo:asc}: every certificate the filter
 * matches within the caller's scope, as the certificate CSV of the client module, each with all
 * its visible assets (no 1000 cap, no 10,000 window). Read from one consistent snapshot through
 * a database cursor and written batch by batch as it is read: the server holds one batch in
 * memory whatever the export's size. A bad filter or sort answers 400 before anything is
 * written; a failure after the first line cuts the answer off (no final chunk), so a client sees
 * an incomplete download, never a short file that looks whole.
 */
@RestController
public class ExportController {

    /** Certificates read and written per batch: big enough for few round trips, small enough for little memory. */
    static final int BATCH = 500;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Logger LOG = LoggerFactory.getLogger(ExportController.class);

    private final CertificateReader reader;
    private final Clock clock;

    public ExportController(CertificateReader reader, Clock clock) {
        this.reader = reader;
        this.clock = clock;
    }

    /**
     * A query parameter given at most once: Spring would join two {@code filter}s with a comma into
     * one filter that neither of them is.
     */
    private static String parameter(HttpServletRequest request, String name) {
        String[] values = request.getParameterValues(name);
        if (values == null || values.length == 0) {
            return "";
        }
        if (values.length > 1) {
            throw ApiException.badField(name, "'" + name + "' is given " + values.length + " times; give it once"
                    + (name.equals("filter") ? " and join conditions with AND or OR" : ""));
        }
        return values[0];
    }

    @GetMapping("/api/v1/export.csv")
    public void csv(@AuthenticationPrincipal Caller caller, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        CertificateFilter compiled;
        List<SortField<?>> order;
        try {
            String filter = parameter(request, "filter");
            String sort = parameter(request, "sort");
            try {
                compiled = CertificateFilter.compile(filter, now, caller.scope());
            } catch (QqlException e) {
                throw ApiException.badFilter("filter", e);
            }
            try {
                order = SortSpec.certificates(sortKeys(sort), caller.scope()).fields();
            } catch (QqlException e) {
                throw ApiException.badField("sort", e.getMessage());
            }
        } catch (ApiException e) {
            // Written here, not by the shared handler: a client that asked for text/csv would get
            // an empty 406 from content negotiation instead of the JSON error every client can read.
            refuse(response, e);
            return;
        }
        response.setStatus(200);
        response.setContentType("text/csv");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader("Content-Disposition", "attachment; filename=\"certificates.csv\"");
        response.setHeader("Cache-Control", "no-store");
        CsvWriter csv = new CsvWriter(new BufferedWriter(new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8),
                1 << 16));
        CertificateCsv.FORMAT.writeHeader(csv);
        long written;
        try (InventorySnapshot snapshot = reader.snapshot()) {
            written = snapshot.forEachBatch(compiled.condition(), caller.scope(), order,
                    new CertificateReader.Detail(Integer.MAX_VALUE, false), BATCH, batch -> {
                        for (CertificateRow row : batch) {
                            CertificateCsv.FORMAT.write(csv, ExportedCertificate.of(row));
                        }
                        csv.flush();
                    });
        } catch (UncheckedIOException e) {
            // The client went away: nothing more to do for it.
            LOG.info("export for {} ended early: the client closed the connection ({})", caller.username(), e.getCause().getMessage());
            return;
        }
        csv.flush();
        LOG.info("exported {} certificates as CSV for {}", written, caller.username());
    }

    private static void refuse(HttpServletResponse response, ApiException e) throws IOException {
        response.setStatus(e.status().value());
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getOutputStream().write(JSON.writeValueAsBytes(ErrorBody.of(e.status().value(), e.code(), e.getMessage(),
                e.field(), e.details())));
    }

    /** {@code validTo:asc,updated:desc} (read as the client reads it) as the sort keys of the store. */
    static List<Map<String, String>> sortKeys(String text) {
        List<Map<String, String>> keys = new ArrayList<>();
        try {
            for (SortKey key : SortKey.parse(text)) {
                Map<String, String> entry = new LinkedHashMap<>();
                entry.put(key.field(), key.descending() ? "desc" : "asc");
                keys.add(entry);
            }
        } catch (IllegalArgumentException e) {
            throw ApiException.badField("sort", e.getMessage() + " (sort=validTo:asc,updated:desc)");
        }
        return keys;
    }
}
