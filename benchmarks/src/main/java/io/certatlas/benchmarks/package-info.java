/** JMH benchmarks and load generators; results go to BENCHMARKS.md. */
package io.certatlas.benchmarks;
