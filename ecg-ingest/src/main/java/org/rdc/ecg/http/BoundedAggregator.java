package org.rdc.ecg.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.rdc.ecg.intake.EcgMetrics;

/**
 * Collects the body up to the upload limit. A body without a declared length (chunked) that grows
 * past the limit gets the same JSON 413 as a declared one, and the connection is closed.
 */
final class BoundedAggregator extends HttpObjectAggregator {

    private final int maxBytes;
    private final EcgMetrics metrics;

    BoundedAggregator(int maxBytes, EcgMetrics metrics) {
        super(maxBytes);
        this.maxBytes = maxBytes;
        this.metrics = metrics;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        metrics.failure(EcgMetrics.Failure.TOO_LARGE);
        ctx.channel().attr(UploadGate.DEVICE).set(null);
        HttpReplies.send(ctx, HttpReplies.error(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                "the upload is larger than the limit of " + maxBytes + " bytes"), false);
    }
}
