package io.certatlas.scan.tls;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Protects the client's records after its ChangeCipherSpec with a block cipher in CBC mode and
 * HMAC, MAC then encrypt (RFC 5246 6.2.3.2; RFC 2246 6.2.3.2 for TLS 1.0, whose IV is the last
 * ciphertext block of the previous record rather than explicit). Only the client's direction:
 * the probes that use it read no more of the server's protected records than their type.
 */
final class CbcRecordSealer implements RecordSealer {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final ProtocolVersion version;
    private final Cipher cipher;
    private final SecretKeySpec key;
    private final Mac mac;
    private final int blockLength;
    private byte[] chainedIv;
    private long sequence;

    /**
     * @param chainedIv the client_write_IV from the key block (TLS 1.0); ignored from TLS 1.1 on
     */
    CbcRecordSealer(ProtocolVersion version, String cipherName, byte[] key, int blockLength, String macName, byte[] macKey, byte[] chainedIv)
            throws GeneralSecurityException {
        this.version = version;
        this.cipher = Cipher.getInstance(cipherName + "/CBC/NoPadding");
        this.key = new SecretKeySpec(key, cipherName);
        this.mac = Mac.getInstance(macName);
        this.mac.init(new SecretKeySpec(macKey, macName));
        this.blockLength = blockLength;
        this.chainedIv = chainedIv.clone();
    }

    @Override
    public byte[] seal(int contentType, byte[] content) throws GeneralSecurityException {
        if (content.length > RecordLayer.MAX_PLAINTEXT) {
            throw new IllegalArgumentException("one record carries at most 2^14 bytes, got " + content.length);
        }
        mac.update(new ByteWriter().u16((int) (sequence >>> 48)).u16((int) (sequence >>> 32)).u16((int) (sequence >>> 16)).u16((int) sequence)
                .u8(contentType).u16(version.wireCode()).u16(content.length).toByteArray());
        byte[] tag = mac.doFinal(content);
        sequence++;
        int unpadded = content.length + tag.length + 1;
        int padding = (blockLength - unpadded % blockLength) % blockLength;
        byte[] plain = new byte[unpadded + padding];
        System.arraycopy(content, 0, plain, 0, content.length);
        System.arraycopy(tag, 0, plain, content.length, tag.length);
        Arrays.fill(plain, content.length + tag.length, plain.length, (byte) padding);
        boolean explicitIv = version.atLeast(ProtocolVersion.TLS1_1);
        byte[] iv = explicitIv ? randomBlock() : chainedIv;
        cipher.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(iv));
        byte[] encrypted = cipher.doFinal(plain);
        chainedIv = Arrays.copyOfRange(encrypted, encrypted.length - blockLength, encrypted.length);
        byte[] fragment = explicitIv ? Prf.concat(iv, encrypted) : encrypted;
        return new ByteWriter().u8(contentType).u16(version.wireCode()).vector16(fragment).toByteArray();
    }

    private byte[] randomBlock() {
        byte[] iv = new byte[blockLength];
        RANDOM.nextBytes(iv);
        return iv;
    }
}
