package dev.portex.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * A page of the checkout's documentation (README.md, docs/*.md), read by the tests that check a table or a
 * generated block against the code: the one place that knows where the checkout is (the {@code portex.home}
 * system property, which the Failsafe configuration sets, else the working directory, which is the checkout's root
 * under Surefire) and which page holds which checked table.
 */
public final class DocsPage {
    /** The second leg, MITIGATIONS, the Java clients, the keep-alive race and faults, with their checked tables. */
    public static final String CLIENTS = "docs/clients.md";
    /** Behind a NAT: local and NAT exhaustion side by side, with the checked table of what the NAT measured. */
    public static final String NAT = "docs/nat.md";
    /** Commands and options, with the generated help blocks. */
    public static final String CLI = "docs/cli.md";

    private DocsPage() {
    }

    /** Where {@code page} (a path relative to the checkout, e.g. {@code "docs/clients.md"}) is. */
    public static Path path(String page) {
        return Path.of(System.getProperty("portex.home", ".")).resolve(page);
    }

    /** The whole text of {@code page}. */
    public static String read(String page) {
        Path file = path(page);
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw missing(page, file, e);
        }
    }

    /** The lines of {@code page}. */
    public static List<String> lines(String page) {
        Path file = path(page);
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw missing(page, file, e);
        }
    }

    private static UncheckedIOException missing(String page, Path file, IOException e) {
        String why = e instanceof NoSuchFileException ? "does not exist" : "cannot be read (" + e + ")";
        return new UncheckedIOException(page + " " + why + " at " + file.toAbsolutePath().normalize()
                + ": run the tests from the checkout's root, or set -Dportex.home to it; if the page was moved or"
                + " renamed, move its checked tables with it and change the name in " + DocsPage.class.getName(), e);
    }
}
