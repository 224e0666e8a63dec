package io.certatlas.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certatlas.scan.starttls.TlsWrapper;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StartTlsChoiceTest {

    @Test
    void oneProtocolForEveryPortAsBeforeOrOnePerPort() {
        assertThat(StartTlsChoice.parse("smtp")).isEqualTo(new StartTlsChoice(Optional.of(TlsWrapper.SMTP), Map.of()));
        assertThat(StartTlsChoice.parse("2525=smtp,1389=ldap")).isEqualTo(new StartTlsChoice(Optional.empty(),
                Map.of(2525, TlsWrapper.SMTP, 1389, TlsWrapper.LDAP)));
        assertThat(StartTlsChoice.parse("imap, 1389=LDAP")).isEqualTo(new StartTlsChoice(Optional.of(TlsWrapper.IMAP),
                Map.of(1389, TlsWrapper.LDAP)));
    }

    @Test
    void mistakesNameTheFaultyPart() {
        assertThatThrownBy(() -> StartTlsChoice.parse("2525=smtpx")).hasMessageContaining("'smtpx' is unknown");
        assertThatThrownBy(() -> StartTlsChoice.parse("70000=smtp")).hasMessageContaining("'70000' is not a port");
        assertThatThrownBy(() -> StartTlsChoice.parse("smtp,imap")).hasMessageContaining("two protocols for every port");
        assertThatThrownBy(() -> StartTlsChoice.parse("25=smtp,25=imap")).hasMessageContaining("port 25 twice");
        assertThatThrownBy(() -> StartTlsChoice.parse(",")).hasMessageContaining("--starttls is empty");
    }
}
