package io.qualitymonitor.fetch;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Returns every address a host name resolves to; production uses {@link
 * InetAddress#getAllByName(String)}, tests substitute a fixed table so that no real lookup happens.
 */
@FunctionalInterface
interface HostResolver {

    /** Returns all addresses of {@code host}, or throws when it cannot be resolved. */
    InetAddress[] resolve(String host) throws UnknownHostException;
}
