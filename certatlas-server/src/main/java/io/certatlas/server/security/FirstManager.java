package io.certatlas.server.security;

import io.certatlas.store.OwnerOnlyFile;
import io.certatlas.store.access.Accounts;
import io.certatlas.store.access.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;

/**
 * Makes the first manager account when the store has none. The password comes from
 * {@code CERTATLAS_ADMIN_PASSWORD} when set; otherwise it is generated and written once to
 * {@code <data-dir>/initial-admin-password} (mode 0600). Only that path is ever printed.
 */
public final class FirstManager {

    public static final String USERNAME = "admin";
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    /** What was done, for the start-up message. */
    public sealed interface Outcome {
        record AlreadyThere() implements Outcome {}

        record FromEnvironment() implements Outcome {}

        record Generated(Path passwordFile) implements Outcome {}
    }

    private FirstManager() {}

    public static Outcome ensure(Accounts accounts, Path dataDirectory, Optional<String> passwordFromEnvironment) {
        if (!accounts.isEmpty()) {
            return new Outcome.AlreadyThere();
        }
        if (passwordFromEnvironment.isPresent() && !passwordFromEnvironment.get().isBlank()) {
            String password = passwordFromEnvironment.get();
            Passwords.requireAcceptable(password);
            accounts.create(USERNAME, Passwords.encoder().encode(password), Role.MANAGER, List.of());
            return new Outcome.FromEnvironment();
        }
        String password = generate();
        Path file = dataDirectory.resolve("initial-admin-password");
        try {
            Files.deleteIfExists(file);
            Files.createFile(file);
            OwnerOnlyFile.restrict(file);
            // No line break after it: `curl -d "password=$(cat file)"` and `@file` forms then read it as is.
            Files.writeString(file, password, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the first manager's password to " + file + ": " + e.getMessage(), e);
        }
        accounts.create(USERNAME, Passwords.encoder().encode(password), Role.MANAGER, List.of());
        return new Outcome.Generated(file);
    }

    private static String generate() {
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }
}
