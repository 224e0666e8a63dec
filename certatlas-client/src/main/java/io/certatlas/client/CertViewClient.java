package io.certatlas.client;

import io.certatlas.client.error.AccessDenied;
import io.certatlas.client.error.CertViewException;
import io.certatlas.client.error.NotAuthenticated;
import io.certatlas.client.error.NotFound;
import io.certatlas.client.error.RequestRejected;
import io.certatlas.client.error.ServerAnswer;
import io.certatlas.client.error.UnexpectedAnswer;
import io.certatlas.client.model.Asset;
import io.certatlas.client.model.Certificate;
import io.certatlas.client.model.Instance;
import io.certatlas.client.tls.ServerTrust;
import io.certatlas.client.tls.ServerUrl;
import java.io.InputStream;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A client of the Certificate View API, for CertAtlas or a Qualys gateway alike: it sends only
 * the documented requests. Lists come back as lazy streams that read one page at a time as they
 * are consumed, so a list of any length costs the memory of one page. Behind every call: login
 * and renewal of the token before it expires, waits and retries when the server throttles, and
 * typed errors ({@link CertViewException}) carrying the server's own message.
 *
 * <pre>{@code
 * CertViewClient client = CertViewClient.to("https://atlas.example:8443")
 *         .user("alice", password).trust(ServerTrust.pinned("AB:CD:...")).build();
 * try (Stream<Certificate> expiring = client.certificates(CertificateQuery.all().withFilter("validToDate < now+30d"))) {
 *     expiring.forEach(c -> System.out.println(c.certhash() + " " + c.subject().name()));
 * }
 * }</pre>
 *
 * <p>One client serves one thread at a time per stream; streams may be consumed one after another.
 */
public final class CertViewClient {

    /** v1 pages through at most this many records of one list. */
    public static final int V1_WINDOW = 10_000;
    static final String CERTIFICATES_V1 = "/certview/v1/certificates";
    static final String CERTIFICATES_V2 = "/certview/v2/certificates";
    static final String INSTANCES_V2 = "/certview/v2/instances";
    static final String EXPORT_CSV = "/api/v1/export.csv";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ServerUrl url;
    private final Exchange exchange;
    private final Session session;
    private final Consumer<String> notices;

    private CertViewClient(ServerUrl url, Exchange exchange, Session session, Consumer<String> notices) {
        this.url = url;
        this.exchange = exchange;
        this.session = session;
        this.notices = notices;
    }

    /**
     * Starts a client of the server at {@code baseUrl}: {@code https://host:port} (CertAtlas) or
     * the gateway URL of a Qualys platform, with any path prefix it has.
     *
     * @throws IllegalArgumentException when the URL is not https (or http to a loopback address)
     */
    public static Builder to(String baseUrl) {
        return new Builder(ServerUrl.parse(baseUrl, "the server URL"));
    }

    public ServerUrl url() {
        return url;
    }

    /** How many times this client logged in (the first login, renewals, and replacements of refused tokens). */
    public int logins() {
        return session.logins();
    }

    /**
     * Every certificate of a v1 list, each once. A certificate whose assets the list cut at
     * {@value Certificate#ASSET_CAP} carries all of them instead, read from the assets endpoint
     * (for exactly those certificates). Past {@value #V1_WINDOW} records the stream ends with
     * {@link io.certatlas.client.error.ResultWindowExceeded}.
     */
    public Stream<Certificate> certificates(CertificateQuery query) {
        Set<String> seen = new HashSet<>();
        PageWalk<Certificate> walk = new PageWalk<>("listing certificates", page -> {
            ObjectNode body = JSON.createObjectNode();
            if (!query.filter().isBlank()) {
                body.put("filter", query.filter());
            }
            body.put("certificateDetails", query.extended() ? "extended" : "basic");
            body.put("pageNumber", page);
            body.put("pageSize", query.pageSize());
            if (!query.sort().isEmpty()) {
                body.put("sort", SortKey.json(query.sort()));
            }
            return list("listing certificates (page " + page + ")", CERTIFICATES_V1, body, Certificate::new);
        }, query.pageSize(), OptionalInt.of(V1_WINDOW));
        // A certificate updated while the list is read may move to a later page and come twice;
        // the window bounds this set at 10,000 hashes.
        return StreamSupport.stream(walk, false).filter(c -> seen.add(c.certhash())).map(this::withAllAssets);
    }

