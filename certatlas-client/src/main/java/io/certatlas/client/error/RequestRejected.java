package io.certatlas.client.error;

/** 400: the server found the request wrong (a filter it cannot parse, a page size out of range); its message says what to change. */
public final class RequestRejected extends CertViewException {

    private final ServerAnswer answer;

    public RequestRejected(String doing, ServerAnswer answer) {
        super(doing + ": the server answered " + answer);
        this.answer = answer;
    }

    /** The server's status and own message. */
    public ServerAnswer answer() {
        return answer;
    }
}
