/**
 * The safe fetcher for image references that come from strangers: scheme allow-list, {@code file:}
 * confinement to configured roots, private/loopback/link-local/metadata addresses refused after DNS
 * resolution and on every redirect, caps on bytes, redirects and time, retries with backoff for
 * transient failures, and bounded concurrency. Returns bytes or a failure with a dead-letter reason
 * code; it does not decode images. May depend on {@code config} and the Apache HttpClient 5
 * library.
 */
package io.qualitymonitor.fetch;
