package org.rdc.workstation.dicomweb;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Absolute URLs of DICOMweb resources as the client sees them (RetrieveURL, BulkDataURI: PS3.18 §8.6,
 * F.2.6), behind a reverse proxy too: {@code Forwarded} (RFC 7239; its first element, the one the
 * outermost proxy added) is preferred, then {@code X-Forwarded-Proto}/{@code -Host}/{@code -Port}/
 * {@code -Prefix}, then the request itself. Values are checked to be a scheme and a host[:port], so a
 * forged header cannot put anything else into the URLs the client is given.
 */
public final class DicomWebUrls {

    private static final Pattern HOST = Pattern.compile("(\\[[0-9a-fA-F:.]+\\]|[A-Za-z0-9.-]+)(:[0-9]{1,5})?");
    private static final Pattern PREFIX = Pattern.compile("(/[A-Za-z0-9._~%!$&'()*+,;=:@-]+)*");

    private DicomWebUrls() {
    }

    /** The DICOMweb root, e.g. {@code https://pacs.example.cn/rdc/dicomweb}, without a trailing slash. */
    public static String root(HttpServletRequest request) {
        String proto = null;
        String host = null;
        String forwarded = request.getHeader("Forwarded");
        if (forwarded != null) {
            String first = forwarded.split(",", 2)[0];
            for (String pair : first.split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    String name = pair.substring(0, eq).trim().toLowerCase(Locale.ROOT);
                    String value = unquote(pair.substring(eq + 1).trim());
                    if (name.equals("proto")) {
                        proto = value;
                    } else if (name.equals("host")) {
                        host = value;
                    }
                }
            }
        }
        if (proto == null) {
            proto = firstValue(request.getHeader("X-Forwarded-Proto"));
        }
        if (host == null) {
            host = firstValue(request.getHeader("X-Forwarded-Host"));
            String port = firstValue(request.getHeader("X-Forwarded-Port"));
            if (host != null && port != null && !host.contains(":") && port.matches("[0-9]{1,5}")) {
                host = host + ":" + port;
            }
        }
        if (proto == null || !(proto.equalsIgnoreCase("http") || proto.equalsIgnoreCase("https"))) {
            proto = request.getScheme();
        }
        proto = proto.toLowerCase(Locale.ROOT);
        if (host == null || !HOST.matcher(host).matches()) {
            int port = request.getServerPort();
            boolean defaultPort = port == (proto.equals("https") ? 443 : 80);
            String name = request.getServerName();
            host = (name.contains(":") ? "[" + name + "]" : name) + (defaultPort || port <= 0 ? "" : ":" + port);
        }
        String prefix = firstValue(request.getHeader("X-Forwarded-Prefix"));
        if (prefix == null || !PREFIX.matcher(prefix).matches() || prefix.equals("/")) {
            prefix = "";
        }
        if (prefix.endsWith("/")) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        return proto + "://" + host + prefix + request.getContextPath() + "/dicomweb";
    }

    private static String firstValue(String header) {
        if (header == null) {
            return null;
        }
        String v = header.split(",", 2)[0].trim();
        return v.isEmpty() ? null : v;
    }

    private static String unquote(String v) {
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }
}
