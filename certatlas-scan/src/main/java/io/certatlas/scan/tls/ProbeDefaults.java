package io.certatlas.scan.tls;

import io.certatlas.scan.suite.NamedGroup;
import io.certatlas.scan.suite.SignatureScheme;

import java.util.List;

/** What a probe offers besides suites: everything, so that no server refuses for want of a group or scheme. */
final class ProbeDefaults {

    /** Strongest first, so that a server picking the client's first mutual group shows its best. */
    static final List<NamedGroup> GROUPS = List.of(
            NamedGroup.X25519, NamedGroup.SECP256R1, NamedGroup.SECP384R1, NamedGroup.SECP521R1, NamedGroup.X448,
            NamedGroup.BRAINPOOLP256R1, NamedGroup.BRAINPOOLP384R1, NamedGroup.BRAINPOOLP512R1,
            NamedGroup.SECP256K1, NamedGroup.SECP224R1, NamedGroup.SECP224K1, NamedGroup.SECP192R1, NamedGroup.SECP192K1,
            NamedGroup.SECP160R1, NamedGroup.SECP160R2, NamedGroup.SECP160K1,
            NamedGroup.SECT571R1, NamedGroup.SECT571K1, NamedGroup.SECT409R1, NamedGroup.SECT409K1,
            NamedGroup.SECT283R1, NamedGroup.SECT283K1, NamedGroup.SECT239K1, NamedGroup.SECT233R1, NamedGroup.SECT233K1,
            NamedGroup.SECT193R2, NamedGroup.SECT193R1, NamedGroup.SECT163R2, NamedGroup.SECT163R1, NamedGroup.SECT163K1,
            NamedGroup.FFDHE2048, NamedGroup.FFDHE3072, NamedGroup.FFDHE4096, NamedGroup.FFDHE6144, NamedGroup.FFDHE8192);

    static final List<SignatureScheme> SIGNATURE_SCHEMES = List.of(SignatureScheme.values());

    private ProbeDefaults() {
    }
}
