package io.certatlas.scan.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certatlas.scan.starttls.TlsWrapper;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TargetEntryTest {

    @Test
    void aTargetCarriesItsPortAndProtocol() throws Exception {
        assertThat(TargetEntry.parse("127.0.0.1:443")).isEqualTo(new TargetEntry(
                new Target.Block(AddressBlock.single(InetAddress.getByName("127.0.0.1"))), Optional.of(443), Optional.empty()));
        assertThat(TargetEntry.parse("[::1]:8443").port()).contains(8443);
        assertThat(TargetEntry.parse("[::1]:8443").host()).isEqualTo(new Target.Block(AddressBlock.single(InetAddress.getByName("::1"))));
        assertThat(TargetEntry.parse("2001:db8::1").port()).isEmpty();
        assertThat(TargetEntry.parse("web.internal:9443")).isEqualTo(new TargetEntry(new Target.HostName("web.internal"),
                Optional.of(9443), Optional.empty()));
        TargetEntry smtp = TargetEntry.parse("smtp://mail.internal:2525");
        assertThat(smtp.scheme()).contains(Scheme.SMTP);
        assertThat(smtp.port()).contains(2525);
        assertThat(smtp.scheme().orElseThrow().wrapper()).isEqualTo(TlsWrapper.SMTP);
        assertThat(TargetEntry.parse("LDAP://dc1:1389/").scheme()).contains(Scheme.LDAP);
        assertThat(TargetEntry.parse("imap://[::1]").port()).contains(143);
        assertThat(TargetEntry.parse("10.0.0.0/30").port()).isEmpty();
    }

    @Test
    void badTargetsSayWhatToWrite() {
        assertThatThrownBy(() -> TargetEntry.parse("gopher://host:70")).hasMessageContaining("does not speak").hasMessageContaining("smtp");
        assertThatThrownBy(() -> TargetEntry.parse("host:99999")).hasMessageContaining("ports are 1..65535");
        assertThatThrownBy(() -> TargetEntry.parse("host:https")).hasMessageContaining("no valid port");
        assertThatThrownBy(() -> TargetEntry.parse("https://host/path")).hasMessageContaining("no path");
    }

    @Test
    void aPlanScansAPinnedTargetOnItsOwnPortOnly() throws Exception {
        ScanPlan plan = ScanPlan.builder().targets(List.of("127.0.0.1:8443", "smtp://127.0.0.2:2525", "127.0.0.3"))
                .ports("443,444").build();
        assertThat(plan.size()).isEqualTo(4);
        assertThat(plan.endpoints().map(Endpoint::toString).toList()).containsExactly(
                "127.0.0.1:8443", "smtp://127.0.0.2:2525", "127.0.0.3:443", "127.0.0.3:444");
    }

    @Test
    void aRangeAboveASixteenNeedsForceAndStatesItsSize() {
        assertThatThrownBy(() -> ScanPlan.builder().targets("10.0.0.0/15").build())
                .hasMessageContaining("131,072 addresses").hasMessageContaining("--force");
        assertThat(ScanPlan.builder().targets("10.0.0.0/15").force(true).build().addresses()).isEqualTo(131_072);
        assertThat(ScanPlan.builder().targets("10.0.0.0/16").build().addresses()).isEqualTo(65_536);
    }
}
