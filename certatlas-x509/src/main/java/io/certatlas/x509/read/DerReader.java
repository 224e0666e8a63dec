package io.certatlas.x509.read;

import java.nio.file.Path;
import java.util.List;

import io.certatlas.x509.CertificateAnalyzer;

/** A file holding exactly one binary (DER) certificate (.der, .cer, .crt). */
public final class DerReader implements CertificateReader {

    private final CertificateAnalyzer analyzer;
    private final ReadLimits limits;

    public DerReader(CertificateAnalyzer analyzer, ReadLimits limits) {
        this.analyzer = analyzer;
        this.limits = limits;
    }

    @Override
    public CertificateFormat format() {
        return CertificateFormat.DER;
    }

    @Override
    public List<ReadResult> read(Path path, byte[] content) {
        ResultCollector collector = new ResultCollector(analyzer, limits, path);
        collector.certificate(content, "DER certificate");
        return collector.results();
    }
}
