package io.qualitymonitor.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qualitymonitor.config.ConfigException;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Address classes and allow-list rules; literals and a scripted resolver only, no DNS. */
class AddressPolicyTest {

    private final ScriptedResolver resolver = new ScriptedResolver();

    @ParameterizedTest
    @ValueSource(
            strings = {
                "0.0.0.0",
                "0.1.2.3",
                "10.255.0.1",
                "100.64.0.1",
                "100.127.255.254",
                "127.0.0.1",
                "127.255.255.254",
                "169.254.169.254",
                "169.254.0.1",
                "172.16.0.1",
                "172.31.255.254",
                "192.0.0.192",
                "192.0.2.1",
                "192.168.0.1",
                "198.18.0.1",
                "198.51.100.7",
                "203.0.113.9",
                "224.0.0.251",
                "239.255.255.250",
                "240.0.0.1",
                "255.255.255.255",
                "::",
                "::1",
                "::127.0.0.1",
                "fe80::1",
                "febf:ffff::1",
                "fec0::1",
                "fc00::1",
                "fd00:ec2::254",
                "ff02::1",
                "2001:db8::1",
                "2001:0:4136:e378:8000:63bf:3fff:fdd2",
                "100::1",
                "64:ff9b:1::1",
                "::ffff:10.0.0.1",
                "64:ff9b::127.0.0.1",
                "64:ff9b::a9fe:a9fe",
                "2002:7f00:1::1",
                "2002:a9fe:a9fe::1"
            })
    void shouldClassifyInternalAddressAsRefused(String literal) throws Exception {
        // Given
        InetAddress address = InetAddress.getByName(literal);

        // When / Then
        assertThat(BlockedAddresses.classify(address)).as(literal).isPresent();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "93.184.216.34",
                "8.8.8.8",
                "1.1.1.1",
                "100.63.255.255",
                "100.128.0.0",
                "172.15.255.255",
                "172.32.0.0",
                "169.253.255.255",
                "192.169.0.1",
                "2606:2800:220:1:248:1893:25c8:1946",
                "2a00:1450:4001:82a::200e",
                "64:ff9b::808:808",
                "2002:808:808::1"
            })
    void shouldClassifyPublicAddressAsAllowed(String literal) throws Exception {
        // Given
        InetAddress address = InetAddress.getByName(literal);

        // When / Then
        assertThat(BlockedAddresses.classify(address)).as(literal).isEmpty();
    }

    @Test
    void shouldReturnCheckedAddressesOfPublicHost() throws Exception {
        // Given
        resolver.answer("images.example", "93.184.216.34", "2606:2800:220:1::1");
        AddressPolicy policy = new AddressPolicy(List.of());

        // When
        InetAddress[] addresses = policy.resolve("images.example", 443, resolver);

        // Then
        assertThat(addresses)
                .extracting(InetAddress::getHostAddress)
                .containsExactly("93.184.216.34", "2606:2800:220:1:0:0:0:1");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2130706433",
                "0177.0.0.1",
                "0x7f.0.0.1",
                "0x7f000001",
                "127.1",
                "017700000001",
                "127.0.1",
                "1.2.3.04",
                "0x08.8.8.8",
                "0"
            })
    void shouldRefuseNonCanonicalNumericHostWithoutLookup(String host) {
        // Given
        AddressPolicy policy = new AddressPolicy(List.of());

        // When / Then
        assertThatThrownBy(() -> policy.resolve(host, 443, resolver))
                .isInstanceOf(BlockedAddressException.class);
        assertThat(resolver.lookups()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "metadata.google.internal",
                "METADATA.google.internal.",
                "metadata",
                "metadata.goog",
                "instance-data",
                "localhost",
                "app.localhost"
            })
    void shouldRefuseMetadataAndLoopbackNamesWithoutLookup(String host) {
        // Given
        AddressPolicy policy = new AddressPolicy(List.of());

        // When / Then
        assertThatThrownBy(() -> policy.resolve(host, 443, resolver))
                .isInstanceOf(BlockedAddressException.class);
        assertThat(resolver.lookups()).isEmpty();
    }

    @Test
    void shouldAllowAddressInsideAllowedRangeOnly() throws Exception {
        // Given
        resolver.answer("cdn.corp", "10.20.30.40").answer("db.corp", "10.99.0.1");
        AddressPolicy policy = new AddressPolicy(List.of("10.20.0.0/16", "fd12::/16"));

        // When / Then
        assertThat(policy.resolve("cdn.corp", 443, resolver)).hasSize(1);
        assertThat(policy.resolve("[fd12::5]", 443, resolver)).hasSize(1);
        assertThatThrownBy(() -> policy.resolve("db.corp", 443, resolver))
                .isInstanceOf(BlockedAddressException.class)
                .hasMessageContaining("10.99.0.1");
    }

    @Test
    void shouldAllowExactNameAndWildcardSuffix() throws Exception {
        // Given
        resolver.answer("images.corp", "10.0.0.5")
                .answer("a.cdn.corp", "10.0.0.6")
                .answer("cdn.corp.evil.example", "10.0.0.7");
        AddressPolicy policy = new AddressPolicy(List.of("images.corp", "*.cdn.corp"));

        // When / Then
        assertThat(policy.resolve("IMAGES.corp.", 443, resolver)).hasSize(1);
        assertThat(policy.resolve("a.cdn.corp", 443, resolver)).hasSize(1);
        assertThatThrownBy(() -> policy.resolve("cdn.corp.evil.example", 443, resolver))
                .isInstanceOf(BlockedAddressException.class);
    }

    @Test
    void shouldAllowANameWhoseAddressIsListedAndUseOnlyTheAllowedAddresses() throws Exception {
        // Given 127.0.0.1 listed, and localhost answering it and ::1
        resolver.answer("localhost", "127.0.0.1", "::1");
        AddressPolicy policy = new AddressPolicy(List.of("127.0.0.1"));

        // When / Then localhost is allowed, connecting to the listed address only
        assertThat(policy.resolve("localhost", 443, resolver))
                .extracting(InetAddress::getHostAddress)
                .containsExactly("127.0.0.1");
    }

    @Test
    void shouldAllowTheAddressesThatAListedNameResolvesTo() throws Exception {
        // Given localhost listed by name
        resolver.answer("localhost", "127.0.0.1", "::1");
        AddressPolicy policy = new AddressPolicy(List.of("localhost"));

        // When / Then its addresses are allowed as literals, other internal ones are not
        assertThat(policy.resolve("127.0.0.1", 443, resolver)).hasSize(1);
        assertThat(policy.resolve("[::1]", 443, resolver)).hasSize(1);
        assertThat(policy.resolve("localhost", 443, resolver)).hasSize(2);
        assertThatThrownBy(() -> policy.resolve("127.0.0.2", 443, resolver))
                .isInstanceOf(BlockedAddressException.class)
                .hasMessage("127.0.0.2: refused, loopback; allow it with fetch.allow.hosts");
    }

    @Test
    void shouldAllowAnAddressOfAListedNameEvenAmongRefusedOnes() throws Exception {
        // Given a listed internal name, and another name answering its address and a private one
        resolver.answer("cdn.corp", "10.0.0.5").answer("mirror.example", "10.0.0.5", "10.9.9.9");
        AddressPolicy policy = new AddressPolicy(List.of("cdn.corp"));

        // When / Then only the listed name's address is used
        assertThat(policy.resolve("mirror.example", 443, resolver))
                .extracting(InetAddress::getHostAddress)
                .containsExactly("10.0.0.5");
    }

    @Test
    void shouldLetNoPatternOrUnresolvableEntryAllowAnAddress() {
        // Given a suffix pattern and a name that does not resolve
        AddressPolicy policy = new AddressPolicy(List.of("*.corp", "gone.corp"));

        // When / Then an internal address stays refused; the pattern is never looked up
        assertThatThrownBy(() -> policy.resolve("10.0.0.5", 443, resolver))
                .isInstanceOf(BlockedAddressException.class);
        assertThat(resolver.lookups()).containsExactly("gone.corp");
    }

    @Test
    void shouldNameTheSettingThatAllowsARefusedHost() {
        // Given nothing listed, and a name answering a private address
        resolver.answer("images.example", "10.1.2.3");
        AddressPolicy policy = new AddressPolicy(List.of());

        // When / Then each refusal the allow-list can lift says so
        assertThatThrownBy(() -> policy.resolve("images.example", 443, resolver))
                .hasMessage(
                        "images.example resolves to 10.1.2.3: refused, private; allow it with"
                                + " fetch.allow.hosts");
        assertThatThrownBy(() -> policy.resolve("localhost", 443, resolver))
                .hasMessage("localhost is a loopback host name; allow it with fetch.allow.hosts");
        assertThatThrownBy(() -> policy.resolve("metadata.google.internal", 443, resolver))
                .hasMessageEndingWith("; allow it with fetch.allow.hosts (by name)");
        assertThatThrownBy(() -> policy.resolve("0x7f.1", 443, resolver))
                .hasMessageNotContaining("fetch.allow.hosts");
    }

    @Test
    void shouldRejectMalformedAllowListEntry() {
        // When / Then
        assertThatThrownBy(() -> new AddressPolicy(List.of("10.0.0.0/99")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("fetch.allow.hosts");
    }

    @Test
    void shouldAllowAnEntryWithoutAPortOnTheDefaultPortsOnly() throws Exception {
        // Given an internal host listed without a port
        resolver.answer("cdn.corp", "10.0.0.5");
        AddressPolicy policy = new AddressPolicy(List.of("cdn.corp"));

        // When / Then http's and https's default ports are allowed, another port is refused
        assertThat(policy.resolve("cdn.corp", 80, resolver)).hasSize(1);
        assertThat(policy.resolve("cdn.corp", 443, resolver)).hasSize(1);
        assertThatThrownBy(() -> policy.resolve("cdn.corp", 6379, resolver))
                .isInstanceOf(BlockedAddressException.class)
                .hasMessage(
                        "cdn.corp resolves to 10.0.0.5: refused, private; allow it with"
                                + " fetch.allow.hosts as cdn.corp:6379 (an entry without a port"
                                + " allows ports 80 and 443 only)");
        assertThatThrownBy(() -> policy.resolve("10.0.0.5", 8080, resolver))
                .hasMessageContaining("as 10.0.0.5:8080");
    }

    @Test
    void shouldAllowAnEntryWithAPortOnThatPortOnly() throws Exception {
        // Given a name, an IPv4 range and an IPv6 address listed with ports, and 10.9.0.0/16 on any
        resolver.answer("cdn.corp", "10.0.0.5").answer("db.corp", "10.9.0.1");
        AddressPolicy policy =
                new AddressPolicy(
                        List.of(
                                "cdn.corp:8080",
                                "10.20.0.0/16:9000",
                                "[fd12::5]:81",
                                "10.9.0.0/16:*"));

        // When / Then each is allowed on its port and refused on the others
        assertThat(policy.resolve("cdn.corp", 8080, resolver)).hasSize(1);
        assertThat(policy.resolve("10.0.0.5", 8080, resolver)).hasSize(1);
        assertThatThrownBy(() -> policy.resolve("cdn.corp", 80, resolver))
                .isInstanceOf(BlockedAddressException.class);
        assertThat(policy.resolve("10.20.3.4", 9000, resolver)).hasSize(1);
        assertThatThrownBy(() -> policy.resolve("10.20.3.4", 443, resolver))
                .isInstanceOf(BlockedAddressException.class);
        assertThat(policy.resolve("[fd12::5]", 81, resolver)).hasSize(1);
        assertThatThrownBy(() -> policy.resolve("[fd12::5]", 80, resolver))
                .isInstanceOf(BlockedAddressException.class)
                .hasMessageContaining("as [fd12::5]:80");
        assertThat(policy.resolve("db.corp", 22, resolver)).hasSize(1);
        assertThat(policy.resolve("db.corp", 65535, resolver)).hasSize(1);
    }

    @Test
    void shouldMatchOnlyAnyPortEntriesWhenThePortIsUnknown() throws Exception {
        // Given
        resolver.answer("cdn.corp", "10.0.0.5");
        AddressPolicy hostOnly = new AddressPolicy(List.of("cdn.corp"));
        AddressPolicy anyPort = new AddressPolicy(List.of("cdn.corp:*"));

        // When / Then
        assertThatThrownBy(() -> hostOnly.resolve("cdn.corp", 0, resolver))
                .isInstanceOf(BlockedAddressException.class);
        assertThat(anyPort.resolve("cdn.corp", 0, resolver)).hasSize(1);
    }

    @Test
    void shouldLeavePublicAddressesOpenOnEveryPort() throws Exception {
        // Given a public host and an allow-list that names another host's port
        resolver.answer("images.example", "93.184.216.34");
        AddressPolicy policy = new AddressPolicy(List.of("cdn.corp:8080"));

        // When / Then ports are restricted only where an entry lifts the block
        assertThat(policy.resolve("images.example", 8443, resolver)).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "cdn.corp:0",
                "cdn.corp:65536",
                "cdn.corp:http",
                "cdn.corp:",
                "[::1",
                "[::1]8080",
                ":8080"
            })
    void shouldRejectAnEntryWithABadPortOrBracket(String entry) {
        // When / Then
        assertThatThrownBy(() -> new AddressPolicy(List.of(entry)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("setting 'fetch.allow.hosts' has an invalid")
                .hasMessageEndingWith("'" + entry + "'");
    }

    @Test
    void shouldMatchCidrPrefixesBitByBit() {
        // Given
        CidrRange range = CidrRange.parse("100.64.0.0/10");

        // When / Then
        assertThat(range.contains(new byte[] {100, 64, 0, 0})).isTrue();
        assertThat(range.contains(new byte[] {100, 127, (byte) 255, (byte) 255})).isTrue();
        assertThat(range.contains(new byte[] {100, (byte) 128, 0, 0})).isFalse();
        assertThat(range.contains(new byte[] {100, 63, (byte) 255, (byte) 255})).isFalse();
        assertThat(range.contains(new byte[16])).isFalse();
    }
}
