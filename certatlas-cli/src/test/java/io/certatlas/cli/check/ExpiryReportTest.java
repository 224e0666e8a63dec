package io.certatlas.cli.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a monitor parses: the first line's perfdata, and nothing a certificate's name can forge. */
class ExpiryReportTest {

    private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");

    @Test
    void aHostileNameCannotAddPerfdataOrLines() {
        var forged = new ExpiryReport.Expiring("ab".repeat(32), "CN=x | expired=0;;0;0;\nOK: all fine", NOW.plus(Duration.ofDays(20)));
        String out = new ExpiryReport(List.of(forged), NOW, ExpiryWindow.parse("30d"), ExpiryWindow.parse("7d"), false).render();

        List<String> lines = out.lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("CERTATLAS WARNING - 1 expires within 30d").containsOnlyOnce("|")
                .endsWith("| expired=0;;0;0; expiring_critical=0;;0;0; expiring_warning=1;0;;0; soonest_expiry=1728000s;2592000:;604800:;;");
        assertThat(lines.get(1)).doesNotContain("|").startsWith("WARNING: CN=x / expired=0;;0;0;\\u000aOK: all fine");
    }

    @Test
    void windowsReadHoursDaysWeeksAndBareDays() {
        assertThat(ExpiryWindow.parse("12h").duration()).isEqualTo(Duration.ofHours(12));
        assertThat(ExpiryWindow.parse("30").duration()).isEqualTo(Duration.ofDays(30));
        assertThat(ExpiryWindow.parse(" 2W ").qqlEnd()).isEqualTo("now+2w");
    }
}
