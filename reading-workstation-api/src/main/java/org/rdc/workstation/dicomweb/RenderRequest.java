package org.rdc.workstation.dicomweb;

import java.util.Locale;
import org.rdc.workstation.api.WorkstationException;

/**
 * The rendering parameters of PS3.18 §8.3.5.1: {@code window=center,width,function}, {@code viewport=vw,vh[,sx,sy,sw,sh]}
 * and {@code quality}; a malformed one is a 400 naming it.
 *
 * @param window   null: from the instance (Window Center/Width, VOI LUT), else the pixel value range
 * @param viewport null: the image's own size
 * @param quality  JPEG quality 1-100
 */
public record RenderRequest(Window window, Viewport viewport, int quality) {

    public static final int DEFAULT_QUALITY = 90;

    /** §8.3.5.1.4: a VOI window and its function (PS3.3 C.11.2.1.2: LINEAR, LINEAR_EXACT, SIGMOID). */
    public record Window(double center, double width, String function) {
    }

    /**
     * §8.3.5.1.3: the image (or the source region sx,sy,sw,sh of it; a negative sw or sh flips) scaled to fit
     * vw x vh keeping its aspect ratio.
     */
    public record Viewport(int width, int height, Integer sx, Integer sy, Integer sw, Integer sh) {
        public boolean hasRegion() {
            return sx != null;
        }
    }

    public static RenderRequest parse(String window, String viewport, String quality) {
        return new RenderRequest(window(window), viewport(viewport), quality(quality));
    }

    static Window window(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String[] p = text.split(",", -1);
        if (p.length < 2 || p.length > 3) {
            throw WorkstationException.invalid("window must be center,width[,function]: " + text);
        }
        double center = number("window center", p[0]);
        double width = number("window width", p[1]);
        if (width < 1) {
            throw WorkstationException.invalid("window width must be at least 1: " + text);
        }
        String function = p.length == 3 ? p[2].trim().toUpperCase(Locale.ROOT).replace('-', '_') : "LINEAR";
        if (!function.equals("LINEAR") && !function.equals("LINEAR_EXACT") && !function.equals("SIGMOID")) {
            throw WorkstationException.invalid("window function must be linear, linear-exact or sigmoid: " + p[2]);
        }
        return new Window(center, width, function);
    }

    static Viewport viewport(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String[] p = text.split(",", -1);
        if (p.length != 2 && p.length != 6) {
            throw WorkstationException.invalid("viewport must be vw,vh or vw,vh,sx,sy,sw,sh: " + text);
        }
        int vw = integer("viewport width", p[0]);
        int vh = integer("viewport height", p[1]);
        if (vw < 1 || vh < 1 || vw > 8192 || vh > 8192) {
            throw WorkstationException.invalid("viewport width and height must be 1 to 8192: " + text);
        }
        if (p.length == 2) {
            return new Viewport(vw, vh, null, null, null, null);
        }
        Viewport v = new Viewport(vw, vh, integer("sx", p[2]), integer("sy", p[3]), integer("sw", p[4]), integer("sh", p[5]));
        if (v.sx() < 0 || v.sy() < 0 || v.sw() == 0 || v.sh() == 0) {
            throw WorkstationException.invalid("viewport region must start at sx,sy >= 0 and have a non-zero sw,sh: " + text);
        }
        return v;
    }

    static int quality(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_QUALITY;
        }
        int q = integer("quality", text);
        if (q < 1 || q > 100) {
            throw WorkstationException.invalid("quality must be 1 to 100: " + text);
        }
        return q;
    }

    private static double number(String what, String s) {
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            throw WorkstationException.invalid(what + " is not a number: " + s);
        }
    }

    private static int integer(String what, String s) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw WorkstationException.invalid(what + " is not an integer: " + s);
        }
    }
}
