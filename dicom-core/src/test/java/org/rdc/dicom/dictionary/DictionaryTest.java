package org.rdc.dicom.dictionary;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.rdc.dicom.core.Tag;
import org.rdc.dicom.core.VR;

class DictionaryTest {

    @Test
    void publicElementsWithKeywordVrVmAndRetiredFlag() {
        assertThat(ElementDictionary.size()).isGreaterThan(4900);
        DictionaryEntry pn = ElementDictionary.lookup(Tag.PatientName);
        assertThat(pn.keyword()).isEqualTo("PatientName");
        assertThat(pn.vr()).isEqualTo(VR.PN);
        assertThat(pn.vm()).isEqualTo("1");
        assertThat(pn.retired()).isFalse();
        assertThat(ElementDictionary.lookup(0x00080008).vm()).isEqualTo("2-n");
        DictionaryEntry retired = ElementDictionary.lookup(0x00101050);  // Insurance Plan Identification
        assertThat(retired.retired()).isTrue();
        assertThat(ElementDictionary.tagOf("SOPInstanceUID")).isEqualTo(Tag.SOPInstanceUID);
        assertThat(ElementDictionary.tagOf("NoSuchKeyword")).isEqualTo(-1);
        assertThat(ElementDictionary.vrOf(0x0040A730)).isEqualTo(VR.SQ);
        assertThat(ElementDictionary.lookup(Tag.PixelData).vrText()).isEqualTo("OB or OW");
        assertThat(ElementDictionary.lookup(0x00280106).vrText()).isEqualTo("US or SS");
    }

    /** Every named constant of {@link Tag} is the tag the dictionary gives its keyword. */
    @Test
    void tagConstantsMatchTheirKeywords() throws Exception {
        int checked = 0;
        for (java.lang.reflect.Field f : Tag.class.getFields()) {
            if (f.getType() == int.class && java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
                String keyword = f.getName();
                assertThat(ElementDictionary.lookup(f.getInt(null))).as(keyword).isNotNull();
                assertThat(ElementDictionary.lookup(f.getInt(null)).keyword()).as(keyword).isEqualTo(keyword);
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(50);
    }

    @Test
    void repeatingGroupsAndPrivateTags() {
        assertThat(ElementDictionary.keywordOf(0x60000010)).isEqualTo("OverlayRows");
        assertThat(ElementDictionary.keywordOf(0x601E0010)).isEqualTo("OverlayRows");
        assertThat(ElementDictionary.vrOf(0x60023000)).isEqualTo(VR.OW);  // Overlay Data, OB or OW
        assertThat(ElementDictionary.keywordOf(0x50100005)).isEqualTo("CurveDimensions");
        assertThat(ElementDictionary.keywordOf(0x00203105)).isEqualTo("SourceImageIDs");  // (0020,31xx)
        // private: creator LO, contents UN, group length UL (PS3.5 7.8.1, 7.2)
        assertThat(ElementDictionary.vrOf(0x00090010)).isEqualTo(VR.LO);
        assertThat(ElementDictionary.keywordOf(0x00090010)).isEqualTo("PrivateCreator");
        assertThat(ElementDictionary.vrOf(0x00091001)).isEqualTo(VR.UN);
        assertThat(ElementDictionary.lookup(0x00091001)).isNull();
        assertThat(ElementDictionary.vrOf(0x00090000)).isEqualTo(VR.UL);
        assertThat(ElementDictionary.vrOf(0x00180000)).isEqualTo(VR.UL);
        assertThat(Tag.isPrivate(0x00090010)).isTrue();
        assertThat(Tag.isPrivate(0x00070010)).isFalse();
    }

    @Test
    void uids() {
        assertThat(UidDictionary.nameOf("1.2.840.10008.1.2.1")).isEqualTo("Explicit VR Little Endian");
        assertThat(UidDictionary.lookup("1.2.840.10008.5.1.4.1.1.104.1").keyword())
                .isEqualTo("EncapsulatedPDFStorage");
        assertThat(UidDictionary.lookup("1.2.840.10008.5.1.4.1.1.9.1.1").type()).isEqualTo("SOP Class");
        assertThat(UidDictionary.lookup("1.2.840.10008.1.2.4.201").name()).contains("High-Throughput JPEG 2000");
        assertThat(UidDictionary.lookup("1.2.840.10008.1.2.2").retired()).isTrue();  // Explicit VR Big Endian
        assertThat(UidDictionary.lookup("1.2.840.10008.1.2.1").retired()).isFalse();
        assertThat(UidDictionary.nameOf("1.2.3.4")).isEqualTo("1.2.3.4");
    }
}
