package dev.portex.cli;

import dev.portex.harness.Scenario;
import java.util.List;

/** Lets tests outside this package see what a command line would run. */
public final class CliOptionsAccess {
    private CliOptionsAccess() {
    }

    public static String clientOf(String... args) {
        return CliOptions.parse(args).client();
    }

    public static List<String> compareClients(String... args) {
        return Portex.compareScenarios(CliOptions.parse(args)).stream().map(Scenario::client).toList();
    }
}
