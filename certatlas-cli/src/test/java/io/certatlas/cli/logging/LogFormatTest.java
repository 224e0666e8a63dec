package io.certatlas.cli.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The command's logging configuration (src/main/resources/logback.xml), in a JVM of its own as a
 * command runs: text lines on standard error by default, one JSON object per line with
 * {@code CERTATLAS_LOG_FORMAT=json}, a message's quotes and line breaks escaped, not spilled.
 */
class LogFormatTest {

    /** What the child JVM runs: one warning with a quote and a line break in it. */
    public static void main(String[] args) {
        LoggerFactory.getLogger("io.certatlas.test.LogFormatTest").warn("disk {} full\n second line", "\"almost\"");
    }

    @Test
    void textByDefault() throws Exception {
        String err = run(Optional.empty());
        assertThat(err).matches("\\d\\d:\\d\\d:\\d\\d WARN  LogFormatTest - disk \"almost\" full\\R second line\\R");
    }

    @Test
    void oneJsonObjectPerLineOnRequest() throws Exception {
        String err = run(Optional.of("json"));
        assertThat(err.lines().count()).as(err).isEqualTo(1);
        JsonNode line = JsonMapper.builder().build().readTree(err);
        assertThat(line.get("level").asText()).isEqualTo("WARN");
        assertThat(line.get("loggerName").asText()).isEqualTo("io.certatlas.test.LogFormatTest");
        assertThat(line.has("message")).as("the unformatted pattern is left out").isFalse();
        assertThat(line.get("formattedMessage").asText()).isEqualTo("disk \"almost\" full\n second line");
        assertThat(line.get("timestamp").asLong()).isPositive();
    }

    private static String run(Optional<String> format) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                // the command's own configuration, not a test one that a test-jar on this class path brings
                "-Dlogback.configurationFile=" + Path.of("target/classes/logback.xml").toAbsolutePath(),
                LogFormatTest.class.getName()));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("CERTATLAS_LOG_FORMAT");
        format.ifPresent(f -> builder.environment().put("CERTATLAS_LOG_FORMAT", f));
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(out).as("nothing on standard output, which is the command's").isEmpty();
        return err;
    }
}
