package io.certatlas.qql;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The token catalogue: every token a filter may name, with its level, value type, accepted
 * values (for enumerations), aliases and a one-line meaning. This is the single definition;
 * docs/query-language.md is checked against it by a test.
 */
public enum QqlToken {
    ID("id", Level.CERTIFICATE, ValueType.NUMBER, List.of(), List.of("certId"), "CertAtlas id of the certificate"),
    CERTHASH("certhash", Level.CERTIFICATE, ValueType.KEYWORD, List.of(), List.of("hash"), "SHA-256 of the DER, hex"),
    SERIAL_NUMBER("serialNumber", Level.CERTIFICATE, ValueType.KEYWORD, List.of(), List.of(), "serial number as shown in the API"),
    SUBJECT_NAME("subject.name", Level.CERTIFICATE, ValueType.TEXT, List.of(), List.of("subject.commonName", "commonName"), "subject common name"),
    SUBJECT_ORGANIZATION("subject.organization", Level.CERTIFICATE, ValueType.TEXT, List.of(), List.of(), "subject organization (O)"),
    ISSUER_NAME("issuer.name", Level.CERTIFICATE, ValueType.TEXT, List.of(), List.of("issuer.commonName"), "issuer common name"),
    ISSUER_ORGANIZATION("issuer.organization", Level.CERTIFICATE, ValueType.TEXT, List.of(), List.of(), "issuer organization (O)"),
    ISSUER_CATEGORY("issuerCategory", Level.CERTIFICATE, ValueType.ENUM,
            List.of("Self-Signed", "approved", "unapproved", "Public", "Private"), List.of(),
            "who issued it: approved (its chain leads to a CA of the approved list, GET /api/v1/approved-cas),"
                    + " unapproved (any other issuer), Self-Signed; CertAtlas's own Public (under a public root) and Private too"),
    KEY_SIZE("keySize", Level.CERTIFICATE, ValueType.NUMBER, List.of(), List.of(), "public key size in bits"),
    PUBLIC_KEY_ALGORITHM("publicKeyAlgorithm", Level.CERTIFICATE, ValueType.KEYWORD, List.of(), List.of(), "RSA, EC, ..."),
    SIGNATURE_ALGORITHM("signatureAlgorithm", Level.CERTIFICATE, ValueType.KEYWORD, List.of(), List.of(), "e.g. SHA256withRSA"),
    SELF_SIGNED("selfSigned", Level.CERTIFICATE, ValueType.BOOLEAN, List.of(), List.of(), "issuer and subject are the same key"),
    EXTENDED_VALIDATION("extendedValidation", Level.CERTIFICATE, ValueType.BOOLEAN, List.of(), List.of(), "an EV certificate"),
    TYPE("type", Level.CERTIFICATE, ValueType.ENUM, List.of("Leaf", "Intermediate", "Root"), List.of(), "place in the chain"),
    VALID_FROM("validFromDate", Level.CERTIFICATE, ValueType.DATE, List.of(), List.of("validFrom"), "start of validity"),
    VALID_TO("validToDate", Level.CERTIFICATE, ValueType.DATE, List.of(), List.of("validTo"), "end of validity"),
    EXPIRY_GROUP("expiryGroup", Level.CERTIFICATE, ValueType.ENUM,
            List.of("Expired", "In 7 Days", "In 30 Days", "In 60 Days", "In 90 Days", "In 100 Days", "In 180 Days"),
            List.of(), "Expired: validTo before now; In N Days: not expired and validTo before now + N days (cumulative)"),
    LAST_FOUND("lastFound", Level.CERTIFICATE, ValueType.DATE, List.of(), List.of(), "last time a scan or import saw it"),
    CREATED("created", Level.CERTIFICATE, ValueType.DATE, List.of(), List.of("createdDate"), "first recorded"),
    UPDATED("updated", Level.CERTIFICATE, ValueType.DATE, List.of(), List.of("updateDate", "updatedDate"), "last changed"),
    SOURCES("sources", Level.CERTIFICATE, ValueType.ENUM, List.of("SCAN", "IMPORT", "WAS", "EASM"), List.of("source"),
            Map.of("VM", "SCAN", "CA", "IMPORT"),
            "how it was found (any of the list); Qualys' names: VM (network scan) is SCAN, CA (agent on the host) is IMPORT,"
                    + " WAS and EASM are accepted and match nothing CertAtlas records"),
    SUBJECT_ALTERNATIVE_NAMES("subjectAlternativeNames", Level.CERTIFICATE, ValueType.TEXT, List.of(), List.of("san"),
            "any SAN value (DNS name, IP address, ...); values are kept lower case"),
    RENEWAL_RENEWED("renewal.renewed", Level.CERTIFICATE, ValueType.BOOLEAN, List.of(), List.of("renewed"),
            "an endpoint that served it now serves a newer certificate for the same names"),
    RENEWAL_STALE("renewal.stale", Level.CERTIFICATE, ValueType.BOOLEAN, List.of(), List.of("stale"),
            "still served somewhere although a newer certificate for the same names was seen served"),
    RENEWAL_OVERDUE("renewal.overdue", Level.CERTIFICATE, ValueType.BOOLEAN, List.of(), List.of("overdue"),
            "a leaf still served past its renewal point (two thirds of its lifetime)"),
    RENEWAL_DUE("renewal.due", Level.CERTIFICATE, ValueType.DATE, List.of(), List.of("renewalDue"),
            "its renewal point: validFrom plus two thirds of its lifetime"),
    KEY_WEAKNESS("keyWeakness", Level.CERTIFICATE, ValueType.ENUM,
            List.of("SharedPrime", "RocaFingerprint", "ClosePrimes", "SmallFactor", "InvalidRsaParameters", "InvalidEcPoint",
                    "KnownPrivateKey", "ReusedKey", "Factorable"),
            List.of("weakKey"), "what the key checks found in the public key (any of the list); Factorable: SharedPrime, ClosePrimes"
                    + " or SmallFactor, a key whose private half anyone can compute (docs/weak-keys.md)"),

