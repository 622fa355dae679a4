package io.qualitymonitor.fetch;

import io.qualitymonitor.config.ConfigException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides which addresses a fetch may connect to: resolves a host once and refuses it when any
 * address is in a {@link BlockedAddresses} class, unless {@code fetch.allow.hosts} names the host
 * or a range containing the address. Metadata and {@code localhost} names are refused by name, and
 * numeric hosts in any form other than a canonical dotted quad ({@code 2130706433}, {@code
 * 0177.0.0.1}, {@code 0x7f.1}) are refused without lookup, because C resolvers read them as
 * addresses while the JDK reads some of them differently.
 */
final class AddressPolicy {

    private static final Set<String> METADATA_NAMES =
            Set.of(
                    "metadata",
                    "metadata.google.internal",
                    "metadata.goog",
                    "metadata.azure.internal",
                    "instance-data",
                    "instance-data.ec2.internal");

    private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
    private static final Pattern CANONICAL_IPV4 =
            Pattern.compile(OCTET + "\\." + OCTET + "\\." + OCTET + "\\." + OCTET);
    // inet_aton(3) grammar: 1 to 4 parts, each decimal, octal (leading 0) or hex (0x).
    private static final Pattern NUMERIC_HOST =
            Pattern.compile(
                    "(0x[0-9a-f]*|[0-9]+)(\\.(0x[0-9a-f]*|[0-9]+)){0,3}\\.?",
                    Pattern.CASE_INSENSITIVE);

    private final List<CidrRange> allowedRanges = new ArrayList<>();
    private final List<String> allowedNames = new ArrayList<>();

    /**
     * Creates the policy; each entry of {@code allowedHosts} is a host name, a {@code *.suffix}
     * pattern, an IP address or a CIDR range.
     */
    AddressPolicy(List<String> allowedHosts) {
        for (String entry : allowedHosts) {
            String e = entry.trim().toLowerCase(Locale.ROOT);
            if (e.contains("/") || e.contains(":") || isCanonicalIpv4(e)) {
                try {
                    allowedRanges.add(CidrRange.parse(e));
                } catch (IllegalArgumentException ex) {
                    throw new ConfigException(
                            "setting 'fetch.allow.hosts' has an invalid address or range '"
                                    + entry
                                    + "'");
                }
            } else {
                allowedNames.add(normalize(e));
            }
        }
    }

    /** Returns true for a canonical dotted-quad IPv4 literal such as {@code 192.0.2.1}. */
    static boolean isCanonicalIpv4(String host) {
        return CANONICAL_IPV4.matcher(host).matches();
    }

    /** Returns true for any host a C resolver would read as a numeric IPv4 address. */
    static boolean isNumericHost(String host) {
        return NUMERIC_HOST.matcher(host).matches();
    }

    /**
     * Returns the addresses of {@code rawHost} that a connection may use, or throws {@link
     * BlockedAddressException} when the host or any of its addresses is refused.
     */
    InetAddress[] resolve(String rawHost, HostResolver resolver) throws UnknownHostException {
        String host = normalize(rawHost);
        if (host.isEmpty()) {
            throw new UnknownHostException("empty host name");
        }
        if (isNameAllowed(host)) {
            return resolver.resolve(host);
        }
        if (METADATA_NAMES.contains(host)) {
            throw new BlockedAddressException(host + " is a cloud metadata host name");
        }
        if (host.equals("localhost") || host.endsWith(".localhost")) {
            throw new BlockedAddressException(host + " is a loopback host name");
        }
        InetAddress[] addresses;
        if (host.indexOf(':') >= 0 || isCanonicalIpv4(host)) {
            // Literals are parsed, not looked up.
            addresses = new InetAddress[] {InetAddress.getByName(host)};
        } else if (isNumericHost(host)) {
            throw new BlockedAddressException(host + " is a non-canonical numeric IP address");
        } else {
            addresses = resolver.resolve(host);
        }
        for (InetAddress address : addresses) {
            check(host, address);
        }
        return addresses;
    }

    /** Throws when {@code address} is in a refused class and no allowed range contains it. */
    void check(String host, InetAddress address) throws BlockedAddressException {
        Optional<String> refused = BlockedAddresses.classify(address);
        if (refused.isPresent() && allowedRanges.stream().noneMatch(r -> r.contains(address))) {
            String addr = address.getHostAddress();
            String what = host.equals(addr) ? addr : host + " resolves to " + addr;
            throw new BlockedAddressException(what + ": refused, " + refused.get());
        }
    }

    private boolean isNameAllowed(String host) {
        for (String name : allowedNames) {
            if (name.startsWith("*.") ? host.endsWith(name.substring(1)) : host.equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** Returns the host lower-cased, without IPv6 brackets or a trailing root dot. */
    static String normalize(String rawHost) {
        String h = rawHost.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        while (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h;
    }
}
