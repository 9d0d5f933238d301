package org.rdc.ecg.http;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.rdc.ecg.EcgFormatException;
import org.rdc.ecg.intake.Device;
import org.rdc.ecg.intake.EcgIntake;
import org.rdc.ecg.intake.EcgMetrics;
import org.rdc.ecg.intake.EcgResult;
import org.rdc.ecg.json.EcgJson;
import org.rdc.storage.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Hands an authenticated, complete upload to the intake on the bounded worker pool and answers
 * when it is done: 201 for a new record, 200 for content received before (same record id), 4xx
 * with the decoder's reason, 409 for a DICOM ECG whose UIDs are another facility's or contradict
 * its stored study, 503 when the pool is full or storage is away. The channel stops
 * reading meanwhile, so a pipelining client gets its answers in order.
 */
final class UploadHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger log = LoggerFactory.getLogger(UploadHandler.class);

    private final EcgIntake intake;
    private final Executor workers;
    private final EcgMetrics metrics;

    UploadHandler(EcgIntake intake, Executor workers, EcgMetrics metrics) {
        this.intake = intake;
        this.workers = workers;
        this.metrics = metrics;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        Device device = ctx.channel().attr(UploadGate.DEVICE).getAndSet(null);
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        if (device == null) {  // the gate lets nothing else through; defensive
            HttpReplies.send(ctx, HttpReplies.error(HttpResponseStatus.UNAUTHORIZED, "not authenticated"), false);
            return;
        }
        byte[] body = ByteBufUtil.getBytes(req.content());
        ctx.channel().config().setAutoRead(false);
        try {
            workers.execute(() -> {
                FullHttpResponse response = process(body, device);
                ctx.channel().eventLoop().execute(() -> {
                    HttpReplies.send(ctx, response, keepAlive && response.status().code() < 500);
                    ctx.channel().config().setAutoRead(true);
                });
            });
        } catch (RejectedExecutionException e) {
            metrics.failure(EcgMetrics.Failure.OVERLOADED);
            log.warn("ECG from {}/{} refused: intake queue full", device.facilityId(), device.deviceId());
            FullHttpResponse busy = HttpReplies.error(HttpResponseStatus.SERVICE_UNAVAILABLE,
                    "the ECG intake is busy; retry in a few seconds");
            busy.headers().set(HttpHeaderNames.RETRY_AFTER, "5");
            HttpReplies.send(ctx, busy, keepAlive);
            ctx.channel().config().setAutoRead(true);
        }
    }

    private FullHttpResponse process(byte[] body, Device device) {
        try {
            EcgResult r = intake.ingest(body, device);
            ObjectNode n = EcgJson.object();
            n.put("id", r.sopInstanceUid());
            n.put("studyInstanceUid", r.studyInstanceUid());
            n.put("seriesInstanceUid", r.seriesInstanceUid());
            n.put("sopInstanceUid", r.sopInstanceUid());
            n.put("created", r.created());
            n.put("format", r.format().name());
            n.put("facilityId", device.facilityId());
            n.put("deviceId", device.deviceId());
            n.put("originalSha256", r.originalSha256());
            n.put("critical", r.critical());
            n.set("analysis", r.analysisJson());
            return HttpReplies.json(r.created() ? HttpResponseStatus.CREATED : HttpResponseStatus.OK, n);
        } catch (EcgFormatException e) {
            return HttpReplies.error(switch (e.kind()) {
                case UNSUPPORTED -> HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE;
                case TOO_LARGE -> HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE;
                case INVALID -> HttpResponseStatus.UNPROCESSABLE_ENTITY;
            }, e.getMessage());
        } catch (StorageException e) {
            return switch (e.kind()) {
                case INVALID -> HttpReplies.error(HttpResponseStatus.UNPROCESSABLE_ENTITY, e.getMessage());
                case OTHER_FACILITY, CONFLICT -> HttpReplies.error(HttpResponseStatus.CONFLICT,
                        "ECG not stored, " + e.getMessage());
                case OUT_OF_RESOURCES -> HttpReplies.error(HttpResponseStatus.INSUFFICIENT_STORAGE,
                        "the centre's storage is full; the ECG was not stored");
                default -> {
                    FullHttpResponse r = HttpReplies.error(HttpResponseStatus.SERVICE_UNAVAILABLE,
                            "storage is unavailable; the ECG was not stored, retry later");
                    r.headers().set(HttpHeaderNames.RETRY_AFTER, "30");
                    yield r;
                }
            };
        } catch (RuntimeException | Error e) {
            metrics.failure(EcgMetrics.Failure.INTERNAL_ERROR);
            log.error("ECG from {}/{} failed", device.facilityId(), device.deviceId(), e);
            return HttpReplies.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error while processing the ECG: " + e);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("ECG intake connection {} closed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
