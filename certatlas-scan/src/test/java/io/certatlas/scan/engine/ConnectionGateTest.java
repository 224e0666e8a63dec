package io.certatlas.scan.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class ConnectionGateTest {

    @Test
    void forgetsHostsNobodyUses() throws Exception {
        ConnectionGate gate = new ConnectionGate(2);
        InetAddress host = InetAddress.getByName("127.0.0.1");
        try (ConnectionGate.Permit first = gate.enter(host); ConnectionGate.Permit second = gate.enter(host)) {
            assertThat(gate.busyHosts()).isEqualTo(1);
        }
        assertThat(gate.busyHosts()).isZero();
    }

    @Test
    void refusesAZeroLimit() {
        assertThatThrownBy(() -> new ConnectionGate(0)).hasMessage("perHost must be at least 1, was 0");
    }
}
