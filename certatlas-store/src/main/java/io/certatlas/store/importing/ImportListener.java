package io.certatlas.store.importing;

/** Hears about an import while it runs. Called from several threads: implementations must be thread-safe. */
public interface ImportListener {

    /** A file was not imported. */
    default void rejected(Rejection rejection) {
    }

    ImportListener NONE = new ImportListener() {
    };
}
