package io.certatlas.store.query;

import java.util.List;
import java.util.Map;
import java.util.Random;

/** Random valid QQL filters (and structured filters) over the values {@link QueryFixture} uses. */
final class RandomQueries {

    private final Random random;

    RandomQueries(long seed) {
        this.random = new Random(seed);
    }

    String query() {
        return expression(3);
    }

    private String expression(int depth) {
        if (depth == 0) {
            return atom();
        }
        return switch (random.nextInt(7)) {
            case 0 -> expression(depth - 1) + " and " + expression(depth - 1);
            case 1 -> expression(depth - 1) + " OR " + expression(depth - 1);
            case 2 -> "not " + expression(depth - 1);
            case 3 -> "(" + expression(depth - 1) + ")";
            default -> atom();
        };
    }

    private String atom() {
        return switch (random.nextInt(40)) {
            case 0 -> "keySize" + pick(">", "<", ">=", "<=", "=", ":") + pick(QueryFixture.KEY_SIZES);
            case 1 -> "keySize:" + pick("[1024 .. 3072]", "(1024 .. 4096)", "[256, 4096]", "[2048..4096)");
            case 2 -> "type:" + pick("Leaf", "root", "INTERMEDIATE", "[Leaf, Root]");
            case 3 -> "issuerCategory:" + pick("Self-Signed", "public", "PRIVATE");
            case 4 -> "expiryGroup:" + pick("Expired", "In 7 Days", "in 30 days", "In 60 Days", "In 90 Days", "In 100 Days",
                    "In 180 Days", "[Expired, In 30 Days]", "\"In 90 Days\"");
            case 5 -> "subject.name:" + pick("example", "*.example.com", "www*", "*corp*", "\"api.example.com\"",
                    "`www.example.com`", "`WWW.EXAMPLE.COM`", "legacy_app%1", "Legacy*%1", "EXAMPLE.ORG", "_",
                    "*.Example.COM", "*e.org", "*", "*_app%1", "*.example.*");
            case 6 -> "issuer.organization:" + pick("'Let's Encrypt'", "DigiCert*", "`DigiCert Inc`", "corp", "\"\"", "*");
            case 7 -> "issuer.name:" + pick("R3", "ca", "Sectigo RSA DV", "*2020*");
            case 8 -> "certhash:" + String.format("%064x", (long) (1 + random.nextInt(70)) * 7919 + 0xabcdefL).toUpperCase();
            case 9 -> pick("selfSigned", "extendedValidation") + ":" + pick("true", "false", "TRUE");
            case 10 -> "validToDate" + pick("<", ">", ">=", "<=", ":") + pick("now", "now-30d", "now+90d", "2026-06-01", "2026-01-15",
                    "now+1M", "2026-06-01T12:00:00Z");
            case 11 -> "validToDate:" + pick("[now-7d .. now]", "(now .. now+30d)", "[2026-01-01 .. 2026-12-31]");
            case 12 -> "lastFound" + pick(">", "<") + pick("now-30d", "now-1w", "now-24h", "now-2M");
            case 13 -> "sources:" + pick("SCAN", "import", "[SCAN, IMPORT]");
            case 14 -> "subjectAlternativeNames:" + pick("www.example.com", "WWW.EXAMPLE.COM", "*.example.org", "10.0.0.1*",
                    "`*.example.org`", "example");
            case 15 -> "asset.name:" + pick("server1", "server", "web-prod*", "`server1`", "\"mail gateway\"", "DB");
            case 16 -> "asset.operatingSystem:" + pick("Windows*", "windows", "Linux", "Ubuntu 22.04", "\"\"");
            case 17 -> "asset.tags.name:" + pick(QueryFixture.TAGS) ;
            case 18 -> "asset.interfaces.address:" + pick("10.0.0.0/24", "192.168.1.5", "10.0.0.0/30", "[10.0.0.1 .. 10.0.0.9]",
                    "192.168.0.0/16", "2001:db8::1");
            case 19 -> "asset.interfaces.hostname:" + pick("example", "*.corp.local", "`vpn.corp.local`");
            case 20 -> "asset:(" + "name:" + pick("server1", "web*", "`server10`") + " " + pick("and", "or") + " operatingSystem:"
                    + pick("Windows*", "Ubuntu") + ")";
            case 21 -> "asset:(tags.name:" + pick(QueryFixture.TAGS) + " and not tags.name:" + pick(QueryFixture.TAGS) + ")";
            case 22 -> "instance.port:" + pick("443", "8443", "[443, 993]", "[600 .. 1000]");
            case 23 -> "instance.grade:" + pick("A+", "a", "F", "T", "\"\"", "[A, A-]");
            case 24 -> random.nextBoolean()
                    ? "instance:(port:" + pick(QueryFixture.PORTS) + " and grade:" + pick("A", "F", "T", "B") + ")"
                    : "instance:(grade:" + pick("A", "F") + " or " + pick("grade:T", "port:443", "not grade:A") + ")";
            case 25 -> "instance.sslProtocols:" + pick("TLSv1", "sslv3", "TLSv1.3");
            case 26 -> "instance:(port:443 and qid:" + pick(QueryFixture.QIDS) + ")";
            case 27 -> "vulnerability.qid:" + pick(QueryFixture.QIDS);
            case 28 -> "vulnerability:(qid:" + pick(QueryFixture.QIDS) + " and severity>=" + (1 + random.nextInt(5)) + ")";
            case 29 -> "vulnerability.severity" + pick(">", "<", "=") + (1 + random.nextInt(5));
            case 30 -> "vulnerability.title:" + pick("POODLE", "finding 3860*");
            case 31 -> "instance.service:" + pick("https", "ldap", "\"\"");
            case 32 -> "instance.fqdn:" + pick("example", "\"\"", "*.local");
            case 33 -> "asset.primaryIp:" + pick("10.0.0.0/28", "10.0.0.3");
            case 34 -> "asset:(" + pick("netbiosName:SRV1*", "wasUrl:https", "interfaces.address:10.0.0.0/24 and name:server*",
                    "id:" + (1 + random.nextInt(25)), "primaryIp:10.0.0.0/27") + ")";
            case 35 -> "publicKeyAlgorithm:" + pick("RSA", "ec", "`EC`");
            case 36 -> "signatureAlgorithm:" + pick("SHA256withRSA", "sha1*");
            case 37 -> "id" + pick(">", "<", "=") + random.nextInt(70);
            case 38 -> "instance:(sslProtocols:TLSv1 and vulnerability:(qid:" + pick(QueryFixture.QIDS) + "))";
            default -> "serialNumber:" + pick("0" + Integer.toHexString((1 + random.nextInt(60)) * 31), "0*");
        };
    }

