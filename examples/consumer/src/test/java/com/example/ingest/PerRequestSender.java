package com.example.ingest;

import dev.portex.api.DocumentSender;
import java.net.URI;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * How our ingest job sent documents before the fix: a new Apache HttpClient for every document, closed after it.
 * Each close is the client's, so each connection leaves its ephemeral port in TIME_WAIT for 60 s.
 */
public class PerRequestSender implements DocumentSender {
    @Override
    public int send(URI target, byte[] json) throws Exception {
        try (CloseableHttpClient client = HttpClients.createDefault()) {
            return post(client, target, json);
        }
    }

    static int post(CloseableHttpClient client, URI target, byte[] json) throws Exception {
        HttpPost post = new HttpPost(target);
        post.setEntity(new ByteArrayEntity(json, ContentType.APPLICATION_JSON));
        return client.execute(post, response -> {
            EntityUtils.consume(response.getEntity());
            return response.getCode();
        });
    }
}
