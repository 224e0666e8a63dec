package io.certatlas.scan.tls;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The TLS pseudorandom function: RFC 2246 5 (TLS 1.0 and 1.1: P_MD5 of the secret's first half
 * XOR P_SHA1 of its second half) and RFC 5246 5 (TLS 1.2: P_SHA256, or P_SHA384 for the suites
 * that name SHA-384, RFC 5289 3), with the Finished hash each uses.
 */
enum Prf {
    TLS10_11,
    TLS12_SHA256,
    TLS12_SHA384;

    /** @param sha384 the suite names SHA-384 (only TLS 1.2 suites do) */
    static Prf forVersion(ProtocolVersion version, boolean sha384) {
        if (!version.atLeast(ProtocolVersion.TLS1_2)) {
            return TLS10_11;
        }
        return sha384 ? TLS12_SHA384 : TLS12_SHA256;
    }

    byte[] derive(byte[] secret, String label, byte[] seed, int length) throws GeneralSecurityException {
        byte[] labelAndSeed = concat(label.getBytes(StandardCharsets.US_ASCII), seed);
        return switch (this) {
            case TLS12_SHA256 -> expand("HmacSHA256", secret, labelAndSeed, length);
            case TLS12_SHA384 -> expand("HmacSHA384", secret, labelAndSeed, length);
            case TLS10_11 -> {
                // RFC 2246 5: the halves overlap by one byte when the secret's length is odd
                int half = (secret.length + 1) / 2;
                byte[] md5 = expand("HmacMD5", Arrays.copyOfRange(secret, 0, half), labelAndSeed, length);
                byte[] sha1 = expand("HmacSHA1", Arrays.copyOfRange(secret, secret.length - half, secret.length), labelAndSeed, length);
                for (int i = 0; i < length; i++) {
                    md5[i] ^= sha1[i];
                }
                yield md5;
            }
        };
    }

    /** The hash of the handshake messages that Finished covers: MD5 || SHA-1 before TLS 1.2, SHA-256 in it. */
    byte[] transcriptHash(byte[] messages) throws GeneralSecurityException {
        return switch (this) {
            case TLS12_SHA256 -> MessageDigest.getInstance("SHA-256").digest(messages);
            case TLS12_SHA384 -> MessageDigest.getInstance("SHA-384").digest(messages);
            case TLS10_11 -> concat(MessageDigest.getInstance("MD5").digest(messages), MessageDigest.getInstance("SHA-1").digest(messages));
        };
    }

    /** P_hash (RFC 5246 5): A(i) = HMAC(secret, A(i-1)), output HMAC(secret, A(i) + seed) until long enough. */
    private static byte[] expand(String hmac, byte[] secret, byte[] seed, int length) throws GeneralSecurityException {
        Mac mac = Mac.getInstance(hmac);
        // an empty key is legal in P_hash; SecretKeySpec refuses it, so one zero byte stands in (HMAC pads keys with zeros)
        mac.init(new SecretKeySpec(secret.length == 0 ? new byte[1] : secret, hmac));
        ByteArrayOutputStream out = new ByteArrayOutputStream(length + mac.getMacLength());
        byte[] a = seed;
        while (out.size() < length) {
            a = mac.doFinal(a);
            mac.update(a);
            out.writeBytes(mac.doFinal(seed));
        }
        return Arrays.copyOf(out.toByteArray(), length);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
