package dev.portex.it.senders;

import dev.portex.api.DocumentSender;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;

/**
 * The JDK's HttpURLConnection, read to the end and then {@code disconnect()}ed after every document, as code that
 * means to "close the connection" often does. Reading the body to its end has already handed the socket back to
 * the JDK's keep-alive cache, so the disconnect does not close it: measured, the next document reuses it.
 */
public class DisconnectAfterReading implements DocumentSender {
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
