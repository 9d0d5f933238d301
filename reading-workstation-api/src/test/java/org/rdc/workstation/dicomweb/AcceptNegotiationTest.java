package org.rdc.workstation.dicomweb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rdc.workstation.api.WorkstationException;
import org.rdc.workstation.dicomweb.AcceptNegotiation.Choice;
import org.rdc.workstation.dicomweb.AcceptNegotiation.Offer;
import org.rdc.workstation.dicomweb.AcceptNegotiation.Packaging;

/** The Accept headers real DICOMweb clients send, against what a resource offers. */
class AcceptNegotiationTest {

    static final String EXPLICIT_LE = "1.2.840.10008.1.2.1";
    static final String IMPLICIT_LE = "1.2.840.10008.1.2";
    static final String JPEG_LS = "1.2.840.10008.1.2.4.80";
    static final String JPEG_BASELINE = "1.2.840.10008.1.2.4.50";

    /** An instance stored Implicit VR LE: as stored (the default), or transcoded to Explicit VR LE. */
    static final List<Offer> IMPLICIT_STORED = List.of(
            new Offer("application/dicom", IMPLICIT_LE, true), new Offer("application/dicom", EXPLICIT_LE, false));
    /** An instance stored JPEG-LS: only as stored. */
    static final List<Offer> JPEG_LS_STORED = List.of(new Offer("application/dicom", JPEG_LS, true));

    static Choice instance(String accept, List<Offer> offers) {
        return AcceptNegotiation.negotiate(accept, Packaging.MULTIPART, offers, "instance 1.2.3");
    }

    @Test
    void ohifRetrievesAsStored() {
        Choice c = instance("multipart/related; type=\"application/dicom\"; transfer-syntax=*", IMPLICIT_STORED);
        assertThat(c).isEqualTo(new Choice("application/dicom", IMPLICIT_LE, true));
        assertThat(c.contentType("b1")).isEqualTo("multipart/related; type=\"application/dicom\"; transfer-syntax=1.2.840.10008.1.2; boundary=b1");
        assertThat(c.partContentType()).isEqualTo("application/dicom; transfer-syntax=1.2.840.10008.1.2");
    }

    @Test
    void unquotedTypeAsOhifSendsWithOmitQuotation() {
        assertThat(instance("multipart/related; type=application/dicom; transfer-syntax=*", JPEG_LS_STORED))
                .isEqualTo(new Choice("application/dicom", JPEG_LS, true));
    }

    @Test
    void weasisAndDcm4cheAskForExplicitLittleEndianWithoutSpaces() {
        assertThat(instance("multipart/related;type=\"application/dicom\";transfer-syntax=1.2.840.10008.1.2.1", IMPLICIT_STORED))
                .isEqualTo(new Choice("application/dicom", EXPLICIT_LE, true));
        assertThat(instance("multipart/related;type=\"application/dicom\";transfer-syntax=\"1.2.840.10008.1.2.1\"", IMPLICIT_STORED))
                .isEqualTo(new Choice("application/dicom", EXPLICIT_LE, true));
    }

    @Test
    void curlAndNoHeaderGetTheDefault() {
        assertThat(instance("*/*", IMPLICIT_STORED)).isEqualTo(new Choice("application/dicom", IMPLICIT_LE, true));
        assertThat(instance(null, IMPLICIT_STORED)).isEqualTo(new Choice("application/dicom", IMPLICIT_LE, true));
        assertThat(instance("  ", JPEG_LS_STORED)).isEqualTo(new Choice("application/dicom", JPEG_LS, true));
    }

    @Test
    void browserHeaderFallsToTheWildcard() {
        assertThat(instance("text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8", JPEG_LS_STORED))
                .isEqualTo(new Choice("application/dicom", JPEG_LS, true));
    }

    @Test
    void multipartWithoutTypeMeansTheDefaultPartType() {
        assertThat(instance("multipart/related", JPEG_LS_STORED)).isEqualTo(new Choice("application/dicom", JPEG_LS, true));
    }

