package dev.portex.internal.containers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A container's CPU time from its cgroup: v2 counts microseconds, v1 nanoseconds; anything else is unknown (-1). */
class CgroupCpuTest {

    @ParameterizedTest(name = "''{0}'' is {1} ns")
    @CsvSource(delimiter = '|', value = {
            "usage_usec 12797057      | 12797057000",
            "usage_nsec 12797057812   | 12797057812",
            "''                       | -1",
            "usage_usec many          | -1",
            "user_usec 10             | -1",
    })
    void readsEitherCgroupVersion(String line, long nanos) {
        assertThat(PortexContainer.parseCpuNanos(line)).as("CPU time read from '%s'", line).isEqualTo(nanos);
    }
}
