package org.rdc.ecg.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.rdc.ecg.intake.Device;
import org.rdc.ecg.intake.DeviceDirectory;
import org.rdc.ecg.intake.EcgMetrics;
import org.rdc.ecg.intake.HolterUploads;
import org.rdc.ecg.json.EcgJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Resumable upload of Holter recordings by the tus protocol, version 1.0.0 (tus.io/protocols/resumable-upload),
 * on the ECG port under {@value #PATH}: the core protocol (HEAD, PATCH, OPTIONS) and the Creation and
 * Termination extensions; every request but OPTIONS needs a device API key, as {@code POST /api/ecg} does,
 * and an upload answers only to devices of the facility that created it (404 to others).
 *
 * <p>The body of a PATCH is never collected: each piece Netty reads is handed, in order, to a file
 * thread that appends it to the upload's part file ({@link HolterUploads}); the event loop only
 * queues. When more than {@value #HIGH_WATER} bytes wait for the disk the channel stops reading
 * (autoRead off) until the queue drains below {@value #LOW_WATER}, so a fast uplink cannot fill the
 * heap. The 204 is sent after the appended bytes are fsynced; on the last byte the upload is complete
 * and its intake job queued before that 204 ({@link HolterUploads#recover} covers a crash in between).
 * A connection lost in the middle of a PATCH keeps every byte that reached the file.
 *
 * <p>{@code GET} on an upload's URL gives its progress as JSON (bytes received, total, state, the study
 * once stored, or why the recording was refused).
 */
final class TusUploadHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(TusUploadHandler.class);

    static final String PATH = "/api/ecg/holter/uploads";
    static final String VERSION = "1.0.0";
    static final String OFFSET_OCTET_STREAM = "application/offset+octet-stream";
    static final int HIGH_WATER = 4 * 1024 * 1024;
    static final int LOW_WATER = 1024 * 1024;

    private final HolterUploads uploads;
    private final DeviceDirectory devices;
    private final EcgMetrics metrics;
    private final Executor files;

    /** Whether the request being read is this handler's (its body parts are too). */
    private boolean mine;
    /** The body of a request answered already (refused): released as it arrives, the connection closed after it. */
    private boolean discarding;
    private Patch patch;

    TusUploadHandler(HolterUploads uploads, DeviceDirectory devices, EcgMetrics metrics, Executor files) {
        this.uploads = uploads;
        this.devices = devices;
        this.metrics = metrics;
        this.files = files;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest req) {
            String path = new QueryStringDecoder(req.uri()).path();
            mine = path.equals(PATH) || path.startsWith(PATH + "/");
            if (!mine) {
                ctx.fireChannelRead(msg);
                return;
            }
            discarding = false;
            patch = null;
            try {
                request(ctx, req, path);
            } catch (RuntimeException e) {
                log.error("tus request {} {} failed", req.method(), path, e);
                refuse(ctx, req, HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error: " + e);
            }
            if (msg instanceof HttpContent c) {
                body(ctx, c);
            } else {
                ReferenceCountUtil.release(msg);
            }
            return;
        }
        if (mine && msg instanceof HttpContent c) {
            body(ctx, c);
            return;
        }
        ctx.fireChannelRead(msg);
    }

    private void body(ChannelHandlerContext ctx, HttpContent c) {
        boolean last = c instanceof LastHttpContent;
        if (patch != null) {
            patch.append(c.content());
            if (last) {
                patch.finish();
                patch = null;
            }
        } else {
            c.release();
            if (last && discarding) {
                ctx.close();
            }
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (patch != null) {
            patch.abort();
            patch = null;
        }
        super.channelInactive(ctx);
    }

    private void request(ChannelHandlerContext ctx, HttpRequest req, String path) {
        String id = path.length() > PATH.length() + 1 ? path.substring(PATH.length() + 1) : null;
        HttpMethod m = req.method();
        if (m.equals(HttpMethod.OPTIONS)) {
            // tus 1.0.0 "OPTIONS": discovery needs no key and reveals no upload
            FullHttpResponse r = empty(HttpResponseStatus.NO_CONTENT);
            r.headers().set("Tus-Version", VERSION);
            r.headers().set("Tus-Extension", "creation,termination");
            r.headers().set("Tus-Max-Size", uploads.maxBytes());
            reply(ctx, req, r);
            return;
        }
        DeviceAuth.Result auth = DeviceAuth.check(ctx, req, devices, metrics);
        if (auth.refusal() != null) {
            refuse(ctx, req, auth.refusal());
            return;
        }
        boolean tusRequest = !m.equals(HttpMethod.GET);
        if (tusRequest && !VERSION.equals(req.headers().get("Tus-Resumable"))) {
            // tus 1.0.0 "Tus-Resumable": an unsupported version is 412 with the versions the server speaks
            FullHttpResponse r = HttpReplies.error(HttpResponseStatus.PRECONDITION_FAILED,
                    "send 'Tus-Resumable: 1.0.0'; this server speaks tus " + VERSION + " only");
            r.headers().set("Tus-Version", VERSION);
            refuse(ctx, req, r);
            return;
        }
        Device device = auth.device();
        if (id == null) {
            if (m.equals(HttpMethod.POST)) {
                create(ctx, req, device);
            } else {
                refuse(ctx, req, notAllowed(m, "POST, OPTIONS", "create an upload with POST " + PATH));
            }
            return;
        }
        if (m.equals(HttpMethod.PATCH)) {
            patch(ctx, req, device, id);
        } else if (m.equals(HttpMethod.HEAD) || m.equals(HttpMethod.GET) || m.equals(HttpMethod.DELETE)) {
            onFileThread(ctx, req, () -> {
                Optional<HolterUploads.Upload> u = visible(id, device);
                if (u.isEmpty()) {
                    return notFound(id);
                }
                if (m.equals(HttpMethod.HEAD)) {
                    // tus 1.0.0 "HEAD": the offset, the length, and never from a cache
                    FullHttpResponse r = empty(HttpResponseStatus.OK);
                    r.headers().set("Upload-Offset", u.get().offset());
                    r.headers().set("Upload-Length", u.get().length());
                    return r;
                }
                if (m.equals(HttpMethod.GET)) {
                    return HttpReplies.json(HttpResponseStatus.OK, status(u.get()));
                }
                // tus 1.0.0 "Termination": a complete recording is the centre's and is not deleted by its sender
                return uploads.terminate(u.get()) ? empty(HttpResponseStatus.NO_CONTENT)
                        : HttpReplies.error(HttpResponseStatus.CONFLICT, "upload " + id + " is " + u.get().state()
                                + (u.get().state() == HolterUploads.State.RECEIVING ? " and a PATCH is writing to it" : "")
                                + "; only an upload still receiving can be terminated");
            });
        } else {
            refuse(ctx, req, notAllowed(m, "HEAD, PATCH, GET, DELETE", "resume with HEAD then PATCH"));
        }
    }

    /** tus 1.0.0 "Creation": POST with Upload-Length (and optional Upload-Metadata) answers 201 with the upload's Location. */
    private void create(ChannelHandlerContext ctx, HttpRequest req, Device device) {
        long length;
        Map<String, String> metadata;
        try {
            length = headerLong(req, "Upload-Length");
            metadata = metadata(req.headers().get("Upload-Metadata"));
        } catch (IllegalArgumentException e) {
            refuse(ctx, req, HttpResponseStatus.BAD_REQUEST, e.getMessage());
            return;
        }
        if (length > uploads.maxBytes()) {
            metrics.failure(EcgMetrics.Failure.TOO_LARGE);
            FullHttpResponse r = HttpReplies.error(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "the recording is " + length
                    + " bytes, over the limit of " + uploads.maxBytes() + " bytes (Tus-Max-Size)");
            r.headers().set("Tus-Max-Size", uploads.maxBytes());
            refuse(ctx, req, r);
            return;
        }
        if (HttpUtil.getContentLength(req, 0L) > 0 || HttpUtil.isTransferEncodingChunked(req)) {
            refuse(ctx, req, HttpResponseStatus.BAD_REQUEST, "creation with upload is not supported: POST without a body, "
                    + "then send the bytes with PATCH");
            return;
        }
        onFileThread(ctx, req, () -> {
            HolterUploads.Upload u = uploads.create(device, length, metadata);
            log.info("Holter upload {} created by {}/{}: {} bytes", u.id(), device.facilityId(), device.deviceId(), length);
            FullHttpResponse r = HttpReplies.json(HttpResponseStatus.CREATED, status(u));
            r.headers().set(HttpHeaderNames.LOCATION, PATH + "/" + u.id());
            r.headers().set("Upload-Offset", u.offset());
            return r;
        });
    }

    /** tus 1.0.0 "PATCH": the bytes at Upload-Offset; 409 when that is not where the upload stands. */
    private void patch(ChannelHandlerContext ctx, HttpRequest req, Device device, String id) {
        String type = req.headers().get(HttpHeaderNames.CONTENT_TYPE);
        if (type == null || !type.trim().toLowerCase(java.util.Locale.ROOT).startsWith(OFFSET_OCTET_STREAM)) {
            refuse(ctx, req, HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, "a PATCH carries 'Content-Type: " + OFFSET_OCTET_STREAM
                    + "', got " + (type == null ? "none" : "'" + type + "'"));
            return;
        }
        long offset;
        try {
            offset = headerLong(req, "Upload-Offset");
        } catch (IllegalArgumentException e) {
            refuse(ctx, req, HttpResponseStatus.BAD_REQUEST, e.getMessage());
            return;
        }
        long declared = HttpUtil.getContentLength(req, -1L);
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        boolean expectContinue = HttpUtil.is100ContinueExpected(req);
        patch = new Patch(ctx, keepAlive);
        patch.start(() -> {
            HolterUploads.Upload u = visible(id, device).orElseThrow(() -> new Early(notFound(id)));
            if (u.offset() != offset) {
                throw new Early(HttpReplies.error(HttpResponseStatus.CONFLICT, "Upload-Offset " + offset + " is not the upload's offset "
                        + u.offset() + "; ask with HEAD and resume from there"));
            }
            if (u.state() != HolterUploads.State.RECEIVING) {
                if (declared == 0) {
                    FullHttpResponse done = empty(HttpResponseStatus.NO_CONTENT);  // nothing to add: the 204 tells the offset
                    done.headers().set("Upload-Offset", u.offset());
                    throw new Early(done);
                }
                throw new Early(HttpReplies.error(HttpResponseStatus.CONFLICT, "upload " + id + " is complete (" + u.state() + ")"));
            }
            if (declared > u.length() - offset) {
                metrics.failure(EcgMetrics.Failure.TOO_LARGE);
                throw new Early(HttpReplies.error(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "the PATCH carries " + declared
                        + " bytes but only " + (u.length() - offset) + " of the declared Upload-Length " + u.length() + " remain"));
            }
            try {
                return uploads.append(u, offset).orElseThrow(() -> new Early(HttpReplies.error(HttpResponseStatus.CONFLICT,
                        "another PATCH is writing to upload " + id + "; wait for it, then HEAD")));
            } catch (IllegalStateException moved) {  // a PATCH that ended between the check and the open moved the offset
                throw new Early(HttpReplies.error(HttpResponseStatus.CONFLICT, moved.getMessage() + "; ask with HEAD and resume from there"));
            }
        }, expectContinue);
    }

    /** A PATCH's body on its way to disk: each step runs on a file thread after the one before. */
    private final class Patch {

        private final ChannelHandlerContext ctx;
        private final boolean keepAlive;
        private final AtomicLong queued = new AtomicLong();
        private CompletableFuture<Void> tail;
        private volatile HolterUploads.Appender appender;
        private volatile boolean paused;
        /** Answered before the body (refused, or nothing to write): the rest of the body is discarded. */
        private volatile boolean answered;
        /**
         * Whether the PATCH's one response is written, and that write: on the event loop only. The early answer and the
         * end of the body are scheduled from different file threads, in either order; whichever runs first answers, and
         * the connection closes only after that answer is written (closing first left the client with no response).
         */
        private boolean replied;
        private ChannelFuture reply;

        Patch(ChannelHandlerContext ctx, boolean keepAlive) {
            this.ctx = ctx;
            this.keepAlive = keepAlive;
        }

        void start(IoStep<HolterUploads.Appender> open, boolean expectContinue) {
            tail = CompletableFuture.runAsync(() -> {
                try {
                    appender = open.run();
                } catch (IOException e) {
                    throw new CompletionException(e);
                }
            }, files);
            tail.whenComplete((v, e) -> {
                Throwable cause = e instanceof CompletionException ? e.getCause() : e;
                if (cause instanceof Early early) {
                    answered = true;
                    ctx.channel().eventLoop().execute(() -> {
                        if (replied) {
                            return;
                        }
                        // at once, not after a body that is thrown away; the connection closes after that body
                        // (finish), or now when the client waits for 100 Continue and sends none
                        replied = true;
                        early.response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                        reply = ctx.writeAndFlush(withTus(early.response));
                        if (expectContinue) {
                            reply.addListener(ChannelFutureListener.CLOSE);
                        }
                    });
                } else if (e == null && expectContinue) {
                    ctx.channel().eventLoop().execute(() -> ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                            HttpResponseStatus.CONTINUE)));
                }
            });
        }

        /** Takes over the reference of {@code content}; released once written (or skipped after a failure). */
        void append(ByteBuf content) {
            int n = content.readableBytes();
            if (n == 0 || answered) {
                content.release();
                return;
            }
            if (queued.addAndGet(n) > HIGH_WATER && !paused) {
                paused = true;
                ctx.channel().config().setAutoRead(false);
            }
            tail = tail.handleAsync((v, e) -> {
                try {
                    if (e != null) {
                        throw e instanceof CompletionException c ? c : new CompletionException(e);
                    }
                    appender.write(content.nioBuffer());
                    return null;
                } catch (IOException x) {
                    throw new CompletionException(x);
                } catch (IllegalArgumentException x) {
                    metrics.failure(EcgMetrics.Failure.TOO_LARGE);
                    throw new CompletionException(new Early(HttpReplies.error(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                            x.getMessage())));
                } finally {
                    content.release();
                    if (queued.addAndGet(-n) < LOW_WATER && paused) {
                        paused = false;
                        ctx.channel().eventLoop().execute(() -> ctx.channel().config().setAutoRead(true));
                    }
                }
            }, files);
        }

        /** The last byte of the PATCH is in: fsync, then 204 with the new offset (or why not). */
        void finish() {
            tail.handleAsync((v, e) -> {
                try {
                    if (e != null) {
                        throw e instanceof CompletionException c ? c : new CompletionException(e);
                    }
                    return appender.sync();
                } catch (IOException x) {
                    throw new CompletionException(x);
                } finally {
                    release();
                }
            }, files).whenComplete((u, e) -> ctx.channel().eventLoop().execute(() -> {
                Throwable cause = e instanceof CompletionException ? e.getCause() : e;
                if (replied) {
                    reply.addListener(ChannelFutureListener.CLOSE);
                    return;
                }
                replied = true;
                FullHttpResponse r;
                if (cause == null) {
                    r = empty(HttpResponseStatus.NO_CONTENT);
                    r.headers().set("Upload-Offset", u.offset());
                } else if (cause instanceof Early early) {
                    r = early.response;
                } else {
                    log.warn("Holter upload PATCH failed: {}", cause.toString());
                    r = HttpReplies.error(HttpResponseStatus.INSUFFICIENT_STORAGE, "the bytes could not be written: "
                            + cause.getMessage() + "; ask with HEAD and resume");
                }
                HttpReplies.send(ctx, withTus(r), keepAlive && cause == null);
                if (paused) {
                    paused = false;
                    ctx.channel().config().setAutoRead(true);
                }
            }));
        }

        /** The connection broke mid-PATCH: keep what reached the file (made durable on release) and free the upload. */
        void abort() {
            tail.handleAsync((v, e) -> {
                release();
                return null;
            }, files);
        }

        private void release() {
            HolterUploads.Appender a = appender;
            appender = null;
            if (a != null) {
                try {
                    a.close();
                } catch (IOException e) {
                    log.warn("closing a Holter upload after a PATCH failed: {}", e.toString());
                }
            }
        }
    }

    /** A response decided on a file thread before the body was written, carried to the event loop. */
    private static final class Early extends RuntimeException {
        final FullHttpResponse response;

        Early(FullHttpResponse response) {
            super(response.status().toString(), null, false, false);
            this.response = response;
        }
    }

    @FunctionalInterface
    private interface IoStep<T> {
        T run() throws IOException;
    }

    /** Runs a short file-system step off the event loop and answers with its response. */
    private void onFileThread(ChannelHandlerContext ctx, HttpRequest req, IoStep<FullHttpResponse> step) {
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        ctx.channel().config().setAutoRead(false);
        CompletableFuture.supplyAsync(() -> {
            try {
                return step.run();
            } catch (IOException | RuntimeException e) {
                log.warn("Holter upload {} {} failed: {}", req.method(), req.uri(), e.toString());
                return HttpReplies.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "the upload directory is unavailable: " + e.getMessage());
            }
        }, files).thenAccept(r -> ctx.channel().eventLoop().execute(() -> {
            withTus(r);
            HttpReplies.send(ctx, r, keepAlive);
            ctx.channel().config().setAutoRead(true);
        }));
    }

    private Optional<HolterUploads.Upload> visible(String id, Device device) throws IOException {
        return uploads.find(id).filter(u -> u.facilityId().equals(device.facilityId()));
    }

    private static ObjectNode status(HolterUploads.Upload u) {
        ObjectNode n = EcgJson.object();
        n.put("id", u.id());
        n.put("location", PATH + "/" + u.id());
        n.put("state", u.state().name());
        n.put("bytesReceived", u.offset());
        n.put("totalBytes", u.length());
        n.put("percent", u.length() == 0 ? 100.0 : Math.floor(1000.0 * u.offset() / u.length()) / 10);
        n.put("facilityId", u.facilityId());
        n.put("deviceId", u.deviceId());
        n.put("createdAt", u.createdAt().toString());
        ObjectNode m = n.putObject("metadata");
        u.metadata().forEach(m::put);
        if (u.format() != null) {
            n.put("format", u.format());
        }
        if (u.studyInstanceUid() != null) {
            n.put("studyInstanceUid", u.studyInstanceUid());
        }
        if (u.error() != null) {
            n.put("error", u.error());
        }
        return n;
    }

    /** tus 1.0.0 "Upload-Metadata": comma-separated pairs of a key and an optional Base64 value. */
    static Map<String, String> metadata(String header) {
        Map<String, String> out = new LinkedHashMap<>();
        if (header == null || header.isBlank()) {
            return out;
        }
        for (String pair : header.split(",")) {
            String[] kv = pair.trim().split(" ");
            if (kv.length > 2 || kv[0].isEmpty() || !kv[0].matches("[A-Za-z0-9_.-]{1,64}")) {
                throw new IllegalArgumentException("Upload-Metadata: '" + pair.trim() + "' is not 'key base64-value'");
            }
            try {
                String value = kv.length == 2 ? new String(Base64.getDecoder().decode(kv[1]), StandardCharsets.UTF_8) : "";
                if (value.length() > 1024 || out.put(kv[0], value) != null) {
                    throw new IllegalArgumentException("Upload-Metadata: key '" + kv[0] + "' repeated or its value over 1024 characters");
                }
            } catch (IllegalArgumentException e) {
                throw e.getMessage().startsWith("Upload-Metadata") ? e
                        : new IllegalArgumentException("Upload-Metadata: the value of '" + kv[0] + "' is not Base64");
            }
        }
        return out;
    }

    private static long headerLong(HttpRequest req, String name) {
        String v = req.headers().get(name);
        if (v == null || !v.trim().matches("\\d{1,18}")) {
            throw new IllegalArgumentException(name + " must be a non-negative integer, got " + (v == null ? "none" : "'" + v + "'")
                    + ("Upload-Length".equals(name) ? " (deferred lengths are not supported)" : ""));
        }
        return Long.parseLong(v.trim());
    }

    private static FullHttpResponse notFound(String id) {
        return HttpReplies.error(HttpResponseStatus.NOT_FOUND, "no Holter upload " + id + " for this facility");
    }

    private static FullHttpResponse notAllowed(HttpMethod m, String allow, String hint) {
        FullHttpResponse r = HttpReplies.error(HttpResponseStatus.METHOD_NOT_ALLOWED, m + " is not allowed here; " + hint);
        r.headers().set(HttpHeaderNames.ALLOW, allow);
        return r;
    }

    private static FullHttpResponse empty(HttpResponseStatus status) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status);
        r.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        if (status.code() != 204) {
            r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
        }
        return r;
    }

    private static FullHttpResponse withTus(FullHttpResponse r) {
        r.headers().set("Tus-Resumable", VERSION);
        return r;
    }

    private static void reply(ChannelHandlerContext ctx, HttpRequest req, FullHttpResponse r) {
        HttpReplies.send(ctx, withTus(r), HttpUtil.isKeepAlive(req));
    }

    private void refuse(ChannelHandlerContext ctx, HttpRequest req, HttpResponseStatus status, String reason) {
        refuse(ctx, req, HttpReplies.error(status, reason));
    }

    /** Answers at once; a body the client sends anyway is discarded and the connection closed after it. */
    private void refuse(ChannelHandlerContext ctx, HttpRequest req, FullHttpResponse r) {
        boolean bodyComing = HttpReplies.bodyComing(req);
        if (bodyComing) {
            discarding = true;
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(withTus(r));
        } else {
            reply(ctx, req, r);
        }
    }
}
