package dev.portex.internal.harness;

import dev.portex.api.DocumentSender;
import dev.portex.internal.containers.PortexImages;
import dev.portex.api.PortexException;
import dev.portex.model.SenderProgram;
import java.io.IOException;
import java.io.InputStream;
import java.io.File;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Checks a user's sender in the test JVM before any container starts, so that a typo or a wrong class ends
 * at once with one message that names the fix. What only the container can tell (the constructor's own
 * exceptions) is checked there and reported the same way.
 */
public final class SenderCheck {
    private SenderCheck() {
    }

    /** A sender program for {@code type} on this JVM's test classpath. */
    public static SenderProgram of(Class<? extends DocumentSender> type) {
        return new SenderProgram(type.getName(), testClasspath());
    }

    /** @throws PortexException naming the class, the problem and the fix */
    public static void verify(SenderProgram sender) {
        String name = sender.className();
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        Class<?> type;
        try {
            type = Class.forName(name, false, loader);
        } catch (ClassNotFoundException e) {
            throw new PortexException("sender class " + name + " not found on the test classpath: check the name "
                    + "(package included) and that the class is in src/test/java or a test dependency");
        } catch (LinkageError e) {
            throw new PortexException("sender class " + name + " cannot be loaded: " + e);
        }
        if (!DocumentSender.class.isAssignableFrom(type)) {
            throw new PortexException("sender class " + name + " does not implement " + DocumentSender.class.getName()
                    + ": declare `implements DocumentSender`");
        }
        if (Modifier.isAbstract(type.getModifiers()) || !Modifier.isPublic(type.getModifiers())) {
            throw new PortexException("sender class " + name + " must be public and not abstract: portex creates it with "
                    + "`new " + type.getSimpleName() + "()` inside the load-generator container");
        }
        try {
            if (!Modifier.isPublic(type.getConstructor().getModifiers())) {
                throw new NoSuchMethodException();
            }
        } catch (NoSuchMethodException e) {
            throw new PortexException("sender class " + name + " has no public no-argument constructor: add one");
        }
        int feature = classFileJavaVersion(loader, name);
        if (feature > PortexImages.LOADGEN_JAVA) {
            throw new PortexException("sender class " + name + " is compiled for Java " + feature + ", but the load-generator "
                    + "container runs Java " + PortexImages.LOADGEN_JAVA + ": compile your tests with --release "
                    + PortexImages.LOADGEN_JAVA + " (Maven: <maven.compiler.testRelease>" + PortexImages.LOADGEN_JAVA
                    + "</maven.compiler.testRelease>)");
        }
        if (sender.classpath().isEmpty()) {
            throw new PortexException("the sender's classpath is empty: portex mounts the test JVM's classpath into the container");
        }
    }

    /** The Java version a class file was compiled for: its major version less 44 (61 = Java 17). */
    static int classFileJavaVersion(ClassLoader loader, String className) {
        try (InputStream in = loader.getResourceAsStream(className.replace('.', '/') + ".class")) {
            if (in == null) {
                return 0;
            }
            byte[] head = in.readNBytes(8);
            return head.length < 8 ? 0 : ((head[6] & 0xff) << 8 | (head[7] & 0xff)) - 44;
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * The test JVM's classpath: Surefire and Failsafe start tests through a manifest-only jar and put the real
     * classpath in {@code surefire.test.class.path}; elsewhere {@code java.class.path}, with a manifest-only jar's
     * Class-Path expanded. Entries that do not exist are left out.
     */
    static List<String> testClasspath() {
        String raw = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path", ""));
        List<String> entries = new ArrayList<>();
        for (String entry : raw.split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            Path path = Path.of(entry);
            if (!Files.exists(path)) {
                continue;
            }
            entries.add(path.toAbsolutePath().toString());
            entries.addAll(manifestClassPath(path));
        }
        return entries.stream().distinct().toList();
    }

    private static List<String> manifestClassPath(Path jar) {
        if (!Files.isRegularFile(jar) || !jar.toString().endsWith(".jar")) {
            return List.of();
        }
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            String classPath = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
            if (classPath == null) {
                return List.of();
            }
            List<String> entries = new ArrayList<>();
            for (String url : classPath.trim().split("\\s+")) {
                try {
                    Path p = url.startsWith("file:") ? Path.of(java.net.URI.create(url)) : jar.resolveSibling(url);
                    if (Files.exists(p)) {
                        entries.add(p.toAbsolutePath().toString());
                    }
                } catch (IllegalArgumentException e) {
                    // not a path: skip
                }
            }
            return entries;
        } catch (IOException e) {
            return List.of();
        }
    }
}
