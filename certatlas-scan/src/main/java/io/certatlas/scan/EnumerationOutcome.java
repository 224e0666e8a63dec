package io.certatlas.scan;

import java.util.Objects;
import java.util.Optional;

/**
 * What became of an endpoint's protocol and suite enumeration. It runs only after a chain was
 * captured, and its failure never takes the capture away: the report keeps both.
 */
public sealed interface EnumerationOutcome {

    /** The endpoint was enumerated and graded. */
    record Enumerated(TlsProfile profile) implements EnumerationOutcome {
        public Enumerated {
            Objects.requireNonNull(profile, "profile");
        }
    }

    /** The enumeration ran but gave nothing to grade (no version answered, or it broke); {@code reason} says why. */
    record Failed(String reason) implements EnumerationOutcome {
        public Failed {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The enumeration did not run: it is switched off, or the endpoint served no chain. */
    record NotRun(String reason) implements EnumerationOutcome {
        public NotRun {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The profile, when the endpoint was enumerated. */
    default Optional<TlsProfile> enumerated() {
        return this instanceof Enumerated enumerated ? Optional.of(enumerated.profile()) : Optional.empty();
    }

    /** One word for logs and summaries: "enumerated", "failed", "not_run". */
    default String label() {
        return switch (this) {
            case Enumerated enumerated -> "enumerated";
            case Failed failed -> "failed";
            case NotRun notRun -> "not_run";
        };
    }
}