    ASSET_ID("asset.id", Level.ASSET, ValueType.NUMBER, List.of(), List.of("assetId"), "CertAtlas id of the asset"),
    ASSET_NAME("asset.name", Level.ASSET, ValueType.TEXT, List.of(), List.of(), "asset name"),
    ASSET_NETBIOS_NAME("asset.netbiosName", Level.ASSET, ValueType.TEXT, List.of(), List.of(), "NetBIOS name"),
    ASSET_OPERATING_SYSTEM("asset.operatingSystem", Level.ASSET, ValueType.TEXT, List.of(), List.of(), "operating system"),
    ASSET_WAS_URL("asset.wasUrl", Level.ASSET, ValueType.TEXT, List.of(), List.of(), "URL of a web-application asset"),
    ASSET_PRIMARY_IP("asset.primaryIp", Level.ASSET, ValueType.IP, List.of(), List.of(), "primary address (CIDR allowed)"),
    ASSET_TAG_NAME("asset.tags.name", Level.ASSET, ValueType.TEXT, List.of(), List.of("asset.tag.name", "asset.tags", "asset.tagName"), "name of any tag of the asset (v2 also spells it asset.tagName)"),
    ASSET_INTERFACE_HOSTNAME("asset.interfaces.hostname", Level.ASSET, ValueType.TEXT, List.of(),
            List.of("asset.assetInterfaces.hostname"), "host name of any interface"),
    ASSET_INTERFACE_ADDRESS("asset.interfaces.address", Level.ASSET, ValueType.IP, List.of(),
            List.of("asset.assetInterfaces.address"), "address of any interface (CIDR allowed)"),

    INSTANCE_ID("instance.id", Level.INSTANCE, ValueType.NUMBER, List.of(), List.of("instanceId"), "CertAtlas id of the host instance"),
    INSTANCE_PORT("instance.port", Level.INSTANCE, ValueType.NUMBER, List.of(), List.of("port"), "TCP port"),
    INSTANCE_GRADE("instance.grade", Level.INSTANCE, ValueType.ENUM,
            List.of("A+", "A", "A-", "B", "C", "D", "E", "F", "T", "M", ""), List.of("grade"), "SSL Labs style grade; \"\" = not graded"),
    INSTANCE_SERVICE("instance.service", Level.INSTANCE, ValueType.TEXT, List.of(), List.of("service"), "service name, e.g. https"),
    INSTANCE_SSL_PROTOCOLS("instance.sslProtocols", Level.INSTANCE, ValueType.ENUM,
            List.of("SSLv2", "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"), List.of("sslProtocols"), "any protocol the instance accepts"),
    INSTANCE_FQDN("instance.fqdn", Level.INSTANCE, ValueType.TEXT, List.of(), List.of("fqdn"), "name the instance was reached by (\"\" for an address)"),
    INSTANCE_PROTOCOL("instance.protocol", Level.INSTANCE, ValueType.KEYWORD, List.of(), List.of("protocol"), "transport protocol, tcp"),

    VULNERABILITY_QID("vulnerability.qid", Level.VULNERABILITY, ValueType.NUMBER, List.of(), List.of("qid"), "QID of an active finding"),
    VULNERABILITY_SEVERITY("vulnerability.severity", Level.VULNERABILITY, ValueType.NUMBER, List.of(), List.of("severity"), "severity 1..5 of an active finding"),
    VULNERABILITY_TITLE("vulnerability.title", Level.VULNERABILITY, ValueType.TEXT, List.of(), List.of("title"), "title of an active finding");

