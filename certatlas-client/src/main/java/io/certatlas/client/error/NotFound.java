package io.certatlas.client.error;

/** 404: nothing with that name is visible to the account (an unknown certhash, or one outside the account's scope). */
public final class NotFound extends CertViewException {

    private final ServerAnswer answer;

    public NotFound(String doing, ServerAnswer answer) {
        super(doing + ": the server answered " + answer);
        this.answer = answer;
    }

    /** The server's status and own message. */
    public ServerAnswer answer() {
        return answer;
    }
}