    /** A structured filter with the same vocabulary. */
    Map<String, Object> structured() {
        int n = random.nextInt(4);
        List<Map<String, Object>> filters = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            filters.add(switch (random.nextInt(10)) {
                case 0 -> Map.of("field", "certificate.keySize", "operator", pick("GREATER", "LESSER", "GREATER_THAN_EQUAL", "LESS_THAN_EQUAL", "EQUALS", "NOT_EQUALS"), "value", pick(QueryFixture.KEY_SIZES));
                case 1 -> Map.of("field", pick("type", "certificate.type"), "operator", pick("EQUALS", "NOT_EQUALS"), "value", pick("leaf", "Root"));
                case 2 -> Map.of("field", "subject.name", "operator", pick("CONTAINS", "EQUALS"), "value", pick("example", "www.example.com", "*.example.com"));
                case 3 -> Map.of("field", "publicKeyAlgorithm", "operator", "IN", "value", pick(List.of("RSA"), List.of("EC", "RSA"), "RSA,EC"));
                case 4 -> Map.of("field", pick("validToDate", "certificate.validTo"), "operator", pick("GREATER", "LESSER"), "value", pick("2026-06-01", "2026-06-01T12:00:00.000+00:00", "1780000000000"));
                case 5 -> Map.of("field", "wasUrl", "operator", pick("IS_EMPTY", "IS_NOT_EMPTY"), "value", "");
                case 6 -> Map.of("field", "asset.tags.name", "operator", pick("EQUALS", "CONTAINS", "IS_EMPTY"), "value", pick(QueryFixture.TAGS));
                case 7 -> Map.of("field", "instance.grade", "operator", pick("EQUALS", "IN", "IS_NOT_EMPTY"), "value", pick("A", "f"));
                case 8 -> Map.of("field", "hash", "operator", "EQUALS", "value", String.format("%064x", (long) (1 + random.nextInt(70)) * 7919 + 0xabcdefL));
                default -> Map.of("field", "asset.interfaces.address", "operator", pick("EQUALS", "IS_EMPTY", "IS_NOT_EMPTY"), "value", "10.0.0.0/25");
            });
        }
        return Map.of("filters", filters, random.nextBoolean() ? "operation" : "operator", pick("AND", "or"));
    }

    @SafeVarargs
    private <T> T pick(T... values) {
        return values[random.nextInt(values.length)];
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }
}
