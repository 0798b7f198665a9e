package dev.portex.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The resident JVM's socket on its own (a real Unix socket in a temporary directory, no Docker): only its owner may open
 * it, and a connection is served only when the peer's credentials are the owner's. ResidentServesOnlyItsOwnerIT shows the
 * same through the real ./portex as a second user.
 */
@DisplayName("The resident's socket")
class ResidentSocketTest {
    @TempDir
    Path dir;

    @Test
    @DisplayName("is owner-only (0600) from the moment it has its name, and leaves no staging directory behind")
    void ownerOnly() throws IOException {
        Path socket = dir.resolve(Resident.SOCKET);
        try (ServerSocketChannel server = Resident.listenOwnerOnly(socket)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)))
                    .as("mode of %s: read and write for its owner only, nothing for group and others", socket)
                    .isEqualTo("rw-------");
            try (Stream<Path> files = Files.list(dir)) {
                assertThat(files.map(p -> p.getFileName().toString()))
                        .as("what %s holds once the socket listens: the socket alone (the 0700 directory it was bound in is"
                                + " gone)", dir)
                        .containsExactly(Resident.SOCKET);
            }
        }
    }

    @Test
    @DisplayName("takes a connection of its own user, and refuses one it believes to be another user's")
    void peerCredentials() throws IOException {
        Path socket = dir.resolve(Resident.SOCKET);
        try (ServerSocketChannel server = Resident.listenOwnerOnly(socket);
                SocketChannel caller = SocketChannel.open(UnixDomainSocketAddress.of(socket));
                SocketChannel accepted = server.accept()) {
            Resident.Owner owner = Resident.Owner.of(socket);
            UserPrincipal nobody = FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName("nobody");

            assertThat(Resident.callerIsOwner(accepted, owner.user()))
                    .as("a caller of this JVM's own user (%s): the socket's owner, so it is served", owner.user().getName())
                    .isTrue();
            assertThat(Resident.callerIsOwner(accepted, nobody))
                    .as("the same caller when the resident runs as 'nobody': another user, so it is refused").isFalse();
            assertThat(ResidentClient.ownerIfNotMine(socket))
                    .as("the client's own check of a socket that belongs to this user: nothing to refuse").isNull();
        }
    }

    @Test
    @DisplayName("refuses with one line that names the uid it serves and how to run without it")
    void refusalLine() {
        assertThat(ResidentClient.servesOnly(0, "root"))
                .as("what a caller of another user reads")
                .isEqualTo("the resident serves only uid 0 (root); run without it: PORTEX_RESIDENT=off ./portex run ...");
    }
}
