package io.qualitymonitor.cli;

import io.qualitymonitor.config.AppConfig;
import io.qualitymonitor.tools.produce.ProduceOptions;
import io.qualitymonitor.tools.produce.ProduceService;
import io.qualitymonitor.tools.produce.UploadInputException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code produce}: send uploads to the upload topic, without writing code. */
@Command(
        name = "produce",
        mixinStandardHelpOptions = true,
        description = {
            "Send ImageUpload records (Avro, Confluent wire format) to the upload topic: one per"
                    + " image file, per image in a folder (recursive), per http(s) URL, or per row"
                    + " of a .csv or .jsonl upload list (fields id, uri, event_time, sha256, size,"
                    + " mime_type; other CSV columns, or a JSON 'segments' object, are labels).",
            "Everything is read and checked before anything is sent."
        })
public final class ProduceCommand implements Callable<Integer> {
    @Mixin ConfigMixin configMixin;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Mixin SendOptions send;

    @Parameters(arity = "1..*", paramLabel = "INPUT", description = "Files, folders, URLs, lists.")
    List<String> inputs;

    @Override
    public Integer call() throws Exception {
        ProduceOptions options = send.options();
        AppConfig cfg = configMixin.load();
        ProduceService service = new ProduceService(cfg, options);
        PrintWriter err = spec.commandLine().getErr();
        ProduceService.Summary s;
        try (ProduceProgress progress = new ProduceProgress(cfg, err)) {
            // Ctrl-C and SIGTERM stop the sending; what was sent is flushed before the summary
            s =
                    ShutdownHook.around(
                            "produce-shutdown", service::stop, () -> service.run(inputs, progress));
        } catch (UploadInputException e) {
            throw new UserException(e.getMessage(), ExitCodes.CONFIG);
        }
        spec.commandLine().getOut().println(s.describe());
        spec.commandLine().getOut().flush();
        if (s.failed() > 0) {
            err.println("error: " + s.failed() + " uploads not delivered: " + s.firstError());
            return s.acknowledged() == 0 ? ExitCodes.RUNTIME : ExitCodes.PARTIAL_FAILURE;
        }
        return s.stopped() ? ExitCodes.INTERRUPTED : ExitCodes.OK;
    }
}
