package dev.portex.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The verdict of documents that failed tells a refused certificate apart, and says what to trust. */
class CertificateRefusedTest {

    @ParameterizedTest(name = "{0}: {1} -> advice {2}")
    @CsvSource(delimiter = '|', value = {
            "javax.net.ssl.SSLHandshakeException | PKIX path building failed: unable to find valid certification path | true",
            "exit 60                             | curl: (60) SSL certificate problem: unable to get local issuer certificate | true",
            "requests.exceptions.SSLError         | [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed | true",
            "x509                                 | tls: failed to verify certificate: x509: certificate signed by unknown authority | true",
            "Error                                | UNABLE_TO_VERIFY_LEAF_SIGNATURE | true",
            "exit 7                               | curl: (7) Failed to connect to ingest-node-1 port 8443 | false",
            "java.net.BindException               | Cannot assign requested address | false",
            "HTTP 503                             | Elasticsearch is unavailable | false"
    })
    void refusedCertificatesGetTheAdvice(String type, String message, boolean advice) {
        String sentence = new Verdict.FailedOtherwise(3, new Failure(type, message)).sentence();

        assertThat(sentence).as("the verdict's sentence").startsWith("3 documents failed: " + type + ": " + message);
        assertThat(sentence.contains("the client refused the server's certificate"))
                .as("whether the sentence says the client refused the certificate and names $PORTEX_CA_FILE: %s", sentence)
                .isEqualTo(advice);
    }
}
