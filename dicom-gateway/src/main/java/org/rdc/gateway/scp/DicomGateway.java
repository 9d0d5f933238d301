package org.rdc.gateway.scp;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.rdc.gateway.event.GatewayListener;
import org.rdc.gateway.registry.DeviceAuthenticator;
import org.rdc.gateway.ul.Association;
import org.rdc.gateway.ul.AssociationHandler;
import org.rdc.gateway.ul.PduCodecHandler;
import org.rdc.gateway.ul.PduFrameDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DICOM listener (association acceptor). Each connection gets a small pipeline: optional TLS,
 * {@link PduFrameDecoder} (framing and length limits), {@link PduCodecHandler} (PDU codec),
 * {@link AssociationHandler} (PS3.8 state machine). Once an association is accepted its DIMSE work
 * (parsing, spool writes, fsync, database) runs on a worker thread of its own, never on the event loop.
 */
public final class DicomGateway implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DicomGateway.class);

    private final GatewayConfig config;
    private final AssociationPolicy policy;
    private final org.rdc.storage.InstanceStore store;
    private final GatewayListener listener;
    private final StorageCommitmentScp commitment;
    private final GatewayMetrics metrics;
    private final AtomicInteger activeAssociations = new AtomicInteger();
    private final AtomicInteger openConnections = new AtomicInteger();
    private final ExecutorService workers;
    private EventLoopGroup boss;
    private EventLoopGroup io;
    private Channel server;

    public DicomGateway(GatewayConfig config, DeviceAuthenticator devices, org.rdc.storage.InstanceStore store,
                        GatewayListener listener) {
        this(config, devices, store, listener, null, new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    }

    /** @param commitmentOutbox Storage Commitment reports for new associations kept in the database (null: in memory) */
    public DicomGateway(GatewayConfig config, DeviceAuthenticator devices, org.rdc.storage.InstanceStore store,
                        GatewayListener listener, CommitmentOutbox commitmentOutbox,
                        io.micrometer.core.instrument.MeterRegistry meters) {
        this.config = config;
        this.store = store;
        this.listener = listener == null ? new GatewayListener() { } : listener;
        this.metrics = new GatewayMetrics(meters, activeAssociations, openConnections);
        this.policy = new AssociationPolicy(config, devices, activeAssociations, metrics);
        this.commitment = new StorageCommitmentScp(config, store, this.listener, devices.registry(), commitmentOutbox);
        // One thread per association, bounded by the association limit (plus room for ones ending).
        this.workers = new ThreadPoolExecutor(0, config.maxAssociations() + 16, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                new DefaultThreadFactory("dimse", true));
    }

    public DicomGateway start() {
        boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("dicom-accept", true), NioIoHandler.newFactory());
        io = new MultiThreadIoEventLoopGroup(Math.max(2, Runtime.getRuntime().availableProcessors()),
                new DefaultThreadFactory("dicom-io", true), NioIoHandler.newFactory());
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, io)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 256)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                // large instances arrive in bigger reads (fewer wake-ups); small ones start small
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, new io.netty.channel.AdaptiveRecvByteBufAllocator(512, 16 * 1024, 256 * 1024))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (openConnections.incrementAndGet() > config.maxConnections()) {
                            openConnections.decrementAndGet();
                            log.warn("connection from {} closed: already {} open connections", ch.remoteAddress(),
                                    config.maxConnections());
                            ch.close();
                            return;
                        }
                        ch.closeFuture().addListener(f -> openConnections.decrementAndGet());
                        PduFrameDecoder frames = new PduFrameDecoder(config.ul().maxAssociatePdu(), config.ul().maxPduLength());
                        Association[] a = new Association[1];
                        a[0] = new Association(ch, false, config.ul(), policy, frames, () -> startSession(a[0]));
                        if (config.tls() != null) {
                            ch.pipeline().addLast(config.tls().newHandler(ch.alloc()));
                        }
                        ch.pipeline().addLast(frames, new PduCodecHandler(), new AssociationHandler(a[0]));
                    }
                });
        server = b.bind(new InetSocketAddress(config.bindAddress(), config.port())).syncUninterruptibly().channel();
        log.info("DICOM gateway '{}' listening on {}{}", config.aeTitle(), server.localAddress(),
                config.tls() != null ? " (TLS)" : "");
        return this;
    }

    private void startSession(Association a) {
        try {
            workers.execute(new ScpSession(a, config, store, listener, commitment, metrics));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            log.error("{}: no worker thread available, aborting", a);
            a.abort();
        }
    }

    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    public GatewayConfig config() {
        return config;
    }

    public int activeAssociations() {
        return activeAssociations.get();
    }

    public int openConnections() {
        return openConnections.get();
    }

    @Override
    public void close() {
        if (server != null) {
            server.close().syncUninterruptibly();
        }
        if (boss != null) {
            boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            io.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        workers.shutdownNow();
        commitment.close();
    }
}
