package dev.portex.it.senders;

/** A class that forgot {@code implements DocumentSender}. */
public class NotASender {
    public int send(java.net.URI target, byte[] json) {
        return 201;
    }
}
