/**
 * Findings: the catalogue ({@code findings.tsv}: Qualys QIDs, and CertAtlas ids from 9000000 up
 * where Qualys has none), the chain assessment built on the x509 module's ChainJudge, and the
 * mapping from chain issues to certificate findings. Protocol and suite findings (in
 * {@code io.certatlas.scan.grade}) take their rows from the same catalogue.
 */
package io.certatlas.scan.finding;
