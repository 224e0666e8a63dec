package io.certatlas.cli;

import io.certatlas.store.OwnerOnlyFile;
import io.certatlas.store.Database;
import io.certatlas.store.jobs.AgentToken;
import io.certatlas.store.jobs.AgentTokens;
import io.certatlas.store.jobs.IssuedAgentToken;
import io.certatlas.store.jobs.Zone;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code certatlas agent ...}: scanner agents' tokens, as {@code /api/v1/agent-tokens} manages them, on the local store. */
@Command(name = "agent", mixinStandardHelpOptions = true, description = "Manage the tokens of remote scanner agents ('certatlas scanner').",
        subcommands = {AgentCommand.Create.class, AgentCommand.ListTokens.class, AgentCommand.Revoke.class})
public final class AgentCommand extends CommandGroup {

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Create an agent token bound to a network zone.",
                    "The token is shown once: written to --token-file (a new file only its owner may read), or else",
                    "printed on standard output."})
    static final class Create implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Parameters(index = "0", paramLabel = "NAME", description = "The agent's name, e.g. dmz-scanner-1.")
        String name;

        @Option(names = "--zone", paramLabel = "ZONE", required = true, description = "The network zone whose scan jobs the agent takes.")
        String zone;

        @Option(names = "--token-file", paramLabel = "FILE", description = "Write the token to this new file (mode 600) instead of printing it.")
        Optional<Path> tokenFile;

        @Override
        public Integer call() {
            return UserCommand.run(() -> {
                Zone bound;
                try {
                    bound = new Zone(zone);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("--zone: " + e.getMessage());
                }
                tokenFile.ifPresent(AgentCommand::requireNew);
                try (Database db = store.open()) {
                    IssuedAgentToken issued = new AgentTokens(db.dsl()).create(name, bound, "cli:" + System.getProperty("user.name"));
                    if (tokenFile.isPresent()) {
                        write(tokenFile.get(), issued.secret());
                        System.out.println("created " + describe(issued.token()) + "; token written to " + tokenFile.get());
                    } else {
                        System.err.println("created " + describe(issued.token()) + "; the token, shown this once:");
                        System.out.println(issued.secret());
                    }
                }
            });
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List agent tokens (never their secrets), newest first.")
    static final class ListTokens implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Override
        public Integer call() {
            return UserCommand.run(() -> {
                try (Database db = store.open()) {
                    new AgentTokens(db.dsl()).list().forEach(token -> System.out.println(describe(token)));
                }
            });
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revoke an agent token by its id or name; the agent is refused from its next request and stops.")
    static final class Revoke implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Parameters(index = "0", paramLabel = "ID_OR_NAME", description = "The token's id, or the name of the token in force.")
        String token;

        @Override
        public Integer call() {
            return UserCommand.run(() -> {
                try (Database db = store.open()) {
                    System.out.println("revoked " + describe(new AgentTokens(db.dsl()).revoke(token)));
                }
            });
        }
    }

    static String describe(AgentToken token) {
        return token.name() + " (id " + token.id() + ", zone " + token.zone() + ", created " + token.created() + " by "
                + token.createdBy() + (token.revoked().map(at -> ", revoked " + at).orElse(", in force")) + ")";
    }

    private static void requireNew(Path file) {
        if (Files.exists(file)) {
            throw new IllegalArgumentException("--token-file " + file + " exists already; give a new file (a token is never overwritten)");
        }
    }

    /** Creates the file with owner-only permissions before the secret goes in. */
    private static void write(Path file, String secret) {
        try {
            OwnerOnlyFile.create(file);
            Files.writeString(file, secret + "\n", StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (FileAlreadyExistsException e) {
            throw new IllegalArgumentException("--token-file " + file + " exists already; give a new file");
        } catch (IOException e) {
            throw new IllegalArgumentException("--token-file " + file + " cannot be written (" + e.getMessage()
                    + "); the token was created: revoke it ('certatlas agent revoke') and create another");
        }
    }
}
