/**
 * The TLS wire codec for probes: {@link io.certatlas.scan.tls.ClientHello} builds hellos for
 * SSLv3..TLS 1.3; {@link io.certatlas.scan.tls.ServerFlightReader} sends one and reads the
 * server's first flight into a {@link io.certatlas.scan.tls.ServerAnswer}, bounded in bytes and
 * by a {@link io.certatlas.scan.tls.Deadline}. Probes never finish a handshake.
 */
package io.certatlas.scan.tls;
