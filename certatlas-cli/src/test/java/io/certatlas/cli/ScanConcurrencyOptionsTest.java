package io.certatlas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** --concurrency alone is enough: the per-address limit follows it down; a wrong value names the option. */
class ScanConcurrencyOptionsTest {

    @Test
    void aLowConcurrencyNeedsNoPerHostAndAWrongPerHostIsNamed() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closed = socket.getLocalPort();
        }
        CommandCapture.Run low = CommandCapture.run(new ScanCommand(), "127.0.0.1", "-p", String.valueOf(closed),
                "--no-record", "--concurrency", "2");
        assertThat(low.err()).doesNotContain("perHostLimit").doesNotContain("per-host");
        assertThat(low.exitCode()).as(low.both()).isZero();
        assertThat(low.out()).contains("1 endpoints scanned, 0 with TLS");

        CommandCapture.Run wrong = CommandCapture.run(new ScanCommand(), "127.0.0.1", "-p", String.valueOf(closed),
                "--no-record", "--concurrency", "2", "--per-host", "3");
        assertThat(wrong.exitCode()).isEqualTo(2);
        assertThat(wrong.err()).contains("--per-host must be 1..2 (at most --concurrency), was 3");
    }
}
