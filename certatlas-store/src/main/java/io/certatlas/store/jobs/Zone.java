package io.certatlas.store.jobs;

import java.util.regex.Pattern;

/**
 * A network zone: the name of a network segment that only the scanner agents placed in it can
 * reach. A scan job naming a zone is taken only by an agent of that zone (or a server told to
 * serve it). Lower-case letters, digits, '.', '_' and '-', starting with a letter or digit, at
 * most 63 characters, so it reads well in a URL, a log line and a command line alike.
 */
public record Zone(String name) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");

    public Zone {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a zone name is 1 to 63 lower-case letters, digits, '.', '_' or '-', starting"
                    + " with a letter or digit (e.g. dmz, lab-2), was " + (name == null ? "nothing" : "'" + name + "'"));
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
