package io.certatlas.server.certview;

import io.certatlas.store.access.Scope;
import io.certatlas.store.read.AssetRow;
import io.certatlas.store.read.CertificateRow;
import io.certatlas.x509.DistinguishedName;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One certificate as the v1 list shows it to a caller who sees everything, kept in the parts a
 * page is put together from: its JSON before and after the root issuer and the counts, its
 * counts, and each asset serving it (newest first, as the list orders them) with that asset's
 * tags and how many instances serve the certificate there. A tag-scoped caller's view is cut
 * from the same parts: the assets whose tags meet the scope, and the counts over them. The
 * bytes are exactly what {@link CertViewJson#certificate} writes for the same row
 * ({@code CertificateDocumentTest} holds the two to it).
 *
 * <p>The root issuer's name is not kept: the root may come into the inventory later, which
 * changes the name shown but not this certificate. The page reads it beside the body; the name
 * kept is the one shown while the root is unknown.
 *
 * @param complete whether every asset serving the certificate is here (at most
 *                 {@link CertificatesController#ASSET_CAP} are kept): a scoped view needs them all
 */
record CertificateDocument(byte[] beforeRoot, byte[] rootUnknown, Optional<String> rootCerthash, byte[] afterRoot,
                           long instanceCount, long assetCount, byte[] sighting, boolean complete,
                           List<Served> assets) {

    /** The format of {@link #encode()}; a body of another format is built again. */
    private static final int FORMAT = 1;

    private static final byte[] INSTANCE_COUNT = bytes(",\"instanceCount\":");
    private static final byte[] ASSET_COUNT = bytes(",\"assetCount\":");
    private static final byte[] ASSETS = bytes(",\"assets\":[");

    /** One asset serving the certificate: its JSON, its tags, and the certificate's instances on it. */
    record Served(int instances, long[] tagIds, byte[] json) {
        boolean visibleTo(Set<Long> scopeTags) {
            for (long tag : tagIds) {
                if (scopeTags.contains(tag)) {
                    return true;
                }
            }
            return false;
        }
    }

    CertificateDocument {
        assets = List.copyOf(assets);
    }

    /**
     * The document of {@code row}, read for a caller who sees everything with at most
     * {@link CertificatesController#ASSET_CAP} assets, given each asset's tags.
     */
    static CertificateDocument of(CertificateRow row, Map<Long, List<Long>> tagIdsByAsset) {
        List<Served> served = new ArrayList<>(row.assets().size());
        for (AssetRow asset : row.assets()) {
            long[] tags = tagIdsByAsset.getOrDefault(asset.id(), List.of()).stream().mapToLong(Long::longValue).toArray();
            CertViewJson.Buffer json = CertViewJson.render(out -> CertViewJson.asset(out, asset, CertViewJson.AssetParts.ALL));
            served.add(new Served(asset.instances().size(), tags, Arrays.copyOf(json.bytes(), json.length())));
        }
        DistinguishedName rootUnknown = row.selfSigned() ? row.subject() : row.issuer();
        return new CertificateDocument(
                fields(out -> CertViewJson.beforeRoot(out, row)),
                fields(out -> CertViewJson.rootIssuer(out, rootUnknown, row.rootCerthash())),
                row.rootCerthash(),
                fields(out -> CertViewJson.afterRoot(out, row)),
                row.instanceCount(), row.assetCount(),
                fields(out -> CertViewJson.sighting(out, row)),
                row.assets().size() == row.assetCount(), served);
    }

    /**
     * Whether this document can show the certificate to a caller in {@code scope}: everyone who
     * sees everything, and a scoped caller when every serving asset is here to be tested.
     */
    boolean serves(Scope scope) {
        return scope instanceof Scope.Everything || complete;
    }

    /**
     * Writes the certificate's JSON object as a caller sees it who sees the assets carrying one of
     * {@code scopeTags}, or everything when empty; with the root issuer's name {@code root} when
     * the root is in the inventory. Only for a scope it {@link #serves}.
     */
    void write(ByteArrayOutputStream out, Optional<DistinguishedName> root, Optional<Set<Long>> scopeTags) {
        out.write('{');
        out.writeBytes(beforeRoot);
        out.write(',');
        if (root.isPresent()) {
            out.writeBytes(fields(json -> CertViewJson.rootIssuer(json, root.get(), rootCerthash)));
        } else {
            out.writeBytes(rootUnknown);
        }
        out.write(',');
        out.writeBytes(afterRoot);
        List<Served> shown = assets;
        long instances = instanceCount;
        long assetsServing = assetCount;
        if (scopeTags.isPresent()) {
            Set<Long> visible = scopeTags.get();
            shown = new ArrayList<>();
            instances = 0;
            for (Served asset : assets) {
                if (asset.visibleTo(visible)) {
                    shown.add(asset);
                    instances += asset.instances();
                }
            }
            assetsServing = shown.size();
            if (shown.size() > CertificatesController.ASSET_CAP) {
                shown = shown.subList(0, CertificatesController.ASSET_CAP);
            }
        }
        out.writeBytes(INSTANCE_COUNT);
        out.writeBytes(bytes(Long.toString(instances)));
        out.writeBytes(ASSET_COUNT);
        out.writeBytes(bytes(Long.toString(assetsServing)));
        out.write(',');
        out.writeBytes(sighting);
        out.writeBytes(ASSETS);
        for (int i = 0; i < shown.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(shown.get(i).json());
        }
        out.write(']');
        out.write('}');
    }

    /** The body stored for this document. */
    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            part(out, beforeRoot);
            part(out, rootUnknown);
            out.writeUTF(rootCerthash.orElse(""));
            part(out, afterRoot);
            out.writeLong(instanceCount);
            out.writeLong(assetCount);
            part(out, sighting);
            out.writeBoolean(complete);
            out.writeInt(assets.size());
            for (Served asset : assets) {
                out.writeInt(asset.instances());
                out.writeInt(asset.tagIds().length);
                for (long tag : asset.tagIds()) {
                    out.writeLong(tag);
                }
                part(out, asset.json());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The document a body holds; empty when the body is of another format or cut short (it is built again). */
    static Optional<CertificateDocument> decode(byte[] body) {
        // Read as DataOutputStream wrote it (big-endian), without a stream's per-byte calls.
        ByteBuffer in = ByteBuffer.wrap(body);
        try {
            if (in.get() != FORMAT) {
                return Optional.empty();
            }
            byte[] beforeRoot = part(in);
            byte[] rootUnknown = part(in);
            Optional<String> rootCerthash = certhash(in);
            byte[] afterRoot = part(in);
            long instanceCount = in.getLong();
            long assetCount = in.getLong();
            byte[] sighting = part(in);
            boolean complete = in.get() != 0;
            int count = in.getInt();
            if (count < 0 || count > body.length) {
                return Optional.empty();
            }
            List<Served> assets = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int instances = in.getInt();
                int tagCount = in.getInt();
                if (tagCount < 0 || tagCount > in.remaining() / Long.BYTES) {
                    return Optional.empty();
                }
                long[] tags = new long[tagCount];
                for (int t = 0; t < tagCount; t++) {
                    tags[t] = in.getLong();
                }
                assets.add(new Served(instances, tags, part(in)));
            }
            return Optional.of(new CertificateDocument(beforeRoot, rootUnknown, rootCerthash, afterRoot,
                    instanceCount, assetCount, sighting, complete, assets));
        } catch (RuntimeException e) {
            // Cut short or not in this format: built again.
            return Optional.empty();
        }
    }

    private static void part(DataOutputStream out, byte[] part) throws IOException {
        out.writeInt(part.length);
        out.write(part);
    }

    private static byte[] part(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
            throw new IllegalArgumentException("a part of " + length + " bytes where " + in.remaining() + " are left");
        }
        byte[] part = new byte[length];
        in.get(part);
        return part;
    }

    /** The root's certhash as {@link DataOutputStream#writeUTF} wrote it: hex, so one byte per character. */
    private static Optional<String> certhash(ByteBuffer in) {
        byte[] text = new byte[Short.toUnsignedInt(in.getShort())];
        in.get(text);
        for (byte b : text) {
            if (b <= 0) {
                throw new IllegalArgumentException("not a certhash");
            }
        }
        return text.length == 0 ? Optional.empty() : Optional.of(new String(text, StandardCharsets.US_ASCII));
    }

    /** About how many bytes {@link #write} writes for a caller who sees everything. */
    int length() {
        int length = beforeRoot.length + rootUnknown.length + afterRoot.length + sighting.length + 64;
        for (Served asset : assets) {
            length += asset.json().length + 1;
        }
        return length;
    }

    /** What {@code body} writes inside an object: the keys and values, without the braces. */
    private static byte[] fields(CertViewJson.Body body) {
        CertViewJson.Buffer json = CertViewJson.render(out -> {
            out.writeStartObject();
            body.write(out);
            out.writeEndObject();
        });
        return Arrays.copyOfRange(json.bytes(), 1, json.length() - 1);
    }

    private static byte[] bytes(String ascii) {
        return ascii.getBytes(StandardCharsets.US_ASCII);
    }
}
