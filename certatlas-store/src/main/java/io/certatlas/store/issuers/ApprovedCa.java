package io.certatlas.store.issuers;

import java.time.Instant;

/**
 * One CA of the managers' approved list: its certificate (by certhash, as the inventory holds it)
 * with what a reader needs to recognise it, and who approved it when.
 */
public record ApprovedCa(String certhash, String subjectName, String subjectOrganization, String subjectDn,
                         String type, Instant validTo, String approvedBy, Instant approved) {}
