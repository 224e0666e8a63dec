package io.certatlas.store.read;

import java.util.List;

/**
 * A host instance (one TLS endpoint of an asset) as v1 shows it, with its active findings. The
 * accepted suites and the grade's reasons stay in the store until an answer shows them: a page
 * holds hundreds of instances, and their JSON was most of what a page read from PostgreSQL.
 */
public record InstanceRow(
        long id,
        String protocol,
        int port,
        String fqdn,
        String service,
        List<String> sslProtocols,
        String grade,
        List<FindingRow> findings) {

    /** The same instance with these active findings. */
    public InstanceRow withFindings(List<FindingRow> newFindings) {
        return new InstanceRow(id, protocol, port, fqdn, service, sslProtocols, grade, newFindings);
    }

    public record FindingRow(int qid, String title, int severity) {}
}