    @Test
    void bareApplicationDicomIsTakenAsThePartTypeOfAMultipartResource() {
        assertThat(instance("application/dicom", IMPLICIT_STORED)).isEqualTo(new Choice("application/dicom", IMPLICIT_LE, true));
    }

    @Test
    void severalTypesWithQValuesHighestWins() {
        String accept = "multipart/related; type=\"application/dicom\"; transfer-syntax=1.2.840.10008.1.2.4.50; q=0.9, "
                + "multipart/related; type=\"application/dicom\"; transfer-syntax=1.2.840.10008.1.2.1; q=0.5, "
                + "multipart/related; type=\"application/dicom\"; transfer-syntax=*; q=0.1";
        assertThat(instance(accept, IMPLICIT_STORED).transferSyntax()).isEqualTo(EXPLICIT_LE);
        assertThat(instance(accept, JPEG_LS_STORED).transferSyntax()).isEqualTo(JPEG_LS);
    }

    @Test
    void anExplicitlyNamedSyntaxBeatsTheWildcardAtEqualQ() {
        assertThat(instance("multipart/related; type=\"application/dicom\"; transfer-syntax=*, "
                + "multipart/related; type=\"application/dicom\"; transfer-syntax=1.2.840.10008.1.2.1", IMPLICIT_STORED).transferSyntax())
                .isEqualTo(EXPLICIT_LE);
    }

    @Test
    void qZeroExcludesAndMoreSpecificRangeDecides() {
        // RFC 7231 §5.3.2: the most specific range gives the quality, so "everything but Implicit VR LE"
        String accept = "multipart/related; type=\"application/dicom\"; transfer-syntax=1.2.840.10008.1.2; q=0, "
                + "multipart/related; type=\"application/dicom\"; transfer-syntax=*";
        assertThat(instance(accept, IMPLICIT_STORED).transferSyntax()).isEqualTo(EXPLICIT_LE);
        assertThatThrownBy(() -> instance("multipart/related; type=\"application/dicom\"; transfer-syntax=1.2.840.10008.1.2.4.80; q=0, */*",
                JPEG_LS_STORED)).isInstanceOf(WorkstationException.class);
    }

    @Test
    void unsatisfiableAnswers406NamingAskedAndAvailable() {
        assertThatThrownBy(() -> instance("multipart/related; type=\"application/dicom\"; transfer-syntax=1.2.840.10008.1.2.1", JPEG_LS_STORED))
                .isInstanceOfSatisfying(WorkstationException.class, e -> {
                    assertThat(e.kind()).isEqualTo(WorkstationException.Kind.NOT_ACCEPTABLE);
                    assertThat(e.getMessage()).contains("transfer-syntax=1.2.840.10008.1.2.1", "instance 1.2.3",
                            "available: multipart/related; type=\"application/dicom\"; transfer-syntax=1.2.840.10008.1.2.4.80");
                });
        assertThatThrownBy(() -> instance("image/jpeg", JPEG_LS_STORED)).isInstanceOf(WorkstationException.class);
        assertThatThrownBy(() -> instance("multipart/related; type=\"application/octet-stream\"", JPEG_LS_STORED))
                .isInstanceOf(WorkstationException.class);
    }

    @Test
    void unreadableHeaderIs406WithTheHeaderQuoted() {
        assertThatThrownBy(() -> instance("dicom please; q=2", JPEG_LS_STORED))
                .isInstanceOfSatisfying(WorkstationException.class, e ->
                        assertThat(e.getMessage()).contains("none could be read in 'dicom please; q=2'"));
    }

    @Test
    void metadataAsDicomJsonOrJson() {
        List<Offer> json = List.of(Offer.of("application/dicom+json"), Offer.of("application/json"));
        assertThat(AcceptNegotiation.negotiate("application/dicom+json", Packaging.SINGLE, json, "metadata"))
                .isEqualTo(new Choice("application/dicom+json", null, false));
        assertThat(AcceptNegotiation.negotiate("application/json, text/plain, */*", Packaging.SINGLE, json, "metadata"))
                .isEqualTo(new Choice("application/json", null, false));
        assertThat(AcceptNegotiation.negotiate("*/*", Packaging.SINGLE, json, "metadata").contentType("x"))
                .isEqualTo("application/dicom+json");
        assertThatThrownBy(() -> AcceptNegotiation.negotiate("multipart/related; type=\"application/dicom+xml\"", Packaging.SINGLE, json, "metadata"))
                .isInstanceOf(WorkstationException.class);
    }

