package io.qualitymonitor.app;

import java.time.Duration;

/**
 * Returns how {@code run} starts.
 *
 * @param createTopics create missing topics and register the schemas at start-up (off in
 *     production, where topics and subjects usually belong to their owners)
 * @param startupTimeout how long the start-up checks wait for the broker
 */
public record RunOptions(boolean createTopics, Duration startupTimeout) {}
