package io.certatlas.cli;

import io.certatlas.cli.output.TerminalText;
import io.certatlas.server.security.Passwords;
import io.certatlas.store.Database;
import io.certatlas.store.access.AccessException;
import io.certatlas.store.access.Account;
import io.certatlas.store.access.Accounts;
import io.certatlas.store.access.Role;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code certatlas user ...}: the same user administration as {@code /api/v1/users}, on the local store. */
@Command(name = "user", mixinStandardHelpOptions = true, description = "Manage users and their scopes.",
        subcommands = {UserCommand.Add.class, UserCommand.ListUsers.class, UserCommand.Delete.class,
                UserCommand.SetScope.class, UserCommand.SetRole.class, UserCommand.SetPassword.class})
public final class UserCommand extends CommandGroup {

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Add a user. The password is read from standard input (or asked for on a terminal).")
    static final class Add implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Parameters(index = "0", description = "User name.")
        String username;

        @Option(names = "--role", defaultValue = "user", description = "user or manager (default: ${DEFAULT-VALUE}).")
        String role;

        @Option(names = "--scope", split = ",", description = "Tags whose assets the user may see (comma-separated).")
        List<String> scope = List.of();

        @Override
        public Integer call() {
            return run(() -> {
                String password = readPassword("Password for " + username + ": ");
                try (Database db = store.open()) {
                    Account account = new Accounts(db.dsl()).create(username, Passwords.encoder().encode(password),
                            Role.parse(role), scope);
                    System.out.println("added " + describe(account));
                }
            });
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List users with their roles and scopes.")
    static final class ListUsers implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Override
        public Integer call() {
            return run(() -> {
                try (Database db = store.openExisting()) {
                    new Accounts(db.dsl()).list().forEach(account -> System.out.println(describe(account)));
                }
            });
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a user; their tokens stop working at once.")
    static final class Delete implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Parameters(index = "0", description = "User name.")
        String username;

        @Override
        public Integer call() {
            return run(() -> {
                try (Database db = store.open()) {
                    new Accounts(db.dsl()).delete(username);
                    System.out.println("deleted " + username);
                }
            });
        }
    }

    @Command(name = "scope", mixinStandardHelpOptions = true,
            description = "Replace a user's scope (the tags whose assets they see); tokens issued before stop working.")
    static final class SetScope implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Parameters(index = "0", description = "User name.")
        String username;

        @Parameters(index = "1..*", arity = "0..*", description = "Tag names (none: the user sees nothing).")
        List<String> tags = List.of();

        @Override
        public Integer call() {
            return run(() -> {
                try (Database db = store.open()) {
                    System.out.println("now " + describe(new Accounts(db.dsl()).setScope(username, tags)));
                }
            });
        }
    }

    @Command(name = "role", mixinStandardHelpOptions = true,
            description = "Change a user's role (user or manager); tokens issued before stop working.")
    static final class SetRole implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Parameters(index = "0", description = "User name.")
        String username;

        @Parameters(index = "1", description = "user or manager.")
        String role;

        @Override
        public Integer call() {
            return run(() -> {
                try (Database db = store.open()) {
                    System.out.println("now " + describe(new Accounts(db.dsl()).setRole(username, Role.parse(role))));
                }
            });
        }
    }

    @Command(name = "password", mixinStandardHelpOptions = true,
            description = "Set a user's password (read from standard input or asked for); clears a lock-out,"
                    + " and tokens issued before stop working.")
    static final class SetPassword implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Parameters(index = "0", description = "User name.")
        String username;

        @Override
        public Integer call() {
            return run(() -> {
                String password = readPassword("New password for " + username + ": ");
                try (Database db = store.open()) {
                    new Accounts(db.dsl()).setPasswordHash(username, Passwords.encoder().encode(password));
                    System.out.println("password of " + username + " changed");
                }
            });
        }
    }

    static String describe(Account account) {
        return account.username() + " (" + account.role().name().toLowerCase(java.util.Locale.ROOT) + ")"
                + (account.role() == Role.USER ? " scope: " + (account.scopeTags().isEmpty() ? "(none)" : String.join(", ", account.scopeTags())) : "")
                + (account.lockedUntil().isPresent() ? " [locked until " + account.lockedUntil().get() + "]" : "");
    }

    static String readPassword(String prompt) {
        String password;
        if (System.console() != null) {
            char[] typed = System.console().readPassword("%s", prompt);
            password = typed == null ? "" : new String(typed);
        } else {
            try {
                String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                if (line == null) {
                    // No terminal to ask at and nothing piped in: say where the password comes from.
                    throw new IllegalArgumentException("no password given: run this at a terminal to type it, or pipe it"
                            + " on standard input (printf '%s\\n' \"$PASSWORD\" | certatlas user ...)");
                }
                password = line;
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read the password from standard input: " + e.getMessage());
            }
        }
        Passwords.requireAcceptable(password);
        return password;
    }

    /** Runs an action, turning the errors a user can fix into one line and exit code 2. */
    static int run(ThrowingAction action) {
        try {
            action.run();
            return 0;
        } catch (AccessException | IllegalArgumentException e) {
            // The message may quote what was given (a tag name with a line break or an escape): shown escaped.
            System.err.println("certatlas: " + TerminalText.of(e.getMessage()));
            return 2;
        }
    }

    @FunctionalInterface
    interface ThrowingAction {
        void run();
    }
}
