package dev.portex.internal.cli;

import dev.portex.model.CliNamed;
import dev.portex.model.ClientKind;
import dev.portex.model.ConnectionReuse;
import dev.portex.model.Durability;
import dev.portex.model.Fault;
import java.util.Iterator;
import dev.portex.model.EsClientMode;
import dev.portex.model.Mitigation;
import dev.portex.model.PortRange;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The command line's value types. Each converter's message completes "--option ...": the problem, and the
 * values that would work, so that the one line the CLI prints names the fix.
 */
final class Converters {
    private Converters() {
    }

    /** A whole number within bounds; subclasses name the bounds. */
    abstract static class Bounded implements ITypeConverter<Integer> {
        private final long min;
        private final long max;

        Bounded(long min, long max) {
            this.min = min;
            this.max = max;
        }

        @Override
        public Integer convert(String value) {
            try {
                long n = Long.parseLong(value.trim());
                if (n >= min && n <= max) {
                    return (int) n;
                }
            } catch (NumberFormatException e) {
                // the message below says what is wanted
            }
            throw new TypeConversionException("must be a whole number from " + min + " to " + max + ", got '" + value + "'");
        }
    }

    static final class Docs extends Bounded {
        Docs() {
            super(1, 10_000_000);
        }
    }

    static final class BehindNat extends Bounded {
        BehindNat() {
            super(1, dev.portex.model.Nat.MAX_BEHIND);
        }
    }

    static final class TargetPort extends Bounded {
        TargetPort() {
            super(1, dev.portex.model.PortRange.MAX_PORT);
        }
    }

    static final class NatIdleSeconds extends Bounded {
        NatIdleSeconds() {
            super(dev.portex.model.Nat.MIN_IDLE_SECONDS, dev.portex.model.Nat.MAX_IDLE_SECONDS);
        }
    }

    static final class Concurrency extends Bounded {
        Concurrency() {
            super(1, 256);
        }
    }

    static final class Targets extends Bounded {
        Targets() {
            super(1, 16);
        }
    }

    static final class MaxSeconds extends Bounded {
        MaxSeconds() {
            super(1, 7200);
        }
    }

    static final class TwReuse extends Bounded {
        TwReuse() {
            super(0, 2);
        }
    }

    /** Milliseconds of idleness: an idle gap, a keep-alive timeout (at most 10 minutes). */
    static final class IdleMillis extends Bounded {
        IdleMillis() {
            super(0, dev.portex.model.Scenario.MAX_IDLE_MS);
        }
    }

    /** Requests of bench's JIT warm-up, 0 for none. */
    static final class JitWarmUpRequests extends Bounded {
        JitWarmUpRequests() {
            super(0, dev.portex.internal.loadgen.JitWarmUp.MAX_REQUESTS);
        }
    }

    static final class Repetitions extends Bounded {
        Repetitions() {
            super(1, 20);
        }
    }

