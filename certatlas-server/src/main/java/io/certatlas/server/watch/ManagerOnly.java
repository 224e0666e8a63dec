package io.certatlas.server.watch;

import io.certatlas.server.api.ApiException;
import io.certatlas.server.security.Caller;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;

/** Schedules, rules and receivers reach past any tag scope: only a manager reads or changes them. */
final class ManagerOnly {

    private ManagerOnly() {
    }

    static void check(Caller caller) {
        if (caller == null || !caller.isManager()) {
            throw new ApiException(HttpStatus.FORBIDDEN, "FORBIDDEN", "only a manager may do this; ask a manager of this CertAtlas",
                    Optional.empty(), Map.of());
        }
    }
}
