package org.rdc.workstation.verification;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.ResourceBundle;

/**
 * The public verification page as HTML: Chinese first, English under it, every string from the
 * message files {@code VerifyPage_zh_CN.properties} and {@code VerifyPage.properties}. Self-contained
 * (no script, no external style or font), so it works on a phone that scanned the QR code.
 */
final class VerifyPage {

    private static final String BUNDLE = "org.rdc.workstation.verification.VerifyPage";
    private static final ResourceBundle.Control NO_FALLBACK = ResourceBundle.Control.getNoFallbackControl(
            ResourceBundle.Control.FORMAT_PROPERTIES);

    private final ResourceBundle zh = ResourceBundle.getBundle(BUNDLE, Locale.SIMPLIFIED_CHINESE, NO_FALLBACK);
    private final ResourceBundle en = ResourceBundle.getBundle(BUNDLE, Locale.ROOT, NO_FALLBACK);
    private final DateTimeFormatter times;
    private final ZoneId zone;

    VerifyPage(ZoneId zone) {
        this.zone = zone;
        this.times = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(zone);
    }

    String found(VerificationView.Public v) {
        StringBuilder b = head();
        String tone = v.outcome() == VerificationView.Outcome.VALID_CURRENT ? "ok" : v.outcome() == VerificationView.Outcome.INVALID ? "bad" : "warn";
        b.append("<div class=\"status ").append(tone).append("\">").append(both("status." + v.outcome().name())).append("</div>\n");
        if (v.preliminary()) {
            b.append("<p class=\"note\">").append(both("preliminary")).append("</p>\n");
        }
        b.append("<table class=\"facts\">\n");
        row(b, "code", "<code>" + esc(v.code()) + "</code>");
        row(b, "version", String.valueOf(v.version()));
        row(b, "current", v.current() ? both("current.yes") : both("current.no"));
        row(b, "digest", "<code class=\"digest\">" + esc(v.documentSha256()) + "</code>");
        b.append("</table>\n<h2>").append(both("signatures")).append("</h2>\n<table class=\"signatures\">\n<tr>");
        for (String h : new String[] {"role", "signer", "signedAt", "timestampAt", "standard", "result"}) {
            b.append("<th>").append(both(h)).append("</th>");
        }
        b.append("</tr>\n");
        for (VerificationView.Signature s : v.signatures()) {
            b.append("<tr><td>").append(both(s.role() == null ? "role.none" : "role." + s.role())).append("</td><td class=\"name\">")
                    .append(esc(s.signer())).append("</td><td>").append(time(s.signedAt())).append("</td><td>").append(time(s.timestampAt()))
                    .append("</td><td>").append(s.standard() == null ? "-" : both("standard." + s.standard())).append("</td><td class=\"")
                    .append(s.valid() && s.certificateTrusted() ? "ok\">" + both("valid") : "bad\">" + both(s.valid() ? "untrusted" : "invalid"))
                    .append("</td></tr>\n");
        }
        b.append("</table>\n<p class=\"note\">").append(both("howto")).append("</p>\n");
        return tail(b);
    }

    String notFound() {
        return message("bad", "status.NOT_FOUND", "notFound.detail");
    }

    String tooMany() {
        return message("warn", "status.TOO_MANY", "tooMany.detail");
    }

    private String message(String tone, String status, String detail) {
        StringBuilder b = head();
        b.append("<div class=\"status ").append(tone).append("\">").append(both(status)).append("</div>\n<p class=\"note\">").append(both(detail)).append("</p>\n");
        return tail(b);
    }

    private StringBuilder head() {
        return new StringBuilder(4096).append("""
                <!DOCTYPE html>
                <html lang="zh-CN"><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <meta name="robots" content="noindex">
                <title>""").append(esc(zh.getString("title"))).append(" / ").append(esc(en.getString("title"))).append("""
                </title>
                <style>
                body{font-family:"WenQuanYi Micro Hei","Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;margin:0;background:#f4f5f7;color:#1d2129}
                main{max-width:760px;margin:0 auto;padding:24px 16px}
                h1{font-size:22px;margin:0 0 16px}h2{font-size:17px;margin:24px 0 8px}
                .en{display:block;font-size:.82em;color:#6b7280;font-weight:normal}
                .status{padding:14px 16px;border-radius:6px;font-size:18px;font-weight:bold}
                .status.ok{background:#e8f5e9;color:#1b5e20;border:1px solid #a5d6a7}
                .status.warn{background:#fff8e1;color:#8a5300;border:1px solid #ffd54f}
                .status.bad{background:#fdecea;color:#b71c1c;border:1px solid #ef9a9a}
                table{border-collapse:collapse;width:100%;background:#fff}
                th,td{border:1px solid #dfe3e8;padding:8px;text-align:left;vertical-align:top;font-size:14px}
                th{background:#f0f2f5;width:28%}.signatures th{width:auto}
                td.ok{color:#1b5e20;font-weight:bold}td.bad{color:#b71c1c;font-weight:bold}td.name{font-weight:bold}
                code{font-family:monospace;font-size:13px}.digest{word-break:break-all}
                .note{color:#4b5563;font-size:13px;line-height:1.6}
                </style></head><body><main>
                """).append("<h1>").append(both("title")).append("</h1>\n");
    }

    private static String tail(StringBuilder b) {
        return b.append("</main></body></html>\n").toString();
    }

    private void row(StringBuilder b, String label, String valueHtml) {
        b.append("<tr><th>").append(both(label)).append("</th><td>").append(valueHtml).append("</td></tr>\n");
    }

    /** The Chinese text with the English under it. */
    private String both(String key) {
        return esc(zh.getString(key)) + "<span class=\"en\">" + esc(en.getString(key)) + "</span>";
    }

    private String time(Instant t) {
        return t == null ? "-" : esc(times.format(t)) + "<span class=\"en\">" + esc(zone.getId()) + "</span>";
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
