package dev.portex.internal.containers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The end-of-load record is read in one docker exec: each file under a marker line that names it. */
class EndOfLoadFilesTest {

    @Test
    void eachFileKeepsItsOwnLinesAndAnAbsentFileIsAbsent() {
        String output = PortexContainer.FILE_MARKER + "/tmp/a/tcp\n"
                + "  sl  local_address rem_address\n   0: 0100007F:1F90 00000000:0000 0A\n"
                + PortexContainer.FILE_MARKER + "/tmp/a/recovered-after-ms\n"
                + "61234\n";

        Map<String, String> files = PortexContainer.splitFiles(output);

        assertThat(files).as("files found in the output of the one exec that read them, by path")
                .containsOnlyKeys("/tmp/a/tcp", "/tmp/a/recovered-after-ms");
        assertThat(files.get("/tmp/a/tcp")).as("the socket table, with both of its lines and nothing of the next file")
                .isEqualTo("  sl  local_address rem_address\n   0: 0100007F:1F90 00000000:0000 0A\n");
        assertThat(files.get("/tmp/a/recovered-after-ms").strip()).as("the last file, up to the end of the output")
                .isEqualTo("61234");
    }

    @Test
    void noFileAtAllGivesNothing() {
        assertThat(PortexContainer.splitFiles("")).as("the Python load generator records no file").isEmpty();
    }
}
