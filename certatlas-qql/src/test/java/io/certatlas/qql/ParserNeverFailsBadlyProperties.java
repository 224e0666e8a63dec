package io.certatlas.qql;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;

/** Whatever is typed, the parser answers with a tree or a positioned QqlException, nothing else. */
class ParserNeverFailsBadlyProperties {

    @Property(tries = 3000)
    void anyStringGivesATreeOrAPositionedError(
            @ForAll @StringLength(max = 60) @Chars({'a', 'k', 'e', 'y', 'S', 'i', 'z', '.', ':', '(', ')', '[', ']', '<', '>',
                    '=', '"', '\'', '`', '*', ',', ' ', '-', '/', '1', '0', 'n', 'o', 't', 'd', 'r', 'A', 'N', 'D', 'O', 'R'})
            String input) {
        try {
            assertThat(QqlParser.parse(input)).isNotNull();
        } catch (QqlException e) {
            assertThat(e.column()).isPresent();
            assertThat(e.column().getAsInt()).isBetween(1, input.length() + 1);
        }
    }

    @Property(tries = 1000)
    void anyUnicodeGivesATreeOrAPositionedError(@ForAll @StringLength(max = 40) String input) {
        try {
            QqlParser.parse(input);
            QqlParser.parseAssetFilter(input);
        } catch (QqlException e) {
            assertThat(e.column()).isPresent();
        }
    }
}
