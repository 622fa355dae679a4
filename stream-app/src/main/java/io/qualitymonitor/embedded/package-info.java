/**
 * The embedded stack for {@code demo} and integration tests: an in-JVM Kafka broker and a real
 * Schema Registry run as a child process; depends only on {@code config}.
 */
package io.qualitymonitor.embedded;
