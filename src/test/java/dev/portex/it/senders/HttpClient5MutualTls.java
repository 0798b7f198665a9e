package dev.portex.it.senders;

import dev.portex.api.DocumentSender;
import java.net.URI;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * One pooled Apache HttpClient 5 presenting a client certificate (mutual TLS), each request with a context of its
 * own, as {@code client.execute(request, handler)} makes one: the connection's state is the TLS client principal, a
 * new context carries none, so the pool hands no request the connection the last one left.
 */
public class HttpClient5MutualTls implements DocumentSender {
    CloseableHttpClient client;

    @Override
    public void open() throws Exception {
        client = HttpClients.custom().setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                .setTlsSocketStrategy(ClientTlsStrategyBuilder.create().setSslContext(StackTlsFiles.newContext(true)).buildClassic())
                .build()).build();
    }

    @Override
    public int send(URI target, byte[] json) throws Exception {
        return post(target, json, HttpClientContext.create());
    }

    int post(URI target, byte[] json, HttpClientContext context) throws Exception {
        HttpPost post = new HttpPost(target);
        post.setEntity(new ByteArrayEntity(json, ContentType.APPLICATION_JSON));
        return client.execute(post, context, response -> {
            EntityUtils.consume(response.getEntity());
            return response.getCode();
        });
    }

    @Override
    public void close() throws Exception {
        client.close();
    }
}
