package org.rdc.ecg.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.rdc.ecg.intake.DeviceDirectory;
import org.rdc.ecg.intake.EcgIntake;
import org.rdc.ecg.intake.HolterUploads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ECG intake's own HTTP listener ({@code RDC_ECG_PORT}, 8104 by default): {@code POST /api/ecg}
 * with the ECG file as the body and {@code Authorization: Bearer <device API key>}; Holter recordings by the
 * resumable tus protocol under {@code /api/ecg/holter/uploads} ({@link TusUploadHandler}) when given a {@link HolterUploads}.
 *
 * <p>Pipeline: TLS when configured, HTTP codec, {@link UploadGate} (path, method, API key, declared length: refused
 * before any body is read), {@link BoundedAggregator} (body up to the limit), {@link UploadHandler}
 * (decode, analyse, render and store on a bounded worker pool, never on the event loop; 503 when
 * the pool and its queue are full). A connection that sends nothing for the read timeout is closed.
 */
public final class EcgHttpServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EcgHttpServer.class);

    /**
     * @param bindAddress    interface to listen on (127.0.0.1, 0.0.0.0, ...)
     * @param port           0 for any free port (tests)
     * @param maxUploadBytes largest accepted body
     * @param workerThreads  intakes processed at once
     * @param queueCapacity  uploads waiting for a worker before 503
     * @param readTimeout    idle connections and stalled uploads are closed after it
     */
    public record Settings(String bindAddress, int port, int maxUploadBytes, int workerThreads, int queueCapacity,
                           Duration readTimeout) {

        public static Settings defaults() {
            return new Settings("127.0.0.1", 8104, 16 * 1024 * 1024, Math.max(2, Runtime.getRuntime().availableProcessors()),
                    16, Duration.ofSeconds(60));
        }

        public Settings withPort(int p) {
            return new Settings(bindAddress, p, maxUploadBytes, workerThreads, queueCapacity, readTimeout);
        }
    }

    private final EcgIntake intake;
    private final DeviceDirectory devices;
    private final Settings settings;
    private final SslContext tls;
    private final HolterUploads holter;
    private EventLoopGroup boss;
    private ThreadPoolExecutor holterFiles;
    private EventLoopGroup io;
    private ThreadPoolExecutor workers;
    private Channel channel;

    public EcgHttpServer(EcgIntake intake, DeviceDirectory devices, Settings settings) {
        this(intake, devices, settings, null);
    }

    /** @param tls the server's TLS context (the same loader as the DICOM port's), or null for plain HTTP */
    public EcgHttpServer(EcgIntake intake, DeviceDirectory devices, Settings settings, SslContext tls) {
        this(intake, devices, settings, tls, null);
    }

    /**
     * @param holter where resumable Holter uploads ({@link TusUploadHandler}, {@value TusUploadHandler#PATH}) are received,
     *               or null for none
     */
    public EcgHttpServer(EcgIntake intake, DeviceDirectory devices, Settings settings, SslContext tls, HolterUploads holter) {
        if (settings.maxUploadBytes() > intake.maxBytes()) {
            throw new IllegalArgumentException("upload limit " + settings.maxUploadBytes() + " exceeds the reader's limit "
                    + intake.maxBytes());
        }
        this.intake = intake;
        this.devices = devices;
        this.settings = settings;
        this.tls = tls;
        this.holter = holter;
    }

    public synchronized EcgHttpServer start() {
        workers = new ThreadPoolExecutor(settings.workerThreads(), settings.workerThreads(), 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(Math.max(1, settings.queueCapacity())), new DefaultThreadFactory("ecg-intake", true),
                new ThreadPoolExecutor.AbortPolicy());
        intake.metrics().registry().gauge("rdc.ecg.queue", workers, w -> w.getQueue().size());
        // appends and fsyncs of Holter uploads; each PATCH's steps are chained, and back-pressure bounds what waits
        holterFiles = new ThreadPoolExecutor(2, 2, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                new DefaultThreadFactory("holter-upload-io", true));
        boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("ecg-http-accept", true), NioIoHandler.newFactory());
        io = new MultiThreadIoEventLoopGroup(2, new DefaultThreadFactory("ecg-http-io", true), NioIoHandler.newFactory());
        int timeoutS = (int) Math.max(1, settings.readTimeout().toSeconds());
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, io)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 128)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast("timeout", new ReadTimeoutHandler(timeoutS));
                        if (tls != null) {
                            ch.pipeline().addLast("tls", tls.newHandler(ch.alloc()));
                        }
                        ch.pipeline().addLast("http", new HttpServerCodec());
                        if (holter != null) {
                            ch.pipeline().addLast("tus", new TusUploadHandler(holter, devices, intake.metrics(), holterFiles));
                        }
                        ch.pipeline()
                                .addLast("gate", new UploadGate(devices, intake.metrics(), settings.maxUploadBytes()))
                                .addLast("body", new BoundedAggregator(settings.maxUploadBytes(), intake.metrics()))
                                .addLast("upload", new UploadHandler(intake, workers, intake.metrics()));
                    }
                });
        try {
            channel = b.bind(new InetSocketAddress(settings.bindAddress(), settings.port())).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            close();
            throw new IllegalStateException("ECG intake cannot listen on " + settings.bindAddress() + ":" + settings.port()
                    + ": " + e.getMessage(), e);
        }
        log.info("ECG intake listening on {}://{}:{}{} (uploads up to {} bytes, {} workers, queue {})",
                tls != null ? "https" : "http", settings.bindAddress(), port(), UploadGate.PATH, settings.maxUploadBytes(),
                settings.workerThreads(), settings.queueCapacity());
        return this;
    }

    /**
     * Graceful stop: no new connections, then up to {@code grace} for the uploads being processed
     * (and those queued) to be stored and answered. True when none is left. {@link #close} follows.
     */
    public boolean drain(Duration grace) {
        synchronized (this) {
            if (channel != null) {
                channel.close().syncUninterruptibly();
                channel = null;
                log.info("ECG intake: no longer accepting uploads");
            }
        }
        ThreadPoolExecutor w = workers;
        long deadline = System.nanoTime() + grace.toNanos();
        while (w != null && (w.getActiveCount() > 0 || !w.getQueue().isEmpty()) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(Math.max(1, Math.min(50, (deadline - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        boolean idle = w == null || (w.getActiveCount() == 0 && w.getQueue().isEmpty());
        if (!idle) {
            log.warn("ECG intake: uploads still being processed after the {} s grace period", grace.toSeconds());
        }
        return idle;
    }

    /** Uploads waiting for a worker. */
    public int queued() {
        return workers == null ? 0 : workers.getQueue().size();
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public synchronized void close() {
        if (channel != null) {
            channel.close().syncUninterruptibly();
            channel = null;
        }
        if (boss != null) {
            boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        if (workers != null) {
            workers.shutdown();
            try {
                // Not shutdownNow(): an interrupt in the middle of file or database I/O can close a channel others use.
                if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
                    log.warn("ECG intake: uploads still being processed 10 s after the listener closed; left to finish");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (holterFiles != null) {
            holterFiles.shutdown();
        }
        if (io != null) {
            io.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
