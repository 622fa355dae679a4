package io.qualitymonitor.tools.produce;

import io.qualitymonitor.app.StartupChecks;
import io.qualitymonitor.app.StartupException;
import io.qualitymonitor.app.Wiring;
import io.qualitymonitor.config.AppConfig;
import io.qualitymonitor.schemas.ImageUpload;
import io.qualitymonitor.serde.PublishedSchema;
import io.qualitymonitor.serde.RegistryException;
import io.qualitymonitor.serde.SchemaRegistryClient;
import io.qualitymonitor.serde.SubjectNameStrategy;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.avro.Schema;

/**
 * Sends {@code ImageUpload} records to an upload topic in the Confluent wire format, from files,
 * folders, URLs and upload lists ({@link UploadInputs}): reads and checks every input first, checks
 * that the broker, the registry, the topic and the schema are there (registering the schema when
 * asked), then sends at the requested rate and waits for the acknowledgements.
 *
 * <p>{@link #run} blocks on the caller's thread; {@link #stop()} (e.g. from a shutdown hook) makes
 * it stop sending, wait for what was sent and return.
 */
public final class ProduceService {
    private static final long STOP_WAIT_SECONDS = 60;

    /** Receives what {@link #run} is doing, for a progress display. */
    public interface Progress {
        /** Called once the inputs are read and every check passed. */
        void planned(long uploads, String topic, int schemaId);

        /**
         * Called with a one-line warning, e.g. files that {@code run} will not be allowed to read.
         */
        void warning(String message);

        /** Called after each upload handed to the producer, with the number sent so far. */
        void sent(long uploads);
    }

    /**
     * Returns what was sent.
     *
     * @param uploads how many uploads the inputs held
     * @param sent how many were handed to the producer (fewer when stopped)
     * @param acknowledged how many the broker acknowledged
     * @param failed how many could not be delivered
     * @param firstError the first delivery error, or null
     * @param stopped whether {@link #stop()} ended the run early
     */
    public record Summary(
            String topic,
            long uploads,
            long sent,
            long acknowledged,
            long failed,
            String firstError,
            double seconds,
            boolean stopped) {

        /** Returns the one line that sums the run up. */
        public String describe() {
            return String.format(
                    Locale.ROOT,
                    "produced %d of %d uploads to '%s' in %.1f s: %d acknowledged, %d failed%s",
                    sent,
                    uploads,
                    topic,
                    seconds,
                    acknowledged,
                    failed,
                    stopped ? " (stopped)" : "");
        }
    }

