package io.certatlas.store.status;

/** One table of the inventory: PostgreSQL's row estimate and the bytes of its data (TOAST included) and of its indexes. */
public record TableSize(String name, long estimatedRows, long tableBytes, long indexBytes) {
}
