package dev.portex.internal.infra;

import dev.portex.api.PortexException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The local Maven repository that the build running this JVM resolved into, found the way Maven finds it:
 * {@code -Dmaven.repo.local} (Surefire passes a command line's -D properties to its fork), else {@code <localRepository>}
 * of the user's settings ({@code ~/.m2/settings.xml}), else of the installation's ({@code $MAVEN_HOME/conf/settings.xml}),
 * else {@code ~/.m2/repository}. {@code ${user.home}} and {@code ${env.NAME}} in the setting are expanded, as Maven does.
 */
record LocalMavenRepository(Map<String, String> properties, Map<String, String> env) {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(env\\.)?([^}]+)}");

    /** The repository of this JVM's build. */
    static Path ofThisJvm() {
        Map<String, String> properties = new java.util.HashMap<>();
        System.getProperties().forEach((k, v) -> properties.put(String.valueOf(k), String.valueOf(v)));
        return new LocalMavenRepository(properties, System.getenv()).path();
    }

    Path path() {
        String configured = properties.get("maven.repo.local");
        if (configured != null && !configured.isBlank()) {
            return Path.of(expand(configured));
        }
        Path home = Path.of(properties.getOrDefault("user.home", "."));
        Optional<String> fromSettings = fromSettings(home.resolve(".m2/settings.xml"));
        if (fromSettings.isEmpty()) {
            String mavenHome = properties.getOrDefault("maven.home", env.get("MAVEN_HOME"));
            if (mavenHome != null) {
                fromSettings = fromSettings(Path.of(mavenHome, "conf/settings.xml"));
            }
        }
        return fromSettings.map(Path::of).orElse(home.resolve(".m2/repository"));
    }

    /** {@code <localRepository>} of a settings file, expanded; empty when the file or the element is missing. */
    Optional<String> fromSettings(Path settings) {
        if (!Files.isRegularFile(settings)) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(settings)) {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            javax.xml.parsers.DocumentBuilder parser = factory.newDocumentBuilder();
            parser.setErrorHandler(new org.xml.sax.helpers.DefaultHandler() { // the error goes into our message, not to stderr
                @Override
                public void fatalError(org.xml.sax.SAXParseException e) throws SAXException {
                    throw e;
                }
            });
            NodeList found = parser.parse(in).getElementsByTagName("localRepository");
            if (found.getLength() == 0 || found.item(0).getTextContent().isBlank()) {
                return Optional.empty();
            }
            return Optional.of(expand(found.item(0).getTextContent().strip()));
        } catch (IOException | SAXException | ParserConfigurationException e) {
            throw new PortexException("cannot read the local repository from " + settings + " (" + e.getMessage()
                    + "): fix that file, or set -Dmaven.repo.local to the repository Maven uses");
        }
    }

    private String expand(String value) {
        Matcher m = PLACEHOLDER.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(2);
            String replacement = m.group(1) != null ? env.get(name) : properties.get(name);
            m.appendReplacement(out, Matcher.quoteReplacement(replacement == null ? m.group() : replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}
