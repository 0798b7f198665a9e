package dev.portex.internal.containers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * A first run builds the images: Testcontainers' warning about a large build context (the Elasticsearch image's is its
 * 126 MiB distribution, which it needs) is replaced by portex's own build line, which says how much is sent and why.
 */
@DisplayName("The build line of an image")
class BuildContextLineTest {
    @Test
    @DisplayName("says how much the Elasticsearch image's context is, and why it is that large")
    void elasticsearchSaysWhy() {
        assertThat(PortexImages.buildLine("portex/elasticsearch:81dac4fd5f93", "elasticsearch", 132_432_175L + 2_531))
                .as("the line before the Elasticsearch image's build (its zip of 9.5.4 and its Dockerfile)")
                .isEqualTo("building image portex/elasticsearch:81dac4fd5f93 from containers/elasticsearch (126.3 MiB of "
                        + "build context: the Elasticsearch distribution the image unpacks (elasticsearch.zip), and its "
                        + "Dockerfile; nothing else is sent) ...");
    }

    @Test
    @DisplayName("says only the size for the small contexts")
    void smallContextsJustTheSize() {
        assertThat(PortexImages.buildLine("portex/wrk:abc", "wrk", 5_000))
                .as("the line before the wrk image's build").isEqualTo("building image portex/wrk:abc from containers/wrk "
                        + "(0.0 MiB of build context) ...");
    }

    @Test
    @DisplayName("stands instead of Testcontainers' large-context warning, which the CLI's logging leaves out")
    void testcontainersWarningIsOff() {
        assertThat(LoggerFactory.getLogger(ImageFromDockerfile.class).isWarnEnabled())
                .as("WARN of %s under simplelogger.properties (it would warn 'A large amount of data was sent to the Docker"
                        + " daemon (126 MB)' for the Elasticsearch image)", ImageFromDockerfile.class.getName())
                .isFalse();
        assertThat(LoggerFactory.getLogger(ImageFromDockerfile.class).isErrorEnabled())
                .as("ERROR of %s: still shown", ImageFromDockerfile.class.getName()).isTrue();
    }
}
