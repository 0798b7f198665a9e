package com.example.ingest;

import dev.portex.api.DocumentSender;
import java.net.URI;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;

/** Our ingest job's sender after the fix: one client for the whole job, whose pool keeps the connection alive. */
public class PooledSender implements DocumentSender {
    private CloseableHttpClient client;

    @Override
    public void open() {
        client = HttpClients.createDefault();
    }

    @Override
    public int send(URI target, byte[] json) throws Exception {
        return PerRequestSender.post(client, target, json);
    }

    @Override
    public void close() throws Exception {
        client.close();
    }
}
