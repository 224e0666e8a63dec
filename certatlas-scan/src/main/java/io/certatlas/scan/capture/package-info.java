/**
 * One BouncyCastle TLS handshake (TLS 1.0 to 1.3, broad suite list) that keeps whatever chain the
 * server serves, over a socket the engine opened and bounded, and says what went wrong in terms
 * of {@link io.certatlas.scan.engine.FailureReason} when no chain came.
 */
package io.certatlas.scan.capture;
