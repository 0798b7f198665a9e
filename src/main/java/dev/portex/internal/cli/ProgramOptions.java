package dev.portex.internal.cli;

import dev.portex.model.ClientProgram;
import dev.portex.model.CommandProgram;
import dev.portex.model.ImageProgram;
import dev.portex.model.Scenario;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Your own program as the client: a command line run once per document, or a whole image (run and compare). */
final class ProgramOptions {
    @Option(names = "--client-command", paramLabel = "CMD", order = -2,
            description = "run CMD (sh -c) once per document in the narrowed namespace: the document on stdin, the URL in "
                    + "$PORTEX_TARGET_URL; exit 0 = sent, else its stderr is the error (curl, wget, python3 are there)")
    String command;

    @Option(names = "--client-image", paramLabel = "IMAGE", order = -2,
            description = "run your local image once as the whole load generator in the narrowed namespace, with "
                    + "$PORTEX_TARGET_URL, $PORTEX_DOCS and $PORTEX_RUN_ID in its environment; nothing is pulled")
    String image;

    @Option(names = "--client-args", paramLabel = "ARGS", order = -2,
            description = "with --client-image: the command to run in it instead of its own, split at blanks")
    String imageArgs;

    /** The scenario for the user's program, if one was given; validated like any other. */
    Optional<Scenario> scenario(ScenarioOptions options) {
        if (command != null && image != null) {
            throw new UsageException("--client-command and --client-image each name the whole client: give one of them");
        }
        if (imageArgs != null && image == null) {
            throw new UsageException("--client-args goes with --client-image: name the image it runs in");
        }
        ClientProgram program;
        try {
            if (command != null) {
                program = new CommandProgram(command);
            } else if (image != null) {
                program = new ImageProgram(image, imageArgs == null || imageArgs.isBlank() ? List.of()
                        : List.of(imageArgs.trim().split("\\s+")));
            } else {
                return Optional.empty();
            }
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        return Optional.of(options.scenario(program.kind(), program));
    }
}
