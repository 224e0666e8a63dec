package io.certatlas.qql;

import io.certatlas.qql.Criterion.AnyOf;
import io.certatlas.qql.Criterion.Between;
import io.certatlas.qql.Criterion.Comparison;
import io.certatlas.qql.Criterion.Operator;
import io.certatlas.qql.ValueReader.Quoting;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a QQL string into a {@link Query}. Hand-written recursive descent so every error can say
 * at which column what was expected. Lenient where real filters are loose (unquoted multi-word
 * values, apostrophes inside single quotes, colons inside URLs), strict where a guess could
 * silently change the result (unknown tokens, values outside an enumeration).
 */
public final class QqlParser {

    /** Longest filter accepted, in characters. */
    public static final int MAX_LENGTH = 20_000;
    /**
     * Deepest nesting of parentheses, groups and NOT accepted. Qualys allows 1000; real filters
     * use a handful, and a shallow tree keeps the generated SQL within PostgreSQL's stack.
     */
    public static final int MAX_DEPTH = 100;

    private final String source;
    private final boolean assetsOnly;
    private int pos;
    private int depth;

    private QqlParser(String source, boolean assetsOnly) {
        this.source = source;
        this.assetsOnly = assetsOnly;
    }

    /** Parses a certificate filter; a blank string is {@link Query.All}. */
    public static Query parse(String qql) {
        return new QqlParser(checkLength(qql), false).parseWhole();
    }

    /**
     * Parses a filter for the assets of one certificate: only grouped asset conditions
     * ({@code asset:(name:server1)}), combined with AND, OR, NOT and parentheses.
     */
    public static Query parseAssetFilter(String qql) {
        return new QqlParser(checkLength(qql), true).parseWhole();
    }

    private static String checkLength(String qql) {
        if (qql.length() > MAX_LENGTH) {
            throw QqlException.at(MAX_LENGTH + 1, "the filter is " + qql.length() + " characters long; the limit is "
                    + MAX_LENGTH + ", split it into several requests");
        }
        int nul = qql.indexOf('\0');
        if (nul >= 0) {
            // PostgreSQL text cannot hold NUL; no value of the inventory contains one.
            throw QqlException.at(nul + 1, "the filter holds a NUL character (\\u0000); remove it");
        }
        return qql;
    }

    private Query parseWhole() {
        try {
            return parseAll();
        } catch (QqlException e) {
            throw e.inCharactersOf(source);
        }
    }

    private Query parseAll() {
        skipWhitespace();
        if (atEnd()) {
            return new Query.All();
        }
        Query query = parseOr(Level.CERTIFICATE);
        skipWhitespace();
        if (!atEnd()) {
            if (peek() == ')') {
                throw error("found ')' without a matching '('; remove it or add the '('");
            }
            throw error("expected AND, OR or the end of the filter, found '" + snippet() + "'");
        }
        return query;
    }

    private Query parseOr(Level context) {
        List<Query> operands = new ArrayList<>();
        operands.add(parseAnd(context));
        while (keywordAhead("or")) {
            pos += 2;
            operands.add(parseAnd(context));
        }
        return operands.size() == 1 ? operands.get(0) : new Query.Or(operands);
    }

    private Query parseAnd(Level context) {
        List<Query> operands = new ArrayList<>();
        operands.add(parseUnary(context));
        while (keywordAhead("and")) {
            pos += 3;
            operands.add(parseUnary(context));
        }
        return operands.size() == 1 ? operands.get(0) : new Query.And(operands);
    }

    private Query parseUnary(Level context) {
        skipWhitespace();
        if (keywordAhead("not")) {
            pos += 3;
            enter();
            Query operand = parseUnary(context);
            depth--;
            return new Query.Not(operand);
        }
        return parsePrimary(context);
    }

    private Query parsePrimary(Level context) {
        skipWhitespace();
        if (atEnd()) {
            throw error(pos == 0 ? "expected a condition such as keySize>=2048"
                    : "expected a condition after '" + source.substring(0, pos).strip() + "'");
        }
        if (peek() == '(') {
            int open = pos;
            pos++;
            enter();
            Query inner = parseOr(context);
            expectClosing(open);
            depth--;
            return inner;
        }
        return parseCondition(context);
    }

