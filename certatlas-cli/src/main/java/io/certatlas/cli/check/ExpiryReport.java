package io.certatlas.cli.check;

import io.certatlas.cli.output.TerminalText;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code certatlas check} tells a monitor about the certificates that end within the warning
 * window: the state, the status line, one line per certificate (Nagios' long output) and the
 * performance data. Counts are of certificates, each once, whatever number of hosts serves it.
 *
 * @param expiring the certificates that end before now + warning, soonest first
 * @param incomplete whether the server stopped the list short (v1's 10,000-record window), so that
 *     the counts are lower bounds
 */
public record ExpiryReport(List<Expiring> expiring, Instant now, ExpiryWindow warning, ExpiryWindow critical,
                           boolean incomplete) {

    /** Lines of long output at most; a monitor's notification is read by a person. */
    static final int LISTED = 50;

    /**
     * One certificate in the window. The name comes from the certificate, which anyone can issue:
     * a {@code |} would start performance data in a monitor's parser and a line break a new output
     * line, so both are replaced.
     */
    public record Expiring(String certhash, String name, Instant validTo) {
        public Expiring {
            name = TerminalText.of(name.replace('|', '/'));
        }
    }

    public ExpiryReport {
        expiring = List.copyOf(expiring);
    }

    public long expiredCount() {
        return expiring.stream().filter(e -> !e.validTo().isAfter(now)).count();
    }

    /** Not yet expired, and ending within the critical window. */
    public long criticalCount() {
        Instant end = now.plus(critical.duration());
        return expiring.stream().filter(e -> e.validTo().isAfter(now) && e.validTo().isBefore(end)).count();
    }

    /** Ending within the warning window but after the critical one. */
    public long warningCount() {
        return expiring.size() - expiredCount() - criticalCount();
    }

    public PluginState state() {
        if (expiredCount() + criticalCount() > 0) {
            return PluginState.CRITICAL;
        }
        return expiring.isEmpty() ? PluginState.OK : PluginState.WARNING;
    }

    /** The plugin's whole output: status line and first perfdata, then the long output. */
    public String render() {
        StringBuilder out = new StringBuilder("CERTATLAS ").append(state()).append(" - ").append(summary())
                .append(" | ").append(perfdata()).append('\n');
        for (int i = 0; i < Math.min(LISTED, expiring.size()); i++) {
            out.append(line(expiring.get(i))).append('\n');
        }
        if (expiring.size() > LISTED) {
            out.append("... and ").append(expiring.size() - LISTED).append(" more\n");
        }
        return out.toString();
    }

    private String summary() {
        String atLeast = incomplete ? "at least " : "";
        if (expiring.isEmpty()) {
            return "no certificate matching the filter expires within " + warning;
        }
        List<String> parts = new ArrayList<>();
        if (expiredCount() > 0) {
            parts.add(atLeast + expiredCount() + " expired");
        }
        if (criticalCount() > 0) {
            parts.add((parts.isEmpty() ? atLeast : "") + criticalCount() + " expire" + (criticalCount() == 1 ? "s" : "") + " within " + critical);
        }
        if (warningCount() > 0) {
            parts.add(parts.isEmpty() ? atLeast + warningCount() + " expire" + (warningCount() == 1 ? "s" : "") + " within " + warning
                    : warningCount() + " more within " + warning);
        }
        Expiring soonest = expiring.getFirst();
        return String.join(", ", parts) + "; soonest " + soonest.name() + " " + when(soonest.validTo())
                + (incomplete ? " (the server's 10,000-record window was reached: narrow --filter for exact counts)" : "");
    }

    private String line(Expiring e) {
        PluginState state = e.validTo().isBefore(now.plus(critical.duration())) ? PluginState.CRITICAL : PluginState.WARNING;
        return state + ": " + e.name() + " " + when(e.validTo()) + " (" + e.validTo().truncatedTo(ChronoUnit.SECONDS)
                + ") certhash " + e.certhash();
    }

    private String when(Instant validTo) {
        Duration left = Duration.between(now, validTo);
        if (left.isNegative() || left.isZero()) {
            return "expired " + span(left.negated()) + " ago";
        }
        return "expires in " + span(left);
    }

    private static String span(Duration d) {
        long days = d.toDays();
        if (days >= 2) {
            return days + " days";
        }
        long hours = d.toHours();
        return hours == 1 ? "1 hour" : hours + " hours";
    }

    /**
     * Counts with their thresholds in Nagios' range syntax: a count alerts above 0; the soonest
     * end, in seconds, alerts below the window ({@code N:} means "alert when less than N").
     */
    private String perfdata() {
        String perf = "expired=" + expiredCount() + ";;0;0; expiring_critical=" + criticalCount() + ";;0;0; expiring_warning=" + warningCount()
                + ";0;;0;";
        if (expiring.isEmpty()) {
            return perf;
        }
        long soonest = Duration.between(now, expiring.getFirst().validTo()).toSeconds();
        return perf + " soonest_expiry=" + soonest + "s;" + warning.duration().toSeconds() + ":;"
                + critical.duration().toSeconds() + ":;;";
    }
}
