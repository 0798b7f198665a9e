package dev.portex.it.senders;

import dev.portex.api.DocumentSender;
import java.net.URI;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;

/** The fix: one Apache HttpClient 5 for the whole run, opened once and closed at the end; its pool reuses the connection. */
public class OneClientForAllDocuments implements DocumentSender {
    private CloseableHttpClient client;

    @Override
    public void open() {
        client = HttpClients.createDefault();
    }

    @Override
    public int send(URI target, byte[] json) throws Exception {
        return NewClientPerDocument.post(client, target, json);
    }

    @Override
    public void close() throws Exception {
        client.close();
    }
}
