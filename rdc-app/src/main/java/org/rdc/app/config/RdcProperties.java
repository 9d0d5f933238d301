package org.rdc.app.config;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Everything operators configure, bound from {@code application.properties}, where each value is
 * mapped from its documented RDC_* environment variable.
 */
@ConfigurationProperties("rdc")
public record RdcProperties(Path dataDir, Http http, Dicom dicom, Ecg ecg, Path facilities, boolean demo, ObjectStore objectStore,
                            Database database, Spool spool, Admin admin, Worklist worklist) {

    public record Http(boolean enabled) {
    }

    public record Dicom(boolean enabled, int port, String aeTitle) {
    }

    /**
     * The ECG intake (issue 5): HTTP upload listener, analysis of uploads and of DICOM ECGs from
     * the gateway.
     *
     * @param address        listen address of the upload port
     * @param maxUploadBytes largest accepted upload
     * @param workerThreads  ECGs decoded, analysed, rendered and stored at once
     * @param queueCapacity  uploads waiting for a worker before the intake answers 503
     * @param font           CJK font for the rendered headers
     * @param mainsHz        mains frequency the notch filter removes when interference is found (50 in China)
     * @param tlsCertificate PEM certificate chain of the upload port (with {@code tlsKey}): it speaks TLS only
     * @param tlsClientCa    PEM CA(s) of client certificates (facilities with {@code tlsClientCn})
     */
    public record Ecg(boolean enabled, int port, String address, int maxUploadBytes, int workerThreads, int queueCapacity,
                      Duration readTimeout, Path font, double mainsHz, EcgCritical critical, Path tlsCertificate, Path tlsKey,
                      Path tlsClientCa) {
    }

    /** Critical value (危急值) thresholds of the automated ECG analysis; ST elevation in uV at the J point. */
    public record EcgCritical(double pauseSeconds, double minRateBpm, double maxRateBpm, double qtcMs, double stUv,
                              double stV2V3Male40PlusUv, double stV2V3MaleUnder40Uv, double stV2V3FemaleUv) {
    }

    /**
     * Blank endpoint means the embedded S3 server under the data directory. {@code reverifyAfter}: how long a whole
     * read of an embedded store's object file that matched its SHA-256 lets later reads of the unchanged file skip
     * the hash (zero: every read hashes; a remote store is always hashed).
     */
    public record ObjectStore(String endpoint, String accessKey, String secretKey, String bucket, String region,
                              long partSizeBytes, String caCertificate, Duration reverifyAfter) {

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

    /** The first administrator, created only while no user exists. The password never appears in logs. */
    public record Admin(String user, String password) {

        @Override
        public String toString() {
            return "Admin[user=" + user + "]";
        }
    }

    /**
     * Readiness, routing and claiming. Text formats: modalities {@code RADIOLOGY=CR,DX;ULTRASOUND=US},
     * sopClasses {@code ECG=1.2.840.10008.5.1.4.1.1.9.1.} (a trailing dot is a prefix), sla
     * {@code ECG.STAT=10,RADIOLOGY.STAT=30} (minutes, overriding the defaults cell by cell),
     * facilities {@code demo:quiet=30s,priority=OUTPATIENT;th01:quiet=2m,mark.URGENT=STAT}, priorityMarkings
     * {@code URGENT=STAT,加急=STAT} (added to the defaults, see WorklistSettings.DEFAULT_PRIORITY_MARKINGS).
     */
    public record Worklist(boolean routerEnabled, Duration quietPeriod, String defaultPriority, String facilities,
                           String modalities, String sopClasses, String fallbackServiceLine, String sla, Duration lease,
                           String qcReasons, Duration pollInterval, String priorityMarkings) {
    }

    /** uploadMaxDelay 0 uploads each object at once; see UploadPacing for what the two upload settings do. */
    public record Spool(long minFreeBytes, long segmentBytes, int lanes, int moverThreads, Duration maxRetryBackoff,
                        Duration uploadMaxDelay, long uploadDeferBytes) {
    }
}
