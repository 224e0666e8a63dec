package io.certatlas.scan.target;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A set of TCP ports written as the operator writes them: {@code 443,8443,9000-9010}. Duplicates
 * and overlaps collapse; iteration is in ascending order.
 */
public final class PortList {

    private final BitSet ports;

    private PortList(BitSet ports) {
        this.ports = ports;
    }

    public static PortList of(int... ports) {
        BitSet set = new BitSet(65536);
        for (int port : ports) {
            set.set(checked(port, String.valueOf(port)));
        }
        return nonEmpty(set, "");
    }

    /**
     * Reads a port list. Throws {@link TargetException} naming the faulty item when an item is not
     * a port (1..65535) or a range {@code low-high} with low &lt;= high.
     */
    public static PortList parse(String text) {
        BitSet set = new BitSet(65536);
        for (String raw : text.split(",")) {
            String item = raw.strip();
            if (item.isEmpty()) {
                continue;
            }
            int dash = item.indexOf('-');
            if (dash < 0) {
                set.set(checked(number(item, item), item));
            } else {
                int low = checked(number(item.substring(0, dash).strip(), item), item);
                int high = checked(number(item.substring(dash + 1).strip(), item), item);
                if (low > high) {
                    throw new TargetException("port range '" + item + "' runs backwards: write it as "
                            + high + "-" + low);
                }
                set.set(low, high + 1);
            }
        }
        return nonEmpty(set, text);
    }

    public int size() {
        return ports.cardinality();
    }

    public IntStream stream() {
        return ports.stream();
    }

    public List<Integer> asList() {
        List<Integer> list = new ArrayList<>(size());
        ports.stream().forEach(list::add);
        return List.copyOf(list);
    }

    private static PortList nonEmpty(BitSet set, String text) {
        if (set.isEmpty()) {
            throw new TargetException("port list '" + text + "' names no port: give ports such as 443,8443,9000-9010");
        }
        return new PortList(set);
    }

    private static int number(String digits, String item) {
        if (digits.isEmpty() || !digits.chars().allMatch(Character::isDigit) || digits.length() > 5) {
            throw new TargetException("port '" + item + "' is not a number or range: give ports such as 443,8443,9000-9010");
        }
        return Integer.parseInt(digits);
    }

    private static int checked(int port, String item) {
        if (port < 1 || port > 65535) {
            throw new TargetException("port '" + item + "' is outside 1..65535");
        }
        return port;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PortList that && ports.equals(that.ports);
    }

    @Override
    public int hashCode() {
        return ports.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        int start = ports.nextSetBit(0);
        while (start >= 0) {
            int end = ports.nextClearBit(start) - 1;
            if (!text.isEmpty()) {
                text.append(',');
            }
            text.append(start);
            if (end > start) {
                text.append('-').append(end);
            }
            start = ports.nextSetBit(end + 1);
        }
        return text.toString();
    }
}
