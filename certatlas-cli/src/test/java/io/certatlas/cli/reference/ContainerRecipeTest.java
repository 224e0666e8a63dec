package io.certatlas.cli.reference;

import static org.assertj.core.api.Assertions.assertThat;

import io.certatlas.cli.CertAtlasCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;
import tools.jackson.databind.json.JsonMapper;

/**
 * packaging/Dockerfile stays true to the build and the command line (no image is built or pulled
 * here: the tests run without a container engine): it copies the jar the launcher runs, its
 * command is one the command line accepts, listening beyond the container's loopback on the port
 * it exposes, keeping its data on the volume, as a user that is not root.
 */
class ContainerRecipeTest {

    private static final Path DOCKERFILE = Path.of("../packaging/Dockerfile");

    @Test
    void theImageCopiesTheJarTheLauncherRuns() throws IOException {
        String recipe = Files.readString(DOCKERFILE);
        Matcher copy = Pattern.compile("(?m)^COPY (\\S+) (\\S+)$").matcher(recipe);
        assertThat(copy.find()).as("a COPY of the jar").isTrue();
        String launcher = Files.readString(Path.of("../certatlas"));
        assertThat(launcher).contains("jar=\"$root/" + copy.group(1) + "\"");
        assertThat(copy.find()).as("one COPY only: the image holds the jar and nothing else of the tree").isFalse();
    }

    @Test
    void itsCommandIsOneTheCommandLineAcceptsAndItServesOnTheExposedPortAsAnotherUser() throws IOException {
        String recipe = Files.readString(DOCKERFILE);
        List<String> command = new ArrayList<>(json("CMD", recipe));
        ParseResult parsed = new CommandLine(new CertAtlasCommand()).parseArgs(command.toArray(String[]::new));
        ParseResult serve = parsed.subcommand();
        assertThat(serve.commandSpec().name()).isEqualTo("serve");
        assertThat(serve.matchedOptionValue("--bind", "127.0.0.1")).isEqualTo("0.0.0.0");
        assertThat(serve.matchedOption("--data-dir").stringValues()).containsExactly(line("VOLUME", recipe));
        int https = serve.commandSpec().findOption("--https-port").getValue();
        assertThat(line("EXPOSE", recipe)).isEqualTo(Integer.toString(https));
        assertThat(line("USER", recipe)).isNotIn("root", "0");
        assertThat(json("ENTRYPOINT", recipe)).containsSubsequence("-jar", "/opt/certatlas/certatlas.jar");
        assertThat(recipe).contains("COPY certatlas-cli/target/certatlas.jar /opt/certatlas/certatlas.jar");
    }

    private static String line(String instruction, String recipe) {
        Matcher m = Pattern.compile("(?m)^" + instruction + " (.+)$").matcher(recipe);
        assertThat(m.find()).as(instruction).isTrue();
        return m.group(1).strip();
    }

    private static List<String> json(String instruction, String recipe) {
        return List.of(JsonMapper.builder().build().readValue(line(instruction, recipe), String[].class));
    }
}
