package io.certatlas.scan.tls;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;

/**
 * Protects the client's records with AES-GCM (RFC 5288 3, RFC 5246 6.2.3.3): a 4-byte implicit
 * salt from the key block and an 8-byte explicit nonce, here the record's sequence number, which
 * RFC 5288 3 allows and which never repeats within a connection.
 */
final class GcmRecordSealer implements RecordSealer {

    private static final int TAG_BITS = 128;

    private final ProtocolVersion version;
    private final SecretKeySpec key;
    private final byte[] salt;
    private long sequence;

    GcmRecordSealer(ProtocolVersion version, byte[] key, byte[] salt) {
        if (salt.length != 4) {
            throw new IllegalArgumentException("the GCM salt is 4 bytes, got " + salt.length);
        }
        this.version = version;
        this.key = new SecretKeySpec(key, "AES");
        this.salt = salt.clone();
    }

    @Override
    public byte[] seal(int contentType, byte[] content) throws GeneralSecurityException {
        if (content.length > RecordLayer.MAX_PLAINTEXT) {
            throw new IllegalArgumentException("one record carries at most 2^14 bytes, got " + content.length);
        }
        byte[] explicit = new ByteWriter().u16((int) (sequence >>> 48)).u16((int) (sequence >>> 32)).u16((int) (sequence >>> 16))
                .u16((int) sequence).toByteArray();
        byte[] aad = new ByteWriter().bytes(explicit).u8(contentType).u16(version.wireCode()).u16(content.length).toByteArray();
        sequence++;
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, Prf.concat(salt, explicit)));
        gcm.updateAAD(aad);
        byte[] sealed = gcm.doFinal(content);
        return new ByteWriter().u8(contentType).u16(version.wireCode()).vector16(Prf.concat(explicit, sealed)).toByteArray();
    }
}
