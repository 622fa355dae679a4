package io.qualitymonitor.cli;

import picocli.CommandLine.IVersionProvider;

/** Returns the version from the jar manifest (or "dev" when run from classes). */
public final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = VersionProvider.class.getPackage().getImplementationVersion();
        return new String[] {"quality-monitor " + (v == null ? "dev" : v)};
    }
}
