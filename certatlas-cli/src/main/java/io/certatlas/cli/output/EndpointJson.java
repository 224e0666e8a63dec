package io.certatlas.cli.output;

import io.certatlas.scan.EndpointOutcome;
import io.certatlas.scan.EndpointReport;
import io.certatlas.scan.EnumerationOutcome;
import io.certatlas.scan.ScanSummary;
import io.certatlas.scan.TlsProfile;
import io.certatlas.scan.finding.ChainIssue;
import io.certatlas.scan.finding.Finding;
import io.certatlas.scan.probe.ClientRenegotiation;
import io.certatlas.scan.probe.EnumerationResult;
import io.certatlas.scan.suite.NamedGroup;
import io.certatlas.x509.CertificateFacts;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a scan learned about one endpoint, as a JSON tree built with Jackson (docs/scan-output.schema.json
 * describes it): the target, the outcome, the chain with certhashes, protocols, suites per
 * protocol, groups, renegotiation, findings, grade and grade summary, the probes that could not
 * run and the timings. Also the whole scan's document ({@code --format json}).
 */
public final class EndpointJson {

    /** The version of the shape below; raised when a field changes meaning or disappears. */
    public static final int FORMAT_VERSION = 1;

    private final JsonMapper mapper;

    public EndpointJson(JsonMapper mapper) {
        this.mapper = mapper;
    }

    public ObjectNode endpoint(EndpointReport report) {
        ObjectNode node = mapper.createObjectNode();
        node.put("target", report.endpoint().toString());
        node.put("address", report.address());
        node.put("port", report.port());
        node.put("fqdn", report.fqdn());
        node.put("service", report.service());
        node.put("starttls", report.wrapper().name().toLowerCase(Locale.ROOT));
        node.put("observedAt", report.observedAt().toString());
        node.put("outcome", report.outcome().label());
        switch (report.outcome()) {
            case EndpointOutcome.Tls tls -> node.set("tls", tls(tls));
            case EndpointOutcome.Closed closed -> { }
            case EndpointOutcome.Filtered filtered -> node.put("detail", filtered.detail());
            case EndpointOutcome.NotTls notTls -> {
                node.put("detail", "first bytes " + notTls.firstBytesHex());
                if (!notTls.hint().isEmpty()) {
                    node.put("hint", notTls.hint());
                }
            }
            case EndpointOutcome.Failed failed -> node.put("detail", failed.detail());
        }
        node.put("enumeration", report.enumeration().label());
        switch (report.enumeration()) {
            case EnumerationOutcome.Enumerated enumerated -> profile(node, enumerated.profile());
            case EnumerationOutcome.Failed failed -> node.put("enumerationReason", failed.reason());
            case EnumerationOutcome.NotRun notRun -> node.put("enumerationReason", notRun.reason());
        }
        ArrayNode findings = node.putArray("findings");
        for (Finding finding : report.findings()) {
            ObjectNode f = findings.addObject();
            f.put("qid", finding.qid());
            f.put("key", finding.key());
            f.put("title", finding.title());
            f.put("severity", finding.severity());
            f.put("detail", finding.detail());
        }
        ObjectNode timings = node.putObject("timings");
        timings.put("connectMs", millis(report.timings().connect()));
        timings.put("handshakeMs", millis(report.timings().handshake()));
        timings.put("enumerationMs", millis(report.timings().enumeration()));
        timings.put("totalMs", millis(report.timings().total()));
        return node;
    }

    /** The {@code --format json} document: the scan's summary and every endpoint. */
    public ObjectNode document(List<ObjectNode> endpoints, ScanSummary summary, List<String> unresolvedNames) {
        ObjectNode node = mapper.createObjectNode();
        node.put("formatVersion", FORMAT_VERSION);
        ObjectNode sums = node.putObject("summary");
        sums.put("endpoints", summary.endpoints());
        sums.put("tls", summary.tls());
        ObjectNode byOutcome = sums.putObject("byOutcome");
        new TreeMap<>(summary.byOutcome()).forEach(byOutcome::put);
        sums.put("elapsedMs", millis(summary.elapsed()));
        sums.put("interrupted", summary.interrupted());
        ArrayNode unresolved = sums.putArray("unresolvedNames");
        unresolvedNames.forEach(unresolved::add);
        ArrayNode all = node.putArray("endpoints");
        endpoints.forEach(all::add);
        return node;
    }

