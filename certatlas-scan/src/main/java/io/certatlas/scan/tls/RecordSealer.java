package io.certatlas.scan.tls;

import java.security.GeneralSecurityException;

/** Protects the client's records once it has sent ChangeCipherSpec, one record at a time, in sequence. */
interface RecordSealer {

    /** One protected record (header included) carrying {@code content} of {@code contentType}, at most 2^14 bytes. */
    byte[] seal(int contentType, byte[] content) throws GeneralSecurityException;
}
