package io.certatlas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The start-up caches' training runs do what they claim: each kind of command's work, succeeding
 * (a cache recorded from a run that failed part-way would miss what it skipped), and no data
 * directory left behind.
 */
class AotTrainingCommandTest {

    @Test
    void importWorkloadImportsCertificatesThenAnEmptyDirectory() throws IOException {
        String output = train("importing");
        assertThat(output).containsPattern("40 new")
                .containsPattern("certatlas import --data-dir \\S+ \\S+certificates -> exit 0")
                .containsPattern("certatlas import --data-dir \\S+ \\S+empty -> exit 0");
    }

    @Test
    void scanWorkloadEnumeratesALoopbackPeerAndRecordsIt() throws IOException {
        String output = train("scan");
        assertThat(output).containsPattern("certatlas scan --data-dir \\S+ --format json 127\\.0\\.0\\.1:\\d+ -> exit 0")
                .contains("\"enumeration\" : \"enumerated\"", "TLSv1.3")
                .doesNotContain("not recorded");
    }

    @Test
    void serveWorkloadFillsTheDemoAndAnswersTheTourReads() throws IOException {
        String output = train("serve");
        assertThat(output).containsPattern("demo inventory: [0-9,]+ certificates")
                .contains("aot-training: POST /auth -> 201",
                        "aot-training: POST /certview/v1/certificates -> 200",
                        "aot-training: POST /certview/v2/certificates -> 200")
                .doesNotContain("-> 4", "-> 5");
    }

    @Test
    void helpWorkloadAndAnUnknownOne() throws IOException {
        train("help");
        assertThat(new CommandLine(new CertAtlasCommand()).execute("aot-training", "everything")).isEqualTo(2);
    }

    /** Runs one workload, asserts it succeeded and left no directory behind, and returns what it printed. */
    private static String train(String workload) throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        long before = trainingDirectories(tmp);
        CommandCapture.Run run = CommandCapture.run(new CertAtlasCommand(), "aot-training", workload);
        String output = run.both();
        int code = run.exitCode();
        assertThat(code).as(output).isZero();
        assertThat(trainingDirectories(tmp)).isEqualTo(before);
        return output;
    }

    private static long trainingDirectories(Path tmp) throws IOException {
        try (Stream<Path> entries = Files.list(tmp)) {
            return entries.filter(p -> p.getFileName().toString().startsWith("certatlas-aot-")).count();
        }
    }

    @Test
    void isHiddenFromTheCommandList() {
        StringBuilder usage = new StringBuilder();
        usage.append(new CommandLine(new CertAtlasCommand()).getUsageMessage());
        assertThat(usage.toString()).contains("serve", "scan", "import").doesNotContain("aot-training");
    }
}
