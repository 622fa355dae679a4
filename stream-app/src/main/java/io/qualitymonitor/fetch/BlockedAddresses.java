package io.qualitymonitor.fetch;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Returns the class of a refused address (loopback, private, link-local, metadata, ...) or empty
 * for a public unicast address. IPv6 forms that embed an IPv4 address (mapped, NAT64, 6to4) are
 * judged by the embedded address.
 */
final class BlockedAddresses {

    private static final Map<CidrRange, String> IPV4 = new LinkedHashMap<>();
    private static final Map<CidrRange, String> IPV6 = new LinkedHashMap<>();

    static {
        ipv4("0.0.0.0/8", "unspecified / this network");
        ipv4("10.0.0.0/8", "private");
        ipv4("100.64.0.0/10", "carrier-grade NAT (incl. 100.100.100.200 metadata)");
        ipv4("127.0.0.0/8", "loopback");
        ipv4("169.254.0.0/16", "link-local (incl. 169.254.169.254 metadata)");
        ipv4("172.16.0.0/12", "private");
        ipv4("192.0.0.0/24", "IETF protocol assignments (incl. 192.0.0.192 metadata)");
        ipv4("192.0.2.0/24", "documentation");
        ipv4("192.88.99.0/24", "6to4 relay anycast");
        ipv4("192.168.0.0/16", "private");
        ipv4("198.18.0.0/15", "benchmarking");
        ipv4("198.51.100.0/24", "documentation");
        ipv4("203.0.113.0/24", "documentation");
        ipv4("224.0.0.0/4", "multicast");
        ipv4("240.0.0.0/4", "reserved / broadcast");
        ipv6("::/128", "unspecified");
        ipv6("::1/128", "loopback");
        ipv6("::/96", "IPv4-compatible IPv6");
        ipv6("100::/64", "discard-only");
        ipv6("64:ff9b:1::/48", "local-use NAT64");
        ipv6("2001::/32", "Teredo");
        ipv6("2001:db8::/32", "documentation");
        ipv6("fc00::/7", "unique-local (incl. fd00:ec2::254 metadata)");
        ipv6("fe80::/10", "link-local");
        ipv6("fec0::/10", "site-local");
        ipv6("ff00::/8", "multicast");
    }

    // Built from bytes: the JDK turns any ::ffff:a.b.c.d literal into a 4-byte address.
    private static final CidrRange MAPPED =
            new CidrRange(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, 0, 0, 0, 0}, 96);
    private static final CidrRange NAT64 = CidrRange.parse("64:ff9b::/96");
    private static final CidrRange SIX_TO_FOUR = CidrRange.parse("2002::/16");

    private BlockedAddresses() {}

    /** Returns the refused class of {@code address}, or empty when it is a public address. */
    static Optional<String> classify(InetAddress address) {
        return classify(address.getAddress());
    }

    private static Optional<String> classify(byte[] bytes) {
        Map<CidrRange, String> table = bytes.length == 4 ? IPV4 : IPV6;
        for (Map.Entry<CidrRange, String> e : table.entrySet()) {
            if (e.getKey().contains(bytes)) {
                return Optional.of(e.getValue());
            }
        }
        if (bytes.length == 16) {
            return embeddedIpv4(bytes);
        }
        return Optional.empty();
    }

    private static Optional<String> embeddedIpv4(byte[] bytes) {
        String form;
        byte[] v4;
        if (MAPPED.contains(bytes)) {
            form = "IPv4-mapped";
            v4 = Arrays.copyOfRange(bytes, 12, 16);
        } else if (NAT64.contains(bytes)) {
            form = "NAT64";
            v4 = Arrays.copyOfRange(bytes, 12, 16);
        } else if (SIX_TO_FOUR.contains(bytes)) {
            form = "6to4";
            v4 = Arrays.copyOfRange(bytes, 2, 6);
        } else {
            return Optional.empty();
        }
        return classify(v4).map(c -> form + " " + c);
    }

    private static void ipv4(String cidr, String label) {
        IPV4.put(CidrRange.parse(cidr), label);
    }

    private static void ipv6(String cidr, String label) {
        IPV6.put(CidrRange.parse(cidr), label);
    }
}
