package dev.portex.internal.tls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority made for one stack, in memory, when its first HTTPS run starts: its key never leaves the
 * JVM and is never written to the repository or the host's disk (the ingest server gets its own certificate and key,
 * the load generator only the CA's certificate). EC P-256 keys and SHA-256 signatures, which Java, Node.js, Python and
 * Go all accept; valid from an hour ago (for a container whose clock is a little behind) for a day.
 *
 * <p>Made with BouncyCastle's certificate builder, signed by the JDK's own providers (no provider is registered).
 */
public final class StackCa {
    /** The password of {@link #trustStore()}: it holds a public certificate only, so the password guards nothing. */
    public static final String TRUST_STORE_PASSWORD = "portex";
    private static final Duration VALID_BEFORE = Duration.ofHours(1);
    private static final Duration VALID_FOR = Duration.ofDays(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeyPair key;
    private final X509Certificate certificate;

    private StackCa(KeyPair key, X509Certificate certificate) {
        this.key = key;
        this.certificate = certificate;
    }

    /** A new CA, its subject naming portex and a random serial (two stacks' CAs never trust each other's servers). */
    public static StackCa create() {
        KeyPair key = newKey();
        String id = HexFormat.of().formatHex(RANDOM.generateSeed(4));
        X500Name subject = name("portex stack CA " + id);
        try {
            var utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = builder(subject, subject, key.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(key.getPublic()));
            return new StackCa(key, sign(builder, key.getPrivate()));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("could not make the stack's CA certificate: " + e.getMessage(), e);
        }
    }

    /** The CA's subject, for results and logs: {@code CN=portex stack CA 1a2b3c4d,O=portex}. */
    public String subject() {
        return certificate.getSubjectX500Principal().getName();
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** The CA's certificate as PEM: what a client trusts ({@code $PORTEX_CA_FILE} in a load generator). */
    public String certificatePem() {
        return pem(certificate);
    }

    /** The CA's certificate in a PKCS#12 trust store ({@link #TRUST_STORE_PASSWORD}), for a JVM's {@code javax.net.ssl.trustStore}. */
    public byte[] trustStore() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("portex-stack-ca", certificate);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            store.store(out, TRUST_STORE_PASSWORD.toCharArray());
            return out.toByteArray();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("could not write the stack's trust store: " + e.getMessage(), e);
        }
    }

    /** A server's certificate and key, both PEM, the chain being the server's certificate then the CA's. */
    public record Issued(String certificateChainPem, String privateKeyPem, X509Certificate certificate) {
    }

    /**
     * A server certificate for {@code dnsNames} (the first is its subject's CN) and the loopback addresses, signed by
     * this CA: what the ingest server presents.
     */
    public Issued issueServer(List<String> dnsNames) {
        if (dnsNames.isEmpty()) {
            throw new IllegalArgumentException("a server certificate needs at least one DNS name");
        }
        KeyPair serverKey = newKey();
        List<GeneralName> names = new ArrayList<>();
        dnsNames.forEach(n -> names.add(new GeneralName(GeneralName.dNSName, n)));
        names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
        try {
            var utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = builder(X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()),
                    name(dnsNames.get(0)), serverKey.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)))
                    .addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(certificate));
            X509Certificate issued = sign(builder, key.getPrivate());
            return new Issued(pem(issued) + pem(certificate), pem(serverKey.getPrivate()), issued);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("could not issue the server certificate for " + dnsNames + ": " + e.getMessage(), e);
        }
    }

    /**
     * A client certificate for {@code commonName}, signed by this CA, with its key in a PKCS#12 key store
     * ({@link #TRUST_STORE_PASSWORD}): what a load generator presents when the ingest server asks (mutual TLS).
     */
    public byte[] issueClientKeyStore(String commonName) {
        KeyPair clientKey = newKey();
        try {
            var utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = builder(X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()),
                    name(commonName), clientKey.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth))
                    .addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(certificate));
            X509Certificate issued = sign(builder, key.getPrivate());
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("portex-client", clientKey.getPrivate(), TRUST_STORE_PASSWORD.toCharArray(),
                    new java.security.cert.Certificate[] {issued, certificate});
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            store.store(out, TRUST_STORE_PASSWORD.toCharArray());
            return out.toByteArray();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("could not issue the client certificate for " + commonName + ": " + e.getMessage(), e);
        }
    }

    /** O=portex, then CN={@code commonName}: shown as {@code CN=..., O=portex} (RFC 2253 names the last part first). */
    private static X500Name name(String commonName) {
        return new org.bouncycastle.asn1.x500.X500NameBuilder(org.bouncycastle.asn1.x500.style.BCStyle.INSTANCE)
                .addRDN(org.bouncycastle.asn1.x500.style.BCStyle.O, "portex")
                .addRDN(org.bouncycastle.asn1.x500.style.BCStyle.CN, commonName).build();
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, java.security.PublicKey key) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, RANDOM).abs().add(BigInteger.ONE),
                Date.from(now.minus(VALID_BEFORE)), Date.from(now.plus(VALID_FOR)), subject, key);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey by) throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(by)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e.getMessage(), e);
        }
    }

    private static KeyPair newKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot make an EC P-256 key: " + e.getMessage(), e);
        }
    }

    /** PEM of a certificate, or of a private key as PKCS#8 ({@code PRIVATE KEY}, which Node.js, Python and Go all read). */
    private static String pem(Object object) {
        try {
            String type = object instanceof X509Certificate ? "CERTIFICATE" : "PRIVATE KEY";
            byte[] der = object instanceof X509Certificate c ? c.getEncoded() : ((PrivateKey) object).getEncoded();
            return "-----BEGIN " + type + "-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                    + "\n-----END " + type + "-----\n";
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException("could not encode " + object + ": " + e.getMessage(), e);
        }
    }
}
