package org.rdc.ecg.http;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import org.rdc.ecg.intake.Device;
import org.rdc.ecg.intake.DeviceDirectory;
import org.rdc.ecg.intake.EcgMetrics;

/**
 * Decides from the request head alone, before any body is read or 100 Continue sent: the path,
 * the method, the device's API key ({@code Authorization: Bearer}) and the declared length. A
 * refused request is answered at once; its body, if the client sends one anyway, is discarded
 * and the connection closed after it.
 */
final class UploadGate extends ChannelInboundHandlerAdapter {

    static final String PATH = "/api/ecg";
    static final AttributeKey<Device> DEVICE = AttributeKey.valueOf("rdc.ecg.device");

    private final DeviceDirectory devices;
    private final EcgMetrics metrics;
    private final int maxBytes;
    private boolean discarding;

    UploadGate(DeviceDirectory devices, EcgMetrics metrics, int maxBytes) {
        this.devices = devices;
        this.metrics = metrics;
        this.maxBytes = maxBytes;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest req) {
            discarding = false;
            FullHttpResponse refusal = check(ctx, req);
            if (refusal != null) {
                boolean bodyComing = HttpReplies.bodyComing(req);
                ReferenceCountUtil.release(msg);
                refusal.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                ChannelFuture f = ctx.writeAndFlush(refusal);
                if (!bodyComing) {
                    f.addListener(ChannelFutureListener.CLOSE);
                }
                discarding = bodyComing;
                return;
            }
        } else if (discarding && msg instanceof HttpContent) {
            boolean last = msg instanceof LastHttpContent;
            ReferenceCountUtil.release(msg);
            if (last) {
                ctx.close();
            }
            return;
        }
        ctx.fireChannelRead(msg);
    }

    private FullHttpResponse check(ChannelHandlerContext ctx, HttpRequest req) {
        String path = new QueryStringDecoder(req.uri()).path();
        if (!path.equals(PATH) && !path.equals(PATH + "/")) {
            metrics.failure(EcgMetrics.Failure.NOT_FOUND);
            return HttpReplies.error(HttpResponseStatus.NOT_FOUND, "no such resource " + path + "; ECGs are uploaded with POST " + PATH);
        }
        if (!req.method().equals(HttpMethod.POST)) {
            metrics.failure(EcgMetrics.Failure.METHOD_NOT_ALLOWED);
            FullHttpResponse r = HttpReplies.error(HttpResponseStatus.METHOD_NOT_ALLOWED, req.method() + " is not allowed on " + PATH
                    + "; upload the ECG file as the body of a POST");
            r.headers().set(HttpHeaderNames.ALLOW, "POST");
            return r;
        }
        DeviceAuth.Result device = DeviceAuth.check(ctx, req, devices, metrics);
        if (device.refusal() != null) {
            return device.refusal();
        }
        long declared = HttpUtil.getContentLength(req, -1L);
        if (declared > maxBytes) {
            metrics.failure(EcgMetrics.Failure.TOO_LARGE);
            return HttpReplies.error(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "the upload declares " + declared
                    + " bytes, over the limit of " + maxBytes + " bytes");
        }
        ctx.channel().attr(DEVICE).set(device.device());
        return null;
    }
}
