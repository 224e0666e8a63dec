package io.certatlas.x509.issue;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.PolicyInformation;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate and key that signs other certificates: a root made with {@link #selfSigned},
 * or any issued CA certificate wrapped with {@link #of}. Thread-safe: many threads may issue
 * at once (generating 100,000 certificates is meant to run on all cores).
 *
 * <p>Every certificate gets a subject key identifier (SHA-1 of the public key, RFC 5280 method 1)
 * and an authority key identifier equal to the signer's subject key identifier, so chains can be
 * built by key id as well as by name.
 */
public final class Issuer {

    private static final SecureRandom SERIALS = new SecureRandom();
    private static final java.security.Provider BC = new org.bouncycastle.jce.provider.BouncyCastleProvider();

    private final IssuedCertificate certificate;
    private final X500Name subject;
    private final byte[] subjectKeyId;

    private Issuer(IssuedCertificate certificate) {
        this.certificate = certificate;
        this.subject = X500Name.getInstance(certificate.certificate().getSubjectX500Principal().getEncoded());
        this.subjectKeyId = keyIdentifier(certificate.certificate().getPublicKey());
    }

    /** An issuer that signs with the given certificate's key (normally a CA certificate). */
    public static Issuer of(IssuedCertificate certificate) {
        return new Issuer(Objects.requireNonNull(certificate, "certificate"));
    }

    /** A self-signed certificate (a root when the spec is an authority) with a fresh key of the spec's type. */
    public static Issuer selfSigned(CertificateSpec spec) {
        return selfSigned(spec, spec.keyType().generate());
    }

    /** A self-signed certificate for an existing key pair. */
    public static Issuer selfSigned(CertificateSpec spec, KeyPair keyPair) {
        X500Name name = nameOf(spec);
        byte[] keyId = keyIdentifier(keyPair.getPublic());
        X509Certificate cert = build(spec, name, keyPair.getPublic(), name, keyId, keyPair);
        return new Issuer(new IssuedCertificate(cert, keyPair));
    }

    /** This issuer's own certificate and key. */
    public IssuedCertificate certificate() {
        return certificate;
    }

    /** Issues a certificate for a fresh key pair of the spec's key type. */
    public IssuedCertificate issue(CertificateSpec spec) {
        return issue(spec, spec.keyType().generate());
    }

    /**
     * Issues a certificate for the given key pair; reuse one pair across many certificates when
     * key generation would dominate (the spec's key type is then ignored).
     */
    public IssuedCertificate issue(CertificateSpec spec, KeyPair subjectKeys) {
        X509Certificate cert = build(spec, nameOf(spec), subjectKeys.getPublic(), subject, subjectKeyId,
                certificate.keyPair());
        return new IssuedCertificate(cert, subjectKeys);
    }

    /** Issues a CA certificate and returns it ready to sign further down. */
    public Issuer issueAuthority(CertificateSpec spec) {
        return of(issue(spec));
    }

    private static X509Certificate build(CertificateSpec spec, X500Name subjectName, PublicKey subjectKey,
            X500Name issuerName, byte[] issuerKeyId, KeyPair signer) {
        BigInteger serial = spec.serial().orElseGet(() -> new BigInteger(127, SERIALS).setBit(126));
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuerName, serial,
                Date.from(spec.notBefore()), Date.from(spec.notAfter()), subjectName, subjectKey);
        try {
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    new SubjectKeyIdentifier(keyIdentifier(subjectKey)));
            builder.addExtension(Extension.authorityKeyIdentifier, false, new AuthorityKeyIdentifier(issuerKeyId));
            if (spec.authority()) {
                BasicConstraints constraints = spec.pathLength().isPresent()
                        ? new BasicConstraints(spec.pathLength().get())
                        : new BasicConstraints(true);
                builder.addExtension(Extension.basicConstraints, true, constraints);
            } else {
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            }
            if (!spec.keyUsage().isEmpty()) {
                int bits = 0;
                for (KeyUsageFlag flag : spec.keyUsage()) {
                    bits |= flag.bcMask();
                }
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(bits));
            }
            if (!spec.extendedKeyUsage().isEmpty()) {
                KeyPurposeId[] purposes = spec.extendedKeyUsage().stream()
                        .map(p -> KeyPurposeId.getInstance(new ASN1ObjectIdentifier(p.oid())))
                        .toArray(KeyPurposeId[]::new);
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes));
            }
            List<GeneralName> names = new ArrayList<>();
            spec.dnsNames().forEach(n -> names.add(new GeneralName(GeneralName.dNSName, n)));
            spec.ipAddresses().forEach(n -> names.add(new GeneralName(GeneralName.iPAddress, n)));
            if (!names.isEmpty()) {
                // RFC 5280 4.2.1.6: critical only when the subject name is empty.
                boolean critical = spec.commonName().isEmpty() && spec.organization().isEmpty();
                builder.addExtension(Extension.subjectAlternativeName, critical,
                        new GeneralNames(names.toArray(GeneralName[]::new)));
            }
            if (spec.evPolicyOid().isPresent()) {
                builder.addExtension(Extension.certificatePolicies, false, new CertificatePolicies(
                        new PolicyInformation(new ASN1ObjectIdentifier(spec.evPolicyOid().get()))));
            }
        } catch (CertIOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot encode the extensions of '" + spec.commonName() + "': "
                    + e.getMessage() + " (check the SAN host names and IP addresses and the policy OID)", e);
        }
        String algorithm = spec.signatureAlgorithm().orElseGet(() -> KeyType.defaultSignatureFor(signer.getPublic()));
        try {
            ContentSigner contentSigner = signer(algorithm, signer);
            X509CertificateHolder holder = builder.build(contentSigner);
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (OperatorCreationException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot sign with '" + algorithm + "' using a "
                    + signer.getPrivate().getAlgorithm() + " key: " + e.getMessage()
                    + " (pick a signature algorithm matching the issuer key, e.g. SHA256withRSA or SHA256withECDSA)", e);
        } catch (CertificateException e) {
            throw new IllegalStateException("signed certificate could not be decoded again: " + e.getMessage(), e);
        }
    }

    private static ContentSigner signer(String algorithm, KeyPair signer) throws OperatorCreationException {
        try {
            return new JcaContentSignerBuilder(algorithm).build(signer.getPrivate());
        } catch (OperatorCreationException e) {
            // The JDK lacks some names BouncyCastle knows (SHA256withRSAandMGF1 for RSASSA-PSS).
            return new JcaContentSignerBuilder(algorithm).setProvider(BC).build(signer.getPrivate());
        }
    }

    private static X500Name nameOf(CertificateSpec spec) {
        X500NameBuilder name = new X500NameBuilder(BCStyle.INSTANCE);
        // Most significant first, as certificates in the wild order them (C, ST, L, O, OU, CN).
        if (!spec.country().isEmpty()) {
            name.addRDN(BCStyle.C, spec.country());
        }
        if (!spec.state().isEmpty()) {
            name.addRDN(BCStyle.ST, spec.state());
        }
        if (!spec.locality().isEmpty()) {
            name.addRDN(BCStyle.L, spec.locality());
        }
        if (!spec.organization().isEmpty()) {
            name.addRDN(BCStyle.O, spec.organization());
        }
        for (String unit : spec.organizationalUnits()) {
            name.addRDN(BCStyle.OU, unit);
        }
        if (!spec.commonName().isEmpty()) {
            name.addRDN(BCStyle.CN, spec.commonName());
        }
        return name.build();
    }

    /** RFC 5280 4.2.1.2 method (1): SHA-1 of the subjectPublicKey bits. */
    private static byte[] keyIdentifier(PublicKey key) {
        byte[] keyBits = SubjectPublicKeyInfo.getInstance(key.getEncoded()).getPublicKeyData().getBytes();
        try {
            // A digest per call: MessageDigest is not thread-safe and issuers are shared across threads.
            return MessageDigest.getInstance("SHA-1").digest(keyBits);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from this Java runtime", e);
        }
    }
}
