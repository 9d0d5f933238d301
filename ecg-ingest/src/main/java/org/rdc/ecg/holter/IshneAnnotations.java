package org.rdc.ecg.holter;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.rdc.ecg.EcgFormatException;

/**
 * An ISHNE annotation file (THEW "ISHNE annotation format"): the ISHNE header under the magic
 * "ANN  1.0", then at the data offset a 4-byte sample number where the annotated stretch starts,
 * then 4-byte entries: beat label (char), internal label (char), and the time of occurrence as a
 * 16-bit count of samples since the previous annotation.
 */
final class IshneAnnotations {

    private IshneAnnotations() {
    }

    static List<HolterAnnotation> read(Path file) throws IOException, EcgFormatException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try (LittleEndianInput in = new LittleEndianInput(channel, IshneHeader.read(channel, IshneHeader.ANN_MAGIC).dataOffset())) {
            List<HolterAnnotation> out = new ArrayList<>();
            if (!in.has(4)) {
                return out;
            }
            long sample = Integer.toUnsignedLong(in.s32());
            while (in.has(4)) {
                char label = (char) in.u8();
                in.u8();
                sample += in.u16();
                out.add(new HolterAnnotation(sample, mnemonic(label), String.valueOf(label)));
            }
            return out;
        } catch (IOException | EcgFormatException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * ISHNE beat labels mapped to WFDB mnemonics: N normal, V ventricular premature, S supraventricular
     * premature, B bundle branch block, P paced, U unknown; X artefact, C calibration and ! timeout are not beats.
     */
    private static String mnemonic(char label) {
        return switch (label) {
            case 'N' -> "N";
            case 'V' -> "V";
            case 'S' -> "S";
            case 'B' -> "B";
            case 'P' -> "/";
            case 'U' -> "Q";
            case 'X' -> "|";
            default -> "\"";
        };
    }
}