    private Query parseCondition(Level context) {
        int start = pos;
        String name = readName();
        if (name.equalsIgnoreCase("and") || name.equalsIgnoreCase("or")) {
            throw QqlException.at(start + 1, "expected a condition before '" + name + "'");
        }
        if (name.isEmpty()) {
            throw error("expected a token such as keySize or asset:(name:...), found '" + snippet() + "'");
        }
        skipWhitespace();
        Operator operator = readOperator();
        if (operator == null) {
            if (atEnd()) {
                throw error("expected ':' or a comparison after '" + name + "'");
            }
            throw error("expected ':' or a comparison after '" + name + "', found '" + snippet() + "'");
        }
        boolean colon = source.charAt(pos - 1) == ':';
        String written = source.substring(start, pos);
        Optional<Level> group = groupLevel(name);
        skipWhitespace();
        if (colon && group.isPresent() && !atEnd() && peek() == '(') {
            return parseGroup(context, group.get(), start, name);
        }
        QqlToken token = resolve(name, context, start);
        if (assetsOnly && context == Level.CERTIFICATE) {
            parseValue(token, operator, colon, written);
            throw assetsOnlyError(token, start);
        }
        return parseValue(token, operator, colon, written);
    }

    private QqlException assetsOnlyError(QqlToken token, int start) {
        if (token.level() == Level.ASSET) {
            String condition = source.substring(start, pos).strip();
            String inner = condition.substring(Level.ASSET.prefix().length() + 1);
            return QqlException.at(start + 1, "the assets of a certificate are filtered with the grouped form: write asset:("
                    + inner + ") instead of " + condition);
        }
        return QqlException.at(start + 1, token.tokenName() + " cannot filter the assets of a certificate; use asset:(...) conditions such as asset:(name:server1)");
    }

    private Query parseGroup(Level context, Level level, int start, String name) {
        if (context != Level.CERTIFICATE && (context == level || !context.mayContain(level))) {
            throw QqlException.at(start + 1, name + ":(...) cannot be used inside " + context.prefix() + ":(...)");
        }
        if (assetsOnly && level != Level.ASSET) {
            throw QqlException.at(start + 1, name + ":(...) cannot filter the assets of a certificate; use asset:(...) conditions such as asset:(name:server1)");
        }
        int open = pos;
        pos++;
        enter();
        skipWhitespace();
        if (!atEnd() && peek() == ')') {
            throw error("expected a condition inside " + name + ":( ), such as " + exampleIn(level));
        }
        Query inner = parseOr(level);
        expectClosing(open);
        depth--;
        return new Query.Group(level, inner);
    }

    private Query parseValue(QqlToken token, Operator operator, boolean colon, String written) {
        skipWhitespace();
        if (atEnd() || peek() == ')') {
            throw error("expected a value after '" + written.strip() + "'");
        }
        int valueColumn = pos + 1;
        boolean ordered = token.type() == ValueType.NUMBER || token.type() == ValueType.DATE || token.type() == ValueType.IP;
        if (!colon && (operator != Operator.EQ || ordered)) {
            checkOrdered(token, operator, written);
            RawValue raw = readValue(false, false);
            return new Query.Match(token, new Comparison(operator, ValueReader.value(token, raw.text(), site(valueColumn))));
        }
        char c = peek();
        if (c == '[' || c == '(') {
            return new Query.Match(token, readListOrRange(token, written));
        }
        boolean multiWord = token.type() == ValueType.TEXT || token.type() == ValueType.KEYWORD || token.type() == ValueType.ENUM;
        RawValue raw = readValue(false, multiWord);
        // '=' on text asks for the whole value; ':' for the usual substring match.
        boolean wholeValue = !colon;
        return new Query.Match(token, ValueReader.match(token, raw.text(), raw.quoting(), wholeValue, site(valueColumn)));
    }

