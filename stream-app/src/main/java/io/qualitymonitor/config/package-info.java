/**
 * Typed, immutable configuration records and the one loader that builds them (defaults &lt; file
 * &lt; {@code QM_*} environment &lt; command-line flags). Depends on nothing else in the project;
 * no other package reads files, system properties or the environment for settings.
 */
package io.qualitymonitor.config;
