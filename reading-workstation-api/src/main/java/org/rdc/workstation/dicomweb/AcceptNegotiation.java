package org.rdc.workstation.dicomweb;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.rdc.workstation.api.WorkstationException;

/**
 * The one Accept negotiation of DICOMweb (PS3.18 §8.7.3 media types and transfer syntaxes, §8.7.4
 * acceptable media types; RFC 7231 §5.3.2 / RFC 9110 §12.5.1 for the header's grammar and q-values).
 *
 * <p>A resource states what it can produce as {@link Offer}s: a media type (the part type when sent
 * in {@code multipart/related}) with a transfer syntax, in the server's order of preference, and
 * whether it is sent multipart, single-part, or either. {@link #negotiate} picks the offer the client
 * values most (highest q of the most specific matching range, then the more specific match, then the
 * server's order) or throws a
 * 406 {@link WorkstationException} naming what was asked and what is available.
 *
 * <p>Matching, per range of the Accept header:
 * <ul>
 * <li>{@code multipart/related; type="X"} (or {@code multipart/*}) asks for multipart with parts of
 *     type X; without {@code type}, parts of the resource's default type.</li>
 * <li>{@code X} alone asks for a single-part body; for a resource offered only multipart, it is
 *     taken as the part type (clients send {@code application/dicom} for instance retrieval).</li>
 * <li>{@code transfer-syntax=UID} matches that syntax only; {@code transfer-syntax=*} any offer of the
 *     type, the first (as stored) preferred; no {@code transfer-syntax} matches the offers marked
 *     {@link Offer#byDefault()} (PS3.18 Table 8.7.3-2's defaults, which the resource decides).</li>
 * <li>{@code *}{@code /*}, {@code application/*} and an absent or empty header match default offers.</li>
 * </ul>
 */
public final class AcceptNegotiation {

    public static final String MULTIPART_RELATED = "multipart/related";

    /** Whether a resource is sent as {@code multipart/related}, as a single body, or either (multipart preferred). */
    public enum Packaging { MULTIPART, SINGLE, MULTIPART_OR_SINGLE, SINGLE_OR_MULTIPART }

    /**
     * One representation the server can produce. {@code transferSyntax} may be null for media types
     * without one (application/dicom+json, application/octet-stream of a non-pixel value, image/png).
     * {@code byDefault}: chosen when the client names the type without a transfer-syntax.
     */
    public record Offer(String mediaType, String transferSyntax, boolean byDefault) {
        public Offer {
            mediaType = mediaType.toLowerCase(Locale.ROOT);
        }

        public static Offer of(String mediaType) {
            return new Offer(mediaType, null, true);
        }
    }

    /** The negotiated representation. */
    public record Choice(String mediaType, String transferSyntax, boolean multipart) {

        /** The Content-Type of one part (or of the whole single-part body): {@code application/dicom; transfer-syntax=1.2.840.10008.1.2.1}. */
        public String partContentType() {
            return transferSyntax == null ? mediaType : mediaType + "; transfer-syntax=" + transferSyntax;
        }

        /** The response's Content-Type: {@code multipart/related; type="application/dicom"; boundary=...} or the part type. */
        public String contentType(String boundary) {
            if (!multipart) {
                return partContentType();
            }
            return MULTIPART_RELATED + "; type=\"" + mediaType + "\""
                    + (transferSyntax == null ? "" : "; transfer-syntax=" + transferSyntax) + "; boundary=" + boundary;
        }
    }

    private AcceptNegotiation() {
    }

    /**
     * The offer to send for this Accept header.
     *
     * @param accept    the Accept header (null or blank: anything)
     * @param packaging how the resource may be sent
     * @param offers    what the resource can be produced as, in the server's order of preference
     * @param what      the resource, for the 406 reason ("instance 1.2.3", "frames of 1.2.3")
     * @throws WorkstationException NOT_ACCEPTABLE with what was asked and what is available
     */
    public static Choice negotiate(String accept, Packaging packaging, List<Offer> offers, String what) {
        List<Range> ranges = parse(accept == null || accept.isBlank() ? "*/*" : accept);
        Choice best = null;
        double bestQ = 0;
        int bestSpecificity = -1;
        for (boolean multipart : packaging == Packaging.SINGLE || packaging == Packaging.SINGLE_OR_MULTIPART
                ? new boolean[] {false, true} : new boolean[] {true, false}) {
            if (!multipart && packaging == Packaging.MULTIPART || multipart && packaging == Packaging.SINGLE) {
                continue;
            }
            for (Offer offer : offers) {
                Range r = mostSpecific(ranges, offer, multipart, packaging);
                if (r == null || r.q == 0) {
                    continue;
                }
                int specificity = r.specificity(offer, multipart, packaging);
                if (r.q > bestQ || r.q == bestQ && specificity > bestSpecificity) {
                    best = new Choice(offer.mediaType(), offer.transferSyntax(), multipart);
                    bestQ = r.q;
                    bestSpecificity = specificity;
                }
            }
        }
        if (best == null) {
            throw new WorkstationException(WorkstationException.Kind.NOT_ACCEPTABLE,
                    "none of the media types accepted (" + (ranges.isEmpty() ? "none could be read in '" + accept + "'" : describe(ranges))
                            + ") can be produced for " + what + "; available: " + available(packaging, offers));
        }
        return best;
    }

