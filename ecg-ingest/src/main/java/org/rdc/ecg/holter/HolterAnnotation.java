package org.rdc.ecg.holter;

import java.util.Optional;

/**
 * One annotation at a frame: {@code code} is a WFDB mnemonic ("N", "V", "A", "+", "~" ...), to which
 * ISHNE labels are mapped too; {@code text} is the free text (WFDB aux string, EDF+ annotation, the
 * ISHNE label as written), empty when there is none.
 */
public record HolterAnnotation(long frame, String code, String text) {

    public Optional<BeatClass> beatClass() {
        return BeatClass.ofMnemonic(code);
    }

    public boolean isBeat() {
        return beatClass().isPresent();
    }
}
