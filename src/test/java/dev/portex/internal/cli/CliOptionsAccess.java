package dev.portex.internal.cli;

import dev.portex.model.ClientKind;
import dev.portex.model.Scenario;
import java.util.List;
import picocli.CommandLine;

/** Lets tests outside this package see what a command line would run, without running it. */
public final class CliOptionsAccess {
    private CliOptionsAccess() {
    }

    private static CommandLine.ParseResult parse(String... args) {
        return Portex.commandLine(System.out).parseArgs(args);
    }

    /** The client `./portex run ARGS` would run. */
    public static ClientKind clientOf(String... args) {
        return parse(args).subcommand().matchedOptionValue("--client", null);
    }

    /** The clients `./portex compare ARGS` would run, in order. */
    public static List<ClientKind> compareClients(String... args) {
        Portex.Compare compare = (Portex.Compare) parse(args).subcommand().commandSpec().userObject();
        return compare.scenarios().stream().map(Scenario::client).toList();
    }
}
