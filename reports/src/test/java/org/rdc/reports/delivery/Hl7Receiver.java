package org.rdc.reports.delivery;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.app.HL7Service;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.protocol.ReceivingApplication;
import ca.uhn.hl7v2.util.StandardSocketFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.rdc.gateway.Peers;

/**
 * A facility's HL7 v2 receiver: HAPI's HL7Service over MLLP on 127.0.0.1, answering ORU^R01 with
 * the acknowledgement code a test chooses. It keeps every message it receives and files each
 * message control id (MSH-10) once, as a receiver that recognises repeats does.
 */
public final class Hl7Receiver implements AutoCloseable {

    public final int port;
    public final List<String> received = new CopyOnWriteArrayList<>();
    public final Set<String> filed = ConcurrentHashMap.newKeySet();
    public volatile AcknowledgmentCode answer = AcknowledgmentCode.AA;
    /** While set, a message is recorded but answered only after the latch opens (never, if the test kills the sender first). */
    volatile CountDownLatch holdAnswer;
    private final HL7Service service;

    public Hl7Receiver() throws IOException, InterruptedException {
        port = Peers.freePort();
        HapiContext hapi = Mllp.hapi();
        hapi.setSocketFactory(new StandardSocketFactory() {
            @Override
            public ServerSocket createServerSocket() throws IOException {
                return new LoopbackServerSocket();
            }
        });
        service = hapi.newServer(port, false);
        service.registerApplication("ORU", "R01", new ReceivingApplication<Message>() {
            @Override
            public Message processMessage(Message m, Map<String, Object> metadata) throws HL7Exception {
                String encoded = m.encode();
                received.add(encoded);
                CountDownLatch hold = holdAnswer;
                if (hold != null) {
                    try {
                        hold.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                try {
                    AcknowledgmentCode code = answer;
                    if (code == AcknowledgmentCode.AA) {
                        filed.add(new ca.uhn.hl7v2.util.Terser(m).get("/MSH-10"));
                        return m.generateACK();
                    }
                    return m.generateACK(code, new HL7Exception("the test receiver answers " + code));
                } catch (IOException e) {
                    throw new HL7Exception(e);
                }
            }

            @Override
            public boolean canProcess(Message m) {
                return true;
            }
        });
        service.startAndWait();
    }

    /** Binds where it is asked to, but on the loopback address only. */
    private static final class LoopbackServerSocket extends ServerSocket {
        LoopbackServerSocket() throws IOException {
            super();
        }

        @Override
        public void bind(SocketAddress endpoint, int backlog) throws IOException {
            int p = endpoint instanceof InetSocketAddress a ? a.getPort() : 0;
            super.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), p), backlog);
        }
    }

    @Override
    public void close() {
        CountDownLatch hold = holdAnswer;
        if (hold != null) {
            hold.countDown();
        }
        service.stopAndWait();
    }
}
