/**
 * The cipher suite catalogue (data: {@code cipher-suites.psv}), named groups and signature schemes.
 * Add a suite by adding a line to the data file.
 */
package io.certatlas.scan.suite;
