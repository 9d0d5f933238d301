package org.rdc.reports.template;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.rdc.reports.ReportException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The report templates: the defaults shipped as JSON files ({@code templates/*.json}, listed in
 * {@code templates/index.txt}) plus those an administrator added (table {@code report_template}).
 * Every (id, version) is kept for good, since a report names the one it was written with; new
 * reports use the newest version of a template.
 */
public final class Templates {

    private static final String INDEX = "templates/index.txt";

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Map<String, ReportTemplate> defaults = new TreeMap<>();

    public Templates(DataSource dataSource, Clock clock) {
        this.jdbc = JdbcClient.create(dataSource);
        this.clock = clock;
        for (String file : resource(INDEX).lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList()) {
            ReportTemplate t = TemplateJson.parse(resource("templates/" + file));
            defaults.put(t.ref(), t);
        }
    }

    /** The newest version of every template, by id. */
    public List<ReportTemplate> latest() {
        Map<String, ReportTemplate> newest = new TreeMap<>();
        for (ReportTemplate t : every()) {
            newest.merge(t.id(), t, (a, b) -> a.version() >= b.version() ? a : b);
        }
        return List.copyOf(newest.values());
    }

    public Optional<ReportTemplate> latest(String id) {
        return every().stream().filter(t -> t.id().equals(id)).max(Comparator.comparingInt(ReportTemplate::version));
    }

    public Optional<ReportTemplate> find(String id, int version) {
        ReportTemplate d = defaults.get(id + "@" + version);
        if (d != null) {
            return Optional.of(d);
        }
        return jdbc.sql("SELECT definition FROM report_template WHERE template_id = ? AND version = ?").params(id, version)
                .query(String.class).optional().map(TemplateJson::parse);
    }

    /** Every version of one template, oldest first. */
    public List<ReportTemplate> versions(String id) {
        return every().stream().filter(t -> t.id().equals(id)).sorted(Comparator.comparingInt(ReportTemplate::version)).toList();
    }

    /**
     * Adds a template or a new version of one. The version must be higher than every version of
     * that id so far ({@code template-version} otherwise); the definition is checked first.
     */
    public ReportTemplate add(String definition, String actor) {
        ReportTemplate t = TemplateJson.parse(definition);
        int highest = versions(t.id()).stream().mapToInt(ReportTemplate::version).max().orElse(0);
        if (t.version() <= highest) {
            throw ReportException.conflict("template-version", "template " + t.id() + " already has version " + highest
                    + "; a new version must be " + (highest + 1) + " or more");
        }
        try {
            jdbc.sql("INSERT INTO report_template (template_id, version, definition, added_by, added_at) VALUES (?, ?, ?, ?, ?)")
                    .params(t.id(), t.version(), TemplateJson.write(t), actor, clock.instant().atOffset(ZoneOffset.UTC))
                    .update();
        } catch (DuplicateKeyException e) {
            throw ReportException.conflict("template-version", "template " + t.ref() + " was added meanwhile");
        }
        return t;
    }

    /**
     * The template for a study: the newest version of the best match of service line, modality and
     * the keywords (body part, examination) found in the study description; between equal matches,
     * the one whose keyword found is longest (the more specific examination). {@code override}, when
     * given, is used instead ({@code template-unknown} when there is none of that id).
     */
    public ReportTemplate choose(String serviceLine, Collection<String> modalities, String description, String override) {
        if (override != null && !override.isBlank()) {
            ReportTemplate t = latest(override.trim()).orElseThrow(() -> ReportException.invalid("template-unknown",
                    "no report template '" + override + "'"));
            if (!t.serviceLine().equals(serviceLine)) {
                throw ReportException.invalid("template-line", "template " + t.id() + " is for " + t.serviceLine()
                        + ", this study is read in " + serviceLine);
            }
            return t;
        }
        String text = description == null ? "" : description.toLowerCase(Locale.ROOT);
        ReportTemplate best = null;
        int bestScore = -1;
        for (ReportTemplate t : latest()) {
            if (!t.serviceLine().equals(serviceLine)) {
                continue;
            }
            int score = 0;
            if (t.match().modalities().stream().anyMatch(m -> modalities.contains(m))) {
                score += 1;
            }
            int keyword = t.match().keywords().stream().filter(k -> text.contains(k.toLowerCase(Locale.ROOT)))
                    .mapToInt(String::length).max().orElse(0);
            if (keyword > 0) {
                score += 2;
            } else if (t.match().keywordRequired()) {
                continue;
            }
            // a tie goes to the longer keyword found, the more specific examination: "动态心电图 Holter ECG" holds the
            // resting template's "心电" and "ecg" too, but the Holter template's "动态心电" and "holter" say more
            score = score * 1000 + Math.min(keyword, 999);
            if (score > bestScore) {
                best = t;
                bestScore = score;
            }
        }
        if (best == null) {
            throw ReportException.invalid("template-unknown", "no report template for service line " + serviceLine);
        }
        return best;
    }

    private List<ReportTemplate> every() {
        List<ReportTemplate> all = new ArrayList<>(defaults.values());
        jdbc.sql("SELECT definition FROM report_template ORDER BY template_id, version").query(String.class).list()
                .forEach(d -> all.add(TemplateJson.parse(d)));
        return all;
    }

    private static String resource(String name) {
        try (InputStream in = Templates.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + name + ": " + e.getMessage(), e);
        }
    }
}
