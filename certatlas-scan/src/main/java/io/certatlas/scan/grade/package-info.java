/**
 * The grade ({@link io.certatlas.scan.grade.RatingGuide2009q}: SSL Labs rating guide 2009q with
 * Certificate View's deviations) and the protocol/suite findings
 * ({@link io.certatlas.scan.grade.ProtocolFindings}), both computed from a plain
 * {@link io.certatlas.scan.grade.GradeInput}.
 */
package io.certatlas.scan.grade;
