package dev.portex.internal.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Java version a sender class needs is read from its class file's major version. */
class SenderCheckTest {

    @ParameterizedTest(name = "class file major version {0} is Java {1}")
    @CsvSource({"52, 8", "61, 17", "65, 21", "69, 25"})
    void javaVersionOfAClassFile(int major, int java) {
        byte[] head = {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, (byte) (major >> 8), (byte) major};
        ClassLoader loader = new ClassLoader(null) {
            @Override
            public InputStream getResourceAsStream(String name) {
                return name.equals("com/example/Sender.class") ? new ByteArrayInputStream(head) : null;
            }
        };

        assertThat(SenderCheck.classFileJavaVersion(loader, "com.example.Sender")).isEqualTo(java);
    }
}