    private final AppConfig config;
    private final ProduceOptions options;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);

    /** Creates the service; nothing connects before {@link #run}. */
    public ProduceService(AppConfig config, ProduceOptions options) {
        this.config = config;
        this.options = options;
    }

    /**
     * Sends the uploads of {@code inputs} and returns what happened to them.
     *
     * @throws UploadInputException when an input is missing or malformed (nothing is sent)
     * @throws StartupException when the broker, the registry, the topic or the schema is missing
     */
    public Summary run(List<String> inputs, Progress progress) throws InterruptedException {
        try {
            List<UploadDraft> drafts =
                    new UploadInputs(options.idPrefix(), options.labels()).read(inputs);
            String warning = FileRoots.warning(config, drafts);
            if (warning != null) {
                progress.warning(warning);
            }
            String topic =
                    options.topic() != null ? options.topic() : config.topics().uploads().get(0);
            Properties clientProps = config.kafka().clientProperties();
            StartupChecks.checkBroker(clientProps, options.startupTimeout());
            try (Wiring wiring = new Wiring(config)) {
                StartupChecks.checkRegistry(wiring.registry());
                StartupChecks.checkTopicsExist(
                        clientProps,
                        List.of(topic),
                        options.startupTimeout(),
                        "create it first, e.g. with run --create-topics or stack --create-topics,"
                                + " or name another with --topic");
                progress.planned(drafts.size(), topic, schemaId(wiring.registry(), topic));
                return send(wiring, topic, drafts, progress);
            }
        } finally {
            finished.countDown();
        }
    }

    /** Asks a running {@link #run} to stop sending and waits (bounded) until it has returned. */
    public void stop() {
        stopping.set(true);
        try {
            finished.await(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Summary send(Wiring wiring, String topic, List<UploadDraft> drafts, Progress progress)
            throws InterruptedException {
        long t0 = System.nanoTime();
        Iterator<UploadDraft> next = drafts.iterator();
        Iterator<ImageUpload> uploads =
                new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return next.hasNext();
                    }

                    @Override
                    public ImageUpload next() {
                        return next.next().toUpload(Instant.now());
                    }
                };
        try (UploadSender sender =
                new UploadSender(
                        config.kafka().clientProperties(),
                        wiring.uploadSerde().serializer(),
                        topic,
                        options.ratePerSecond())) {
            long sent = sender.send(uploads, stopping::get, progress::sent);
            sender.flush();
            return new Summary(
                    topic,
                    drafts.size(),
                    sent,
                    sender.acknowledged(),
                    sender.failed(),
                    sender.firstError(),
                    (System.nanoTime() - t0) / 1e9,
                    sent < drafts.size());
        }
    }

    /**
     * Returns the id of the {@code ImageUpload} schema under the topic's subject, registering it
     * when asked; the serializer then finds it in the client's cache.
     */
    private int schemaId(SchemaRegistryClient registry, String topic) {
        String subject =
                SubjectNameStrategy.fromConfig(config.registry().subjectNameStrategy())
                        .subject(topic, ImageUpload.getClassSchema(), false);
        // the published .avsc's form, which the serializer writes with (the generated class's
        // schema carries avro.java.string and would be a second version)
        Schema published = PublishedSchema.of(ImageUpload.getClassSchema());
        try {
            return options.registerSchema()
                    ? registry.register(subject, published)
                    : registry.lookupId(subject, published);
        } catch (RegistryException e) {
            if (e.isNotFound()) {
                throw new StartupException(
                        "the ImageUpload schema is not registered under subject '"
                                + subject
                                + "' at "
                                + registry.baseUrl()
                                + "; pass --register-schema, or start run --create-topics first",
                        e);
            }
            throw new StartupException(
                    "cannot "
                            + (options.registerSchema() ? "register" : "look up")
                            + " the ImageUpload schema under subject '"
                            + subject
                            + "': "
                            + e.getMessage(),
                    e);
        }
    }

    /** Says which local files {@code run} may not read, and which setting lets it. */
    static final class FileRoots {
        private FileRoots() {}

        /** Returns a one-line warning about files outside {@code fetch.file.roots}, or null. */
        static String warning(AppConfig config, List<UploadDraft> drafts) {
            List<Path> roots = config.fetch().fileRoots();
            List<Path> outside =
                    drafts.stream()
                            .filter(d -> d.uri().startsWith("file:"))
                            .map(d -> Path.of(URI.create(d.uri())))
                            .filter(p -> roots.stream().noneMatch(p::startsWith))
                            .toList();
            if (outside.isEmpty()) {
                return null;
            }
            List<String> folders =
                    outside.stream().map(p -> p.getParent().toString()).distinct().toList();
            String suggested =
                    config.raw().getString("fetch.file.roots", "samples")
                            + ","
                            + (folders.size() <= 3
                                    ? String.join(",", folders)
                                    : commonFolder(outside));
            return outside.size()
                    + " of "
                    + drafts.size()
                    + " uploads are files outside fetch.file.roots "
                    + roots
                    + ": run dead-letters them (BLOCKED_ADDRESS) unless its settings allow their"
                    + " folders, e.g. fetch.file.roots="
                    + suggested;
        }

        private static String commonFolder(List<Path> files) {
            Path common = files.get(0).getParent();
            for (Path p : files) {
                while (!p.startsWith(common)) {
                    common = common.getParent();
                }
            }
            return common.toString();
        }
    }
}
