package io.certatlas.x509.read;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.certatlas.x509.CertificateAnalyzer;
import io.certatlas.x509.MalformedCertificateException;

/** Gathers the results of one file, enforcing the per-file certificate limit. */
final class ResultCollector {

    private final CertificateAnalyzer analyzer;
    private final ReadLimits limits;
    private final Path path;
    private final List<ReadResult> results = new ArrayList<>();
    private int certificates;
    private boolean overLimit;

    ResultCollector(CertificateAnalyzer analyzer, ReadLimits limits, Path path) {
        this.analyzer = analyzer;
        this.limits = limits;
        this.path = path;
    }

    /** Analyses one DER certificate; {@code where} names its place in the file for messages ("block 2"). */
    void certificate(byte[] der, String where) {
        if (overLimit) {
            return;
        }
        if (certificates >= limits.maxCertificatesPerFile()) {
            overLimit = true;
            results.add(new Rejection(path, RejectReason.TOO_MANY_CERTIFICATES, "the file holds more than "
                    + limits.maxCertificatesPerFile() + " certificates; the rest were skipped: split the file or"
                    + " raise the per-file certificate limit"));
            return;
        }
        certificates++;
        try {
            results.add(new CertificateRead(path, analyzer.analyze(der)));
        } catch (MalformedCertificateException e) {
            results.add(new Rejection(path, RejectReason.MALFORMED_DER, where + ": " + e.getMessage()
                    + "; re-export the certificate from its source"));
        }
    }

    void reject(RejectReason reason, String message) {
        results.add(new Rejection(path, reason, message));
    }

    boolean isEmpty() {
        return results.isEmpty();
    }

    List<ReadResult> results() {
        return List.copyOf(results);
    }
}
