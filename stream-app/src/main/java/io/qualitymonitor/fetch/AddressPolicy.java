package io.qualitymonitor.fetch;

import io.qualitymonitor.config.FetchConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides which addresses a fetch may connect to: resolves a host once and refuses it when any
 * address is in a {@link BlockedAddresses} class, unless {@code fetch.allow.hosts} allows it. Names
 * and addresses allow each other: a name entry allows that host by name and any address it resolves
 * to at check time; an address or range entry allows those addresses, whatever name resolves to
 * them ({@code localhost} included). When entries allow some of a host's addresses, the connection
 * uses only the allowed and public ones. Metadata and (unless an entry allows their addresses)
 * {@code localhost} names are refused by name, and numeric hosts in any form other than a canonical
 * dotted quad ({@code 2130706433}, {@code 0177.0.0.1}, {@code 0x7f.1}) are refused without lookup,
 * because C resolvers read them as addresses while the JDK reads some of them differently. An entry
 * applies only on its ports ({@link AllowEntry}: 80 and 443 unless it names one, or {@code *});
 * public addresses are allowed on any port. Refusals that the allow-list can lift say so.
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

    /** What a refusal that the allow-list can lift ends with. */
    static final String HINT = "; allow it with " + FetchConfig.ALLOW_HOSTS;

    private final List<AllowEntry> entries = new ArrayList<>();

    /**
     * Creates the policy; each entry of {@code allowedHosts} is a host name, a {@code *.suffix}
     * pattern, an IP address or a CIDR range, with an optional {@code :port} (see {@link
     * AllowEntry}).
     */
    AddressPolicy(List<String> allowedHosts) {
        for (String entry : allowedHosts) {
            entries.add(AllowEntry.parse(entry));
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
     * Returns the addresses of {@code rawHost} that a connection to {@code port} may use, or throws
     * {@link BlockedAddressException} when the host or its addresses are refused there. Entries
     * apply only on the ports they allow; 0 (port unknown) matches only {@code host:*} entries.
     */
    InetAddress[] resolve(String rawHost, int port, HostResolver resolver)
            throws UnknownHostException {
        String host = normalize(rawHost);
        if (host.isEmpty()) {
            throw new UnknownHostException("empty host name");
        }
        if (isNameAllowed(host, port)) {
            return resolver.resolve(host);
        }
        if (METADATA_NAMES.contains(host)) {
            throw new BlockedAddressException(
                    host + " is a cloud metadata host name" + HINT + " (by name)");
        }
        if (host.equals("localhost") || host.endsWith(".localhost")) {
            return loopbackName(host, port, resolver);
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
        return usable(host, port, addresses, resolver);
    }

    /**
     * Returns the addresses of a {@code localhost} name that allow-list entries allow; without
     * entries that could, refuses the name without a lookup.
     */
    private InetAddress[] loopbackName(String host, int port, HostResolver resolver)
            throws UnknownHostException {
        String refusal = host + " is a loopback host name" + HINT;
        if (entries.stream().allMatch(AllowEntry::isPattern)) {
            throw new BlockedAddressException(refusal);
        }
        List<InetAddress> allowed = new ArrayList<>();
        boolean otherPort = false;
        for (InetAddress address : resolver.resolve(host)) {
            if (isAllowedByEntry(address, port, resolver)) {
                allowed.add(address);
            } else if (someEntryRefusesPort(port)
                    && isAllowedByEntry(address, AllowEntry.ANY_PORT, resolver)) {
                otherPort = true;
            }
        }
        if (allowed.isEmpty()) {
            throw new BlockedAddressException(refusal + (otherPort ? portHint(host, port) : ""));
        }
        return allowed.toArray(InetAddress[]::new);
    }

    /**
     * Returns the addresses a connection to {@code host} may use: all of them when none is refused;
     * when entries allow some refused ones, the allowed and public ones; otherwise throws.
     */
    private InetAddress[] usable(
            String host, int port, InetAddress[] addresses, HostResolver resolver)
            throws BlockedAddressException {
        List<InetAddress> usable = new ArrayList<>();
        String refusal = null;
        boolean entryAllowed = false;
        for (InetAddress address : addresses) {
            Optional<String> refused = BlockedAddresses.classify(address);
            if (refused.isEmpty()) {
                usable.add(address);
            } else if (isAllowedByEntry(address, port, resolver)) {
                usable.add(address);
                entryAllowed = true;
            } else if (refusal == null) {
                String addr = address.getHostAddress();
                String what = host.equals(addr) ? addr : host + " resolves to " + addr;
                refusal = what + ": refused, " + refused.get() + HINT;
                if (someEntryRefusesPort(port)
                        && (isNameAllowed(host, AllowEntry.ANY_PORT)
                                || isAllowedByEntry(address, AllowEntry.ANY_PORT, resolver))) {
                    refusal += portHint(host, port);
                }
            }
        }
        if (refusal != null && !entryAllowed) {
            throw new BlockedAddressException(refusal);
        }
        return usable.toArray(InetAddress[]::new);
    }

    /**
     * Returns whether an entry allows {@code address} on {@code port}: a range that contains it, or
     * an exact name that resolves to it now (a name that cannot be resolved allows nothing).
     */
    private boolean isAllowedByEntry(InetAddress address, int port, HostResolver resolver) {
        for (AllowEntry entry : entries) {
            if (!entry.allowsPort(port) || entry.isPattern()) {
                continue;
            }
            if (entry.range() != null) {
                if (entry.range().contains(address)) {
                    return true;
                }
                continue;
            }
            try {
                for (InetAddress a : resolver.resolve(entry.name())) {
                    if (Arrays.equals(a.getAddress(), address.getAddress())) {
                        return true;
                    }
                }
            } catch (UnknownHostException e) {
                // An entry that does not resolve now allows no address; the others may.
            }
        }
        return false;
    }

    private boolean isNameAllowed(String host, int port) {
        return entries.stream().anyMatch(e -> e.allowsPort(port) && e.matchesName(host));
    }

    /** Returns whether some entry does not apply on {@code port} (only then is a hint due). */
    private boolean someEntryRefusesPort(int port) {
        return entries.stream().anyMatch(e -> !e.allowsPort(port));
    }

    /** Says how to allow a host that an entry allows on other ports only. */
    private static String portHint(String host, int port) {
        String hostPort = (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        return " as " + hostPort + " (an entry without a port allows ports 80 and 443 only)";
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