    /** Every asset of one certificate, from the assets endpoint (no cap; the v1 window applies). */
    public Stream<Asset> assetsOf(String certhash, AssetQuery query) {
        if (!certhash.matches("[0-9A-Fa-f]{64}")) {
            throw new IllegalArgumentException("a certhash is the certificate's SHA-256, 64 hex digits, was '" + certhash + "'");
        }
        String path = CERTIFICATES_V1 + "/" + certhash + "/assets";
        PageWalk<Asset> walk = new PageWalk<>("listing the assets of " + certhash, page -> {
            ObjectNode body = JSON.createObjectNode();
            List<String> attributes = new ArrayList<>();
            if (query.tags()) {
                attributes.add("tags");
            }
            if (query.hostInstances()) {
                attributes.add("hostInstances");
            }
            if (!attributes.isEmpty()) {
                body.put("attributes", String.join(",", attributes));
            }
            if (!query.filter().isBlank()) {
                body.put("filter", query.filter());
            }
            body.put("pageNumber", page);
            body.put("pageSize", query.pageSize());
            return list("listing the assets of " + certhash + " (page " + page + ")", path, body, Asset::new);
        }, query.pageSize(), OptionalInt.of(V1_WINDOW));
        return StreamSupport.stream(walk, false);
    }

    /** Every certificate of a v2 list (no window), with the same follow-up of capped assets as v1. */
    public Stream<Certificate> certificatesV2(StructuredQuery query) {
        return StreamSupport.stream(new PageWalk<>("listing certificates (v2)", page -> list(
                "listing certificates (v2, page " + page + ")", CERTIFICATES_V2, v2Body(query, page), Certificate::new),
                query.pageSize(), OptionalInt.empty()), false).map(this::withAllAssets);
    }

    /** Every host instance of v2's instance list. */
    public Stream<Instance> instances(StructuredQuery query) {
        return StreamSupport.stream(new PageWalk<>("listing instances (v2)", page -> list(
                "listing instances (v2, page " + page + ")", INSTANCES_V2, v2Body(query, page), Instance::new),
                query.pageSize(), OptionalInt.empty()), false);
    }

    /**
     * CertAtlas's server-side export ({@code GET /api/v1/export.csv}): the CSV of
     * {@link io.certatlas.client.csv.CertificateCsv} for every certificate the filter matches,
     * streamed by the server from one consistent view of its database, without the v1 window.
     * Only CertAtlas has it (a Qualys gateway answers 404: {@link NotFound}). The caller closes the stream.
     */
    public InputStream exportCsv(String filter, List<SortKey> sort) {
        String query = "?filter=" + URLEncoder.encode(filter, StandardCharsets.UTF_8)
                + (sort.isEmpty() ? "" : "&sort=" + URLEncoder.encode(String.join(",", sort.stream().map(SortKey::toString).toList()),
                StandardCharsets.UTF_8));
        String doing = "exporting certificates as CSV";
        for (int attempt = 1; ; attempt++) {
            String token = session.token();
            HttpResponse<InputStream> response = exchange.stream(doing, () -> HttpRequest.newBuilder(url.resolve(EXPORT_CSV + query))
                    .header("Authorization", "Bearer " + token).header("Accept", "text/csv, application/json").GET());
            if (response.statusCode() == 401 && attempt == 1) {
                Exchange.errorText(response);
                session.refused(token);
                continue;
            }
            if (response.statusCode() != 200) {
                throw refusal(doing, response.statusCode(), Exchange.errorText(response));
            }
            return response.body();
        }
    }

    private Certificate withAllAssets(Certificate certificate) {
        if (!certificate.assetsCapped()) {
            return certificate;
        }
        notices.accept("certificate " + certificate.certhash() + " carries " + certificate.assets().size() + " of its "
                + (certificate.assetCount() > 0 ? certificate.assetCount() : "more") + " assets; reading them all from the assets endpoint");
        try (Stream<Asset> assets = assetsOf(certificate.certhash(), AssetQuery.all())) {
            return certificate.withAssets(assets.toList());
        } catch (NotFound gone) {
            notices.accept("certificate " + certificate.certhash() + " is gone since it was listed; kept with the assets the list gave");
            return certificate;
        }
    }

    private static ObjectNode v2Body(StructuredQuery query, int page) {
        ObjectNode body = JSON.createObjectNode();
        body.set("filter", query.filter().map(f -> (JsonNode) f.deepCopy())
                .orElseGet(() -> JSON.createObjectNode().put("operation", "AND").set("filters", JSON.createArrayNode())));
        if (!query.includes().isEmpty()) {
            var includes = body.putArray("includes");
            query.includes().forEach(includes::add);
        }
        body.put("pageNumber", page);
        body.put("pageSize", query.pageSize());
        return body;
    }

