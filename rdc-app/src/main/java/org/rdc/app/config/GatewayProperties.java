package org.rdc.app.config;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The DICOM gateway's settings ({@code rdc.dicom.*}, mapped from RDC_DICOM_* in application.properties).
 * {@code enabled}, {@code port} and {@code aeTitle} are also in {@link RdcProperties.Dicom}.
 */
@ConfigurationProperties("rdc.dicom")
public record GatewayProperties(boolean enabled, int port, String aeTitle, String bindAddress, int maxAssociations,
                                int maxConnections, long maxPduLength, long maxDataSetBytes, long maxInflatedBytes,
                                Duration artimTimeout, Duration idleTimeout, Path tlsCertificate, Path tlsKey,
                                Path tlsClientCa, int commitmentRetries, Duration commitmentRetryDelay,
                                Duration registryReload) {
}
