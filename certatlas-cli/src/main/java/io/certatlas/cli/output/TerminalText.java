package io.certatlas.cli.output;

import java.util.regex.Pattern;

/**
 * Text from outside (a certificate's names, a file name, a server's message) made safe to print
 * on a terminal: control characters (escape sequences, carriage returns, line breaks that would
 * forge a report line) and invisible format characters (bidirectional overrides) are shown as
 * {@code \\u001b}-style escapes instead of being obeyed.
 */
public final class TerminalText {

    private static final Pattern UNPRINTABLE = Pattern.compile("[\\p{Cntrl}\\p{Cf}]");

    private TerminalText() {
    }

    public static String of(String text) {
        return UNPRINTABLE.matcher(text).replaceAll(m -> "\\\\u" + String.format("%04x", (int) m.group().charAt(0)));
    }
}
