package dev.portex.internal.loadgen;

import java.net.URI;
import java.io.IOException;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;

/**
 * {@code httpclient5-unconsumed}: one pooled Apache HttpClient 5 (the pool's defaults: 5 connections
 * per route, 25 in all) whose responses are never consumed or closed: {@code client.execute(post)}
 * and only the status looked at. A connection goes back into the pool only when its response is
 * consumed or closed, so after five documents every connection is leased for good and each later
 * document waits for one until the pool's lease time-out ({@link Timeouts#POOL_LEASE}; HttpClient's
 * default is 3 minutes). It does not run out of ports; it runs out of pooled connections, for good.
 * Connect and response time-outs as everywhere here.
 */
public final class HttpClient5Unconsumed implements DocumentClient {
    static final String NAME = "httpclient5-unconsumed";

    private final CloseableHttpClient client = HttpClients.custom()
            .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                    .setDefaultConnectionConfig(ConnectionConfig.custom()
                            .setConnectTimeout(Timeout.of(Timeouts.CONNECT))
                            .setSocketTimeout(Timeout.of(Timeouts.RESPONSE))
                            .build())
                    .build())
            .setDefaultRequestConfig(RequestConfig.custom()
                    .setConnectionRequestTimeout(Timeout.of(Timeouts.POOL_LEASE))
                    .setResponseTimeout(Timeout.of(Timeouts.RESPONSE))
                    .build())
            .build();

    @Override
    @SuppressWarnings("deprecation") // execute(request) without a handler: the API that lets a response leak
    public Response post(URI target, byte[] json) throws IOException {
        HttpPost post = new HttpPost(target);
        post.setEntity(new ByteArrayEntity(json, ContentType.APPLICATION_JSON));
        CloseableHttpResponse response = client.execute(post);
        return new Response(response.getCode(), "");
    }

    @Override
    public void close() {
        client.close(CloseMode.IMMEDIATE);
    }
}
