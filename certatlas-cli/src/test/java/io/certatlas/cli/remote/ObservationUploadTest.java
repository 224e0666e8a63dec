package io.certatlas.cli.remote;

import static org.assertj.core.api.Assertions.assertThat;

import io.certatlas.server.scanning.ObservedEndpoint;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A batch the server never takes is tried a bounded number of times, then reported and counted, never lost silently. */
@Timeout(60)
class ObservationUploadTest {

    @Test
    void anUnreachableServerCostsFourAttemptsWithPausesThenTheBatchIsReported() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closedPort = probe.getLocalPort();
        }
        RemoteServer nobody = RemoteServer.at("http://127.0.0.1:" + closedPort, Optional.empty());
        AtomicInteger tokensAsked = new AtomicInteger();
        List<String> messages = new CopyOnWriteArrayList<>();
        ObservationUpload upload = new ObservationUpload(nobody, renew -> {
            tokensAsked.incrementAndGet();
            return "a token";
        }, 2, messages::add);

        long start = System.nanoTime();
        for (int i = 1; i <= 3; i++) {
            upload.add(new ObservedEndpoint("127.0.0." + i, Optional.empty(), 443, "https", Instant.now(), List.of(new byte[] {1, 2, 3}),
                    "TLSv1.3", "TLS_AES_128_GCM_SHA256", Optional.empty()));
        }
        upload.close();
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        ObservationUpload.Result result = upload.result();
        assertThat(result.sent()).isZero();
        assertThat(result.recorded()).isZero();
        assertThat(result.failed()).isEqualTo(3);
        // Two batches (2 + 1 endpoints), each tried 4 times with pauses of 1, 2 and 4 s between.
        assertThat(tokensAsked.get()).isEqualTo(8);
        assertThat(messages).hasSize(2).allSatisfy(message -> assertThat(message).contains("could not be posted", "4 attempts"));
        assertThat(took).isBetween(Duration.ofSeconds(14), Duration.ofSeconds(40));
    }
}
