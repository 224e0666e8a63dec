package io.certatlas.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TerminalTextTest {

    @Test
    void escapesLineBreaksAndBidiOverridesAreShownNotObeyed() {
        String hostile = "evil\u001b[31mRED\u0007\r\n127.0.0.1:443 (https) FAKE grade A+\u202e";
        String shown = TerminalText.of(hostile);
        assertThat(shown).isEqualTo("evil\\u001b[31mRED\\u0007\\u000d\\u000a127.0.0.1:443 (https) FAKE grade A+\\u202e");
        assertThat(shown.lines()).hasSize(1);
        assertThat(TerminalText.of("CN=www.example.org, O=Ünïcode GmbH")).isEqualTo("CN=www.example.org, O=Ünïcode GmbH");
    }
}
