package io.qualitymonitor.fetch;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link HostResolver} that answers from a script instead of DNS and records every lookup; each
 * host can get a sequence of answers (the last one repeats), which is how tests play DNS rebinding.
 */
final class ScriptedResolver implements HostResolver {

    private final Map<String, List<InetAddress[]>> answers = new HashMap<>();
    private final List<String> lookups = new CopyOnWriteArrayList<>();

    /** Adds the next answer for {@code host}: the given IP literals. */
    ScriptedResolver answer(String host, String... ips) {
        InetAddress[] addresses = new InetAddress[ips.length];
        for (int i = 0; i < ips.length; i++) {
            try {
                addresses[i] = InetAddress.getByName(ips[i]); // literals only: no lookup
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(ips[i], e);
            }
        }
        answers.computeIfAbsent(host, h -> new ArrayList<>()).add(addresses);
        return this;
    }

    @Override
    public synchronized InetAddress[] resolve(String host) throws UnknownHostException {
        lookups.add(host);
        List<InetAddress[]> script = answers.get(host);
        if (script == null) {
            throw new UnknownHostException(host + " (not in the test script)");
        }
        long done = lookups.stream().filter(host::equals).count();
        return script.get((int) Math.min(done, script.size()) - 1).clone();
    }

    List<String> lookups() {
        return List.copyOf(lookups);
    }
}
