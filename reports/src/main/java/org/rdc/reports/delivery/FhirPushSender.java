package org.rdc.reports.delivery;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Pushes the DiagnosticReport to the facility's FHIR server: {@code PUT [base]/DiagnosticReport/[id]}
 * (FHIR R4 RESTful API §3.1.0.4 update, creating the resource when it is new), which is idempotent, so
 * a repeat after a crash leaves one resource. 200/201 is success; 408, 429 and 5xx are retried; any
 * other 4xx is the server refusing this resource, which the same request would repeat.
 */
final class FhirPushSender implements ChannelSender {

    private final FhirReports fhir;
    private final Duration timeout;
    private final HttpClient http;

    FhirPushSender(FhirReports fhir, Duration timeout) {
        this.fhir = fhir;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public void send(Attempt a) throws Exception {
        String body = fhir.json(fhir.diagnosticReport(a.report(), a.pdf()));
        URI uri = URI.create(a.destination().address() + "/DiagnosticReport/" + a.report().reportId());
        HttpResponse<String> rsp = http.send(HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Content-Type", "application/fhir+json; charset=utf-8").header("Accept", "application/fhir+json")
                .PUT(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(), HttpResponse.BodyHandlers.ofString());
        int s = rsp.statusCode();
        if (s == 200 || s == 201) {
            return;
        }
        String what = "FHIR PUT " + uri + ": HTTP " + s + " " + abbreviate(rsp.body());
        if (s == 408 || s == 429 || s >= 500) {
            throw new IOException(what);
        }
        throw new RefusedForGood(what);
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() <= 300 ? s : s.substring(0, 300) + "...";
    }
}
