package io.certatlas.client.error;

/**
 * Why a call to a Certificate View server failed, as a closed list a script can act on: the
 * request itself was wrong ({@link RequestRejected}), the credentials ({@link NotAuthenticated}),
 * the account's rights ({@link AccessDenied}), the thing asked for ({@link NotFound}), the
 * server ({@link ServerUnavailable}, {@link UnexpectedAnswer}), the network or TLS
 * ({@link ConnectionFailed}), or the API's paging window ({@link ResultWindowExceeded}).
 * Unchecked, because lists arrive as lazy streams.
 */
public abstract sealed class CertViewException extends RuntimeException
        permits RequestRejected, NotAuthenticated, AccessDenied, NotFound, ServerUnavailable, UnexpectedAnswer,
        ConnectionFailed, ResultWindowExceeded {

    protected CertViewException(String message) {
        super(message);
    }

    protected CertViewException(String message, Throwable cause) {
        super(message, cause);
    }
}
