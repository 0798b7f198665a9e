package com.example.ingest;

import dev.portex.api.DocumentSender;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;

/**
 * Our ingest job's sender after the fix: the same HttpURLConnection: the answer is read to its end and its stream closed, and the connection is
 * not disconnected, so the JDK's keep-alive cache hands the same socket to the next document.
 */
public class PooledSender implements DocumentSender {
    @Override
    public int send(URI target, byte[] json) throws Exception {
        HttpURLConnection connection = (HttpURLConnection) target.toURL().openConnection();
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
    }
}
