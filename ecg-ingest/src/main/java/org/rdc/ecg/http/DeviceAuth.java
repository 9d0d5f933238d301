package org.rdc.ecg.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.ssl.SslHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.rdc.ecg.intake.Device;
import org.rdc.ecg.intake.DeviceDirectory;
import org.rdc.ecg.intake.EcgMetrics;

/**
 * The device check of every request on the ECG port ({@code Authorization: Bearer <device API key>},
 * with the connection's source address and TLS client certificate), from the request head alone.
 */
final class DeviceAuth {

    /** Exactly one of the two is set. */
    record Result(Device device, FullHttpResponse refusal) {
    }

    private DeviceAuth() {
    }

    static Result check(ChannelHandlerContext ctx, HttpRequest req, DeviceDirectory devices, EcgMetrics metrics) {
        String auth = req.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (auth == null || auth.isBlank()) {
            return unauthorized(metrics, "no Authorization header: send 'Authorization: Bearer <device API key>'", "");
        }
        if (!auth.regionMatches(true, 0, "Bearer ", 0, 7) || auth.substring(7).isBlank()) {
            return unauthorized(metrics, "the Authorization header must be 'Bearer <device API key>'", ", error=\"invalid_request\"");
        }
        DeviceDirectory.Authentication device = authenticate(ctx, devices, auth.substring(7).trim());
        if (device.device() == null) {
            return unauthorized(metrics, device.refusal(), ", error=\"invalid_token\"");
        }
        return new Result(device.device(), null);
    }

    private static DeviceDirectory.Authentication authenticate(ChannelHandlerContext ctx, DeviceDirectory devices, String key) {
        InetAddress source = ctx.channel().remoteAddress() instanceof InetSocketAddress a ? a.getAddress() : null;
        SslHandler tls = ctx.pipeline().get(SslHandler.class);
        X509Certificate client = null;
        if (tls != null) {
            try {
                Certificate[] chain = tls.engine().getSession().getPeerCertificates();
                client = chain.length > 0 && chain[0] instanceof X509Certificate x ? x : null;
            } catch (SSLPeerUnverifiedException e) {
                client = null; // none presented
            }
        }
        return devices.authenticate(key, source, tls != null, client);
    }

    private static Result unauthorized(EcgMetrics metrics, String reason, String error) {
        metrics.failure(EcgMetrics.Failure.UNAUTHORIZED);
        FullHttpResponse r = HttpReplies.error(HttpResponseStatus.UNAUTHORIZED, reason);
        r.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"rdc-ecg\"" + error);
        return new Result(null, r);
    }
}
