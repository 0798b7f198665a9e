package dev.portex.model;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A choice with the name it has on the command line and in the JSON. The model's enums implement it,
 * so that every list of names shown to a user, and every lookup by name, comes from the enum itself.
 */
public interface CliNamed {
    /** The name on the command line and in the JSON, e.g. {@code per-request}. */
    String cliName();

    /** The CLI names of all constants, in declaration order, e.g. for "use one of ...". */
    static <E extends Enum<E> & CliNamed> List<String> names(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(CliNamed::cliName).toList();
    }

    /**
     * The constant named {@code name}.
     *
     * @param what how the message calls the value, e.g. "client"
     * @param option the option that takes it, e.g. "--client", to name the fix
     * @throws IllegalArgumentException naming the known values
     */
    static <E extends Enum<E> & CliNamed> E byName(Class<E> type, String name, String what, String option) {
        for (E constant : type.getEnumConstants()) {
            if (constant.cliName().equals(name)) {
                return constant;
            }
        }
        throw new IllegalArgumentException("unknown " + what + " '" + name + "': use " + option + " with one of "
                + Arrays.stream(type.getEnumConstants()).map(CliNamed::cliName).collect(Collectors.joining(", ")));
    }
}
