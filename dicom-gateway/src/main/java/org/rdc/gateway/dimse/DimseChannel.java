package org.rdc.gateway.dimse;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.rdc.dicom.object.DataSet;
import org.rdc.gateway.ul.Association;
import org.rdc.gateway.ul.Association.DataValue;
import org.rdc.gateway.ul.Association.Ended;
import org.rdc.gateway.ul.Association.Inbound;
import org.rdc.gateway.ul.Association.ReleaseIndication;
import org.rdc.gateway.ul.AssociationException;
import org.rdc.gateway.ul.Pdu;
import org.rdc.gateway.ul.PduCodec;

/**
 * DIMSE messages over an association (PS3.7 section 6.3 and PS3.8 Annex E): a command set in command
 * PDVs, then, when the command says so, a data set in data PDVs of the same presentation context.
 * Used by the worker thread of one association only: reading blocks on the association's queue,
 * writing fragments into PDUs no longer than the peer accepts and waits while the channel is not
 * writable.
 */
public final class DimseChannel {

    /** A command set is a few hundred bytes; anything above this is not a command. */
    public static final int MAX_COMMAND_BYTES = 64 * 1024;

    private final Association association;
    private long timeoutMillis;

    public DimseChannel(Association association) {
        this.association = association;
    }

    /** DIMSE timeout for reads (requestor side): no PDU for this long aborts the association. 0 = wait forever. */
    public DimseChannel timeout(long millis) {
        this.timeoutMillis = millis;
        return this;
    }