    private static final Map<String, QqlToken> BY_NAME = new HashMap<>();

    static {
        for (QqlToken token : values()) {
            for (String name : token.allNames()) {
                QqlToken previous = BY_NAME.put(name.toLowerCase(Locale.ROOT), token);
                if (previous != null) {
                    throw new IllegalStateException("token name " + name + " defined twice");
                }
            }
        }
    }

    private final String tokenName;
    private final Level level;
    private final ValueType type;
    private final List<String> values;
    private final List<String> aliases;
    private final Map<String, String> valueAliases;
    private final String meaning;

    QqlToken(String tokenName, Level level, ValueType type, List<String> values, List<String> aliases, String meaning) {
        this(tokenName, level, type, values, aliases, Map.of(), meaning);
    }

    /** {@code valueAliases}: other spellings of accepted values (another product's names), alias to value. */
    QqlToken(String tokenName, Level level, ValueType type, List<String> values, List<String> aliases,
             Map<String, String> valueAliases, String meaning) {
        this.tokenName = tokenName;
        this.level = level;
        this.type = type;
        this.values = values;
        this.aliases = aliases;
        this.valueAliases = valueAliases;
        this.meaning = meaning;
    }

    /** The name as written in a filter, e.g. {@code asset.name}. */
    public String tokenName() {
        return tokenName;
    }

    public Level level() {
        return level;
    }

    public ValueType type() {
        return type;
    }

    /** The accepted values of an enumerated token, in their canonical spelling; empty otherwise. */
    public List<String> acceptedValues() {
        return values;
    }

    public List<String> aliases() {
        return aliases;
    }

    /** Other spellings of accepted values, each with the value it stands for, in a stable order. */
    public Map<String, String> valueAliases() {
        return new java.util.TreeMap<>(valueAliases);
    }

    public String meaning() {
        return meaning;
    }

    /** Whether the stored value is a list, so that a match means "any element matches". */
    public boolean multiValued() {
        return this == SOURCES || this == SUBJECT_ALTERNATIVE_NAMES || this == INSTANCE_SSL_PROTOCOLS || this == KEY_WEAKNESS;
    }

    /** The name without its level prefix, as written inside a group: {@code name} for {@code asset.name}. */
    public String nameInGroup() {
        String prefix = level.prefix() + ".";
        return tokenName.startsWith(prefix) ? tokenName.substring(prefix.length()) : tokenName;
    }

    List<String> allNames() {
        List<String> names = new ArrayList<>();
        names.add(tokenName);
        names.addAll(aliases);
        if (level == Level.CERTIFICATE) {
            names.add("certificate." + tokenName);
            aliases.forEach(alias -> names.add("certificate." + alias));
        }
        return names;
    }

    /** The token of that name or alias, ignoring case. */
    public static Optional<QqlToken> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name.toLowerCase(Locale.ROOT)));
    }

    /** The canonical spelling of an enumerated value, matched ignoring case. */
    public Optional<String> canonicalValue(String written) {
        String text = written.strip();
        return values.stream().filter(v -> v.equalsIgnoreCase(text)).findFirst()
                .or(() -> valueAliases.entrySet().stream().filter(a -> a.getKey().equalsIgnoreCase(text))
                        .map(Map.Entry::getValue).findFirst());
    }

    /** The known name closest to {@code name} (edit distance), for "did you mean" messages. */
    public static String nearestName(String name, Iterable<String> candidates) {
        String lower = name.toLowerCase(Locale.ROOT);
        String best = "";
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int d = distance(lower, candidate.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best;
    }

    /**
     * "; did you mean 'x'?" when a known name is close to what was written, otherwise a pointer to
     * the list: suggesting a far-off name would only mislead.
     */
    public static String suggestion(String written, Iterable<String> candidates) {
        String nearest = nearestName(written, candidates);
        int limit = Math.max(2, written.length() / 3);
        if (!nearest.isEmpty() && distance(written.toLowerCase(Locale.ROOT), nearest.toLowerCase(Locale.ROOT)) <= limit) {
            return "; did you mean '" + nearest + "'?";
        }
        return "; the tokens are listed in docs/query-language.md";
    }

    /** Every primary token name, in catalogue order. */
    public static List<String> primaryNames() {
        return java.util.Arrays.stream(values()).map(QqlToken::tokenName).toList();
    }

    /** Primary names ordered for messages. */
    static List<String> sortedNames() {
        return primaryNames().stream().sorted(Comparator.naturalOrder()).toList();
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
