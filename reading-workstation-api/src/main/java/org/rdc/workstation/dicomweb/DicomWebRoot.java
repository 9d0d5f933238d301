package org.rdc.workstation.dicomweb;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The absolute URL of the DICOMweb root ({@code .../dicomweb}) as the client reached it, for URLs the
 * server hands out (Retrieve URL, PS3.18 10.6.3.3). Behind a reverse proxy that is the proxy's
 * address: taken from {@code Forwarded} (RFC 7239; its first element, the hop nearest the client),
 * else {@code X-Forwarded-Proto}, {@code -Host}, {@code -Port} and {@code -Prefix}, else the request's
 * own scheme and Host. Values that are not a plain scheme, host or path are ignored, so a header
 * cannot put anything but an address into the answer.
 */
public final class DicomWebRoot {

    private static final Pattern PROTO = Pattern.compile("https?");
    private static final Pattern HOST = Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]+)(:[0-9]{1,5})?");
    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");
    private static final Pattern PREFIX = Pattern.compile("(/[A-Za-z0-9._~%!$&'()*+,;=:@-]+)+");

    private DicomWebRoot() {
    }

    public static String of(HttpServletRequest request) {
        String proto = null;
        String host = null;
        String forwarded = request.getHeader("Forwarded");
        if (forwarded != null) {
            for (String pair : forwarded.split(",")[0].split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    String name = pair.substring(0, eq).strip().toLowerCase(Locale.ROOT);
                    String value = unquote(pair.substring(eq + 1).strip());
                    if (name.equals("proto")) {
                        proto = value.toLowerCase(Locale.ROOT);
                    } else if (name.equals("host")) {
                        host = value;
                    }
                }
            }
        } else {
            proto = first(request.getHeader("X-Forwarded-Proto"));
            host = first(request.getHeader("X-Forwarded-Host"));
            String port = first(request.getHeader("X-Forwarded-Port"));
            if (host != null && port != null && PORT.matcher(port).matches() && HOST.matcher(host).matches()) {
                host = host.replaceFirst(":[0-9]+$", "") + ":" + port;
            } else if (host == null && port != null && PORT.matcher(port).matches()) {
                host = hostOnly(request) + ":" + port;
            }
        }
        if (proto == null || !PROTO.matcher(proto.toLowerCase(Locale.ROOT)).matches()) {
            proto = request.getScheme();
        }
        if (host == null || !HOST.matcher(host).matches()) {
            String h = request.getHeader("Host");
            host = h != null && HOST.matcher(h).matches() ? h : request.getServerName() + ":" + request.getServerPort();
        }
        host = withoutDefaultPort(proto.toLowerCase(Locale.ROOT), host);
        String prefix = first(request.getHeader("X-Forwarded-Prefix"));
        if (prefix == null || !PREFIX.matcher(prefix).matches()) {
            prefix = "";
        } else if (prefix.endsWith("/")) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        return proto.toLowerCase(Locale.ROOT) + "://" + host + prefix + request.getContextPath() + "/dicomweb";
    }

    private static String hostOnly(HttpServletRequest request) {
        String h = request.getHeader("Host");
        return h != null && HOST.matcher(h).matches() ? h.replaceFirst(":[0-9]+$", "") : request.getServerName();
    }

    private static String withoutDefaultPort(String proto, String host) {
        return (proto.equals("http") && host.endsWith(":80")) || (proto.equals("https") && host.endsWith(":443"))
                ? host.substring(0, host.lastIndexOf(':')) : host;
    }

    private static String first(String header) {
        if (header == null) {
            return null;
        }
        String v = header.split(",")[0].strip();
        return v.isEmpty() ? null : v;
    }

    private static String unquote(String v) {
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }
}
