package io.certatlas.qql;

import io.certatlas.qql.Criterion.Comparison;
import io.certatlas.qql.Criterion.Operator;
import io.certatlas.qql.Criterion.TextMatch;
import io.certatlas.qql.Criterion.TextMode;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the text of one written value into a typed value for a token, or a clear error. Shared
 * by the QQL parser and the structured filter so both read values the same way.
 */
final class ValueReader {

    /** How the value was written, which decides text matching. */
    enum Quoting { NONE, DOUBLE, SINGLE, BACKTICK }

    /** Where an error is reported: a column in a QQL string, or a field of a structured filter. */
    interface ErrorSite {
        QqlException error(String message);
    }

    private static final Pattern RELATIVE = Pattern.compile("(?i)now(?:\\s*([+-])\\s*(\\d{1,6})\\s*([smhdwMy]))?");
    private static final Pattern DAY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern EPOCH_MILLIS = Pattern.compile("\\d{10,15}");
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");

    private ValueReader() {
    }

    /** The criterion of {@code token:value} (or {@code token=value} when {@code wholeValue}). */
    static Criterion match(QqlToken token, String text, Quoting quoting, boolean wholeValue, ErrorSite site) {
        return switch (token.type()) {
            case TEXT, KEYWORD -> textMatch(token, text, quoting, wholeValue);
            case ENUM, NUMBER, DATE, BOOLEAN, IP -> new Comparison(Operator.EQ, value(token, text, site));
        };
    }

    static TextMatch textMatch(QqlToken token, String text, Quoting quoting, boolean wholeValue) {
        if (quoting == Quoting.BACKTICK) {
            return new TextMatch(TextMode.EXACT, text);
        }
        if (text.indexOf('*') >= 0) {
            return new TextMatch(TextMode.WILDCARD, text);
        }
        if (text.isEmpty() || wholeValue || token.type() == ValueType.KEYWORD) {
            return new TextMatch(TextMode.EQUALS_IGNORE_CASE, text);
        }
        return new TextMatch(TextMode.CONTAINS, text);
    }

    /** A typed value for comparisons, ranges and non-text matches. */
    static Value value(QqlToken token, String written, ErrorSite site) {
        String text = written.strip();
        String name = token.tokenName();
        return switch (token.type()) {
            case NUMBER -> number(name, text, site);
            case DATE -> date(name, text, site);
            case BOOLEAN -> {
                if (text.equalsIgnoreCase("true")) {
                    yield new Value.BooleanValue(true);
                }
                if (text.equalsIgnoreCase("false")) {
                    yield new Value.BooleanValue(false);
                }
                throw site.error("'" + text + "' is not a boolean; " + name + " takes true or false");
            }
            case ENUM -> token.canonicalValue(text)
                    .<Value>map(Value.EnumValue::new)
                    .orElseThrow(() -> site.error("'" + text + "' is not a value of " + name + "; use one of "
                            + String.join(", ", token.acceptedValues().stream().map(v -> v.isEmpty() ? "\"\"" : v).toList())));
            case IP -> ip(name, text, site);
            case TEXT, KEYWORD -> throw site.error(name + " is text and has no order; write " + name + ":value");
        };
    }

    private static Value number(String name, String text, ErrorSite site) {
        if (text.matches("-?\\d{1,18}")) {
            return new Value.NumberValue(Long.parseLong(text));
        }
        if (text.matches("-?\\d+")) {
            throw site.error("'" + text + "' has more digits than a filter's number may (18); " + name
                    + " takes a number such as " + name + ">=2048");
        }
        throw site.error("'" + text + "' is not a whole number; " + name + " takes a number such as " + name + ">=2048");
    }

