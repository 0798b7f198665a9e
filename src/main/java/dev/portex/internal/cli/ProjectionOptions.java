package dev.portex.internal.cli;

import dev.portex.budget.Projection;
import dev.portex.model.PortRange;
import dev.portex.model.ScenarioResult;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --project-rate} and {@code --project-range}: the run's connections per document, projected to production. */
final class ProjectionOptions {
    @Option(names = "--project-rate", paramLabel = "R", converter = Converters.ProjectRate.class,
            description = "project the run's measured connections per document to R documents per second in production: "
                    + "when does the range run out, or does it hold (in the summary and the JSON's projection)")
    Double rate;

    @Option(names = "--project-range", paramLabel = "LOW-HIGH", converter = Converters.Range.class,
            description = "the production ephemeral range for --project-rate (default: 32768-60999, Linux's)")
    PortRange range;

    /** @throws UsageException for a range without a rate, before anything starts */
    void check() {
        if (range != null && rate == null) {
            throw new UsageException("--project-range " + range + " needs a rate to project to: add --project-rate, e.g. "
                    + "--project-rate 800");
        }
    }

    /** The projection of {@code result}, if one was asked for. */
    Optional<Projection> of(ScenarioResult result) {
        return rate == null ? Optional.empty()
                : Optional.of(Projection.of(result, rate, range != null ? range : PortRange.LINUX_DEFAULT));
    }
}
