package io.certatlas.qql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every line of qql-cases.txt: a filter users write and the exact tree or error it must give. */
class QqlParserTableTest {

    private static final String SEPARATOR = "  =>  ";

    static Stream<Arguments> cases() throws IOException {
        try (InputStream in = QqlParserTableTest.class.getResourceAsStream("/qql-cases.txt")) {
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .toList();
            return lines.stream().map(line -> {
                int at = line.indexOf(SEPARATOR);
                return Arguments.of(line.substring(0, at), line.substring(at + SEPARATOR.length()));
            });
        }
    }

    @Test
    void theTableIsLargeAndCoversErrors() throws IOException {
        List<Arguments> all = cases().toList();
        assertThat(all).hasSizeGreaterThanOrEqualTo(150);
        assertThat(all.stream().filter(a -> ((String) a.get()[1]).startsWith("!!")).count()).isGreaterThanOrEqualTo(40);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void parsesAsTheTableSays(String qql, String expected) {
        if (expected.startsWith("!! ")) {
            int bar = expected.indexOf(" | ");
            int column = Integer.parseInt(expected.substring(3, bar));
            String message = expected.substring(bar + 3);
            assertThatThrownBy(() -> QqlParser.parse(qql))
                    .isInstanceOfSatisfying(QqlException.class, e -> {
                        assertThat(e.getMessage()).isEqualTo(message);
                        assertThat(e.column()).hasValue(column);
                    });
        } else {
            assertThat(AstNotation.of(QqlParser.parse(qql))).isEqualTo(expected);
        }
    }
}
