package io.certatlas.cli.query;

import io.certatlas.cli.output.TerminalText;
import io.certatlas.client.model.Asset;
import io.certatlas.client.model.Certificate;
import io.certatlas.client.model.Instance;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Function;

/** Aligned columns for a person at a terminal: the few fields worth a glance, cut to fit. */
record TableView<T>(List<Column<T>> columns) {

    record Column<T>(String header, int width, Function<T, String> cell) {}

    String header() {
        return line(columns.stream().map(Column::header).toList());
    }

    String row(T value) {
        return line(columns.stream().map(c -> c.cell().apply(value)).toList());
    }

    private String line(List<String> cells) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            int width = columns.get(i).width();
            String cell = TerminalText.of(cells.get(i));
            if (cell.length() > width) {
                cell = cell.substring(0, width - 1) + "…";
            }
            line.append(i == 0 ? "" : "  ").append(i == columns.size() - 1 ? cell : pad(cell, width));
        }
        return line.toString().stripTrailing();
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(Math.max(0, width - text.length()));
    }

    static TableView<Certificate> certificates(Clock clock) {
        return new TableView<>(List.of(
                new Column<>("CERTHASH", 16, Certificate::certhash),
                new Column<>("SUBJECT", 36, c -> c.subject().name()),
                new Column<>("ISSUER", 28, c -> c.issuer().name()),
                new Column<>("VALID TO", 10, c -> c.validTo().map(t -> LocalDate.ofInstant(t, ZoneOffset.UTC).toString()).orElse("")),
                new Column<>("DAYS", 6, c -> c.validTo().map(t -> Long.toString(Duration.between(clock.instant(), t).toDays())).orElse("")),
                new Column<>("KEY", 9, c -> (c.publicKeyAlgorithm() + " " + (c.keySize() > 0 ? c.keySize() : "")).strip()),
                new Column<>("ASSETS", 6, c -> Long.toString(Math.max(c.assetCount(), c.assets().size())))));
    }

    static TableView<Asset> assets() {
        return new TableView<>(List.of(
                new Column<>("NAME", 36, Asset::name),
                new Column<>("ADDRESS", 16, Asset::primaryIp),
                new Column<>("OS", 24, Asset::operatingSystem),
                new Column<>("TAGS", 24, a -> String.join(",", a.tags())),
                new Column<>("INSTANCES", 40, a -> String.join(", ", a.hostInstances()))));
    }

    static TableView<Instance> instances() {
        return new TableView<>(List.of(
                new Column<>("ASSET", 32, Instance::assetName),
                new Column<>("ADDRESS", 16, Instance::assetPrimaryIp),
                new Column<>("PORT", 5, i -> Integer.toString(i.port())),
                new Column<>("SERVICE", 12, Instance::service),
                new Column<>("GRADE", 5, Instance::grade),
                new Column<>("CERTHASH", 16, Instance::certhash)));
    }
}
