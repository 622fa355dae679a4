/**
 * {@code stack}: the embedded broker and registry run on fixed ports for other processes, with the
 * properties file that points {@code run} and {@code produce} at them.
 */
package io.qualitymonitor.tools.stack;
