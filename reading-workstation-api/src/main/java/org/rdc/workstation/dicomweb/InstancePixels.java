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
import org.rdc.storage.catalog.CatalogScope;
import org.rdc.workstation.api.WorkstationException;
import org.springframework.stereotype.Component;

/**
 * The pixel data of one instance a DICOMweb request names ({@link DicomWebInstances} finds it in the
 * caller's scope). Frames are read from the stored bytes by skipping forward to them, never by loading the file.
 */
@Component
public class InstancePixels {

    private final DicomWebInstances instances;

    public InstancePixels(DicomWebInstances instances) {
        this.instances = instances;
    }

    /** Opens the pixel data of an instance; close the result. An instance without an image is 404. */
    public Opened open(CatalogScope scope, DicomWebInstances.Target target) throws IOException {
        String sop = target.sopInstanceUid();
        org.rdc.storage.catalog.StoredObject stored = instances.locate(scope, target);
        InputStream in = instances.open(stored);
        try {
            FrameLocator.Located located = FrameLocator.read(in, stored.size());
            Opened opened = new Opened(() -> instances.open(instances.locate(scope, target)), sop, located);
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
     * An instance's frame table and a reader that moves forward through the stored bytes to each frame it
     * is asked for; asked for an earlier one, it opens the instance again.
     */
    public final class Opened implements AutoCloseable {

        private final java.util.function.Supplier<InputStream> source;
        private final String sop;
        private final FrameLocator.Located located;
        /** What is closed: the stored bytes' stream, which {@link #in} reads (itself or through the parser). */
        private InputStream storedStream;
        private InputStream in;
        private long position;

        Opened(java.util.function.Supplier<InputStream> source, String sop, FrameLocator.Located located) {
            this.source = source;
            this.sop = sop;
            this.located = located;
        }

        private void resume(InputStream stored, InputStream reader, long at) {
            storedStream = stored;
            in = reader;
            position = at;
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
            for (BulkData range : frames().frame(number)) {
                seek(range.offset());
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
            for (BulkData range : frames().frame(number)) {
                seek(range.offset());
                int n = in.readNBytes(frame, filled, (int) range.length());
                position += n;
                if (n < range.length()) {
                    throw new IOException("instance " + sop + " ends inside frame " + number);
                }
                filled += n;
            }
            return frame;
        }

        private void seek(long offset) throws IOException {
            if (in == null || offset < position) {
                reopen();
            }
            in.skipNBytes(offset - position);
            position = offset;
        }

        /** Offsets count in the file, or in the inflated data set of the deflated syntax (PS3.5 A.5). */
        private void reopen() throws IOException {
            close();
            InputStream raw = source.get();
            storedStream = raw;
            position = 0;
            if (located.syntax().deflated()) {
                raw.skipNBytes(located.dataSetOffset());
                raw = new InflaterInputStream(raw, new Inflater(true), 64 * 1024);
            }
            in = raw;
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
