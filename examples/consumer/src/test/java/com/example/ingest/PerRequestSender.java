package com.example.ingest;

import dev.portex.api.DocumentSender;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;

/**
 * How our ingest job sent documents before the fix: the JDK's HttpURLConnection, closed with {@code disconnect()} after every document: the socket is closed by the
 * client (it keeps the TIME_WAIT), so every document needs a new connection and a new ephemeral port.
 */
public class PerRequestSender implements DocumentSender {
    @Override
    public int send(URI target, byte[] json) throws Exception {
        HttpURLConnection connection = (HttpURLConnection) target.toURL().openConnection();
        try {
            connection.setRequestMethod("POST");
            connection.setDoOutput(true);
            connection.setRequestProperty("Content-Type", "application/json");
            try (OutputStream out = connection.getOutputStream()) {
                out.write(json);
            }
            int status = connection.getResponseCode();
            try (InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
                if (in != null) {
                    in.readAllBytes();
                }
            }
            return status;
        } finally {
            connection.disconnect();
        }
    }
}
