package io.certatlas.scan.probe;

import io.certatlas.scan.EndpointReport;
import io.certatlas.scan.ScanOptions;
import io.certatlas.scan.Scanner;
import io.certatlas.scan.TlsProfile;
import io.certatlas.scan.starttls.TlsWrapper;
import io.certatlas.scan.suite.CipherSuite;
import io.certatlas.scan.suite.CipherSuiteCatalogue;
import io.certatlas.scan.target.Endpoint;
import io.certatlas.scan.tls.JsseTestServer;
import io.certatlas.scan.tls.OpenSslTestServer;
import io.certatlas.scan.tls.ProtocolVersion;
import io.certatlas.scan.tls.TestServerIdentity;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * BENCHMARKS.md, "Protocol and suite enumeration", "Per server: CertAtlas and sslscan" (run by
 * benchmarks/scripts/compare-sslscan.sh, not by the test suite): starts a loopback fleet of
 * varied configurations (JSSE in this JVM, openssl s_server processes, one SMTP STARTTLS server),
 * scans each through {@link Scanner#scan(Endpoint)} and with {@code sslscan --xml=-}, and prints
 * one markdown row per server with the protocols and suites each found and every difference
 * (suites in IANA names; sslscan's ids are mapped through the suite catalogue).
 */
public final class SslscanComparison {

    /** One server of the fleet: how it is started, and the sslscan options it needs. */
    record Config(String name, String description, Starter starter, List<String> sslscanOptions, Optional<TlsWrapper> wrapper) {
    }

    @FunctionalInterface
    interface Starter {
        Running start(String address, Path dir) throws Exception;
    }

    /** A started server: where it listens and how to stop it. */
    record Running(InetAddress address, int port, AutoCloseable stopper) {
    }

    /** What one tool found on one server: protocols and "protocol suite" pairs, plus its renegotiation reading. */
    record Found(TreeSet<String> protocols, TreeSet<String> suites, String renegotiation, String error) {
    }

    private static final CipherSuiteCatalogue CATALOGUE = CipherSuiteCatalogue.standard();

    static List<Config> fleet() {
        List<Config> fleet = new ArrayList<>();
        fleet.add(jsse("jsse-legacy", "JSSE TLS 1.0-1.2, ECDHE/RSA AES, 3DES, RC4 (server order)", List.of("TLSv1", "TLSv1.1", "TLSv1.2"),
                List.of("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "TLS_RSA_WITH_AES_128_CBC_SHA",
                        "SSL_RSA_WITH_3DES_EDE_CBC_SHA", "SSL_RSA_WITH_RC4_128_SHA"), true));
        fleet.add(jsse("jsse-sslv3", "JSSE SSLv3 + TLS 1.0, AES-CBC, 3DES, RC4-MD5", List.of("SSLv3", "TLSv1"),
                List.of("TLS_RSA_WITH_AES_128_CBC_SHA", "SSL_RSA_WITH_3DES_EDE_CBC_SHA", "SSL_RSA_WITH_RC4_128_MD5"), true));
        fleet.add(jsse("jsse-tls13", "JSSE TLS 1.3 only, 3 suites", List.of("TLSv1.3"),
                List.of("TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256"), false));
        fleet.add(jsse("jsse-modern", "JSSE TLS 1.2 + 1.3, 12 suites incl. ECDSA (server order)", List.of("TLSv1.2", "TLSv1.3"),
                List.of("TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256",
                        "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
                        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
                        "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", "TLS_RSA_WITH_AES_256_GCM_SHA384",
                        "TLS_RSA_WITH_AES_128_GCM_SHA256", "TLS_RSA_WITH_AES_128_CBC_SHA"), true));
        fleet.add(jsse("jsse-dhe", "JSSE TLS 1.2, DHE-RSA (2048-bit) and ECDHE, client order", List.of("TLSv1.2"),
                List.of("TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256", "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
                        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"), false));
        fleet.add(jsse("jsse-anon", "JSSE TLS 1.2, anonymous (EC)DH suites beside ECDHE-RSA", List.of("TLSv1.2"),
                List.of("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_DH_anon_WITH_AES_128_GCM_SHA256", "TLS_ECDH_anon_WITH_AES_128_CBC_SHA"), true));
        fleet.add(jsse("jsse-null-des", "JSSE TLS 1.0 + 1.2, NULL and single-DES suites beside ECDHE-RSA", List.of("TLSv1", "TLSv1.2"),
                List.of("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_RSA_WITH_NULL_SHA256", "SSL_RSA_WITH_NULL_SHA", "SSL_RSA_WITH_DES_CBC_SHA"), true));
        fleet.add(new Config("jsse-smtp", "JSSE behind SMTP STARTTLS, TLS 1.2 + 1.3", SslscanComparison::smtp, List.of("--starttls-smtp"),
                Optional.of(TlsWrapper.SMTP)));
        fleet.add(openssl("openssl-aria-camellia", "s_server, no TLS 1.3, CHACHA20, ARIA, CAMELLIA at SECLEVEL=0 (so TLS 1.0-1.2), server order", List.of("-no_tls1_3", "-serverpref",
                "-cipher", "ECDHE-RSA-CHACHA20-POLY1305:ECDHE-ARIA128-GCM-SHA256:ARIA256-GCM-SHA384:DHE-RSA-CAMELLIA256-SHA256"
                        + ":ECDHE-RSA-CAMELLIA128-SHA256:CAMELLIA128-SHA:@SECLEVEL=0")));
        fleet.add(new Config("openssl-dhe1024", "s_server, no TLS 1.3, DHE-RSA with 1024-bit parameters at SECLEVEL=0 (so TLS 1.0-1.2)",
                (address, dir) -> startOpenSsl(address, dir, List.of("-no_tls1_3", "-dhparam", OpenSslTestServer.dhParameters(dir, 1024).toString(),
                        "-cipher", "DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-SHA:@SECLEVEL=0")), List.of(), Optional.empty()));
        fleet.add(openssl("openssl-tls10-11", "s_server TLS 1.0 + 1.1 only, DEFAULT suites at SECLEVEL=0",
                List.of("-no_tls1_2", "-no_tls1_3", "-cipher", "DEFAULT:@SECLEVEL=0")));
        fleet.add(openssl("openssl-default", "s_server defaults (TLS 1.2 + 1.3, OpenSSL's DEFAULT list)", List.of()));
        fleet.add(openssl("openssl-tls13-ccm", "s_server TLS 1.3 only with CCM and CCM_8",
                List.of("-tls1_3", "-ciphersuites", "TLS_AES_128_GCM_SHA256:TLS_AES_128_CCM_SHA256:TLS_AES_128_CCM_8_SHA256:TLS_CHACHA20_POLY1305_SHA256")));
        fleet.add(openssl("openssl-reneg", "s_server TLS 1.2 with -client_renegotiation",
                List.of("-no_tls1_3", "-client_renegotiation", "-cipher", "ECDHE-RSA-AES128-GCM-SHA256:AES128-SHA")));
        fleet.add(openssl("openssl-legacy-reneg", "s_server TLS 1.2 with -client_renegotiation -legacy_renegotiation",
                List.of("-no_tls1_3", "-client_renegotiation", "-legacy_renegotiation", "-cipher", "ECDHE-RSA-AES128-GCM-SHA256:AES128-SHA")));
        return fleet;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: SslscanComparison WORKDIR");
            System.exit(2);
        }
        Path work = Path.of(args[0]);
        TestServerIdentity.get();
        List<Config> fleet = fleet();
        List<Running> running = new ArrayList<>();
        try {
            for (int i = 0; i < fleet.size(); i++) {
                Config c = fleet.get(i);
                running.add(c.starter().start("127.0.5." + (i + 1), work.resolve(c.name())));
            }
            Map<String, Found> certAtlas = new LinkedHashMap<>();
            Map<String, Found> sslscan = new LinkedHashMap<>();
            long start = System.nanoTime();
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<Found>> futures = new ArrayList<>();
                for (int i = 0; i < fleet.size(); i++) {
                    Config c = fleet.get(i);
                    Running r = running.get(i);
                    futures.add(pool.submit(() -> certAtlas(c, r)));
                }
                for (int i = 0; i < fleet.size(); i++) {
                    certAtlas.put(fleet.get(i).name(), futures.get(i).get());
                }
            }
            long certAtlasMs = (System.nanoTime() - start) / 1_000_000;
            start = System.nanoTime();
            // openssl s_server serves one connection at a time: sslscan runs after CertAtlas, never beside it.
            try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
                List<Future<Found>> futures = new ArrayList<>();
                for (int i = 0; i < fleet.size(); i++) {
                    Config c = fleet.get(i);
                    Running r = running.get(i);
                    futures.add(pool.submit(() -> sslscan(c, r)));
                }
                for (int i = 0; i < fleet.size(); i++) {
                    sslscan.put(fleet.get(i).name(), futures.get(i).get());
                }
            }
            long sslscanMs = (System.nanoTime() - start) / 1_000_000;
            print(fleet, certAtlas, sslscan);
            System.out.println();
            for (Config c : fleet) {
                System.out.println("details " + c.name() + ": CertAtlas " + certAtlas.get(c.name()).suites());
            }
            System.out.printf("%nCertAtlas (Scanner.scan per endpoint, all at once): %d ms; sslscan (8 at a time): %d ms%n", certAtlasMs, sslscanMs);
        } finally {
            for (Running r : running) {
                r.stopper().close();
            }
        }
    }

    private static Config jsse(String name, String description, List<String> protocols, List<String> suites, boolean serverOrder) {
        return new Config(name, description, (address, dir) -> {
            JsseTestServer server = JsseTestServer.start(address, protocols, suites, serverOrder);
            return new Running(server.address(), server.port(), server);
        }, List.of(), Optional.empty());
    }

    private static Config openssl(String name, String description, List<String> arguments) {
        return new Config(name, description, (address, dir) -> startOpenSsl(address, dir, arguments), List.of(), Optional.empty());
    }

    private static Running startOpenSsl(String address, Path dir, List<String> arguments) throws IOException {
        OpenSslTestServer server = OpenSslTestServer.start(dir, address, arguments);
        return new Running(server.address(), server.port(), server);
    }

    /** SMTP (RFC 3207) up to STARTTLS, then a JSSE handshake with TLS 1.2 and 1.3 on the same connection. */
    private static Running smtp(String address, Path dir) throws IOException {
        ServerSocket plain = new ServerSocket();
        plain.bind(new InetSocketAddress(InetAddress.getByName(address), 0), 100);
        Thread.ofVirtual().start(() -> {
            while (!plain.isClosed()) {
                try {
                    Socket s = plain.accept();
                    Thread.ofVirtual().start(() -> smtpSession(s));
                } catch (IOException closed) {
                    return;
                }
            }
        });
        return new Running(plain.getInetAddress(), plain.getLocalPort(), plain);
    }

    private static void smtpSession(Socket plain) {
        try (plain) {
            plain.setSoTimeout(5000);
            InputStream in = plain.getInputStream();
            OutputStream out = plain.getOutputStream();
            out.write("220 mail.test ESMTP\r\n".getBytes(StandardCharsets.US_ASCII));
            readLine(in); // EHLO
            out.write("250-mail.test\r\n250-STARTTLS\r\n250 8BITMIME\r\n".getBytes(StandardCharsets.US_ASCII));
            if (!readLine(in).toUpperCase(java.util.Locale.ROOT).startsWith("STARTTLS")) {
                return;
            }
            out.write("220 2.0.0 go ahead\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            SSLSocket tls = (SSLSocket) TestServerIdentity.get().serverContext().getSocketFactory().createSocket(plain, null, plain.getPort(), false);
            tls.setUseClientMode(false);
            SSLParameters params = tls.getSSLParameters();
            params.setProtocols(new String[] {"TLSv1.2", "TLSv1.3"});
            params.setCipherSuites(new String[] {"TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
                    "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"});
            params.setUseCipherSuitesOrder(true);
            tls.setSSLParameters(params);
            tls.startHandshake();
            byte[] buffer = new byte[1024];
            for (int i = 0; i < 64 && tls.getInputStream().read(buffer) >= 0; i++) {
                // as a server would, read until the client hangs up (and serve a renegotiation if asked)
            }
        } catch (IOException e) {
            // probes hang up mid-handshake
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < 512; i++) {
            int b = in.read();
            if (b < 0 || b == '\n') {
                break;
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    static Found certAtlas(Config c, Running r) {
        ScanOptions options = ScanOptions.defaults().withWrapper(c.wrapper());
        EndpointReport report = new Scanner(options).scan(Endpoint.of(r.address(), r.port()));
        Optional<TlsProfile> profile = report.profile();
        if (profile.isEmpty()) {
            String why = switch (report.enumeration()) {
                case io.certatlas.scan.EnumerationOutcome.Failed f -> f.reason();
                case io.certatlas.scan.EnumerationOutcome.NotRun n -> n.reason();
                case io.certatlas.scan.EnumerationOutcome.Enumerated e -> "enumerated";
            };
            return new Found(new TreeSet<>(), new TreeSet<>(), "-", "not enumerated: " + why);
        }
        TlsProfile p = profile.get();
        TreeSet<String> suites = new TreeSet<>();
        p.suites().forEach((protocol, names) -> names.forEach(n -> suites.add(protocol + " " + n)));
        ClientRenegotiation reneg = p.enumeration().clientRenegotiation();
        String renegotiation = "RFC 5746 " + p.enumeration().renegotiation().name().toLowerCase(java.util.Locale.ROOT)
                + ", client-initiated " + reneg.state().name().toLowerCase(java.util.Locale.ROOT)
                + ", insecure " + p.enumeration().insecureClientRenegotiation().state().name().toLowerCase(java.util.Locale.ROOT);
        // Probes that could not put their question ("not tested") are in the renegotiation column; an error is a probe left unanswered.
        List<String> unanswered = p.probeFailures().stream().filter(failure -> !failure.contains(": not tested: ")).toList();
        return new Found(new TreeSet<>(p.protocols()), suites, renegotiation, String.join("; ", unanswered));
    }

    static Found sslscan(Config c, Running r) {
        List<String> command = new ArrayList<>(List.of("timeout", "120", "sslscan", "--xml=-", "--no-colour", "--no-heartbleed", "--no-compression"));
        command.addAll(c.sslscanOptions());
        command.add(r.address().getHostAddress() + ":" + r.port());
        try {
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out = p.getInputStream().readAllBytes();
            p.waitFor(130, TimeUnit.SECONDS);
            String xml = new String(out, StandardCharsets.UTF_8);
            int begin = xml.indexOf("<?xml");
            if (begin < 0) {
                return new Found(new TreeSet<>(), new TreeSet<>(), "-", "no XML from sslscan");
            }
            return parseSslscan(xml.substring(begin).getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            return new Found(new TreeSet<>(), new TreeSet<>(), "-", "sslscan failed: " + e);
        }
    }

    /** sslscan 2.0.7's XML: {@code <protocol type version enabled>}, {@code <cipher sslversion id>}, {@code <renegotiation supported secure>}. */
    static Found parseSslscan(byte[] xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document doc = factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
        TreeSet<String> protocols = new TreeSet<>();
        NodeList protocolNodes = doc.getElementsByTagName("protocol");
        for (int i = 0; i < protocolNodes.getLength(); i++) {
            Element e = (Element) protocolNodes.item(i);
            if (e.getAttribute("enabled").equals("1")) {
                ProtocolVersion.fromName(e.getAttribute("type") + e.getAttribute("version")).map(ProtocolVersion::displayName).ifPresent(protocols::add);
            }
        }
        TreeSet<String> suites = new TreeSet<>();
        NodeList cipherNodes = doc.getElementsByTagName("cipher");
        for (int i = 0; i < cipherNodes.getLength(); i++) {
            Element e = (Element) cipherNodes.item(i);
            String protocol = ProtocolVersion.fromName(e.getAttribute("sslversion")).map(ProtocolVersion::displayName).orElse(e.getAttribute("sslversion"));
            String name = e.getAttribute("id").isEmpty()
                    ? CATALOGUE.byName(e.getAttribute("cipher")).map(CipherSuite::ianaName).orElse("?" + e.getAttribute("cipher"))
                    : CATALOGUE.byCode(Integer.parseInt(e.getAttribute("id").substring(2), 16)).map(CipherSuite::ianaName)
                            .orElse("?" + e.getAttribute("cipher") + "(" + e.getAttribute("id") + ")");
            suites.add(protocol + " " + name);
        }
        String renegotiation = "-";
        NodeList reneg = doc.getElementsByTagName("renegotiation");
        if (reneg.getLength() > 0) {
            Element e = (Element) reneg.item(0);
            renegotiation = "supported=" + e.getAttribute("supported") + " secure=" + e.getAttribute("secure");
        }
        return new Found(protocols, suites, renegotiation, "");
    }

    private static void print(List<Config> fleet, Map<String, Found> certAtlas, Map<String, Found> sslscan) {
        System.out.println("| server | configuration | protocols: CertAtlas | protocols: sslscan | suites: CertAtlas / sslscan | only CertAtlas found | only sslscan found | renegotiation: CertAtlas | renegotiation: sslscan |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (Config c : fleet) {
            Found a = certAtlas.get(c.name());
            Found s = sslscan.get(c.name());
            TreeSet<String> onlyA = new TreeSet<>(a.suites());
            onlyA.removeAll(s.suites());
            TreeSet<String> onlyS = new TreeSet<>(s.suites());
            onlyS.removeAll(a.suites());
            TreeSet<String> protoOnlyA = new TreeSet<>(a.protocols());
            protoOnlyA.removeAll(s.protocols());
            TreeSet<String> protoOnlyS = new TreeSet<>(s.protocols());
            protoOnlyS.removeAll(a.protocols());
            System.out.printf("| %s | %s | %s | %s | %d / %d | %s | %s | %s | %s |%n", c.name(), c.description(),
                    orderedProtocols(a.protocols()) + (a.error().isEmpty() ? "" : " (" + a.error() + ")"),
                    orderedProtocols(s.protocols()) + (s.error().isEmpty() ? "" : " (" + s.error() + ")"),
                    a.suites().size(), s.suites().size(),
                    differences(protoOnlyA, onlyA), differences(protoOnlyS, onlyS), a.renegotiation(), s.renegotiation());
        }
    }

    private static String orderedProtocols(TreeSet<String> protocols) {
        return protocols.stream().map(p -> ProtocolVersion.fromName(p).orElseThrow()).sorted().map(ProtocolVersion::displayName)
                .collect(Collectors.joining(", "));
    }

    private static String differences(TreeSet<String> protocols, TreeSet<String> suites) {
        List<String> parts = new ArrayList<>();
        if (!protocols.isEmpty()) {
            parts.add("protocols " + String.join(", ", protocols));
        }
        if (!suites.isEmpty()) {
            parts.add(String.join(", ", suites));
        }
        return parts.isEmpty() ? "-" : String.join("; ", parts);
    }
}