    /** Documents per second, 0 = as fast as possible. */
    static final class Rate implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            try {
                double d = Double.parseDouble(value.trim());
                if (d >= 0 && Double.isFinite(d)) {
                    return d;
                }
            } catch (NumberFormatException e) {
                // the message below says what is wanted
            }
            throw new TypeConversionException("must be a number >= 0 (documents per second; 0 = as fast as possible), got '"
                    + value + "'");
        }
    }

    /** A production rate for --project-rate: documents per second, more than 0. */
    static final class ProjectRate implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            try {
                double d = Double.parseDouble(value.trim());
                if (d > 0 && Double.isFinite(d)) {
                    return d;
                }
            } catch (NumberFormatException e) {
                // the message below says what is wanted
            }
            throw new TypeConversionException("must be a production rate in documents per second > 0, e.g. 800, got '"
                    + value + "'");
        }
    }

    static final class Range implements ITypeConverter<PortRange> {
        @Override
        public PortRange convert(String value) {
            try {
                return PortRange.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class Client implements ITypeConverter<ClientKind> {
        @Override
        public ClientKind convert(String value) {
            ClientKind kind = typed(() -> ClientKind.byName(value));
            if (!kind.builtIn()) {
                throw new WholeMessage("--client " + value + " runs your own DocumentSender class: use the JUnit API "
                        + "(@PortexTest; see docs/java-api.md), or --client with one of "
                        + String.join(", ", ClientKind.builtIns().stream().map(ClientKind::cliName).toList()));
            }
            return kind;
        }
    }

    /** The incident's own clients only: what bench measures against wrk. */
    static final class IncidentClient implements ITypeConverter<ClientKind> {
        @Override
        public ClientKind convert(String value) {
            ClientKind kind = typed(() -> ClientKind.byName(value));
            if (!ClientKind.incident().contains(kind)) {
                throw new WholeMessage("--client " + value + " is not one of the incident's clients that bench measures: use --client with one of "
                        + String.join(", ", ClientKind.incident().stream().map(ClientKind::cliName).toList()));
            }
            return kind;
        }
    }

    static final class EsClient implements ITypeConverter<EsClientMode> {
        @Override
        public EsClientMode convert(String value) {
            return typed(() -> EsClientMode.byName(value));
        }
    }

    static final class MitigationName implements ITypeConverter<Mitigation> {
        @Override
        public Mitigation convert(String value) {
            return typed(() -> Mitigation.byName(value));
        }
    }

    static final class ReuseName implements ITypeConverter<ConnectionReuse> {
        @Override
        public ConnectionReuse convert(String value) {
            return typed(() -> ConnectionReuse.byName(value));
        }
    }

    static final class FaultSpec implements ITypeConverter<Fault> {
        @Override
        public Fault convert(String value) {
            return typed(() -> Fault.parse(value));
        }
    }

    static final class DurabilityName implements ITypeConverter<Durability> {
        @Override
        public Durability convert(String value) {
            return typed(() -> Durability.byName(value));
        }
    }

    /** The choices the help lists, from the enums themselves (picocli's ${COMPLETION-CANDIDATES}). */
    abstract static class Names<E extends Enum<E> & CliNamed> implements Iterable<String> {
        private final Class<E> type;

        Names(Class<E> type) {
            this.type = type;
        }

        @Override
        public Iterator<String> iterator() {
            return CliNamed.names(type).iterator();
        }
    }

    static final class ClientNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return ClientKind.builtIns().stream().map(ClientKind::cliName).iterator();
        }
    }

    static final class IncidentNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return ClientKind.incident().stream().map(ClientKind::cliName).iterator();
        }
    }

    /** The names of one group of clients, in declaration order: what a compare option runs, for its help. */
    abstract static class GroupNames implements Iterable<String> {
        private final ClientKind.Group group;

        GroupNames(ClientKind.Group group) {
            this.group = group;
        }

        @Override
        public Iterator<String> iterator() {
            return ClientKind.inGroup(group).stream().map(ClientKind::cliName).iterator();
        }
    }

    static final class LibraryNames extends GroupNames {
        LibraryNames() {
            super(ClientKind.Group.LIBRARY);
        }
    }

    static final class PythonLibraryNames extends GroupNames {
        PythonLibraryNames() {
            super(ClientKind.Group.PYTHON_LIBRARY);
        }
    }

    static final class GoLibraryNames extends GroupNames {
        GoLibraryNames() {
            super(ClientKind.Group.GO_LIBRARY);
        }
    }

    static final class NodeLibraryNames extends GroupNames {
        NodeLibraryNames() {
            super(ClientKind.Group.NODE_LIBRARY);
        }
    }

    static final class EsClientNames extends Names<EsClientMode> {
        EsClientNames() {
            super(EsClientMode.class);
        }
    }

    static final class MitigationNames extends Names<Mitigation> {
        MitigationNames() {
            super(Mitigation.class);
        }
    }

    static final class FaultKinds extends Names<Fault.Kind> {
        FaultKinds() {
            super(Fault.Kind.class);
        }
    }

    static final class DurabilityNames extends Names<Durability> {
        DurabilityNames() {
            super(Durability.class);
        }
    }

    static final class ReuseNames extends Names<ConnectionReuse> {
        ReuseNames() {
            super(ConnectionReuse.class);
        }
    }

    /** The model's lookups say everything already ("unknown client 'curl': use --client with one of ..."). */
    private static <T> T typed(java.util.function.Supplier<T> lookup) {
        try {
            return lookup.get();
        } catch (IllegalArgumentException e) {
            throw new WholeMessage(e.getMessage());
        }
    }

    /** A conversion error whose message is the whole line, not to be prefixed with the option's name. */
    static final class WholeMessage extends TypeConversionException {
        WholeMessage(String message) {
            super(message);
        }
    }
}
