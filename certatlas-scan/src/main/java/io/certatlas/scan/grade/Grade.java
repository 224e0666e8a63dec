package io.certatlas.scan.grade;

import java.util.Optional;

/** A letter grade as Certificate View shows it. Order: best first. */
public enum Grade {
    A_PLUS("A+"), A("A"), A_MINUS("A-"), B("B"), C("C"), D("D"), E("E"), F("F"),
    /** Not trusted: the chain does not lead to a trusted root, or is out of its validity window. */
    T("T");

    private final String label;

    Grade(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The worse of two letters (T is handled apart: it replaces the letter, it does not compare). */
    public Grade worse(Grade other) {
        return compareTo(other) >= 0 ? this : other;
    }

    public static Optional<Grade> fromLabel(String label) {
        for (Grade g : values()) {
            if (g.label.equalsIgnoreCase(label.trim())) {
                return Optional.of(g);
            }
        }
        return Optional.empty();
    }

    /** Rating guide 2009q, section "Final grade": A >= 80, B >= 65, C >= 50, D >= 35, E >= 20, else F. */
    static Grade fromScore(int score) {
        if (score >= 80) {
            return A;
        }
        if (score >= 65) {
            return B;
        }
        if (score >= 50) {
            return C;
        }
        if (score >= 35) {
            return D;
        }
        return score >= 20 ? E : F;
    }
}
