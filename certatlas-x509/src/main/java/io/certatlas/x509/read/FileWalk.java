package io.certatlas.x509.read;

import java.nio.file.Path;
import java.util.List;

/** The outcome of walking a directory tree: the regular files to read, and what was skipped and why. */
public record FileWalk(List<Path> files, List<Rejection> skipped) {

    public FileWalk {
        files = List.copyOf(files);
        skipped = List.copyOf(skipped);
    }
}
