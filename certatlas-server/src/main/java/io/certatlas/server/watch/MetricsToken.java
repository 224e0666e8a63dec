package io.certatlas.server.watch;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;

/** The read token of /metrics, compared in constant time; {@code file} is where an operator reads it. */
public record MetricsToken(String value, Path file) {

    public boolean matches(String presented) {
        return MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "MetricsToken[" + file + "]";
    }
}