    /**
     * RFC 7231 §5.3.2: an offer's quality is the q of the most specific range that matches it; between
     * offers of equal quality, the one named more specifically wins (then the server's order).
     */
    private static Range mostSpecific(List<Range> ranges, Offer offer, boolean multipart, Packaging packaging) {
        Range best = null;
        int bestSpecificity = -1;
        for (Range r : ranges) {
            int s = r.specificity(offer, multipart, packaging);
            if (s > bestSpecificity) {
                bestSpecificity = s;
                best = r;
            }
        }
        return best;
    }

    private static String describe(List<Range> ranges) {
        List<String> s = new ArrayList<>();
        for (Range r : ranges) {
            s.add(r.text);
        }
        return String.join(", ", s);
    }

    private static String available(Packaging packaging, List<Offer> offers) {
        if (offers.isEmpty()) {
            return "nothing";
        }
        List<String> s = new ArrayList<>();
        for (Offer o : offers) {
            String ts = o.transferSyntax() == null ? "" : "; transfer-syntax=" + o.transferSyntax();
            s.add(packaging == Packaging.SINGLE ? o.mediaType() + ts : MULTIPART_RELATED + "; type=\"" + o.mediaType() + "\"" + ts);
        }
        return String.join(", ", s);
    }

    /** One media range of the header, with the parameters DICOMweb gives meaning to. */
    private record Range(String text, String type, String subtype, String partType, String transferSyntax, double q) {

        boolean isMultipart() {
            return type.equals("multipart") && (subtype.equals("related") || subtype.equals("*"));
        }

        /** How specifically this range matches the offer sent so; -1 if it does not. */
        int specificity(Offer offer, boolean multipart, Packaging packaging) {
            String media;
            int s;
            if (type.equals("*") && subtype.equals("*")) {
                media = null;
                s = 0;
            } else if (isMultipart()) {
                if (!multipart) {
                    return -1;
                }
                media = partType;
                s = subtype.equals("*") ? 1 : 2;
            } else if (!multipart || packaging == Packaging.MULTIPART) {
                media = type + "/" + subtype;
                s = 1;
            } else {
                return -1; // a single-part range for a resource that may be sent single: not a multipart request
            }
            if (media != null) {
                int slash = media.indexOf('/');
                String t = slash < 0 ? media : media.substring(0, slash);
                String st = slash < 0 ? "*" : media.substring(slash + 1);
                String ot = offer.mediaType().substring(0, offer.mediaType().indexOf('/'));
                String ost = offer.mediaType().substring(offer.mediaType().indexOf('/') + 1);
                if (t.equals("*") && st.equals("*")) {
                    s += 0;
                } else if (t.equals(ot) && (st.equals("*") || st.equals(ost))) {
                    s += st.equals("*") ? 1 : 2;
                } else {
                    return -1;
                }
                if (media.equals("*/*") || st.equals("*")) {
                    media = null; // a wildcard part type behaves like "the default type"
                }
            }
            if (transferSyntax == null) {
                // no transfer-syntax: the resource's default representations (several: the server's order decides)
                return offer.byDefault() ? s * 4 : -1;
            }
            if (transferSyntax.equals("*")) {
                return s * 4 + 1;
            }
            return transferSyntax.equals(offer.transferSyntax()) ? s * 4 + 2 : -1;
        }
    }

    /** RFC 9110 §12.5.1: {@code #( media-range [ weight ] )}; ranges that cannot be read are skipped. */
    private static List<Range> parse(String header) {
        List<Range> ranges = new ArrayList<>();
        for (String element : split(header, ',')) {
            Range r = parseRange(element.trim());
            if (r != null) {
                ranges.add(r);
            }
        }
        return ranges;
    }

    private static Range parseRange(String element) {
        if (element.isEmpty()) {
            return null;
        }
        List<String> pieces = split(element, ';');
        String media = pieces.get(0).trim().toLowerCase(Locale.ROOT);
        int slash = media.indexOf('/');
        if (slash <= 0 || slash == media.length() - 1 || media.indexOf('/', slash + 1) >= 0 || media.contains(" ")) {
            return null;
        }
        String type = media.substring(0, slash);
        String subtype = media.substring(slash + 1);
        if (type.equals("*") && !subtype.equals("*")) {
            return null;
        }
        String partType = null;
        String ts = null;
        double q = 1;
        for (int i = 1; i < pieces.size(); i++) {
            String p = pieces.get(i).trim();
            int eq = p.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String name = p.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String value = unquote(p.substring(eq + 1).trim());
            switch (name) {
                case "type" -> partType = value.toLowerCase(Locale.ROOT);
                case "transfer-syntax" -> ts = value;
                case "q" -> {
                    try {
                        q = Double.parseDouble(value);
                    } catch (NumberFormatException e) {
                        return null;
                    }
                    if (q < 0 || q > 1) {
                        return null;
                    }
                }
                default -> {
                    // charset, boundary and accept-extensions do not change the choice
                }
            }
        }
        if (partType != null && partType.indexOf('/') <= 0) {
            return null;
        }
        return new Range(element, type, subtype, partType, ts, q);
    }

    /** Splits at {@code sep} outside quoted strings (RFC 9110 §5.6.4, with backslash escapes). */
    private static List<String> split(String s, char sep) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted && c == '\\' && i + 1 < s.length()) {
                cur.append(c).append(s.charAt(++i));
            } else if (c == '"') {
                quoted = !quoted;
                cur.append(c);
            } else if (c == sep && !quoted) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            return v.substring(1, v.length() - 1).replaceAll("\\\\(.)", "$1");
        }
        return v;
    }
}