    private ObjectNode tls(EndpointOutcome.Tls tls) {
        ObjectNode node = mapper.createObjectNode();
        node.put("protocol", tls.protocol());
        node.put("cipherSuite", tls.cipherSuite());
        node.put("trusted", tls.assessment().trusted());
        ArrayNode issues = node.putArray("chainIssues");
        for (ChainIssue issue : tls.assessment().issues()) {
            ObjectNode i = issues.addObject();
            i.put("kind", issue.kind().name().toLowerCase(Locale.ROOT));
            i.put("position", issue.position());
            i.put("detail", issue.detail());
        }
        ArrayNode chain = node.putArray("chain");
        for (int i = 0; i < tls.chain().size(); i++) {
            byte[] der = tls.chain().get(i);
            ObjectNode c = chain.addObject();
            c.put("position", i);
            c.put("certhash", certhash(der));
            if (tls.facts().size() == tls.chain().size()) {
                CertificateFacts facts = tls.facts().get(i);
                c.put("subject", facts.subject().dn());
                c.put("issuer", facts.issuer().dn());
                c.put("serialNumber", facts.serialNumber());
                c.put("validFrom", facts.validFrom().toString());
                c.put("validTo", facts.validTo().toString());
                c.put("publicKeyAlgorithm", facts.publicKeyAlgorithm());
                c.put("keySize", facts.keySize());
                c.put("signatureAlgorithm", facts.signatureAlgorithm());
                c.put("selfSigned", facts.selfSigned());
            }
            c.put("der", java.util.Base64.getEncoder().encodeToString(der));
        }
        return node;
    }

    private void profile(ObjectNode node, TlsProfile profile) {
        node.set("protocols", mapper.valueToTree(profile.protocols()));
        node.set("suites", mapper.valueToTree(profile.suites()));
        EnumerationResult result = profile.enumeration();
        ObjectNode groups = node.putObject("groups");
        groups.set("chosen", mapper.valueToTree(result.groups().stream().map(NamedGroup::ianaName).sorted().toList()));
        groups.set("supported", mapper.valueToTree(result.supportedGroups().stream().map(NamedGroup::ianaName).toList()));
        groups.set("dhPrimeBits", mapper.valueToTree(result.dhPrimeBits().stream().sorted().toList()));
        ObjectNode renegotiation = node.putObject("renegotiation");
        renegotiation.put("secureRenegotiation", result.renegotiation().name().toLowerCase(Locale.ROOT));
        renegotiation.set("clientInitiated", renegotiation(result.clientRenegotiation()));
        renegotiation.set("insecureClientInitiated", renegotiation(result.insecureClientRenegotiation()));
        node.put("fallbackScsv", result.fallbackScsv().name().toLowerCase(Locale.ROOT));
        node.put("grade", profile.grade());
        node.put("gradeWithTrustIgnored", profile.gradeWithTrustIgnored());
        node.put("ruleset", profile.grading().ruleset());
        node.set("gradeSummary", mapper.valueToTree(profile.gradeSummary()));
        ArrayNode notRun = node.putArray("probesNotRun");
        for (var failure : result.failures()) {
            ObjectNode f = notRun.addObject();
            f.put("probe", failure.probe());
            f.put("reason", failure.reason());
        }
        node.put("probeConnections", result.probesSent());
    }

    private ObjectNode renegotiation(ClientRenegotiation found) {
        ObjectNode node = mapper.createObjectNode();
        node.put("state", found.state().name().toLowerCase(Locale.ROOT));
        node.put("detail", found.detail());
        return node;
    }

    private static long millis(Duration duration) {
        return duration.toMillis();
    }

    private static String certhash(byte[] der) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
