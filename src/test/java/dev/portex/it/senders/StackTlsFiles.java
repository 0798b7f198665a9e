package dev.portex.it.senders;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * What a sender reads to build its own TLS in an HTTPS run, as production code reads its configuration: the stack's
 * trust store ({@code $PORTEX_TRUST_STORE}) and a client certificate of the stack's CA ({@code $PORTEX_CLIENT_KEY_STORE}),
 * both PKCS#12 with the password {@code $PORTEX_TRUST_STORE_PASSWORD}.
 */
final class StackTlsFiles {
    private StackTlsFiles() {
    }

    static KeyStore load(String variable) throws Exception {
        String path = System.getenv(variable);
        if (path == null) {
            throw new IllegalStateException("$" + variable + " is not set: run this sender over HTTPS (SenderRun.tls())");
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Path.of(path))) {
            store.load(in, password());
        }
        return store;
    }

    static char[] password() {
        return System.getenv("PORTEX_TRUST_STORE_PASSWORD").toCharArray();
    }

    static X509TrustManager trustManager() throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load("PORTEX_TRUST_STORE"));
        return (X509TrustManager) trust.getTrustManagers()[0];
    }

    /** A new SSLContext trusting the stack's CA; with {@code clientCertificate}, presenting the client's certificate. */
    static SSLContext newContext(boolean clientCertificate) throws Exception {
        KeyManagerFactory keys = null;
        if (clientCertificate) {
            keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(load("PORTEX_CLIENT_KEY_STORE"), password());
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys == null ? null : keys.getKeyManagers(), new javax.net.ssl.TrustManager[] {trustManager()}, null);
        return context;
    }
}
