package dev.portex.it.senders;

import dev.portex.api.DocumentSender;
import java.net.URI;

/** A sender whose constructor fails, as one that reads a missing setting would. */
public class ConstructorThrows implements DocumentSender {
    public ConstructorThrows() {
        throw new IllegalStateException("INGEST_TOKEN is not set");
    }

    @Override
    public int send(URI target, byte[] json) {
        return 201;
    }
}
