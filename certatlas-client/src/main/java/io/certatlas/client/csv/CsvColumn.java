package io.certatlas.client.csv;

import java.util.Objects;
import java.util.function.Function;

/** One column of a CSV format: its header and how a cell is read from a row's value. */
public record CsvColumn<T>(String header, Function<T, String> cell) {
    public CsvColumn {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(cell, "cell");
    }
}