    private Inbound next() throws InterruptedException {
        if (timeoutMillis <= 0) {
            return association.take();
        }
        Inbound in = association.poll(timeoutMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
        if (in == null) {
            association.abort();
            return new Ended(true, "no answer within " + timeoutMillis + " ms (DIMSE timeout)");
        }
        return in;
    }

    public Association association() {
        return association;
    }

    /** What {@link #readCommand()} returns. */
    public sealed interface Incoming {
    }

    /** A command set received on presentation context {@code pcId}. */
    public record Command(int pcId, DataSet command) implements Incoming {
        public int field() {
            return command.getInt(Dimse.CommandField, -1);
        }
    }

    /** The peer asked to release the association. */
    public record Release() implements Incoming {
    }

    /** The association ended (aborted or closed). */
    public record Closed(boolean aborted, String reason) implements Incoming {
    }

    /**
     * Reads the next command set. PDVs for a context that was not accepted, data where a command is due,
     * or a command set over {@value #MAX_COMMAND_BYTES} bytes abort the association (PS3.8 9.3.5, our A-ABORT).
     */
    public Incoming readCommand() throws InterruptedException {
        ByteArrayOutputStream bytes = null;
        int pcId = -1;
        while (true) {
            Inbound in = next();
            if (in instanceof ReleaseIndication) {
                if (bytes != null) {
                    return protocolError("A-RELEASE-RQ in the middle of a command set");
                }
                return new Release();
            }
            if (in instanceof Ended e) {
                return new Closed(e.aborted(), e.reason());
            }
            Pdu.Pdv pdv = ((DataValue) in).pdv();
            try {
                if (!pdv.command()) {
                    return protocolError("data PDV where a command was expected (context " + pdv.presentationContextId() + ")");
                }
                if (association.presentationContext(pdv.presentationContextId()) == null) {
                    return protocolError("PDV for presentation context " + pdv.presentationContextId() + ", which was not accepted");
                }
                if (bytes == null) {
                    bytes = new ByteArrayOutputStream(Math.max(64, pdv.data().readableBytes()));
                    pcId = pdv.presentationContextId();
                } else if (pcId != pdv.presentationContextId()) {
                    return protocolError("command fragments on two presentation contexts");
                }
                if (bytes.size() + pdv.data().readableBytes() > MAX_COMMAND_BYTES) {
                    return protocolError("command set longer than " + MAX_COMMAND_BYTES + " bytes");
                }
                pdv.data().readBytes(bytes, pdv.data().readableBytes());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } finally {
                pdv.data().release();
            }
            if (pdv.last()) {
                try {
                    return new Command(pcId, Dimse.decode(bytes.toByteArray()));
                } catch (IOException | RuntimeException e) {
                    return protocolError("command set cannot be decoded: " + e.getMessage());
                }
            }
        }
    }

    private Closed protocolError(String why) {
        association.abortProvider(Pdu.Abort.REASON_UNEXPECTED_PARAMETER, why);
        // nobody reads this association any more: release what is queued or still arriving until it has ended
        association.discardUntilEnded(association.settings().artimTimeout().toMillis() + 1000);
        return new Closed(true, why);
    }

    /** The data set that follows a command on {@code pcId}, as a stream that ends with its last fragment. */
    public DataInput dataSet(int pcId) {
        return new DataInput(pcId);
    }

    /**
     * A data set as it arrives, PDV by PDV. Every byte handed to the reader, and every byte skipped, is
     * also written to the optional sink (the storage spool), so the parser's reads and skips decide
     * nothing about what is stored. Counting stops the data set at {@code limit} bytes.
     */
    public final class DataInput extends InputStream {
        private final int pcId;
        private ByteBuf current;
        private boolean last;
        private boolean done;
        private OutputStream sink;
        private long count;
        private long limit = Long.MAX_VALUE;
        private byte[] chunk;

        private DataInput(int pcId) {
            this.pcId = pcId;
        }

        public void sink(OutputStream sink) {
            this.sink = sink;
        }

        public void limit(long limit) {
            this.limit = limit;
        }

        /** Bytes of the data set received so far. */
        public long count() {
            return count;
        }

        /** True once the last fragment has been consumed entirely. */
        public boolean complete() {
            return done;
        }

        private boolean fill() throws IOException {
            while (current == null || !current.isReadable()) {
                if (current != null) {
                    current.release();
                    current = null;
                }
                if (last) {
                    done = true;
                    return false;
                }
                Inbound in;
                try {
                    in = next();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted while receiving a data set");
                }
                if (in instanceof Ended e) {
                    throw new AssociationEndedException("association ended while receiving a data set: " + e.reason());
                }
                if (in instanceof ReleaseIndication) {
                    association.abortProvider(Pdu.Abort.REASON_UNEXPECTED_PDU, "A-RELEASE-RQ in the middle of a data set");
                    throw new AssociationEndedException("A-RELEASE-RQ in the middle of a data set");
                }
                Pdu.Pdv pdv = ((DataValue) in).pdv();
                if (pdv.command() || pdv.presentationContextId() != pcId) {
                    pdv.data().release();
                    String why = pdv.command() ? "command PDV inside a data set" : "data PDV on context "
                            + pdv.presentationContextId() + " inside a data set on context " + pcId;
                    association.abortProvider(Pdu.Abort.REASON_UNEXPECTED_PARAMETER, why);
                    throw new AssociationEndedException(why);
                }
                current = pdv.data();
                last = pdv.last();
                count += current.readableBytes();
                if (count > limit) {
                    throw new DataSetTooLargeException("data set larger than the limit of " + limit + " bytes");
                }
            }
            return true;
        }

        @Override
        public int read() throws IOException {
            if (!fill()) {
                return -1;
            }
            int b = current.readUnsignedByte();
            if (sink != null) {
                sink.write(b);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int n = Math.min(len, current.readableBytes());
            current.readBytes(b, off, n);
            if (sink != null) {
                sink.write(b, off, n);
            }
            return n;
        }

        /** Skipped bytes go straight from the network buffer to the sink. */
        @Override
        public long skip(long n) throws IOException {
            if (n <= 0 || !fill()) {
                return 0;
            }
            int k = (int) Math.min(n, current.readableBytes());
            if (sink != null) {
                // one copy out of the (direct) network buffer into a reusable array, one large write to storage
                if (chunk == null) {
                    chunk = new byte[256 * 1024];
                }
                k = Math.min(k, chunk.length);
                current.readBytes(chunk, 0, k);
                sink.write(chunk, 0, k);
            } else {
                current.skipBytes(k);
            }
            return k;
        }

        /** Copies everything left to the sink (or discards it): used after the parser is done or failed. */
        public void drain() throws IOException {
            while (fill()) {
                skip(current.readableBytes());
            }
        }

        /** Discards the rest of the data set without counting it against the limit and without the sink. */
        public void discard() throws IOException {
            sink = null;
            limit = Long.MAX_VALUE;
            while (fill()) {
                current.skipBytes(current.readableBytes());
            }
        }

        @Override
        public void close() {
            if (current != null) {
                current.release();
                current = null;
            }
        }
    }

    // ------------------------------------------------------------------ writing

    /** Sends a command set, and no data set. */
    public synchronized void sendCommand(int pcId, DataSet command) {
        byte[] bytes = Dimse.encode(command);
        send(pcId, true, bytes, 0, bytes.length);
    }

    /** Sends a command set followed by the data set bytes from {@code data} (read to its end). */
    public synchronized void send(int pcId, DataSet command, InputStream data) throws IOException {
        sendCommand(pcId, command);
        int max = maxPdvData();
        byte[] a = new byte[max];
        byte[] b = new byte[max];
        int na = data.readNBytes(a, 0, max);
        while (true) {
            int nb = na == max ? data.readNBytes(b, 0, max) : 0;
            boolean last = nb == 0;
            fragment(pcId, false, last, a, 0, na);
            if (last) {
                return;
            }
            byte[] t = a;
            a = b;
            b = t;
            na = nb;
        }
    }

    /** Sends a command set followed by an in-memory data set. */
    public synchronized void send(int pcId, DataSet command, byte[] dataSet) {
        sendCommand(pcId, command);
        send(pcId, false, dataSet, 0, dataSet.length);
    }

    private int maxPdvData() {
        long peer = association.peerMaxPduLength();
        // PDU payload = PDV item length (4) + context id (1) + control header (1) + data
        return (int) Math.max(256, Math.min(Integer.MAX_VALUE - 64, peer) - 6);
    }

    private void send(int pcId, boolean command, byte[] bytes, int off, int len) {
        int max = maxPdvData();
        do {
            int n = Math.min(max, len);
            fragment(pcId, command, n == len, bytes, off, n);
            off += n;
            len -= n;
        } while (len > 0);
    }

    private void fragment(int pcId, boolean command, boolean last, byte[] bytes, int off, int len) {
        ByteBuf pdu = association.channel().alloc().buffer(12 + len);
        PduCodec.writePDataHeader(pdu, pcId, command, last, len);
        pdu.writeBytes(bytes, off, len);
        ChannelFuture f = association.sendPData(pdu);
        if (!association.channel().isWritable()) {
            f.awaitUninterruptibly();
        }
        if (f.isDone() && !f.isSuccess()) {
            throw new AssociationException("sending failed: " + f.cause().getMessage(), f.cause());
        }
        if (!association.channel().isActive()) {
            throw new AssociationException("association closed while sending");
        }
    }
}
