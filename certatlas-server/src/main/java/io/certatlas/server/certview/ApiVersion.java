package io.certatlas.server.certview;

import java.util.Locale;

/** Which of the v2 family a request came in by: the answer's keys differ between them. */
enum ApiVersion {
    V2("v2"), V2_1("v2.1"), V2_2("v2.2");

    private final String segment;

    ApiVersion(String segment) {
        this.segment = segment;
    }

    /** {@code publicKeyAlgorithm} is part of the certificate from v2.1 on. */
    boolean hasPublicKeyAlgorithm() {
        return this != V2;
    }

    /** The version named in a path such as {@code /certview/v2.1/certificates}. */
    static ApiVersion of(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        for (ApiVersion version : new ApiVersion[] {V2_2, V2_1}) {
            if (lower.contains("/" + version.segment + "/")) {
                return version;
            }
        }
        return V2;
    }
}
