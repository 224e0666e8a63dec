package io.certatlas.x509.keys;

import java.math.BigInteger;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.sec.SECNamedCurves;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;

/**
 * An EC public key must be a point of its named curve, not the point at infinity, and (on a curve
 * with a cofactor) in the prime-order subgroup; otherwise an invalid-curve or small-subgroup attack
 * recovers a static private key from a peer that does not check.
 */
public final class EcPointCheck implements KeyCheck {

    @Override
    public KeyWeakness weakness() {
        return KeyWeakness.INVALID_EC_POINT;
    }

    @Override
    public String source() {
        return "SEC 1 v2 section 3.2.2.1 (elliptic curve public key validation); NIST SP 800-56A rev. 3 section 5.6.2.3.3; badkeys 'ecinvalid'";
    }

    @Override
    public boolean applies(SubjectKey key) {
        return key.ec().flatMap(SubjectKey.Ec::curveOid).map(oid -> parameters(new ASN1ObjectIdentifier(oid)) != null)
                .orElse(false);
    }

    /**
     * The named curve, in Bouncy Castle's fixed-width arithmetic where it has one (the NIST and
     * SEC prime curves): the generic curve computes with BigInteger, which made this check 8 % of
     * an import's reading time. Either answers the same question.
     */
    private static X9ECParameters parameters(ASN1ObjectIdentifier oid) {
        X9ECParameters custom = CustomNamedCurves.getByOID(oid);
        return custom != null ? custom : ECNamedCurveTable.getByOID(oid);
    }

    @Override
    public Optional<KeyProblem> check(SubjectKey key) {
        SubjectKey.Ec ec = key.ec().orElseThrow();
        String oid = ec.curveOid().orElseThrow();
        X9ECParameters parameters = parameters(new ASN1ObjectIdentifier(oid));
        ECCurve curve = parameters.getCurve();
        String name = Optional.ofNullable(SECNamedCurves.getName(new ASN1ObjectIdentifier(oid)))
                .or(() -> Optional.ofNullable(ECNamedCurveTable.getName(new ASN1ObjectIdentifier(oid)))).orElse(oid);
        byte[] encoded = ec.point();
        ECPoint point;
        int size = (curve.getFieldSize() + 7) / 8;
        try {
            if (encoded.length == 1 + 2 * size && encoded[0] == 4) {
                // Built without validation, so that the check below (and not the parser) judges it.
                point = curve.createPoint(new BigInteger(1, java.util.Arrays.copyOfRange(encoded, 1, 1 + size)),
                        new BigInteger(1, java.util.Arrays.copyOfRange(encoded, 1 + size, encoded.length)));
            } else {
                point = curve.decodePoint(encoded);
            }
        } catch (IllegalArgumentException e) {
            // A coordinate outside the field, or an encoding that is not a point.
            return Optional.of(new KeyProblem(weakness(), "the point cannot be decoded on " + name + ": " + e.getMessage()));
        }
        if (point.isInfinity()) {
            return Optional.of(new KeyProblem(weakness(), "the public key is the point at infinity of " + name));
        }
        if (!point.isValid()) {
            BigInteger cofactor = curve.getCofactor();
            return Optional.of(new KeyProblem(weakness(), cofactor == null || cofactor.equals(BigInteger.ONE)
                    ? "the point is not on " + name + ": an invalid-curve attack can recover the private key of a peer that does not check"
                    : "the point is not on " + name + " or not in its prime-order subgroup (cofactor " + cofactor + ")"));
        }
        return Optional.empty();
    }
}
