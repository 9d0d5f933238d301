package org.rdc.workstation.dicomweb;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.rdc.dicom.core.DicomParseException;
import org.rdc.dicom.object.BulkData;
import org.rdc.dicom.pixel.FrameLocator;
import org.rdc.dicom.pixel.FrameTable;
import org.rdc.storage.catalog.StoredObject;
import org.rdc.workstation.api.WorkstationException;
import org.springframework.stereotype.Component;

/**
 * The pixel data of one instance a DICOMweb request names ({@link DicomWebInstances} finds it in the
 * caller's scope). Frames are read from the stored bytes where they lie, never by loading the file.
 */
@Component
public class InstancePixels {

    private final DicomWebInstances instances;

    public InstancePixels(DicomWebInstances instances) {
        this.instances = instances;
    }

    /** Opens the pixel data of an instance; close the result. An instance without an image is 404. */
    public Opened open(DicomWebInstances.Target target) throws IOException {
        String sop = target.sopInstanceUid();
        StoredObject stored = target.object();
        InputStream in = instances.open(stored);
        try {
            FrameLocator.Located located = FrameLocator.read(in, stored.size());
            Opened opened = new Opened(stored, sop, located);
            if (located.atNativePixelData()) {
                // native frames follow in the same stream: read on instead of opening the instance again
                opened.resume(in, located.parser().valueStream(), located.parser().position());
            } else {
                in.close();
            }
            return opened;
        } catch (DicomParseException e) {
            in.close();
            throw WorkstationException.notFound("instance " + sop + " has no frames: " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /**
     * An instance's frame table and a reader that moves through the stored bytes to each frame it is asked
     * for: forward over a short gap, else by a ranged read from the frame's first byte
     * ({@link DicomWebInstances#openRange}), so frame 900 of a cine costs what frame 1 does.
     */
    public final class Opened implements AutoCloseable {

        /** A gap read through rather than opened anew: about what one more request costs in bytes. A deflated
         * data set (PS3.5 A.5) is always read through: its offsets count in the inflated bytes, readable only from its start. */
        private static final long READ_ON = 256 * 1024;

        private final StoredObject stored;
        private final String sop;
        private final FrameLocator.Located located;
        /** What is closed: the stored bytes' stream, which {@link #in} reads (itself or through the parser). */
        private InputStream storedStream;
        private InputStream in;
        private long position;
        /** Where the bytes {@link #storedStream} was opened for end: a ranged read asks for no more than it needs. */
        private long end;

        Opened(StoredObject stored, String sop, FrameLocator.Located located) {
            this.stored = stored;
            this.sop = sop;
            this.located = located;
        }

        private void resume(InputStream stored, InputStream reader, long at) {
            storedStream = stored;
            in = reader;
            position = at;
            end = this.stored.size();
        }

        public FrameLocator.Located located() {
            return located;
        }

        public FrameTable frames() {
            return located.frames();
        }

        /** Frame {@code number} (from 1) exists, or 404 naming how many there are (PS3.18 §8.7.3.5.2 frame lists). */
        public void checkFrame(int number) {
            if (number < 1 || number > frames().count()) {
                throw WorkstationException.notFound("frame " + number + " does not exist: instance " + sop + " has "
                        + frames().count() + (frames().count() == 1 ? " frame" : " frames"));
            }
        }

        /** Copies the frame's bytes as stored (the concatenated fragments of an encapsulated frame). */
        public void copy(int number, OutputStream out) throws IOException {
            checkFrame(number);
            byte[] buffer = new byte[64 * 1024];
            List<BulkData> ranges = frames().frame(number);
            for (BulkData range : ranges) {
                seek(range.offset(), endOf(ranges));
                long left = range.length();
                while (left > 0) {
                    int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                    if (n < 0) {
                        throw new IOException("instance " + sop + " ends inside frame " + number);
                    }
                    out.write(buffer, 0, n);
                    left -= n;
                    position += n;
                }
            }
        }

        /** The frame's bytes as stored, in memory: one frame, for decoding. */
        public byte[] read(int number) throws IOException {
            checkFrame(number);
            long length = frames().length(number);
            if (length > Integer.MAX_VALUE - 8) {
                throw new WorkstationException(WorkstationException.Kind.NOT_ACCEPTABLE, "frame " + number + " of " + sop
                        + " is too large to decode here (" + length + " bytes)");
            }
            byte[] frame = new byte[(int) length];
            int filled = 0;
            List<BulkData> ranges = frames().frame(number);
            for (BulkData range : ranges) {
                seek(range.offset(), endOf(ranges));
                int n = in.readNBytes(frame, filled, (int) range.length());
                position += n;
                if (n < range.length()) {
                    throw new IOException("instance " + sop + " ends inside frame " + number);
                }
                filled += n;
            }
            return frame;
        }

        /** Where the frame's last byte is: its fragments lie in order (PS3.5 A.4), with item headers between them. */
        private static long endOf(List<BulkData> ranges) {
            BulkData last = ranges.get(ranges.size() - 1);
            return last.offset() + last.length();
        }

        /**
         * Moves to {@code offset} to read up to {@code upTo}: on in the bytes already open when they reach that far,
         * else a ranged read of exactly {@code offset..upTo}. Not to the object's end: a remote object store sends
         * what was asked for, and closing its answer early drops the connection instead of reusing it.
         */
        private void seek(long offset, long upTo) throws IOException {
            boolean deflated = located.syntax().deflated();
            if (in != null && offset >= position && (deflated || offset - position <= READ_ON && upTo <= end)) {
                in.skipNBytes(offset - position);
                position = offset;
                return;
            }
            close();
            if (deflated) {
                InputStream raw = instances.open(stored);
                storedStream = raw;
                raw.skipNBytes(located.dataSetOffset());
                in = new InflaterInputStream(raw, new Inflater(true), 64 * 1024);
                in.skipNBytes(offset);
                end = Long.MAX_VALUE;
            } else {
                storedStream = instances.openRange(stored, offset, upTo - offset);
                in = storedStream;
                end = upTo;
            }
            position = offset;
        }

        @Override
        public void close() throws IOException {
            in = null;
            if (storedStream != null) {
                InputStream c = storedStream;
                storedStream = null;
                c.close();
            }
        }
    }

    /** Frame numbers of a PS3.18 §8.3.5 / §10.4.1.1.3 frame list ("1,3,5"): positive integers, else 400. */
    public static List<Integer> frameList(String list) {
        String[] parts = list.split(",", -1);
        java.util.ArrayList<Integer> frames = new java.util.ArrayList<>(parts.length);
        for (String p : parts) {
            String t = p.trim();
            if (!t.matches("[0-9]{1,9}") || Integer.parseInt(t) == 0) {
                throw WorkstationException.invalid("frame list '" + list + "': '" + t + "' is not a frame number (1, 2, ...)");
            }
            frames.add(Integer.parseInt(t));
        }
        return frames;
    }
}
