package io.certatlas.x509.read;

import java.nio.file.Path;
import java.util.List;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.SignedData;

import io.certatlas.x509.CertificateAnalyzer;

/** A PKCS#7 / CMS signedData certificate bundle (.p7b, .p7c), binary; the PEM reader hands PEM ones here. */
public final class Pkcs7Reader implements CertificateReader {

    private final CertificateAnalyzer analyzer;
    private final ReadLimits limits;

    public Pkcs7Reader(CertificateAnalyzer analyzer, ReadLimits limits) {
        this.analyzer = analyzer;
        this.limits = limits;
    }

    @Override
    public CertificateFormat format() {
        return CertificateFormat.PKCS7;
    }

    @Override
    public List<ReadResult> read(Path path, byte[] content) {
        ResultCollector collector = new ResultCollector(analyzer, limits, path);
        readInto(collector, content, "PKCS#7 bundle");
        return collector.results();
    }

    void readInto(ResultCollector collector, byte[] content, String where) {
        ASN1Set certificates;
        try {
            ContentInfo info = ContentInfo.getInstance(ASN1Primitive.fromByteArray(content));
            if (!CMSObjectIdentifiers.signedData.equals(info.getContentType())) {
                collector.reject(RejectReason.UNSUPPORTED_FORMAT, where + " is PKCS#7 " + info.getContentType()
                        + ", not signedData: only signedData bundles (.p7b, .p7c) carry readable certificates");
                return;
            }
            certificates = SignedData.getInstance(info.getContent()).getCertificates();
        } catch (java.io.IOException | RuntimeException e) {
            collector.reject(RejectReason.MALFORMED_DER, where + " is not a valid PKCS#7 structure ("
                    + describe(e) + "); re-export the bundle");
            return;
        }
        if (certificates == null || certificates.size() == 0) {
            collector.reject(RejectReason.NOT_A_CERTIFICATE, where + " holds no certificates");
            return;
        }
        int index = 0;
        for (ASN1Encodable element : certificates) {
            index++;
            // The set may also hold attribute certificates (tagged choices); only plain X.509 ones count.
            if (element.toASN1Primitive() instanceof ASN1Sequence sequence) {
                try {
                    collector.certificate(sequence.getEncoded(ASN1Encoding.DER), where + ", certificate " + index);
                } catch (java.io.IOException e) {
                    collector.reject(RejectReason.MALFORMED_DER, where + ", certificate " + index
                            + " cannot be encoded: " + describe(e));
                }
            }
        }
        if (collector.isEmpty()) {
            collector.reject(RejectReason.NOT_A_CERTIFICATE, where + " holds only attribute certificates");
        }
    }

    private static String describe(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
