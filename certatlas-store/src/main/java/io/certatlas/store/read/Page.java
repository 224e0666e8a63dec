package io.certatlas.store.read;

/** A page of a list: number from 0, size 1..200 (checked by the API before it gets here). */
public record Page(int number, int size) {
    public Page {
        if (number < 0) {
            throw new IllegalArgumentException("page number must be 0 or more, was " + number);
        }
        if (size < 1) {
            throw new IllegalArgumentException("page size must be 1 or more, was " + size);
        }
    }

    public long offset() {
        return (long) number * size;
    }
}
