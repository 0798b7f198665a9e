package dev.portex.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A sample's JSON: the Java load generator's carries {@code attempted}, the Python one's does not. */
@DisplayName("A sample's JSON")
class SampleJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    @DisplayName("the Java load generator's sample keeps attempted, after the other counts")
    void withAttempted() throws IOException {
        String text = JSON.writeValueAsString(new Sample(400, 90, 10, 97, -1, 104));

        assertThat(text).as("written with attempted last")
                .isEqualTo("{\"tMs\":400,\"acknowledged\":90,\"failed\":10,\"timeWait\":97,\"established\":-1,"
                        + "\"attempted\":104}");
        assertThat(JSON.readValue(text, Sample.class)).as("read back")
                .isEqualTo(new Sample(400, 90, 10, 97, -1, 104));
    }

    @Test
    @DisplayName("a sample without attempted (Python, older runs) reads as null and is written without it")
    void withoutAttempted() throws IOException {
        String python = "{\"tMs\":205,\"acknowledged\":91,\"failed\":56,\"timeWait\":91,\"established\":0}";

        Sample s = JSON.readValue(python, Sample.class);

        assertThat(s.attempted()).as("not counted").isNull();
        assertThat(JSON.writeValueAsString(s)).as("written back to the letter").isEqualTo(python);
    }
}
