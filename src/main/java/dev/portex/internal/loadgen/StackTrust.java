package dev.portex.internal.loadgen;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * {@code --trust-store}: this JVM trusts the stack's CA, and only it, by default. Every client that takes the JVM's
 * defaults then accepts the ingest server's certificate without a line of its own: the JDK's {@code HttpClient} and
 * {@code HttpsURLConnection} ({@link SSLContext#setDefault}), Apache HttpClient, OkHttp and REST Assured (their default
 * trust managers read {@code javax.net.ssl.trustStore}). A sender that builds its own trust, and leaves the CA out, is
 * refused by the handshake: the run's first failure says so.
 */
public final class StackTrust {
    /** The password of portex's trust store: it holds a public certificate only. */
    static final String PASSWORD = "portex";
    /** The client certificate and key the harness copies beside the trust store, for mutual TLS ({@link TlsTraps}). */
    public static final String CLIENT_KEY_STORE_FILE = "client.p12";

    private StackTrust() {
    }

    /** A PKCS#12 store of the stack's ({@link #PASSWORD}): the trust store, or the client's key store beside it. */
    static KeyStore load(Path store) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(store)) {
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(in, PASSWORD.toCharArray());
            return keyStore;
        }
    }

    /** The default algorithm's trust managers, trusting what {@code trustStore} holds and nothing else. */
    static javax.net.ssl.TrustManager[] trustManagers(KeyStore trustStore) throws GeneralSecurityException {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trustStore);
        return trust.getTrustManagers();
    }

    static void apply(String trustStore) throws LoadOptions.UsageException {
        Path path = Path.of(trustStore);
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trustManagers(load(path)), null);
            System.setProperty("javax.net.ssl.trustStore", path.toString());
            System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
            System.setProperty("javax.net.ssl.trustStorePassword", PASSWORD);
            SSLContext.setDefault(context);
            HttpsURLConnection.setDefaultSSLSocketFactory(context.getSocketFactory());
        } catch (NoSuchFileException e) {
            throw new LoadOptions.UsageException("--trust-store " + trustStore + ": no such file (the harness copies the "
                    + "stack's trust store there before an HTTPS run)");
        } catch (IOException | GeneralSecurityException e) {
            throw new LoadOptions.UsageException("--trust-store " + trustStore + " is not a PKCS#12 trust store with password "
                    + PASSWORD + ": " + e.getMessage());
        }
    }
}
