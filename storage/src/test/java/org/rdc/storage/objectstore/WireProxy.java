package org.rdc.storage.objectstore;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP/1.1 proxy on loopback between the SDK and a real S3 server, for tests of what goes over
 * the wire: it counts requests by method, and can flip a bit in a request body after the client
 * computed its checksums (corruption in transit), or answer PUTs with an S3 error of its own.
 */
public final class WireProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int upstreamPort;
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private final AtomicInteger bodiesToCorrupt = new AtomicInteger();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile String putRefusal;

    public WireProxy(int upstreamPort) throws IOException {
        this.upstreamPort = upstreamPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        start(this::accept, "wire-proxy");
    }

    /** {@code direct}, going through this proxy. */
    public ObjectStoreConfig config(ObjectStoreConfig direct) {
        return new ObjectStoreConfig("http://127.0.0.1:" + server.getLocalPort(), direct.accessKey(), direct.secretKey(),
                direct.bucket(), direct.region(), direct.partSize());
    }

    public int requests(String method) {
        AtomicInteger n = requests.get(method);
        return n == null ? 0 : n.get();
    }

    /** The next {@code n} PUTs with a body reach the server with one bit of the body flipped. */
    public void corruptNextPutBodies(int n) {
        bodiesToCorrupt.set(n);
    }

    /** Answers every PUT with HTTP 400 and this S3 error code, without forwarding it; null forwards again. */
    public void refusePuts(String code) {
        putRefusal = code;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                open.add(client);
                open.add(upstream);
                start(() -> responses(upstream, client), "wire-proxy-down");
                start(() -> requests(client, upstream), "wire-proxy-up");
            } catch (IOException e) {
                return;
            }
        }
    }

    private void requests(Socket client, Socket upstream) {
        try (client; upstream) {
            InputStream in = new BufferedInputStream(client.getInputStream());
            OutputStream up = upstream.getOutputStream();
            OutputStream down = client.getOutputStream();
            for (byte[] head = head(in); head != null; head = head(in)) {
                String text = new String(head, StandardCharsets.ISO_8859_1);
                String method = text.substring(0, text.indexOf(' '));
                requests.computeIfAbsent(method, k -> new AtomicInteger()).incrementAndGet();
                byte[] body = in.readNBytes(contentLength(text));
                if (method.equals("PUT")) {
                    String refusal = putRefusal;
                    if (refusal != null) {
                        refuse(down, refusal);
                        continue;
                    }
                    if (body.length > 0 && bodiesToCorrupt.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                        body[body.length / 2] ^= 0x10;
                    }
                }
                up.write(head);
                up.write(body);
                up.flush();
            }
        } catch (IOException e) {
            // either side closed the connection
        }
    }

    private static void responses(Socket upstream, Socket client) {
        try {
            InputStream in = upstream.getInputStream();
            OutputStream down = client.getOutputStream();
            byte[] buf = new byte[65536];
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                synchronized (down) {
                    down.write(buf, 0, n);
                    down.flush();
                }
            }
            client.shutdownOutput();
        } catch (IOException e) {
            // either side closed the connection
        }
    }

    private static void refuse(OutputStream down, String code) throws IOException {
        byte[] xml = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>refused by the "
                + "test proxy</Message><Resource>/</Resource><RequestId>wire-proxy</RequestId><HostId>wire-proxy</HostId></Error>")
                .getBytes(StandardCharsets.UTF_8);
        byte[] head = ("HTTP/1.1 400 Bad Request\r\nContent-Type: application/xml\r\nContent-Length: " + xml.length
                + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        synchronized (down) {
            down.write(head);
            down.write(xml);
            down.flush();
        }
    }

    /** The request line and headers up to the blank line; null at the end of the connection. */
    private static byte[] head(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : b == '\r' ? 1 : 0;
        }
        return head.toByteArray();
    }

    private static int contentLength(String head) throws IOException {
        for (String line : head.split("\r\n")) {
            String l = line.toLowerCase(Locale.ROOT);
            if (l.startsWith("transfer-encoding:")) {
                throw new IOException("the test proxy does not take chunked bodies");
            }
            if (l.startsWith("content-length:")) {
                return Integer.parseInt(l.substring("content-length:".length()).trim());
            }
        }
        return 0;
    }

    private static void start(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : open) {
            s.close();
        }
    }
}
