package io.certatlas.qql;

import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.Objects;

/** A typed value written in a filter. */
public sealed interface Value {

    record NumberValue(long number) implements Value {
    }

    record BooleanValue(boolean bool) implements Value {
    }

    /** An enumerated value in its canonical spelling from the catalogue. */
    record EnumValue(String canonical) implements Value {
        public EnumValue {
            Objects.requireNonNull(canonical, "canonical");
        }
    }

    /** An address ({@code prefixLength} = full length) or a CIDR block, normalised. */
    record IpValue(String address, int prefixLength, boolean v6) implements Value {
        public IpValue {
            Objects.requireNonNull(address, "address");
        }

        public boolean isBlock() {
            return prefixLength < (v6 ? 128 : 32);
        }

        /** Postgres inet/cidr literal text. */
        public String literal() {
            return isBlock() ? address + "/" + prefixLength : address;
        }
    }

    /**
     * A date. Written as a day ({@code 2024-01-31}) it names that whole UTC day; as a date-time
     * or relative to now it names one millisecond. Relative values are resolved when the query
     * runs, so a saved filter keeps meaning "the last 30 days".
     */
    sealed interface DateValue extends Value {
        /** The span [start, end) this value names at the instant {@code now}. */
        Span resolve(Instant now);
    }

    record Day(java.time.LocalDate day) implements DateValue {
        public Day {
            Objects.requireNonNull(day, "day");
        }

        @Override
        public Span resolve(Instant now) {
            Instant start = day.atStartOfDay().toInstant(ZoneOffset.UTC);
            return new Span(start, start.plus(Duration.ofDays(1)));
        }
    }

    record Moment(Instant instant) implements DateValue {
        public Moment {
            Objects.requireNonNull(instant, "instant");
        }

        @Override
        public Span resolve(Instant now) {
            return new Span(instant, instant.plusMillis(1));
        }
    }

    /** {@code now}, {@code now-30d}, {@code now+2w}: an offset from the time the query runs. */
    record RelativeToNow(Period period, Duration duration) implements DateValue {
        public RelativeToNow {
            Objects.requireNonNull(period, "period");
            Objects.requireNonNull(duration, "duration");
        }

        @Override
        public Span resolve(Instant now) {
            Instant at = now.atZone(ZoneOffset.UTC).plus(period).toInstant().plus(duration);
            return new Span(at, at.plusMillis(1));
        }
    }

    /** A half-open time span. */
    record Span(Instant start, Instant end) {
    }
}