    @Test
    void framesOfAnUncompressedInstance() {
        List<Offer> frames = List.of(new Offer("application/octet-stream", EXPLICIT_LE, true));
        Choice c = AcceptNegotiation.negotiate("multipart/related; type=application/octet-stream; transfer-syntax=*",
                Packaging.MULTIPART, frames, "frames");
        assertThat(c.partContentType()).isEqualTo("application/octet-stream; transfer-syntax=1.2.840.10008.1.2.1");
        assertThat(AcceptNegotiation.negotiate("multipart/related; type=\"application/octet-stream\"", Packaging.MULTIPART, frames, "frames"))
                .isEqualTo(c);
    }

    @Test
    void compressedFramesByTypeWildcardOrExactType() {
        List<Offer> frames = List.of(new Offer("image/jpeg", JPEG_BASELINE, true));
        assertThat(AcceptNegotiation.negotiate("multipart/related; type=\"image/jpeg\"", Packaging.MULTIPART, frames, "frames").transferSyntax())
                .isEqualTo(JPEG_BASELINE);
        assertThat(AcceptNegotiation.negotiate("multipart/related; type=\"image/*\"", Packaging.MULTIPART, frames, "frames").mediaType())
                .isEqualTo("image/jpeg");
        assertThatThrownBy(() -> AcceptNegotiation.negotiate("multipart/related; type=\"application/octet-stream\"", Packaging.MULTIPART,
                frames, "frames")).isInstanceOf(WorkstationException.class);
    }

    @Test
    void renderedPrefersTheClientsOrderOfQValuesThenTheServers() {
        List<Offer> rendered = List.of(Offer.of("image/jpeg"), Offer.of("image/png"));
        assertThat(AcceptNegotiation.negotiate("image/png", Packaging.SINGLE, rendered, "rendered").mediaType()).isEqualTo("image/png");
        assertThat(AcceptNegotiation.negotiate("image/png;q=0.5, image/jpeg", Packaging.SINGLE, rendered, "rendered").mediaType())
                .isEqualTo("image/jpeg");
        assertThat(AcceptNegotiation.negotiate("image/*", Packaging.SINGLE, rendered, "rendered").mediaType()).isEqualTo("image/jpeg");
        assertThat(AcceptNegotiation.negotiate("IMAGE/PNG", Packaging.SINGLE, rendered, "rendered").mediaType()).isEqualTo("image/png");
    }

    @Test
    void bulkdataSingleOrMultipart() {
        List<Offer> bulk = List.of(Offer.of("application/octet-stream"));
        assertThat(AcceptNegotiation.negotiate("*/*", Packaging.MULTIPART_OR_SINGLE, bulk, "bulk").multipart()).isTrue();
        assertThat(AcceptNegotiation.negotiate("application/octet-stream", Packaging.MULTIPART_OR_SINGLE, bulk, "bulk").multipart()).isFalse();
        assertThat(AcceptNegotiation.negotiate("multipart/related; type=\"application/octet-stream\"", Packaging.MULTIPART_OR_SINGLE, bulk, "bulk")
                .multipart()).isTrue();
        assertThat(AcceptNegotiation.negotiate("multipart/related; type=\"application/octet-stream\";q=0.5, application/octet-stream",
                Packaging.MULTIPART_OR_SINGLE, bulk, "bulk").multipart()).isFalse();
    }

    @Test
    void quotedCommasAndEscapesDoNotSplitRanges() {
        assertThat(instance("multipart/related; type=\"application/dicom\"; x=\"a,b\\\"c\"; transfer-syntax=*, image/png", JPEG_LS_STORED))
                .isEqualTo(new Choice("application/dicom", JPEG_LS, true));
    }
}
