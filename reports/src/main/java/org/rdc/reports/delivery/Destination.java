package org.rdc.reports.delivery;

import java.util.Objects;

/**
 * Where one delivery goes: the channel and its address as recorded with the delivery when the
 * report is enqueued (a facility that changes its settings later gets later reports there; one
 * already enqueued goes where it was meant to go).
 *
 * @param address DICOM {@code AE@host:port}; HL7 {@code host:port}; FHIR the server's base URL
 */
public record Destination(Channel channel, String address) {

    public Destination {
        Objects.requireNonNull(channel, "channel");
        if (address == null || address.isBlank() || address.length() > 300) {
            throw new IllegalArgumentException(channel + " destination address '" + address + "' is empty or longer than 300 characters");
        }
    }

    public static Destination dicom(String aeTitle, String host, int port) {
        return new Destination(Channel.DICOM, aeTitle + "@" + host + ":" + port);
    }

    public static Destination hl7(String host, int port) {
        return new Destination(Channel.HL7, host + ":" + port);
    }

    public static Destination fhir(String baseUrl) {
        return new Destination(Channel.FHIR, baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl);
    }

    /** The host of a {@code [AE@]host:port} address. */
    String host() {
        String hp = address.substring(address.indexOf('@') + 1);
        return hp.substring(0, hp.lastIndexOf(':'));
    }

    /** The port of a {@code [AE@]host:port} address. */
    int port() {
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }

    /** The AE title of a DICOM address. */
    String aeTitle() {
        return address.substring(0, address.indexOf('@'));
    }
}
