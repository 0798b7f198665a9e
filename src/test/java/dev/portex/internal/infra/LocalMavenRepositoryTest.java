package dev.portex.internal.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portex.api.PortexException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a consumer's build put the Elasticsearch zip: the local repository, found the way Maven finds it. */
@DisplayName("The local Maven repository")
class LocalMavenRepositoryTest {
    @TempDir
    Path home;

    private Path settings(Path dir, String localRepository) throws IOException {
        Files.createDirectories(dir);
        return Files.writeString(dir.resolve("settings.xml"), "<?xml version=\"1.0\"?>\n"
                + "<settings xmlns=\"http://maven.apache.org/SETTINGS/1.0.0\">\n"
                + (localRepository == null ? "" : "  <localRepository>" + localRepository + "</localRepository>\n")
                + "  <offline>false</offline>\n</settings>\n");
    }

    private Path resolve(Map<String, String> properties, Map<String, String> env) {
        java.util.HashMap<String, String> all = new java.util.HashMap<>(properties);
        all.putIfAbsent("user.home", home.toString());
        return new LocalMavenRepository(all, env).path();
    }

    @Test
    @DisplayName("is ~/.m2/repository when nothing says otherwise")
    void theDefault() {
        assertThat(resolve(Map.of(), Map.of())).as("no -Dmaven.repo.local, no settings.xml").isEqualTo(home.resolve(".m2/repository"));
    }

    @Test
    @DisplayName("is the user's settings.xml <localRepository>, with ${user.home} and ${env.NAME} expanded")
    void theUsersSettings() throws IOException {
        settings(home.resolve(".m2"), "${user.home}/repos/${env.TEAM}");

        assertThat(resolve(Map.of(), Map.of("TEAM", "ingest"))).as("<localRepository>${user.home}/repos/${env.TEAM}</localRepository>")
                .isEqualTo(home.resolve("repos/ingest"));
    }

    @Test
    @DisplayName("is the installation's settings.xml when the user's has none")
    void theInstallationsSettings() throws IOException {
        settings(home.resolve(".m2"), null);
        Path mavenHome = home.resolve("maven");
        settings(mavenHome.resolve("conf"), "/srv/m2");

        assertThat(resolve(Map.of(), Map.of("MAVEN_HOME", mavenHome.toString())))
                .as("$MAVEN_HOME/conf/settings.xml's <localRepository>, the user's having none").isEqualTo(Path.of("/srv/m2"));
    }

    @Test
    @DisplayName("is -Dmaven.repo.local above any settings.xml")
    void theCommandLine() throws IOException {
        settings(home.resolve(".m2"), "/srv/m2");

        assertThat(resolve(Map.of("maven.repo.local", "/tmp/repo"), Map.of())).as("-Dmaven.repo.local=/tmp/repo")
                .isEqualTo(Path.of("/tmp/repo"));
    }

    @Test
    @DisplayName("a settings.xml that is not XML: one line naming the file and the fix")
    void brokenSettings() throws IOException {
        Files.createDirectories(home.resolve(".m2"));
        Files.writeString(home.resolve(".m2/settings.xml"), "<settings><localRepository>/srv</settings>");

        assertThatThrownBy(() -> resolve(Map.of(), Map.of())).as("a settings.xml Maven itself would refuse")
                .isInstanceOf(PortexException.class)
                .hasMessageStartingWith("cannot read the local repository from " + home.resolve(".m2/settings.xml"))
                .hasMessageEndingWith("fix that file, or set -Dmaven.repo.local to the repository Maven uses");
    }
}
