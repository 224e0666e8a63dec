package io.certatlas.scan.grade;

/**
 * A cap that applied: the highest grade allowed, the rule's name, the clause it follows and why it
 * applied to this server.
 */
public record GradeCap(String rule, Grade cap, String clause, String because) {
}
