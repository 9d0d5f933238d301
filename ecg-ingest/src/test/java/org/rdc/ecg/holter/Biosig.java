package org.rdc.ecg.holter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.rdc.test.Requires;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Debian's biosig-tools (save2gdf), the independent reader and converter the Holter decoders are checked against. */
final class Biosig {

    record Event(int type, double seconds, String description) {
    }

    private Biosig() {
    }

    static void convert(String format, Path source, Path target) throws IOException, InterruptedException {
        run(source.getParent(), List.of("-f=" + format, source.toString(), target.toString()));
        assertThat(target).exists();
    }

    static JsonNode header(Path file) throws IOException, InterruptedException {
        // biosig copies device strings byte for byte (an SCP model name runs into the protocol byte after it)
        String json = run(file.getParent(), List.of("-JSON", file.toString())).replaceAll("[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f]", "?");
        return new ObjectMapper().readTree(json);
    }

    static List<Event> events(Path file) throws IOException, InterruptedException {
        List<Event> out = new ArrayList<>();
        JsonNode events = header(file).path("EVENT");
        for (JsonNode e : events) {
            out.add(new Event(Integer.decode(e.path("TYP").asString()), e.path("POS").asDouble(), e.path("Description").asString()));
        }
        return out;
    }

    private static String run(Path dir, List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Requires.program("save2gdf", "biosig-tools").toString());
        command.addAll(args);
        Path out = Files.createTempFile(dir, "save2gdf", ".out");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("save2gdf finished").isTrue();
        String text = Files.readString(out);
        Files.delete(out);
        // save2gdf echoes its command line before the JSON document
        int brace = text.indexOf('{');
        return brace >= 0 ? text.substring(brace) : text;
    }
}
