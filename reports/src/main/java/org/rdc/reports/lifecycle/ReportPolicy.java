package org.rdc.reports.lifecycle;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.rdc.reports.template.Choice;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The centre's report rules per facility and service line: which lines need a senior reader's
 * countersignature, whether the facility's signed reports are shared with the other alliance
 * facilities that see the same patient (结果互认), the result-sharing mark printed on its reports
 * (e.g. "HR"), and per line the critical-result (危急值) categories a reader may flag.
 *
 * <p>Configured as {@code facility:countersign=RADIOLOGY+ULTRASOUND,share=ALLIANCE,mark=HR;...};
 * the facility {@code *} is the default for those not named.
 */
public final class ReportPolicy {

    /** Whether other facilities' users see this facility's signed reports of their own patients. */
    public enum Sharing { NONE, ALLIANCE }

    public record FacilityPolicy(Set<String> countersignLines, Sharing sharing, String mark) {

        public FacilityPolicy {
            countersignLines = Set.copyOf(countersignLines);
        }

        static final FacilityPolicy DEFAULT = new FacilityPolicy(Set.of(), Sharing.NONE, null);
    }

    private final Map<String, FacilityPolicy> facilities;
    private final FacilityPolicy fallback;
    private final Map<String, List<Choice>> criticalCategories;

    public ReportPolicy(Map<String, FacilityPolicy> facilities, Map<String, List<Choice>> criticalCategories) {
        Map<String, FacilityPolicy> f = new HashMap<>(facilities);
        this.fallback = f.getOrDefault("*", FacilityPolicy.DEFAULT);
        f.remove("*");
        this.facilities = Map.copyOf(f);
        this.criticalCategories = Map.copyOf(criticalCategories);
    }

    /** No countersignature, no sharing, no mark, the default critical categories. */
    public static ReportPolicy defaults() {
        return parse("");
    }

    public static ReportPolicy parse(String spec) {
        Map<String, FacilityPolicy> out = new LinkedHashMap<>();
        if (spec != null) {
            for (String entry : spec.split(";")) {
                if (entry.isBlank()) {
                    continue;
                }
                int colon = entry.indexOf(':');
                if (colon <= 0) {
                    throw new IllegalArgumentException("report policy entry needs 'facility:key=value,...': " + entry.trim());
                }
                String facility = entry.substring(0, colon).trim();
                Set<String> lines = Set.of();
                Sharing sharing = Sharing.NONE;
                String mark = null;
                for (String kv : entry.substring(colon + 1).split(",")) {
                    if (kv.isBlank()) {
                        continue;
                    }
                    String[] p = kv.split("=", 2);
                    String key = p[0].trim();
                    String value = p.length < 2 ? "" : p[1].trim();
                    switch (key) {
                        case "countersign" -> lines = Set.of(value.toUpperCase(Locale.ROOT).split("\\+"));
                        case "share" -> sharing = Sharing.valueOf(value.toUpperCase(Locale.ROOT));
                        case "mark" -> mark = value.isEmpty() ? null : value;
                        default -> throw new IllegalArgumentException("unknown report policy key '" + key + "' for " + facility
                                + " (countersign, share, mark)");
                    }
                }
                out.put(facility, new FacilityPolicy(lines, sharing, mark));
            }
        }
        return new ReportPolicy(out, defaultCriticalCategories());
    }

    public FacilityPolicy of(String facilityId) {
        return facilities.getOrDefault(facilityId, fallback);
    }

    public boolean requiresCountersign(String facilityId, String serviceLine) {
        return of(facilityId).countersignLines().contains(serviceLine);
    }

    public List<Choice> criticalCategories(String serviceLine) {
        return criticalCategories.getOrDefault(serviceLine, List.of());
    }

    /** {@code critical-categories.json}: per service line, the categories of the line's critical-value list. */
    private static Map<String, List<Choice>> defaultCriticalCategories() {
        try (InputStream in = ReportPolicy.class.getClassLoader().getResourceAsStream("templates/critical-categories.json")) {
            if (in == null) {
                throw new IllegalStateException("missing resource templates/critical-categories.json");
            }
            JsonNode root = JsonMapper.builder().build().readTree(in);
            Map<String, List<Choice>> out = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> line : root.properties()) {
                List<Choice> choices = new ArrayList<>();
                for (JsonNode c : line.getValue()) {
                    choices.add(new Choice(c.get("code").asString(), c.get("zh").asString(), c.get("en").asString()));
                }
                out.put(line.getKey(), List.copyOf(choices));
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the critical categories: " + e.getMessage(), e);
        }
    }
}
