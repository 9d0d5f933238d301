package org.rdc.gateway.scp;

import io.netty.handler.ssl.SslContext;
import java.time.Duration;
import org.rdc.gateway.ul.UlSettings;

/**
 * Settings of the DICOM listener; every limit on what a device may send is here.
 *
 * @param aeTitle            our AE title; a request with another called AE title is rejected
 * @param bindAddress        listen address (tests: 127.0.0.1)
 * @param port               listen port (0 = any free port)
 * @param ul                 Upper Layer limits: PDU sizes, ARTIM and idle timeouts, back-pressure marks
 * @param maxAssociations    concurrent associations; more are rejected (transient, local limit exceeded)
 * @param maxConnections     open TCP connections, associated or not; more are closed at once
 * @param maxDataSetBytes    largest data set accepted in one C-STORE; a larger one fails with A700
 * @param maxInflatedBytes   largest inflated size of a deflated data set (deflate bombs)
 * @param maxOpsPerformed    asynchronous operations window we grant (PS3.7 D.3.3.3); requests are performed in order
 * @param tls                server TLS context, or null for plain TCP
 * @param commitmentRetries  attempts to deliver a Storage Commitment report on a new association
 * @param commitmentRetryDelay first delay between attempts (doubles each time)
 */
public record GatewayConfig(String aeTitle, String bindAddress, int port, UlSettings ul, int maxAssociations,
                            int maxConnections, long maxDataSetBytes, long maxInflatedBytes, int maxOpsPerformed,
                            SslContext tls, int commitmentRetries, Duration commitmentRetryDelay) {

    public static GatewayConfig defaults(String aeTitle, String bindAddress, int port) {
        return new GatewayConfig(aeTitle, bindAddress, port, UlSettings.defaults(), 100, 400, 4L << 30, 512L << 20, 16,
                null, 5, Duration.ofSeconds(5));
    }

    public GatewayConfig withUl(UlSettings ul) {
        return new GatewayConfig(aeTitle, bindAddress, port, ul, maxAssociations, maxConnections, maxDataSetBytes,
                maxInflatedBytes, maxOpsPerformed, tls, commitmentRetries, commitmentRetryDelay);
    }

    public GatewayConfig withLimits(int maxAssociations, int maxConnections, long maxDataSetBytes, long maxInflatedBytes) {
        return new GatewayConfig(aeTitle, bindAddress, port, ul, maxAssociations, maxConnections, maxDataSetBytes,
                maxInflatedBytes, maxOpsPerformed, tls, commitmentRetries, commitmentRetryDelay);
    }

    public GatewayConfig withTls(SslContext tls) {
        return new GatewayConfig(aeTitle, bindAddress, port, ul, maxAssociations, maxConnections, maxDataSetBytes,
                maxInflatedBytes, maxOpsPerformed, tls, commitmentRetries, commitmentRetryDelay);
    }

    public GatewayConfig withCommitmentRetries(int retries, Duration delay) {
        return new GatewayConfig(aeTitle, bindAddress, port, ul, maxAssociations, maxConnections, maxDataSetBytes,
                maxInflatedBytes, maxOpsPerformed, tls, retries, delay);
    }
}