    /** One page of a list: POST with the token, renewed once if refused; the answer must be a JSON array of objects. */
    private <T> List<T> list(String doing, String path, ObjectNode body, Function<ObjectNode, T> item) {
        byte[] json = JSON.writeValueAsBytes(body);
        for (int attempt = 1; ; attempt++) {
            String token = session.token();
            Exchange.Answer answer = exchange.send(doing, () -> HttpRequest.newBuilder(url.resolve(path))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json)));
            if (answer.status() == 401 && attempt == 1) {
                session.refused(token);
                continue;
            }
            if (answer.status() != 200) {
                throw refusal(doing, answer.status(), answer.text());
            }
            JsonNode array;
            try {
                array = JSON.readTree(answer.body());
            } catch (JacksonException e) {
                throw new UnexpectedAnswer(doing, "the answer is not JSON: " + ServerAnswer.of(200, answer.text()).message());
            }
            if (!array.isArray()) {
                throw new UnexpectedAnswer(doing, "the answer is not the JSON array the API documents: "
                        + ServerAnswer.of(200, answer.text()).message());
            }
            List<T> items = new ArrayList<>(array.size());
            for (JsonNode node : array) {
                if (!(node instanceof ObjectNode object)) {
                    throw new UnexpectedAnswer(doing, "the array holds " + node.getNodeType() + " where objects belong");
                }
                items.add(item.apply(object));
            }
            return items;
        }
    }

    private static CertViewException refusal(String doing, int status, String body) {
        ServerAnswer answer = ServerAnswer.of(status, body);
        return switch (status) {
            case 400, 413, 422 -> new RequestRejected(doing, answer);
            case 401 -> new NotAuthenticated(doing, answer);
            case 403 -> new AccessDenied(doing, answer);
            case 404 -> new NotFound(doing, answer);
            default -> new UnexpectedAnswer(doing, "the server answered " + answer);
        };
    }

    /** Settings of a client; every one has a default but the user. */
    public static final class Builder {
        private final ServerUrl url;
        private String username = "";
        private char[] password = new char[0];
        private ServerTrust trust = ServerTrust.systemCas();
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration readTimeout = Duration.ofMinutes(2);
        private RetryPolicy retry = RetryPolicy.DEFAULT;
        private Duration renewBefore = Duration.ofMinutes(5);
        private Clock clock = Clock.systemUTC();
        private Consumer<String> notices = message -> { };

        private Builder(ServerUrl url) {
            this.url = url;
        }

        /** The account; the password is copied (for renewals) and may be cleared by the caller afterwards. */
        public Builder user(String name, char[] secret) {
            this.username = Objects.requireNonNull(name, "name");
            this.password = secret.clone();
            return this;
        }

        /** Which server certificates to accept (default: the JDK's CAs). */
        public Builder trust(ServerTrust value) {
            this.trust = Objects.requireNonNull(value, "trust");
            return this;
        }

        public Builder connectTimeout(Duration value) {
            this.connectTimeout = positive(value, "connectTimeout");
            return this;
        }

        /** The longest wait for one whole answer (a page), or for the start of a streamed one. */
        public Builder readTimeout(Duration value) {
            this.readTimeout = positive(value, "readTimeout");
            return this;
        }

        public Builder retry(RetryPolicy value) {
            this.retry = Objects.requireNonNull(value, "retry");
            return this;
        }

        /** How long before a token's expiry it is renewed (default 5 minutes; at most a quarter of its life). */
        public Builder renewBefore(Duration value) {
            this.renewBefore = positive(value, "renewBefore");
            return this;
        }

        /** The clock token expiry is judged by (tests move it). */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** Where to report waits, renewals and asset follow-ups, one line each (a progress display, a log). */
        public Builder notices(Consumer<String> value) {
            this.notices = Objects.requireNonNull(value, "notices");
            return this;
        }

        public CertViewClient build() {
            if (username.isBlank()) {
                throw new IllegalArgumentException("a user name is needed: Certificate View has no anonymous access");
            }
            if (!url.https() && !(trust instanceof ServerTrust.SystemCas)) {
                throw new IllegalArgumentException("a CA bundle or certificate pin needs an https:// URL, was " + url);
            }
            HttpClient http = HttpClient.newBuilder()
                    .connectTimeout(connectTimeout)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .version(HttpClient.Version.HTTP_1_1)
                    .sslContext(trust.sslContext())
                    .build();
            Exchange exchange = new Exchange(http, trust, retry, readTimeout, clock, notices);
            Session session = new Session(exchange, url, username, password, clock, renewBefore, notices);
            return new CertViewClient(url, exchange, session, notices);
        }

        private static Duration positive(Duration value, String name) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, was " + value);
            }
            return value;
        }
    }
}
