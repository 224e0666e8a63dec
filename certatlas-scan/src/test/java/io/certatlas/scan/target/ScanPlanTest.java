package io.certatlas.scan.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScanPlanTest {

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final HostResolver WEB_INTERNAL = name -> switch (name) {
        case "web.internal" -> List.of(address("127.0.0.200"), address("::1"));
        default -> throw new UnknownHostException(name);
    };

    @Test
    void rangesNamesAndPortListsMultiply() {
        ScanPlan plan = ScanPlan.builder().targets("127.0.0.0/28 web.internal").ports("443,8443,9000-9010")
                .resolver(WEB_INTERNAL).build();
        assertThat(plan.size()).isEqualTo(BigInteger.valueOf((16 + 2) * 13));
        assertThat(plan.endpoints().count()).isEqualTo(18 * 13);
        assertThat(plan.endpoints().filter(e -> e.serverName().isPresent()).map(Endpoint::addressLiteral).distinct())
                .containsExactlyInAnyOrder("127.0.0.200", "0:0:0:0:0:0:0:1");
    }

    @Test
    void endpointsComePortByPortSoHostsInterleave() {
        ScanPlan plan = ScanPlan.builder().targets("127.0.0.1 127.0.0.2").ports("443,8443").build();
        assertThat(plan.endpoints().map(Endpoint::toString))
                .containsExactly("127.0.0.1:443", "127.0.0.2:443", "127.0.0.1:8443", "127.0.0.2:8443");
    }

    @Test
    void aNameIsResolvedOnceAndSentAsSni() {
        AtomicInteger lookups = new AtomicInteger();
        ScanPlan plan = ScanPlan.builder().targets("web.internal, WEB.internal.").ports("443,444")
                .resolver(name -> {
                    lookups.incrementAndGet();
                    return WEB_INTERNAL.resolve(name);
                }).build();
        assertThat(plan.endpoints().map(Endpoint::serverName)).containsOnly(Optional.of("web.internal"));
        assertThat(plan.size()).isEqualTo(BigInteger.valueOf(4));
        assertThat(lookups.get()).isLessThanOrEqualTo(2);
    }

    @Test
    void exclusionsAreLeftOutAndCounted() {
        ScanPlan plan = ScanPlan.builder().targets("127.0.0.0/24").exclude("127.0.0.0/25 127.0.0.200 127.0.0.0/26").build();
        assertThat(plan.size()).isEqualTo(BigInteger.valueOf(127));
        assertThat(plan.endpoints().count()).isEqualTo(127);
        assertThat(plan.endpoints().map(Endpoint::addressLiteral)).doesNotContain("127.0.0.200", "127.0.0.5");
    }

    @Test
    void anAddressInsideAGivenRangeIsScannedOnce() {
        ScanPlan plan = ScanPlan.builder().targets("127.0.0.0/30 127.0.0.2").build();
        assertThat(plan.endpoints().count()).isEqualTo(4);
    }

    @Test
    void ipv6RangesWork() {
        ScanPlan plan = ScanPlan.builder().targets("[::1] fd00::/126").ports("443").build();
        assertThat(plan.endpoints().map(Endpoint::addressLiteral)).containsExactly(
                "0:0:0:0:0:0:0:1", "fd00:0:0:0:0:0:0:0", "fd00:0:0:0:0:0:0:1", "fd00:0:0:0:0:0:0:2", "fd00:0:0:0:0:0:0:3");
    }

    @Test
    void anAbsurdScanIsRefusedWithTheReason() {
        assertThatThrownBy(() -> ScanPlan.builder().targets("10.0.0.0/16").ports("1-65535").build())
                .isInstanceOf(TargetException.class)
                .hasMessage("refusing to scan 4294901760 endpoints (65536 addresses x 65535 ports), more than the limit"
                        + " of 1000000 endpoints: narrow the ranges or the ports, add exclusions, or force the scan if you mean it");
        assertThatThrownBy(() -> ScanPlan.builder().targets("10.0.0.0/8").ports("1-65535").build())
                .isInstanceOf(TargetException.class)
                .hasMessage("refusing to scan 16,777,216 addresses (1,099,494,850,560 endpoints), more than the limit of 65,536"
                        + " addresses (a /16 by default): check the ranges' prefix lengths, or force the scan (--force) if you mean it");
    }

    @Test
    void aForcedHugeScanIsPlannedLazily() {
        ScanPlan plan = ScanPlan.builder().targets("10.0.0.0/8").ports("1-65535").force(true).build();
        assertThat(plan.size()).isEqualTo(BigInteger.valueOf(16_777_216L * 65_535));
        assertThat(plan.endpoints().limit(3).map(Endpoint::toString)).containsExactly("10.0.0.0:1", "10.0.0.1:1", "10.0.0.2:1");
    }

    @Test
    void unresolvableNamesAreReportedNotScanned() {
        ScanPlan plan = ScanPlan.builder().targets("web.internal nowhere.internal").resolver(WEB_INTERNAL).build();
        assertThat(plan.unresolvedNames()).containsExactly("nowhere.internal");
        assertThat(plan.size()).isEqualTo(BigInteger.TWO);
    }

    @Test
    void aTargetsFileTakesCommentsAndBlankLines(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("targets.txt");
        Files.writeString(file, "# lab\n127.0.0.1  127.0.0.2 # two hosts\n\n127.0.0.8/30,web.internal\n");
        ScanPlan plan = ScanPlan.builder().targetsFile(file).resolver(WEB_INTERNAL).build();
        assertThat(plan.size()).isEqualTo(BigInteger.valueOf(2 + 4 + 2));
    }

    @Test
    void aTargetsFileSavedWithAByteOrderMarkReadsAndABadLineIsNamedByNumber(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("targets.txt");
        Files.writeString(file, "\uFEFF127.0.0.1\n127.0.0.2:443\n");
        assertThat(ScanPlan.builder().targetsFile(file).build().size()).isEqualTo(BigInteger.TWO);

        Files.writeString(file, "127.0.0.1\n# fine\n127.0.0.2 8443\n");
        assertThatThrownBy(() -> ScanPlan.builder().targetsFile(file).build()).isInstanceOf(TargetException.class)
                .hasMessage("targets.txt line 3: target '8443' is a number, not a host name: write addresses in full (127.0.0.1),"
                        + " and ports with -p 8443 or as host:8443");

        Files.write(file, new byte[] {'1', '2', '7', '.', '0', '.', '0', '.', '1', (byte) 0xff, '\n'});
        assertThatThrownBy(() -> ScanPlan.builder().targetsFile(file)).isInstanceOf(TargetException.class)
                .hasMessage("the targets file " + file + " is not UTF-8 text: save it as UTF-8 (or ASCII), one or more targets per line");
    }

    @Test
    void aMissingTargetsFileSaysWhatToDo(@TempDir Path dir) {
        assertThatThrownBy(() -> ScanPlan.builder().targetsFile(dir.resolve("nope.txt")))
                .isInstanceOf(TargetException.class)
                .hasMessageStartingWith("cannot read the targets file " + dir.resolve("nope.txt"))
                .hasMessageEndingWith("give a readable file with one or more targets per line");
    }

    @Test
    void noTargetIsAnError() {
        assertThatThrownBy(() -> ScanPlan.builder().build())
                .hasMessage("no target was given: give host names, addresses, CIDR ranges, host:port or smtp://host:port");
    }
}
