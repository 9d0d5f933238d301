package org.rdc.ecg.holter;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.rdc.ecg.format.scp.Crc16Ccitt;

/**
 * Writes ISHNE 1.0 ECG and annotation files laid out by the 1998 paper's table 1, for tests: no
 * real ISHNE recording is available to the project, so the decoder is tested on files written
 * from the specification with known samples.
 */
final class IshneWriter {

    private final int sampleRate;
    private final int[] leadSpec;
    private final int[] resolutionNanovolts;
    private final String id;
    private final byte[] variableBlock;

    IshneWriter(int sampleRate, int[] leadSpec, int[] resolutionNanovolts, String id, String variableBlock) {
        this.sampleRate = sampleRate;
        this.leadSpec = leadSpec;
        this.resolutionNanovolts = resolutionNanovolts;
        this.id = id;
        this.variableBlock = variableBlock.getBytes(StandardCharsets.US_ASCII);
    }

    /** samples[lead][frame] in ADC units, written interleaved per frame. */
    void writeEcg(Path file, short[][] samples) throws IOException {
        int frames = samples[0].length;
        ByteBuffer b = header(IshneHeader.ECG_MAGIC, frames, 2 * frames * samples.length);
        for (int f = 0; f < frames; f++) {
            for (short[] lead : samples) {
                b.putShort(lead[f]);
            }
        }
        Files.write(file, b.array());
    }

    /** The header alone, for writers that stream the samples after it. */
    byte[] ecgHeader(int samplesPerLead) {
        ByteBuffer b = header(IshneHeader.ECG_MAGIC, samplesPerLead, 0);
        return b.array();
    }

    /** Annotation file: the first annotated sample, then (label, internal, samples since the previous). */
    void writeAnnotations(Path file, int frames, int firstSample, char[] labels, int[] increments) throws IOException {
        ByteBuffer b = header(IshneHeader.ANN_MAGIC, frames, 4 + 4 * labels.length);
        b.putInt(firstSample);
        for (int i = 0; i < labels.length; i++) {
            b.put((byte) labels[i]).put((byte) 0).putShort((short) increments[i]);
        }
        Files.write(file, b.array());
    }

    private ByteBuffer header(String magic, int samplesPerLead, int dataBytes) {
        int dataOffset = IshneHeader.FIXED_LENGTH + variableBlock.length;
        ByteBuffer b = ByteBuffer.allocate(dataOffset + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put(magic.getBytes(StandardCharsets.US_ASCII));
        b.putInt(IshneHeader.VAR_LENGTH_BLOCK_SIZE, variableBlock.length);
        b.putInt(IshneHeader.SAMPLE_SIZE_ECG, samplesPerLead);
        b.putInt(IshneHeader.OFFSET_VAR_LENGTH_BLOCK, IshneHeader.FIXED_LENGTH);
        b.putInt(IshneHeader.OFFSET_ECG_BLOCK, dataOffset);
        b.putShort(IshneHeader.FILE_VERSION, (short) 1);
        b.put(IshneHeader.FIRST_NAME, "Test".getBytes(StandardCharsets.US_ASCII));
        b.put(IshneHeader.LAST_NAME, "Patient".getBytes(StandardCharsets.US_ASCII));
        b.put(IshneHeader.ID, id.getBytes(StandardCharsets.US_ASCII));
        b.putShort(IshneHeader.SEX, (short) 1);
        b.putShort(IshneHeader.RACE, (short) 3);
        putDate(b, IshneHeader.BIRTH_DATE, 14, 3, 1956);
        putDate(b, IshneHeader.RECORD_DATE, 2, 12, 2026);
        putDate(b, IshneHeader.FILE_DATE, 3, 12, 2026);
        putDate(b, IshneHeader.START_TIME, 8, 30, 15);
        b.putShort(IshneHeader.NUMBER_OF_LEADS, (short) leadSpec.length);
        for (int i = 0; i < 12; i++) {
            b.putShort(IshneHeader.LEAD_SPEC + 2 * i, (short) (i < leadSpec.length ? leadSpec[i] : -9));
            b.putShort(IshneHeader.LEAD_QUALITY + 2 * i, (short) (i < leadSpec.length ? 1 : -9));
            b.putShort(IshneHeader.RESOLUTION + 2 * i, (short) (i < leadSpec.length ? resolutionNanovolts[i] : -9));
        }
        b.putShort(IshneHeader.PACEMAKER, (short) 0);
        b.put(IshneHeader.RECORDER, "digital".getBytes(StandardCharsets.US_ASCII));
        b.putShort(IshneHeader.SAMPLING_RATE, (short) sampleRate);
        b.put(IshneHeader.FIXED_LENGTH, variableBlock);
        // CRC-CCITT over the header from byte 10 to the end of the variable-length block
        b.putShort(8, (short) Crc16Ccitt.compute(b.array(), 10, dataOffset));
        b.position(dataOffset);
        return b;
    }

    private static void putDate(ByteBuffer b, int at, int first, int second, int third) {
        b.putShort(at, (short) first).putShort(at + 2, (short) second).putShort(at + 4, (short) third);
    }
}
