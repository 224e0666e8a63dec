package io.certatlas.client.error;

/** 401: the user name and password were refused, or a token was refused again right after a fresh login. */
public final class NotAuthenticated extends CertViewException {

    private final ServerAnswer answer;

    public NotAuthenticated(String doing, ServerAnswer answer) {
        super(doing + ": the server answered " + answer);
        this.answer = answer;
    }

    /** The server's status and own message. */
    public ServerAnswer answer() {
        return answer;
    }
}
