package org.rdc.workstation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The catalog (module storage) owns the tables patient, study, series, instance, instance_version
 * and attachment: every other module reads them through {@code Catalog}, which applies the
 * caller's facility scope. This scans the main sources of every module but storage for SQL naming
 * one of those tables and names each file and line that does.
 *
 * <p>SQL is written with upper-case keywords in this project, so only {@code FROM}, {@code JOIN},
 * {@code INTO}, {@code UPDATE}, {@code TABLE} and {@code ON} in upper case count: prose such as
 * "the instance from study X" in a log message is not SQL.
 */
class CatalogOwnsItsTablesTest {

    private static final Pattern CATALOG_SQL = Pattern.compile(
            "\\b(FROM|JOIN|INTO|UPDATE|TABLE|ON)\\s+(patient|study|series|instance|instance_version|attachment)\\b");

    /**
     * Files allowed to name the catalog's tables, and why. Each must still do so: an entry that
     * no longer matches fails the test, so the list cannot outlive its reason.
     */
    private static final Map<String, String> EXEMPT = Map.of(
            "reading-workstation-api/src/main/resources/db/migration/V2026_11_23_1800__worklist.sql",
            "applied migration (cannot be edited): ix_study_ready_requested, which storage now declares itself in "
                    + "V2026_12_02_1300__study_ready_requested_index.sql",
            "reading-workstation-api/src/main/java/org/rdc/workstation/worklist/Priors.java",
            "the priors query moves into a catalog method with the patient identity work (issue 11 point 1)");

    @Test
    void noModuleButStorageNamesTheCatalogsTablesInSql() throws IOException {
        Path root = repositoryRoot();
        List<String> offences = new ArrayList<>();
        List<String> exemptSeen = new ArrayList<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path module : modules.filter(m -> Files.isDirectory(m.resolve("src/main"))).sorted().toList()) {
                if (module.getFileName().toString().equals("storage")) {
                    continue;
                }
                try (Stream<Path> files = Files.walk(module.resolve("src/main"))) {
                    for (Path f : files.filter(p -> p.toString().endsWith(".java") || p.toString().endsWith(".sql")).sorted().toList()) {
                        String name = root.relativize(f).toString().replace('\\', '/');
                        List<String> hits = hits(f, name);
                        if (EXEMPT.containsKey(name)) {
                            if (!hits.isEmpty()) {
                                exemptSeen.add(name);
                            }
                        } else {
                            offences.addAll(hits);
                        }
                    }
                }
            }
        }
        assertThat(offences).as("SQL on the catalog's tables outside storage: read them through Catalog instead").isEmpty();
        assertThat(exemptSeen).as("exempt files that no longer name the catalog's tables: remove them from EXEMPT")
                .containsExactlyInAnyOrderElementsOf(EXEMPT.keySet());
    }

    @Test
    void theScanRecognisesSqlOnTheCatalogsTables() {
        assertThat(CATALOG_SQL.matcher("FROM reading_task t JOIN study s ON s.study_uid = t.study_uid").find()).isTrue();
        assertThat(CATALOG_SQL.matcher("SELECT COUNT(*) FROM instance_version v").find()).isTrue();
        assertThat(CATALOG_SQL.matcher("CREATE INDEX ix ON study (ready_requested_at)").find()).isTrue();
        assertThat(CATALOG_SQL.matcher("SELECT id FROM reading_task WHERE study_uid = ?").find()).isFalse();
        assertThat(CATALOG_SQL.matcher("refused an instance from study 1.2.3").find()).isFalse();
    }

    private static List<String> hits(Path file, String name) throws IOException {
        List<String> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = CATALOG_SQL.matcher(lines.get(i));
            if (m.find()) {
                out.add(name + ":" + (i + 1) + ": " + m.group().replaceAll("\\s+", " "));
            }
        }
        return out;
    }

    /** Tests run in the module's directory; the repository root is the parent holding the reactor pom. */
    private static Path repositoryRoot() {
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("storage/src/main")) && Files.exists(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("no repository root above " + here);
    }
}
