package io.certatlas.client.error;

/**
 * The server answered something this client cannot use: a status it does not expect (500, a
 * redirect) or a body that is not the JSON the API documents.
 */
public final class UnexpectedAnswer extends CertViewException {

    public UnexpectedAnswer(String doing, String what) {
        super(doing + ": " + what);
    }
}
