package io.certatlas.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The binaries' cache directory is named from the jar's directory, without reading the archive, and is found again. */
class PostgresBinariesTest {

    @TempDir
    Path cache;

    @Test
    void theCacheIsNamedFromTheJarEntryAndReused() throws Exception {
        String identity = PostgresBinaries.identity(PostgresBinaries.archiveName());
        assertThat(identity).as("CRC-32 and size of the jar entry").matches("[0-9a-f]{8}-[0-9]{7,}");

        PostgresBinaries first = PostgresBinaries.unpack(cache);
        assertThat(first.home()).isEqualTo(cache.resolve("postgres-" + identity));
        assertThat(Files.isExecutable(first.postgres())).isTrue();
        long unpackedAt = Files.getLastModifiedTime(first.home()).toMillis();

        PostgresBinaries again = PostgresBinaries.unpack(cache);
        assertThat(again.home()).isEqualTo(first.home());
        assertThat(Files.getLastModifiedTime(again.home()).toMillis()).as("not unpacked twice").isEqualTo(unpackedAt);
        try (var entries = Files.list(cache)) {
            assertThat(entries.toList()).as("no partial trees left").containsExactly(first.home());
        }
    }
}
