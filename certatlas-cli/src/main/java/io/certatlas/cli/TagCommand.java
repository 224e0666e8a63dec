package io.certatlas.cli;

import io.certatlas.store.Database;
import io.certatlas.store.access.TagRecord;
import io.certatlas.store.access.Tags;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code certatlas tag ...}: the same tag administration as {@code /api/v1/tags}, on the local store. */
@Command(name = "tag", mixinStandardHelpOptions = true, description = "Manage tags and put them on assets.",
        subcommands = {TagCommand.Add.class, TagCommand.ListTags.class, TagCommand.Delete.class, TagCommand.Assign.class})
public final class TagCommand extends CommandGroup {

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Create a tag.")
    static final class Add implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Parameters(index = "0", description = "Tag name.")
        String name;

        @Override
        public Integer call() {
            return UserCommand.run(() -> {
                try (Database db = store.open()) {
                    System.out.println("added tag " + new Tags(db.dsl()).create(name).name());
                }
            });
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List tags with how many assets carry each.")
    static final class ListTags implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Override
        public Integer call() {
            return UserCommand.run(() -> {
                try (Database db = store.openExisting()) {
                    for (TagRecord tag : new Tags(db.dsl()).list()) {
                        System.out.printf("%-30s %8d assets  %s%n", tag.name(), tag.assetCount(), tag.uuid());
                    }
                }
            });
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a tag (assets keep existing).")
    static final class Delete implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Parameters(index = "0", description = "Tag name or UUID.")
        String name;

        @Override
        public Integer call() {
            return UserCommand.run(() -> {
                try (Database db = store.open()) {
                    new Tags(db.dsl()).delete(name);
                    System.out.println("deleted tag " + name);
                }
            });
        }
    }

    @Command(name = "assign", mixinStandardHelpOptions = true,
            description = "Put a tag on every asset whose name or address matches a pattern (* is a wildcard).")
    static final class Assign implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Parameters(index = "0", description = "Tag name or UUID.")
        String name;

        @Parameters(index = "1", description = "Asset name or address pattern, e.g. 'web-*' or '10.1.*'.")
        String pattern;

        @Override
        public Integer call() {
            return UserCommand.run(() -> {
                try (Database db = store.open()) {
                    int tagged = new Tags(db.dsl()).tagAssetsNamed(name, pattern);
                    System.out.println("tagged " + tagged + " more asset(s) with " + name);
                }
            });
        }
    }
}
