/**
 * The embedded stack for {@code demo} and the integration tests: a real KRaft Kafka broker in this
 * JVM and a real Schema Registry (Apicurio, Confluent-compatible API) as a child process. Depends
 * only on {@code config}.
 */
package io.qualitymonitor.embedded;
