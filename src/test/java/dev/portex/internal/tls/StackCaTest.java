package dev.portex.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The stack's CA")
class StackCaTest {
    private static final StackCa CA = StackCa.create();

    @Test
    @DisplayName("issues a server certificate that a JVM trusting only the CA's trust store accepts for the server's name")
    void trustStoreAcceptsTheServer() throws Exception {
        StackCa.Issued server = CA.issueServer(List.of("ingest-node-7"));

        X509Certificate[] chain = parse(server.certificateChainPem());
        assertThat(chain).as("the PEM chain Node presents: the server's certificate, then the CA's").hasSize(2);
        assertThat(chain[1]).as("the chain's second certificate").isEqualTo(CA.certificate());
        trustManager(CA.trustStore()).checkServerTrusted(chain, "ECDHE_ECDSA"); // throws if not trusted
        assertThat(chain[0].getSubjectAlternativeNames()).as("the names a client may reach the server by")
                .contains(List.of(2, "ingest-node-7"), List.of(7, "127.0.0.1"));
        assertThat(chain[0].getExtendedKeyUsage()).as("what the certificate is for: TLS server authentication")
                .containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(server.privateKeyPem()).as("the server's key, as PEM for Node").startsWith("-----BEGIN PRIVATE KEY-----");
    }

    @Test
    @DisplayName("is trusted by no other stack: a server of another CA is refused by this CA's trust store")
    void anotherStacksServerIsRefused() throws Exception {
        StackCa other = StackCa.create();
        X509Certificate[] foreign = parse(other.issueServer(List.of("ingest-node-7")).certificateChainPem());

        assertThat(other.subject()).as("two stacks' CA names").isNotEqualTo(CA.subject());
        assertThatThrownBy(() -> trustManager(CA.trustStore()).checkServerTrusted(new X509Certificate[] {foreign[0]}, "ECDHE_ECDSA"))
                .as("a certificate signed by another stack's CA")
                .isInstanceOf(CertificateException.class);
    }

    @Test
    @DisplayName("names itself as portex's, with a CA's constraints")
    void isACa() {
        assertThat(CA.subject()).as("the CA's subject").matches("CN=portex stack CA [0-9a-f]{8},O=portex");
        assertThat(CA.certificate().getBasicConstraints()).as("path length: it signs servers, not other CAs").isZero();
        assertThat(CA.certificatePem()).as("the PEM clients trust").startsWith("-----BEGIN CERTIFICATE-----");
    }

    @Test
    @DisplayName("issues a client certificate in a key store, its chain ending at the CA, for TLS client authentication")
    void clientKeyStore() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(new ByteArrayInputStream(CA.issueClientKeyStore("portex-load-generator")), StackCa.TRUST_STORE_PASSWORD.toCharArray());

        assertThat(store.isKeyEntry("portex-client")).as("the key store's entry: a key with its chain").isTrue();
        X509Certificate[] chain = java.util.Arrays.stream(store.getCertificateChain("portex-client"))
                .map(X509Certificate.class::cast).toArray(X509Certificate[]::new);
        assertThat(chain[0].getSubjectX500Principal().getName()).as("the client's name").isEqualTo("CN=portex-load-generator,O=portex");
        assertThat(chain[0].getExtendedKeyUsage()).as("what it is for: TLS client authentication").containsExactly("1.3.6.1.5.5.7.3.2");
        trustManager(CA.trustStore()).checkClientTrusted(chain, "ECDHE_ECDSA"); // throws if the CA did not sign it
    }

    private static X509Certificate[] parse(String pem) throws Exception {
        return CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))
                .toArray(X509Certificate[]::new);
    }

    private static X509TrustManager trustManager(byte[] trustStore) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(new ByteArrayInputStream(trustStore), StackCa.TRUST_STORE_PASSWORD.toCharArray());
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return (X509TrustManager) factory.getTrustManagers()[0];
    }
}
