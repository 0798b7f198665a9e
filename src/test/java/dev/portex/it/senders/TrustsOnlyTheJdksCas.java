package dev.portex.it.senders;

import dev.portex.api.DocumentSender;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A sender that builds its own trust from the JDK's bundled CAs ({@code lib/security/cacerts}), as a client pinned to
 * public CAs does: it refuses the certificate of portex's per-stack CA, and so every document of an HTTPS run.
 */
public class TrustsOnlyTheJdksCas implements DocumentSender {
    private HttpClient client;

    @Override
    public void open() throws Exception {
        KeyStore cacerts = KeyStore.getInstance(KeyStore.getDefaultType());
        try (InputStream in = Files.newInputStream(Path.of(System.getProperty("java.home"), "lib", "security", "cacerts"))) {
            cacerts.load(in, null);
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(cacerts);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        client = HttpClient.newBuilder().sslContext(context).build();
    }

    @Override
    public int send(URI target, byte[] json) throws Exception {
        HttpRequest post = HttpRequest.newBuilder(target).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json)).build();
        return client.send(post, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
