package org.rdc.ecg.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import org.rdc.ecg.json.EcgJson;
import tools.jackson.databind.node.ObjectNode;

/** JSON responses of the ECG intake: bodies, error shape, keep-alive. */
final class HttpReplies {

    private HttpReplies() {
    }

    static FullHttpResponse json(HttpResponseStatus status, ObjectNode body) {
        byte[] bytes = EcgJson.toBytes(body);
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(bytes));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=utf-8");
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        r.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        return r;
    }

    /** {"status": 401, "error": "Unauthorized", "reason": "..."}: the reason is the precise cause. */
    static FullHttpResponse error(HttpResponseStatus status, String reason) {
        ObjectNode n = EcgJson.object();
        n.put("status", status.code());
        n.put("error", status.reasonPhrase());
        n.put("reason", reason);
        return json(status, n);
    }

    /** Whether a body follows the head of a request answered before reading it (with 100-continue the client waits instead). */
    static boolean bodyComing(HttpRequest req) {
        return !(req instanceof LastHttpContent) && !HttpUtil.is100ContinueExpected(req)
                && (HttpUtil.isTransferEncodingChunked(req) || HttpUtil.getContentLength(req, 0L) > 0);
    }

    /** Writes the response; keeps the connection open only when the request asked for it and nothing is left unread. */
    static ChannelFuture send(ChannelHandlerContext ctx, FullHttpResponse response, boolean keepAlive) {
        HttpUtil.setKeepAlive(response, keepAlive);
        if (!keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        ChannelFuture f = ctx.writeAndFlush(response);
        if (!keepAlive) {
            f.addListener(ChannelFutureListener.CLOSE);
        }
        return f;
    }
}
