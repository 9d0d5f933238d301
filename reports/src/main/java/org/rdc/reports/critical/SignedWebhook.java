package org.rdc.reports.critical;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A critical value POSTed to a facility's webhook, signed so the receiver knows it comes from the
 * centre and was not changed: {@code X-RDC-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>} where the
 * MAC (RFC 2104, SHA-256) is computed with the facility's {@code webhookSecret} over the ASCII
 * timestamp, a dot and the raw body bytes ({@code t + "." + body}); binding the time lets the receiver
 * refuse replays of an old message. {@code X-RDC-Delivery} is the same on every attempt (the
 * receiver's de-duplication key). 2xx is sent; 408, 429 and 5xx are retried (RFC 9110 §15); any
 * other answer fails for good.
 */
final class SignedWebhook {

    static final String SIGNATURE = "X-RDC-Signature";
    static final String DELIVERY = "X-RDC-Delivery";
    static final String EVENT = "X-RDC-Event";

    /** The receiver found the request itself wrong (a 4xx other than 408 and 429): sending it again cannot help. */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    private final HttpClient http;
    private final Duration timeout;

    SignedWebhook(Duration timeout) {
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
        this.timeout = timeout;
    }

    void post(String url, String secret, String event, String deliveryId, byte[] body, Instant now) throws Exception {
        if (secret == null || secret.isBlank()) {
            throw new Refused("webhook " + url + ": the facility has no criticalValues.webhookSecret; an unsigned message is never sent");
        }
        long t = now.getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .header(EVENT, event)
                .header(DELIVERY, deliveryId)
                .header(SIGNATURE, "t=" + t + ",v1=" + hmac(secret, t, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return;
        }
        String what = "webhook " + url + " answered " + status;
        if (status == 408 || status == 429 || status >= 500) {
            throw new IOException(what + ", retrying");
        }
        throw new Refused(what);
    }

    static String hmac(String secret, long timestamp, byte[] body) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }
}