    private static Value date(String name, String text, ErrorSite site) {
        Matcher relative = RELATIVE.matcher(text);
        if (relative.matches()) {
            if (relative.group(1) == null) {
                return new Value.RelativeToNow(Period.ZERO, Duration.ZERO);
            }
            long amount = Long.parseLong(relative.group(2)) * (relative.group(1).equals("-") ? -1 : 1);
            String unit = relative.group(3);
            return switch (unit) {
                case "s", "S" -> new Value.RelativeToNow(Period.ZERO, Duration.ofSeconds(amount));
                case "m" -> new Value.RelativeToNow(Period.ZERO, Duration.ofMinutes(amount));
                case "h", "H" -> new Value.RelativeToNow(Period.ZERO, Duration.ofHours(amount));
                case "d", "D" -> new Value.RelativeToNow(Period.ofDays((int) amount), Duration.ZERO);
                case "w", "W" -> new Value.RelativeToNow(Period.ofWeeks((int) amount), Duration.ZERO);
                case "M" -> new Value.RelativeToNow(Period.ofMonths((int) amount), Duration.ZERO);
                default -> new Value.RelativeToNow(Period.ofYears((int) amount), Duration.ZERO);
            };
        }
        try {
            if (DAY.matcher(text).matches()) {
                return new Value.Day(LocalDate.parse(text));
            }
            if (EPOCH_MILLIS.matcher(text).matches()) {
                return new Value.Moment(Instant.ofEpochMilli(Long.parseLong(text)));
            }
            if (text.length() > 10 && text.charAt(10) == 'T' || text.length() > 10 && text.charAt(10) == ' ') {
                String iso = text.replace(' ', 'T');
                if (iso.endsWith("Z") || iso.matches(".*[+-]\\d{2}:?\\d{2}$")) {
                    return new Value.Moment(OffsetDateTime.parse(normaliseOffset(iso)).toInstant());
                }
                return new Value.Moment(LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC));
            }
        } catch (DateTimeParseException e) {
            // Falls through to the message below, which shows the accepted forms.
        }
        throw site.error("'" + text + "' is not a date; " + name
                + " takes 2024-01-31, 2024-01-31T12:00:00Z or a time relative to now such as now-30d");
    }

    private static String normaliseOffset(String iso) {
        // "+0000" (no colon) is common in pasted dates; OffsetDateTime wants "+00:00".
        Matcher m = Pattern.compile("([+-])(\\d{2})(\\d{2})$").matcher(iso);
        return m.find() ? iso.substring(0, m.start()) + m.group(1) + m.group(2) + ":" + m.group(3) : iso;
    }

    private static Value ip(String name, String text, ErrorSite site) {
        String address = text;
        int prefix = -1;
        int slash = text.indexOf('/');
        if (slash >= 0) {
            address = text.substring(0, slash);
            String bits = text.substring(slash + 1);
            if (!bits.matches("\\d{1,3}")) {
                throw site.error("'" + text + "' is not a CIDR block; write an address such as 10.0.0.0/8");
            }
            prefix = Integer.parseInt(bits);
        }
        Matcher v4 = IPV4.matcher(address);
        if (v4.matches()) {
            StringBuilder normal = new StringBuilder();
            for (int i = 1; i <= 4; i++) {
                int octet = Integer.parseInt(v4.group(i));
                if (octet > 255) {
                    throw site.error("'" + text + "' is not an IP address; each part of an IPv4 address is 0..255");
                }
                normal.append(i > 1 ? "." : "").append(octet);
            }
            if (prefix > 32) {
                throw site.error("'" + text + "' has a prefix over 32; an IPv4 block is written like 10.0.0.0/8");
            }
            return new Value.IpValue(normal.toString(), prefix < 0 ? 32 : prefix, false);
        }
        if (address.indexOf(':') >= 0 && IPV6.matcher(address).matches()) {
            try {
                // A literal made only of hex digits, colons and dots: no name lookup happens.
                InetAddress parsed = InetAddress.getByName(address);
                if (parsed.getAddress().length == 16 && prefix <= 128) {
                    return new Value.IpValue(parsed.getHostAddress(), prefix < 0 ? 128 : prefix, true);
                }
            } catch (UnknownHostException | RuntimeException e) {
                // Not a literal; reported below.
            }
        }
        throw site.error("'" + text + "' is not an IP address; " + name + " takes an address such as 10.0.0.1, a block such as 10.0.0.0/8, or an IPv6 address");
    }
}
