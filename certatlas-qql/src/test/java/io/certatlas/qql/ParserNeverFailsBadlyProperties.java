package io.certatlas.qql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.random.RandomGenerator;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

/**
 * Whatever is typed, the parser answers with a tree or a positioned QqlException, nothing else.
 * Seeded random property tests: each repetition is one try, see {@link PropertyTry}.
 */
class ParserNeverFailsBadlyProperties {

    /** The characters QQL is made of, so random strings often come close to real queries. */
    private static final String QQL_CHARS = "akeySiz.:()[]<>=\"'`*, -/10notdrANDOR";

    @RepeatedTest(3000)
    void anyStringGivesATreeOrAPositionedError(RepetitionInfo repetition) {
        PropertyTry attempt = PropertyTry.of(repetition);
        RandomGenerator random = attempt.random();
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(61); i > 0; i--) {
            text.append(QQL_CHARS.charAt(random.nextInt(QQL_CHARS.length())));
        }
        String input = text.toString();
        attempt.check(quoted(input), () -> {
            try {
                assertThat(QqlParser.parse(input)).isNotNull();
            } catch (QqlException e) {
                assertThat(e.column()).isPresent();
                assertThat(e.column().getAsInt()).isBetween(1, input.length() + 1);
            }
        });
    }

    @RepeatedTest(1000)
    void anyUnicodeGivesATreeOrAPositionedError(RepetitionInfo repetition) {
        PropertyTry attempt = PropertyTry.of(repetition);
        String input = unicode(attempt.random(), 40);
        attempt.check(quoted(input), () -> {
            try {
                QqlParser.parse(input);
                QqlParser.parseAssetFilter(input);
            } catch (QqlException e) {
                assertThat(e.column()).isPresent();
            }
        });
    }

    /**
     * Up to {@code maxChars} chars: printable ASCII, any char of the basic plane (lone surrogates
     * included) and characters beyond it (surrogate pairs), in about equal shares.
     */
    private static String unicode(RandomGenerator random, int maxChars) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(maxChars + 1);
        while (text.length() < length) {
            // A character beyond the basic plane takes two chars: only where both still fit.
            switch (random.nextInt(length - text.length() >= 2 ? 3 : 2)) {
                case 0 -> text.append((char) random.nextInt(0x20, 0x7f));
                case 1 -> text.append((char) random.nextInt(Character.MAX_VALUE + 1));
                default -> text.appendCodePoint(random.nextInt(Character.MIN_SUPPLEMENTARY_CODE_POINT,
                        Character.MAX_CODE_POINT + 1));
            }
        }
        return text.toString();
    }

    /** The input in Java escapes, so that control characters and surrogates survive a test report. */
    private static String quoted(String input) {
        StringBuilder shown = new StringBuilder("\"");
        input.chars().forEach(c -> shown.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\'
                ? Character.toString(c) : String.format("\\u%04x", c)));
        return shown.append('"').toString();
    }
}
