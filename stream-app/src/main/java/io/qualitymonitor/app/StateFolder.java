package io.qualitymonitor.app;

import io.qualitymonitor.config.KafkaConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Returns the folder Kafka Streams keeps its state in ({@code state.dir}) and removes the folders
 * the application made for it once they are empty.
 *
 * <p>With an instance id the folder is stable ({@code <temp>/quality-monitor-state/<id>} unless
 * {@code kafka.state.dir} names one): after a crash the restarted instance finds its process id
 * there, so its transactional ids are the crashed one's and its first transaction fences and aborts
 * the crashed instance's open one at once, instead of waiting out the transaction timeout. Without
 * one, each run gets a fresh temporary folder.
 */
final class StateFolder {
    private final Path path;
    private final List<Path> owned;

    private StateFolder(Path path, List<Path> owned) {
        this.path = path;
        this.owned = owned;
    }

    /** Returns the state folder of {@code kafka}, creating it when it is the application's own. */
    static StateFolder of(KafkaConfig kafka) {
        try {
            if (kafka.passThrough().containsKey("state.dir")) {
                return new StateFolder(kafka.stateDir(), List.of());
            }
            if (kafka.stateDir() == null) {
                Path fresh = Files.createTempDirectory(KafkaConfig.STATE_FOLDER + "-");
                return new StateFolder(fresh, List.of(fresh));
            }
            return ofInstance(kafka.stateDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a state folder", e);
        }
    }

    /**
     * Returns an instance's own folder {@code dir}, created with its parent; both are removed once
     * empty (the parent is shared by the instances on one machine).
     */
    static StateFolder ofInstance(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Path> owned = new ArrayList<>(List.of(dir));
        if (dir.getParent() != null) {
            owned.add(dir.getParent());
        }
        return new StateFolder(dir, owned);
    }

    /** Returns the folder to give Kafka Streams. */
    Path path() {
        return path;
    }

    /**
     * Deletes the application's folder with all it holds: Kafka Streams' own clean-up leaves its
     * lock and process-id files there, which matter only after a crash.
     */
    void deleteApplication(String applicationId) {
        Path app = path.resolve(applicationId);
        if (!Files.isDirectory(app)) {
            return;
        }
        try (Stream<Path> files = Files.walk(app)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            // left for the next run to reuse or for the OS to clear: not worth failing a stop
        }
    }

    /**
     * Deletes the folders made for the state, innermost first, as far as they are empty (another
     * instance's folder beside this one keeps the shared parent).
     */
    void deleteIfEmpty() {
        for (Path p : owned) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                return; // not empty (DirectoryNotEmptyException) or not ours to delete
            }
        }
    }
}
