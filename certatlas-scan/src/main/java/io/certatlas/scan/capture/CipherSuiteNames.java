package io.certatlas.scan.capture;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;
import org.bouncycastle.tls.CipherSuite;

/** IANA names of cipher suites, read once from BouncyCastle's constants. */
final class CipherSuiteNames {

    private static final Map<Integer, String> NAMES = load();

    private CipherSuiteNames() {
    }

    static String name(int code) {
        String name = NAMES.get(code);
        // Formatted only when needed: getOrDefault's argument would be formatted on every handshake.
        return name != null ? name : String.format("0x%04X", code);
    }

    private static Map<Integer, String> load() {
        Map<Integer, String> names = new HashMap<>();
        for (Field field : CipherSuite.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == int.class) {
                try {
                    names.putIfAbsent(field.getInt(null), field.getName());
                } catch (IllegalAccessException ignored) {
                    // Public constants are always readable.
                }
            }
        }
        return Map.copyOf(names);
    }
}
