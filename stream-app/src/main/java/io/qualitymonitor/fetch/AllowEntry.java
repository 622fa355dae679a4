package io.qualitymonitor.fetch;

import io.qualitymonitor.config.ConfigException;
import io.qualitymonitor.config.FetchConfig;
import java.util.Locale;

/**
 * Returns one entry of {@code fetch.allow.hosts}: a host name, a {@code *.suffix} pattern, an
 * address or a CIDR range, and the ports it allows. Written {@code host:port} (IPv6 in brackets,
 * {@code [fd12::5]:8080}, {@code [fd12::/16]:8080}), it allows that port only; {@code host:*}
 * allows every port; without a port it allows 80 and 443, the default ports of http and https, so
 * that listing an internal image host does not open its other services (databases, admin consoles)
 * to uploaded URLs.
 *
 * @param name the lower-cased host name or {@code *.suffix} pattern, or null for a range
 * @param range the address or range, or null for a name
 * @param port the one port allowed, {@link #DEFAULT_PORTS} or {@link #ANY_PORT}
 */
record AllowEntry(String name, CidrRange range, int port) {

    /** The {@code port} of an entry written without a port: 80 and 443. */
    static final int DEFAULT_PORTS = 0;

    /** The {@code port} of an entry written {@code host:*}; as an argument, "ignore the port". */
    static final int ANY_PORT = -1;

    /** Returns the entry written as {@code text}, or throws {@link ConfigException}. */
    static AllowEntry parse(String text) {
        String e = text.trim().toLowerCase(Locale.ROOT);
        String host = e;
        String portText = null;
        if (e.startsWith("[")) {
            int close = e.indexOf(']');
            if (close < 0 || (close + 1 < e.length() && e.charAt(close + 1) != ':')) {
                throw invalid(text, "address or range");
            }
            host = e.substring(1, close);
            portText = close + 1 < e.length() ? e.substring(close + 2) : null;
        } else if (e.indexOf(':') >= 0 && e.indexOf(':') == e.lastIndexOf(':')) {
            // One colon: host:port. More than one: a bare IPv6 address or range, no port.
            host = e.substring(0, e.indexOf(':'));
            portText = e.substring(e.indexOf(':') + 1);
        }
        int port = portText == null ? DEFAULT_PORTS : parsePort(text, portText);
        if (host.contains("/") || host.contains(":") || AddressPolicy.isCanonicalIpv4(host)) {
            try {
                return new AllowEntry(null, CidrRange.parse(host), port);
            } catch (IllegalArgumentException ex) {
                throw invalid(text, "address or range");
            }
        }
        String name = AddressPolicy.normalize(host);
        if (name.isEmpty()) {
            throw invalid(text, "host");
        }
        return new AllowEntry(name, null, port);
    }

    /**
     * Returns whether this entry allows {@code port}; {@link #ANY_PORT} asks about the host only.
     */
    boolean allowsPort(int port) {
        return switch (this.port) {
            case ANY_PORT -> true;
            case DEFAULT_PORTS -> port == ANY_PORT || port == 80 || port == 443;
            default -> port == ANY_PORT || port == this.port;
        };
    }

    /** Returns whether this is a {@code *.suffix} pattern (which allows no address by itself). */
    boolean isPattern() {
        return name != null && name.startsWith("*.");
    }

    /** Returns whether this name entry matches {@code host}, a normalised host name. */
    boolean matchesName(String host) {
        return name != null && (isPattern() ? host.endsWith(name.substring(1)) : host.equals(name));
    }

    private static int parsePort(String entry, String portText) {
        if (portText.equals("*")) {
            return ANY_PORT;
        }
        try {
            int port = Integer.parseInt(portText);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(entry, "port (1-65535 or *)");
    }

    private static ConfigException invalid(String entry, String what) {
        return new ConfigException(
                "setting '"
                        + FetchConfig.ALLOW_HOSTS
                        + "' has an invalid "
                        + what
                        + " in '"
                        + entry
                        + "'");
    }
}
