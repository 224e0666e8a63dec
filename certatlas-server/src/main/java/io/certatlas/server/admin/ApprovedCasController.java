package io.certatlas.server.admin;

import io.certatlas.server.api.ApiException;
import io.certatlas.server.api.Fields;
import io.certatlas.server.api.JsonRequest;
import io.certatlas.server.security.Caller;
import io.certatlas.store.access.AccessException;
import io.certatlas.store.issuers.ApprovedCa;
import io.certatlas.store.issuers.ApprovedCas;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The approved issuing CAs, {@code /api/v1/approved-cas}: managers change the list; anyone may
 * read it, a user only the CAs whose certificate their scope shows (the list names certificates
 * of the inventory, and a scoped user must not learn of others).
 */
@RestController
@RequestMapping("/api/v1/approved-cas")
public class ApprovedCasController {

    private final ApprovedCas approved;

    public ApprovedCasController(DSLContext db) {
        this.approved = new ApprovedCas(db);
    }

    @GetMapping
    public List<Map<String, Object>> list(@AuthenticationPrincipal Caller caller) {
        return approved.list(caller.scope()).stream().map(ApprovedCasController::json).toList();
    }

    /** Body: {@code {"certhash": "<SHA-256 of the CA certificate>"}}; 201 when added, 200 when it was already there. */
    @PostMapping
    public ResponseEntity<Map<String, Object>> approve(@AuthenticationPrincipal Caller caller, HttpServletRequest request) {
        requireManager(caller);
        String certhash = Fields.text(JsonRequest.read(request), "certhash")
                .orElseThrow(() -> ApiException.badField("certhash", "'certhash' is required: the SHA-256 of a CA certificate"
                        + " in the inventory, e.g. {\"certhash\": \"3f1c...\"}"));
        boolean known;
        try {
            known = approved.find(certhash).isPresent();
        } catch (AccessException e) {
            throw ApiException.badField("certhash", e.getMessage());
        }
        ApprovedCa ca;
        try {
            ca = approved.approve(certhash, caller.username());
        } catch (AccessException e) {
            if (e.kind() == AccessException.Kind.INVALID) {
                throw ApiException.badField("certhash", e.getMessage());
            }
            throw e;
        }
        return ResponseEntity.status(known ? HttpStatus.OK : HttpStatus.CREATED).body(json(ca));
    }

    @DeleteMapping("/{certhash}")
    public ResponseEntity<Void> remove(@AuthenticationPrincipal Caller caller, @PathVariable String certhash) {
        requireManager(caller);
        if (!approved.remove(certhash)) {
            throw ApiException.notFound("the CA " + certhash + " is not on the approved list (GET /api/v1/approved-cas lists it)");
        }
        return ResponseEntity.noContent().build();
    }

    private static void requireManager(Caller caller) {
        if (!caller.isManager()) {
            throw new ApiException(HttpStatus.FORBIDDEN, "FORBIDDEN", "only a manager may change the approved CAs;"
                    + " ask a manager of this CertAtlas", Optional.empty(), Map.of());
        }
    }

    static Map<String, Object> json(ApprovedCa ca) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("certhash", ca.certhash());
        json.put("name", ca.subjectName());
        json.put("organization", ca.subjectOrganization());
        json.put("dn", ca.subjectDn());
        json.put("type", ca.type());
        json.put("validTo", ca.validTo().toEpochMilli());
        json.put("approvedBy", ca.approvedBy());
        json.put("approved", ca.approved().toEpochMilli());
        return json;
    }
}
