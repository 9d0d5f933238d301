package org.rdc.ecg.intake;

import java.net.InetAddress;
import java.security.cert.X509Certificate;

/**
 * Who an HTTP upload comes from. The application wires it to the one device authentication of the
 * centre (the gateway's {@code DeviceAuthenticator} over the facility registry), so that the ECG upload
 * obeys the same rules as DICOM and STOW-RS. Lookups must not block: they run on the Netty event loop.
 */
@FunctionalInterface
public interface DeviceDirectory {

    /** The device, or the reason it may not upload (for the 401; never the key). */
    record Authentication(Device device, String refusal) {

        public static Authentication of(Device device) {
            return new Authentication(device, null);
        }

        public static Authentication refused(String reason) {
            return new Authentication(null, reason);
        }
    }

    /**
     * @param apiKey            the key of {@code Authorization: Bearer}
     * @param source            the connection's remote address
     * @param tls               whether the connection is TLS
     * @param clientCertificate the verified TLS client certificate, or null
     */
    Authentication authenticate(String apiKey, InetAddress source, boolean tls, X509Certificate clientCertificate);
}
