package dev.portex.internal.cli;

import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Each command's defaults, by option name. One table: the values parsed, and the values the generated help
 * shows, are the same strings, so they cannot drift apart.
 */
abstract class Defaults implements IDefaultValueProvider {
    /** The example range: 137 ports. */
    static final String DEFAULT_RANGE = "40000-40136";
    /** The incident's own: Linux's default ephemeral range. */
    static final String INCIDENT_RANGE = "32768-60999";

    private final Map<String, String> values;

    Defaults(Map<String, String> overrides) {
        Map<String, String> all = new HashMap<>(Map.of(
                "--docs", "300",
                "--rate", "0",
                "--concurrency", "1",
                "--port-range", DEFAULT_RANGE,
                "--es-client", "pooled",
                "--targets", "1",
                "--max-seconds", "300",
                "--tw-reuse", "0",
                "--mitigation", "none",
                "--repetitions", "3"));
        all.put("--idle-gap", "0");
        all.put("--reuse", "default");
        all.putAll(overrides);
        values = Map.copyOf(all);
    }

    @Override
    public String defaultValue(ArgSpec argSpec) {
        return argSpec instanceof OptionSpec option ? values.get(option.longestName()) : null;
    }

    static final class Run extends Defaults {
        Run() {
            super(Map.of());
        }
    }

    static final class Compare extends Defaults {
        Compare() {
            super(Map.of());
        }
    }

    /** The incident at its own scale; 16 threads keep 800 connections/s while the range is empty. */
    static final class Replay extends Defaults {
        Replay() {
            super(Map.of("--docs", "360000", "--rate", "800", "--concurrency", "16", "--port-range", INCIDENT_RANGE,
                    "--max-seconds", "1200"));
        }
    }

    /** A measurable load. */
    static final class Bench extends Defaults {
        Bench() {
            super(Map.of("--docs", "15000", "--concurrency", "8",
                    "--jit-warm-up", String.valueOf(dev.portex.internal.harness.Bench.DEFAULT_JIT_WARM_UP)));
        }
    }

    /** The incident's arithmetic. */
    static final class Budget extends Defaults {
        Budget() {
            super(Map.of("--docs", "360000", "--rate", "800", "--port-range", INCIDENT_RANGE));
        }
    }
}
