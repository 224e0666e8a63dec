package io.certatlas.client.error;

/**
 * The server kept answering "not now" (429, 502, 503, 504) through every attempt the retry
 * policy allows, or asked for a longer wait than the policy accepts.
 */
public final class ServerUnavailable extends CertViewException {

    private final ServerAnswer answer;

    public ServerUnavailable(String doing, ServerAnswer answer, String why) {
        super(doing + ": the server answered " + answer + "; " + why);
        this.answer = answer;
    }

    public ServerAnswer answer() {
        return answer;
    }
}