    private Criterion readListOrRange(QqlToken token, String written) {
        int open = pos;
        boolean lowInclusive = source.charAt(pos) == '[';
        pos++;
        enter();
        List<RawValue> items = new ArrayList<>();
        skipWhitespace();
        if (!atEnd() && (peek() == ']' || peek() == ')')) {
            throw error("expected a value in the list after '" + written.strip() + source.charAt(open) + "'");
        }
        items.add(readItem(written));
        skipWhitespace();
        if (source.startsWith("..", pos)) {
            pos += 2;
            skipWhitespace();
            if (atEnd() || peek() == ']' || peek() == ')') {
                throw error("expected the upper end of the range after '" + source.substring(open, pos).strip() + "'");
            }
            RawValue high = readItem(written);
            skipWhitespace();
            if (atEnd() || (peek() != ']' && peek() != ')')) {
                throw error("expected ']' or ')' to close the range opened at column " + (open + 1));
            }
            boolean highInclusive = peek() == ']';
            pos++;
            depth--;
            checkOrdered(token, Operator.GE, written + "[");
            Value lowValue = ValueReader.value(token, low(items).text(), site(low(items).column()));
            Value highValue = ValueReader.value(token, high.text(), site(high.column()));
            if (lowValue instanceof Value.IpValue lowIp && highValue instanceof Value.IpValue highIp && lowIp.v6() != highIp.v6()) {
                // PostgreSQL orders every IPv4 address before every IPv6 one, so such a range would
                // hold all addresses above one end and below the other, in both families.
                throw site(high.column()).error("a range of addresses must have both ends in one family; '" + low(items).text()
                        + "' and '" + high.text() + "' are IPv4 and IPv6: write two ranges joined by OR");
            }
            return new Between(lowValue, lowInclusive, highValue, highInclusive);
        }
        while (!atEnd() && peek() == ',') {
            pos++;
            skipWhitespace();
            items.add(readItem(written));
            skipWhitespace();
        }
        char closing = lowInclusive ? ']' : ')';
        if (atEnd() || peek() != closing) {
            throw error("expected ',' or '" + closing + "' in the list opened at column " + (open + 1));
        }
        pos++;
        depth--;
        List<Criterion> alternatives = new ArrayList<>();
        for (RawValue item : items) {
            alternatives.add(ValueReader.match(token, item.text(), item.quoting(), false, site(item.column())));
        }
        return alternatives.size() == 1 ? alternatives.get(0) : new AnyOf(alternatives);
    }

    private static RawValue low(List<RawValue> items) {
        return items.get(0);
    }

    private RawValue readItem(String written) {
        if (atEnd()) {
            throw error("expected a value after '" + written.strip() + "', the list is not closed");
        }
        return readValue(true, false);
    }

    private void checkOrdered(QqlToken token, Operator operator, String written) {
        ValueType type = token.type();
        if (type != ValueType.NUMBER && type != ValueType.DATE && type != ValueType.IP) {
            throw error(token.tokenName() + " is " + type.label() + " and cannot be compared with "
                    + (operator == Operator.EQ ? "'='" : "'" + operator.symbol() + "' or ranges") + "; write " + token.tokenName() + ":value");
        }
    }

    // ----------------------------------------------------------------- values

    private record RawValue(String text, Quoting quoting, int column) {
    }

