package io.certatlas.client.error;

/** 403: the account may not do this (a user who is not a manager, or a module the account lacks). */
public final class AccessDenied extends CertViewException {

    private final ServerAnswer answer;

    public AccessDenied(String doing, ServerAnswer answer) {
        super(doing + ": the server answered " + answer);
        this.answer = answer;
    }

    /** The server's status and own message. */
    public ServerAnswer answer() {
        return answer;
    }
}
