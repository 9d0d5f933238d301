package org.rdc.app.config;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Everything operators configure, bound from {@code application.properties}, where each value is
 * mapped from its documented RDC_* environment variable.
 */
@ConfigurationProperties("rdc")
public record RdcProperties(Path dataDir, Http http, Dicom dicom, Ecg ecg, Path facilities, ObjectStore objectStore,
                            Database database, Spool spool) {

    public record Http(boolean enabled) {
    }

    public record Dicom(boolean enabled, int port, String aeTitle) {
    }

    public record Ecg(boolean enabled, int port) {
    }

    /** Blank endpoint means the embedded S3 server under the data directory. */
    public record ObjectStore(String endpoint, String accessKey, String secretKey, String bucket, String region,
                              long partSizeBytes, String caCertificate) {

        public boolean embedded() {
            return endpoint == null || endpoint.isBlank();
        }

        public Path caCertificatePath() {
            return caCertificate == null || caCertificate.isBlank() ? null : Path.of(caCertificate);
        }

        @Override
        public String toString() {
            return "ObjectStore[endpoint=" + endpoint + ", bucket=" + bucket + ", accessKey=" + accessKey + "]";
        }
    }

    /** Blank URL means the embedded H2 file database under the data directory. */
    public record Database(String url, String user, String password) {

        public boolean embedded() {
            return url == null || url.isBlank();
        }

        @Override
        public String toString() {
            return "Database[url=" + url + ", user=" + user + "]";
        }
    }

    public record Spool(long minFreeBytes, long segmentBytes, int lanes, int moverThreads, Duration maxRetryBackoff) {
    }
}
