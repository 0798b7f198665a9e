package dev.portex.model;

/**
 * A user's own program as the load generator: a {@link SenderProgram} (a Java class of the test classpath), a
 * {@link CommandProgram} (a command line run once per document) or an {@link ImageProgram} (a whole image).
 */
public sealed interface ClientProgram permits SenderProgram, CommandProgram, ImageProgram {

    /** The client kind that runs it. */
    ClientKind kind();

    /** How results and summaries name it: the class, the command line, the image. */
    String label();
}
