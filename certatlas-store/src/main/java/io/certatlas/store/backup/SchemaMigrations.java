package io.certatlas.store.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;

/**
 * The schema versions this build's migrations reach (the same {@code classpath:db/migration} as
 * {@link io.certatlas.store.Database#migrate}), and a migration that stops at a given version.
 * The versions are read from the class path, without a database, so that a backup from a newer
 * schema is refused before anything is created for the target.
 */
final class SchemaMigrations {

    private static final String FOLDER = "db/migration";
    private static final Pattern VERSIONED = Pattern.compile("V(\\d+(?:[._]\\d+)*)__.+\\.sql");
    private static final Pattern INSERT = Pattern.compile("(?im)^\\s*INSERT\\s+INTO\\s+\"?([A-Za-z_][A-Za-z0-9_]*)");

    private SchemaMigrations() {}

    /** Every version the migrations of this build define, oldest first. */
    static List<MigrationVersion> known() {
        List<MigrationVersion> versions = new ArrayList<>();
        for (String name : fileNames()) {
            Matcher m = VERSIONED.matcher(name);
            if (m.matches()) {
                versions.add(MigrationVersion.fromVersion(m.group(1).replace('_', '.')));
            }
        }
        versions.sort(Comparator.naturalOrder());
        if (versions.isEmpty()) {
            throw new IllegalStateException("this build holds no schema migrations in " + FOLDER);
        }
        return versions;
    }

    /**
     * The tables that a migration of this build writes rows into itself (a one-row setting or
     * watermark, a backfill): a store that has never held data may hold those rows, and a restore
     * replaces them with the backup's. Read from the migrations, so that the next one that seeds a
     * table needs no change here.
     */
    static Set<String> tablesFilledByMigrations() {
        Set<String> tables = new TreeSet<>();
        ClassLoader loader = SchemaMigrations.class.getClassLoader();
        for (String name : fileNames()) {
            if (!VERSIONED.matcher(name).matches()) {
                continue;
            }
            try (InputStream in = loader.getResourceAsStream(FOLDER + "/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("cannot read the migration " + FOLDER + "/" + name);
                }
                Matcher m = INSERT.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                while (m.find()) {
                    tables.add(m.group(1).toLowerCase(Locale.ROOT));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the migration " + name + ": " + e.getMessage(), e);
            }
        }
        return tables;
    }

    static MigrationVersion latest() {
        return known().getLast();
    }

    /** Applies the migrations up to and including {@code version}, and none after it. */
    static void migrateTo(DataSource dataSource, MigrationVersion version) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:" + FOLDER)
                .target(version)
                .load()
                .migrate();
    }

    private static List<String> fileNames() {
        List<String> names = new ArrayList<>();
        try {
            Enumeration<URL> folders = SchemaMigrations.class.getClassLoader().getResources(FOLDER);
            while (folders.hasMoreElements()) {
                names.addAll(fileNames(folders.nextElement()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list this build's schema migrations: " + e.getMessage(), e);
        }
        return names;
    }

    private static List<String> fileNames(URL folder) throws IOException {
        return switch (folder.getProtocol()) {
            case "file" -> {
                try (Stream<Path> files = Files.list(Path.of(folder.toURI()))) {
                    yield files.map(p -> p.getFileName().toString()).toList();
                } catch (URISyntaxException e) {
                    throw new IOException("unreadable class path entry " + folder, e);
                }
            }
            case "jar" -> {
                JarURLConnection connection = (JarURLConnection) folder.openConnection();
                connection.setUseCaches(false);
                try (JarFile jar = connection.getJarFile()) {
                    yield jar.stream().map(JarEntry::getName)
                            .filter(n -> n.startsWith(FOLDER + "/") && n.indexOf('/', FOLDER.length() + 1) < 0)
                            .map(n -> n.substring(FOLDER.length() + 1))
                            .toList();
                }
            }
            default -> throw new IOException("cannot list migrations at " + folder + " (protocol " + folder.getProtocol() + ")");
        };
    }
}
