package io.certatlas.store.backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
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

    private SchemaMigrations() {}

    /** Every version the migrations of this build define, oldest first. */
    static List<MigrationVersion> known() {
        List<String> names = new ArrayList<>();
        try {
            Enumeration<URL> folders = SchemaMigrations.class.getClassLoader().getResources(FOLDER);
            while (folders.hasMoreElements()) {
                names.addAll(fileNames(folders.nextElement()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list this build's schema migrations: " + e.getMessage(), e);
        }
        List<MigrationVersion> versions = new ArrayList<>();
        for (String name : names) {
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
