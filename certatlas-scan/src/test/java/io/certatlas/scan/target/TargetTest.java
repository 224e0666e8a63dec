package io.certatlas.scan.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TargetTest {

    @Test
    void readsAddressesRangesAndNames() {
        assertThat(Target.parse("192.0.2.7")).isEqualTo(new Target.Block(AddressBlock.single(addr("192.0.2.7"))));
        assertThat(Target.parse("10.1.2.3/24")).isEqualTo(new Target.Block(new AddressBlock(addr("10.1.2.0"), 24)));
        assertThat(Target.parse("[2001:db8::1]")).isEqualTo(new Target.Block(AddressBlock.single(addr("2001:db8::1"))));
        assertThat(Target.parse("Web.Internal.")).isEqualTo(new Target.HostName("web.internal"));
    }

    @Test
    void badTargetsSayWhatIsWrong() {
        assertThatThrownBy(() -> Target.parse("300.1.1.1")).hasMessage("address '300.1.1.1' has an octet above 255");
        assertThatThrownBy(() -> Target.parse("10.0.0.0/33")).hasMessage("prefix length /33 is outside 0..32 for 10.0.0.0");
        assertThatThrownBy(() -> Target.parse("web.internal/24"))
                .hasMessage("target 'web.internal/24' is not a CIDR range: the part before '/' must be an IPv4 or IPv6 address");
        assertThatThrownBy(() -> Target.parse("we b")).hasMessage("target 'we b' is neither an address, a CIDR range nor a host name");
        assertThatThrownBy(() -> Target.parse("10.0.0.0/")).hasMessage("target '10.0.0.0/' has no valid prefix length after '/': write it as 10.0.0.0/24");
    }

    @Test
    void numbersAndShortAddressFormsAreRefusedRatherThanResolvedToSomeAddress() {
        for (String numeric : new String[] {"24431", "2130706433", "127.1", "10.1.1", "0x7f000001", "0x7f.1", "web.123"}) {
            assertThatThrownBy(() -> Target.parse(numeric)).as(numeric)
                    .hasMessage("target '" + numeric + "' is a number, not a host name: write addresses in full (127.0.0.1),"
                            + " and ports with -p 8443 or as host:8443");
        }
        assertThatThrownBy(() -> Target.parse("127.0.0.010")).hasMessageContaining("has an octet with a leading zero");
        assertThat(Target.parse("123.example")).isEqualTo(new Target.HostName("123.example"));
        assertThat(Target.parse("0xdead.example")).isEqualTo(new Target.HostName("0xdead.example"));
        assertThat(Target.parse("3com")).isEqualTo(new Target.HostName("3com"));
    }

    @Test
    void portListsCollapseAndExplainFaults() {
        assertThat(PortList.parse("443, 8443,9000-9010,443").toString()).isEqualTo("443,8443,9000-9010");
        assertThat(PortList.parse("9000-9010").size()).isEqualTo(11);
        assertThatThrownBy(() -> PortList.parse("70000")).hasMessage("port '70000' is outside 1..65535");
        assertThatThrownBy(() -> PortList.parse("9010-9000")).hasMessage("port range '9010-9000' runs backwards: write it as 9000-9010");
        assertThatThrownBy(() -> PortList.parse("https"))
                .hasMessage("port 'https' is not a number or range: give ports such as 443,8443,9000-9010");
        assertThatThrownBy(() -> PortList.parse(" , ")).hasMessage("port list ' , ' names no port: give ports such as 443,8443,9000-9010");
    }

    @Test
    void blocksKnowWhatTheyContain() {
        AddressBlock block = new AddressBlock(addr("10.0.0.0"), 8);
        assertThat(block.contains(addr("10.255.0.1"))).isTrue();
        assertThat(block.contains(addr("11.0.0.1"))).isFalse();
        assertThat(block.contains(addr("::1"))).isFalse();
        assertThat(block.contains(new AddressBlock(addr("10.2.0.0"), 16))).isTrue();
        assertThat(block.size()).isEqualTo(java.math.BigInteger.valueOf(16_777_216));
    }

    private static java.net.InetAddress addr(String literal) {
        try {
            return java.net.InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
