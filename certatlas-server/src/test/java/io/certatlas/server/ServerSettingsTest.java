package io.certatlas.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Plain HTTP only where tokens cannot cross a network in clear, unless asked for by name. */
class ServerSettingsTest {

    @Test
    void plainHttpIsServedOnLoopbackOnlyUnlessAskedForByName() throws Exception {
        assertThat(settings("127.0.0.1", false).effectiveHttpPort()).hasValue(8080);
        assertThat(settings("::1", false).effectiveHttpPort()).hasValue(8080);
        assertThat(settings("0.0.0.0", false).effectiveHttpPort()).isEmpty();
        assertThat(settings("0.0.0.0", true).effectiveHttpPort()).hasValue(8080);
    }

    @Test
    void badSettingsSayWhichOptionIsWrong() {
        assertThatThrownBy(() -> new ServerSettings(Path.of("/tmp"), InetAddress.getLoopbackAddress(), 70000,
                OptionalInt.empty(), false, Optional.empty(), Optional.empty()))
                .hasMessageContaining("--https-port");
        assertThatThrownBy(() -> new ServerSettings(Path.of("/tmp"), InetAddress.getLoopbackAddress(), 8443,
                OptionalInt.empty(), false, Optional.of(Path.of("cert.pem")), Optional.empty()))
                .hasMessageContaining("--tls-key");
    }

    private static ServerSettings settings(String address, boolean everywhere) throws Exception {
        return new ServerSettings(Path.of("/tmp"), InetAddress.getByName(address), 8443, OptionalInt.of(8080), everywhere,
                Optional.empty(), Optional.empty());
    }
}