    private RawValue readValue(boolean inList, boolean multiWord) {
        int column = pos + 1;
        char c = peek();
        if (c == '"') {
            return new RawValue(readDoubleQuoted(), Quoting.DOUBLE, column);
        }
        if (c == '`') {
            int end = source.indexOf('`', pos + 1);
            if (end < 0) {
                throw error("the ` opened here is never closed; add a closing `");
            }
            String text = source.substring(pos + 1, end);
            pos = end + 1;
            return new RawValue(text, Quoting.BACKTICK, column);
        }
        if (c == '\'') {
            return new RawValue(readSingleQuoted(inList), Quoting.SINGLE, column);
        }
        int start = pos;
        readWord(inList);
        if (pos == start) {
            throw error("expected a value, found '" + snippet() + "'");
        }
        int end = pos;
        if (inList) {
            // List items may hold spaces ([In 30 Days, Expired]): read up to ',' ']' ')' or '..'.
            while (!atEnd() && !isListStop(pos)) {
                pos++;
            }
            end = pos;
            return new RawValue(source.substring(start, end).strip(), Quoting.NONE, column);
        }
        while (multiWord) {
            int save = pos;
            skipWhitespace();
            if (pos == save || atEnd() || peek() == ')' || peek() == '(' || keywordAhead("and") || keywordAhead("or")
                    || keywordAhead("not") || conditionAhead()) {
                pos = save;
                break;
            }
            int wordStart = pos;
            readWord(false);
            if (pos == wordStart) {
                pos = save;
                break;
            }
            end = pos;
        }
        return new RawValue(source.substring(start, end), Quoting.NONE, column);
    }

    private void readWord(boolean inList) {
        while (!atEnd()) {
            char c = peek();
            if (Character.isWhitespace(c) || c == ')' || (inList && isListStop(pos))) {
                return;
            }
            pos++;
        }
    }

    private boolean isListStop(int at) {
        char c = source.charAt(at);
        return c == ',' || c == ']' || c == ')' || source.startsWith("..", at);
    }

    private String readDoubleQuoted() {
        int open = pos;
        StringBuilder text = new StringBuilder();
        pos++;
        while (!atEnd()) {
            char c = source.charAt(pos++);
            if (c == '"') {
                return text.toString();
            }
            if (c == '\\' && !atEnd() && (peek() == '"' || peek() == '\\')) {
                c = source.charAt(pos++);
            }
            text.append(c);
        }
        throw QqlException.at(open + 1, "the \" opened here is never closed; add a closing \"");
    }

    /**
     * Real filters carry apostrophes inside single quotes ({@code 'Let's Encrypt'}), so the value
     * ends at the first quote that is followed by the end, a closing bracket, a comma or AND/OR.
     */
    private String readSingleQuoted(boolean inList) {
        int open = pos;
        for (int q = source.indexOf('\'', open + 1); q >= 0; q = source.indexOf('\'', q + 1)) {
            int after = q + 1;
            while (after < source.length() && Character.isWhitespace(source.charAt(after))) {
                after++;
            }
            boolean ends = after >= source.length()
                    || source.charAt(after) == ')'
                    || (inList && (source.charAt(after) == ']' || source.charAt(after) == ',' || source.startsWith("..", after)))
                    || keywordAt(after, "and") || keywordAt(after, "or");
            if (ends) {
                pos = q + 1;
                return source.substring(open + 1, q);
            }
        }
        throw QqlException.at(open + 1, "the ' opened here is never closed; add a closing '");
    }

    // ----------------------------------------------------------------- names

    private String readName() {
        int start = pos;
        while (!atEnd() && (Character.isLetterOrDigit(peek()) || peek() == '.' || peek() == '_')) {
            pos++;
        }
        return source.substring(start, pos);
    }

    private Operator readOperator() {
        if (atEnd()) {
            return null;
        }
        char c = peek();
        if (c == ':') {
            pos++;
            return Operator.EQ;
        }
        if (c == '=') {
            pos++;
            return Operator.EQ;
        }
        if (c == '>' || c == '<') {
            pos++;
            boolean orEqual = !atEnd() && peek() == '=';
            if (orEqual) {
                pos++;
            }
            return c == '>' ? (orEqual ? Operator.GE : Operator.GT) : (orEqual ? Operator.LE : Operator.LT);
        }
        return null;
    }

    private static Optional<Level> groupLevel(String name) {
        for (Level level : Level.values()) {
            if (level != Level.CERTIFICATE && (level.prefix().equalsIgnoreCase(name) || (level.prefix() + "s").equalsIgnoreCase(name))) {
                return Optional.of(level);
            }
        }
        return Optional.empty();
    }

