package io.certatlas.x509.keys;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Keys whose private half is published (RFC test keys, documentation examples, firmware): the
 * blocklist {@code known-private-keys.tsv} beside this class holds the SHA-256 of each key's DER
 * SubjectPublicKeyInfo with where it was published, computed from the published keys themselves.
 */
public final class KnownPrivateKeyCheck implements KeyCheck {

    static final String RESOURCE = "known-private-keys.tsv";

    /** One blocklist row: the key's SPKI hash, the key's name and where its private half was published. */
    public record Entry(String spkiSha256, String name, String publishedIn) {
    }

    private static final Map<String, Entry> BLOCKLIST = load();

    @Override
    public KeyWeakness weakness() {
        return KeyWeakness.KNOWN_PRIVATE_KEY;
    }

    @Override
    public String source() {
        return "badkeys 'blocklist' (Böck, 2022-2023); RFC 9500 'Standard Public Key Cryptography (PKC) Test Keys' (2023)";
    }

    @Override
    public boolean applies(SubjectKey key) {
        return true;
    }

    @Override
    public Optional<KeyProblem> check(SubjectKey key) {
        return Optional.ofNullable(BLOCKLIST.get(key.spkiSha256())).map(entry -> new KeyProblem(weakness(),
                "the private key is published (" + entry.name() + ", " + entry.publishedIn() + "): anyone can impersonate this endpoint"));
    }

    /** The blocklist, in file order. */
    public static Map<String, Entry> blocklist() {
        return BLOCKLIST;
    }

    private static Map<String, Entry> load() {
        try (InputStream in = KnownPrivateKeyCheck.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing beside " + KnownPrivateKeyCheck.class.getName());
            }
            Map<String, Entry> entries = new LinkedHashMap<>();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] cells = line.split("\t", -1);
                if (cells.length != 3 || !cells[0].matches("[0-9a-f]{64}")) {
                    throw new IllegalStateException(RESOURCE + ": a row is spki_sha256 (64 lowercase hex), name, source; got: " + line);
                }
                entries.put(cells[0], new Entry(cells[0], cells[1], cells[2]));
            }
            return Map.copyOf(entries);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
