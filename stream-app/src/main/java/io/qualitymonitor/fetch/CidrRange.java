package io.qualitymonitor.fetch;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * Returns an IPv4 or IPv6 address range in CIDR notation ({@code 10.0.0.0/8}, {@code fc00::/7}) and
 * tests membership byte by byte.
 */
record CidrRange(byte[] network, int prefixBits) {

    CidrRange {
        network = network.clone();
        if (prefixBits < 0 || prefixBits > network.length * 8) {
            throw new IllegalArgumentException("prefix /" + prefixBits + " out of range");
        }
    }

    /**
     * Returns the range written as {@code address/bits}, or a single address as a full-length
     * range. Only numeric literals are accepted, so parsing never triggers a DNS lookup.
     */
    static CidrRange parse(String text) {
        String s = text.trim();
        int slash = s.indexOf('/');
        String addressText = slash < 0 ? s : s.substring(0, slash);
        byte[] bytes = parseLiteral(addressText);
        int bits = slash < 0 ? bytes.length * 8 : Integer.parseInt(s.substring(slash + 1));
        return new CidrRange(bytes, bits);
    }

    /** Returns true when {@code address} has the same family and the same leading bits. */
    boolean contains(InetAddress address) {
        return contains(address.getAddress());
    }

    /** Returns true when the raw address bytes have the same family and the same leading bits. */
    boolean contains(byte[] address) {
        if (address.length != network.length) {
            return false;
        }
        int full = prefixBits / 8;
        for (int i = 0; i < full; i++) {
            if (address[i] != network[i]) {
                return false;
            }
        }
        int rest = prefixBits % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (address[full] & mask) == (network[full] & mask);
    }

    private static byte[] parseLiteral(String text) {
        boolean ipv6 = text.indexOf(':') >= 0;
        if (!ipv6 && !AddressPolicy.isCanonicalIpv4(text)) {
            throw new IllegalArgumentException("not an IP address literal: '" + text + "'");
        }
        try {
            // A literal with ':' or a canonical dotted quad is parsed without any lookup.
            return InetAddress.getByName(ipv6 ? strip(text) : text).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address literal: '" + text + "'", e);
        }
    }

    private static String strip(String text) {
        return text.startsWith("[") && text.endsWith("]")
                ? text.substring(1, text.length() - 1)
                : text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CidrRange other
                && prefixBits == other.prefixBits
                && Arrays.equals(network, other.network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefixBits;
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefixBits;
        } catch (UnknownHostException e) {
            return Arrays.toString(network) + "/" + prefixBits;
        }
    }
}
