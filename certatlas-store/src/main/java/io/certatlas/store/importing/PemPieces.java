package io.certatlas.store.importing;

import io.certatlas.x509.read.CertificateFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Cuts a PEM bundle into pieces of at most a given number of PEM blocks, each cut just before a
 * {@code -----BEGIN} line, so that every block lands whole in one piece and text between blocks
 * stays where it was. A bundle of 20,000 roots is then read as twenty pieces of 1,000, each
 * within the reader's per-file certificate limit, instead of being cut off at that limit.
 */
final class PemPieces {

    private static final byte[] BEGIN = "-----BEGIN ".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private static final int MIN_BLOCK_BYTES = 2 * BEGIN.length;

    private PemPieces() {
    }

    /** {@code [start, end)} byte ranges; one range covering everything when the content is not PEM or is small. */
    static List<int[]> of(byte[] content, int blocksPerPiece) {
        List<int[]> whole = List.<int[]>of(new int[] {0, content.length});
        // A block is at least its BEGIN and END lines: a file too short for more blocks than a
        // piece holds (every file of a directory of certificates) is not scanned at all.
        if (content.length < (long) blocksPerPiece * MIN_BLOCK_BYTES || !CertificateFormat.detect(content).equals(Optional.of(CertificateFormat.PEM))) {
            return whole;
        }
        List<int[]> pieces = new ArrayList<>();
        int start = 0;
        int blocks = 0;
        for (int at = indexOf(content, 0); at >= 0; at = indexOf(content, at + BEGIN.length)) {
            if (blocks == blocksPerPiece) {
                pieces.add(new int[] {start, at});
                start = at;
                blocks = 0;
            }
            blocks++;
        }
        if (pieces.isEmpty()) {
            return whole;
        }
        pieces.add(new int[] {start, content.length});
        return pieces;
    }

    private static int indexOf(byte[] content, int from) {
        outer:
        for (int i = from; i <= content.length - BEGIN.length; i++) {
            if (content[i] != '-') {
                continue;
            }
            for (int j = 1; j < BEGIN.length; j++) {
                if (content[i + j] != BEGIN[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