    private QqlToken resolve(String name, Level context, int start) {
        Optional<QqlToken> found = Optional.empty();
        if (context != Level.CERTIFICATE) {
            found = QqlToken.byName(context.prefix() + "." + name);
            if (found.isEmpty() && context == Level.INSTANCE) {
                found = QqlToken.byName(Level.VULNERABILITY.prefix() + "." + name);
            }
        }
        if (found.isEmpty()) {
            found = QqlToken.byName(name);
        }
        if (found.isEmpty()) {
            List<String> known = new ArrayList<>();
            for (QqlToken token : QqlToken.values()) {
                if (context == Level.CERTIFICATE) {
                    known.add(token.tokenName());
                } else if (context.mayContain(token.level())) {
                    known.add(token.level() == context ? token.nameInGroup() : token.tokenName());
                }
            }
            String where = context == Level.CERTIFICATE ? "" : " inside " + context.prefix() + ":(...)";
            throw QqlException.at(start + 1, "unknown token '" + name + "'" + where + QqlToken.suggestion(name, known));
        }
        QqlToken token = found.get();
        if (context != Level.CERTIFICATE && !context.mayContain(token.level())) {
            throw QqlException.at(start + 1, "'" + name + "' describes the " + token.level().prefix()
                    + " and cannot be used inside " + context.prefix() + ":(...); move it outside the group");
        }
        return token;
    }

    private static String exampleIn(Level level) {
        return switch (level) {
            case CERTIFICATE -> "keySize>=2048";
            case ASSET -> "asset:(name:server1)";
            case INSTANCE -> "instance:(port:443)";
            case VULNERABILITY -> "vulnerability:(qid:38169)";
        };
    }

    // ----------------------------------------------------------------- scanning

    private boolean conditionAhead() {
        int p = pos;
        while (p < source.length() && (Character.isLetterOrDigit(source.charAt(p)) || source.charAt(p) == '.' || source.charAt(p) == '_')) {
            p++;
        }
        if (p == pos || p >= source.length()) {
            return false;
        }
        char next = source.charAt(p);
        if (next != ':' && next != '<' && next != '>' && next != '=') {
            return false;
        }
        String name = source.substring(pos, p);
        if (groupLevel(name).isPresent() || QqlToken.byName(name).isPresent()) {
            return true;
        }
        for (Level level : Level.values()) {
            if (QqlToken.byName(level.prefix() + "." + name).isPresent()) {
                return true;
            }
        }
        return false;
    }

    private boolean keywordAhead(String keyword) {
        skipWhitespace();
        return keywordAt(pos, keyword);
    }

    private boolean keywordAt(int at, String keyword) {
        if (!source.regionMatches(true, at, keyword, 0, keyword.length())) {
            return false;
        }
        int after = at + keyword.length();
        if (after >= source.length()) {
            return true;
        }
        char c = source.charAt(after);
        return Character.isWhitespace(c) || c == '(';
    }

    private void expectClosing(int open) {
        skipWhitespace();
        if (atEnd()) {
            throw error("expected ')' to close the '(' opened at column " + (open + 1) + ", found the end of the filter");
        }
        if (peek() != ')') {
            throw error("expected AND, OR or ')' to close the '(' opened at column " + (open + 1) + ", found '" + snippet() + "'");
        }
        pos++;
    }

    private void enter() {
        depth++;
        if (depth > MAX_DEPTH) {
            throw error("the filter nests deeper than " + MAX_DEPTH + " levels; flatten it");
        }
    }

    private ValueReader.ErrorSite site(int column) {
        return message -> QqlException.at(column, message);
    }

    private QqlException error(String message) {
        return QqlException.at(pos + 1, message);
    }

    private String snippet() {
        int end = Math.min(source.length(), pos + 20);
        int space = source.indexOf(' ', pos);
        if (space > pos && space < end) {
            end = space;
        }
        return source.substring(pos, end);
    }

    private void skipWhitespace() {
        while (!atEnd() && Character.isWhitespace(peek())) {
            pos++;
        }
    }

    private boolean atEnd() {
        return pos >= source.length();
    }

    private char peek() {
        return source.charAt(pos);
    }
}
