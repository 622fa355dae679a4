package io.qualitymonitor.fetch;

import java.net.URI;

/** Returns the bytes one successful try read, before attempts and timing are added. */
record FetchedBody(byte[] bytes, String contentType, URI finalUri) {}
