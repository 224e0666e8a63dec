package io.certatlas.client;

import io.certatlas.client.error.ConnectionFailed;
import io.certatlas.client.error.ServerAnswer;
import io.certatlas.client.error.ServerUnavailable;
import io.certatlas.client.error.UnexpectedAnswer;
import io.certatlas.client.tls.ServerTrust;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;

/**
 * Sends one request, again and again while the server answers "not now" (429, 502, 503, 504) or
 * the answer does not come in time, as the {@link RetryPolicy} allows, waiting as long as the
 * server asks. When a successful answer says the rate limit's quota is used up, the next request
 * waits for the window the server names instead of earning a 429 first. Requests go one at a
 * time: a client of this API has no use for more, and Qualys counts concurrent calls too.
 */
final class Exchange {

    /** An answer read whole: status, headers and body. */
    record Answer(int status, java.net.http.HttpHeaders headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private static final int ERROR_BODY_BYTES = 64 * 1024;

    private final HttpClient http;
    private final ServerTrust trust;
    private final RetryPolicy retry;
    private final Duration readTimeout;
    private final Clock clock;
    private final Consumer<String> notices;
    private Instant notBefore = Instant.MIN;

    Exchange(HttpClient http, ServerTrust trust, RetryPolicy retry, Duration readTimeout, Clock clock,
             Consumer<String> notices) {
        this.http = http;
        this.trust = trust;
        this.retry = retry;
        this.readTimeout = readTimeout;
        this.clock = clock;
        this.notices = notices;
    }

    /** Sends and reads the whole answer, whatever its status once retries are over. */
    Answer send(String doing, Supplier<HttpRequest.Builder> request) {
        HttpResponse<byte[]> response = send(doing, request, HttpResponse.BodyHandlers.ofByteArray(), bytes -> { });
        return new Answer(response.statusCode(), response.headers(), response.body());
    }

    /** Sends and hands over the answer's body as a stream, once its status line and headers have come. */
    HttpResponse<InputStream> stream(String doing, Supplier<HttpRequest.Builder> request) {
        return send(doing, request, HttpResponse.BodyHandlers.ofInputStream(), Exchange::closeQuietly);
    }

    /** The first part of a streamed error answer, for its message. */
    static String errorText(HttpResponse<InputStream> response) {
        try (InputStream in = response.body()) {
            return new String(in.readNBytes(ERROR_BODY_BYTES), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private <T> HttpResponse<T> send(String doing, Supplier<HttpRequest.Builder> request,
                                     HttpResponse.BodyHandler<T> handler, Consumer<T> discard) {
        int unanswered = 0;
        for (int attempt = 1; ; attempt++) {
            pauseUntil(notBefore);
            HttpResponse<T> response;
            try {
                response = within(http.sendAsync(request.get().timeout(readTimeout).build(), handler));
            } catch (IOException e) {
                if (e instanceof SSLException || e.getCause() instanceof SSLException) {
                    throw new ConnectionFailed(doing + ": the server's TLS certificate was not accepted (trusting "
                            + trust.describe() + "): " + e.getMessage() + "; give its CA bundle or pin its SHA-256 fingerprint", e);
                }
                if (e instanceof java.net.ProtocolException) {
                    // Not a server having a bad moment: whatever listens there does not speak HTTP.
                    // Its bytes are left out of the message; they could be anything.
                    throw new UnexpectedAnswer(doing, "the answer is not HTTP; check that the URL is the CertAtlas server"
                            + " or the Qualys gateway");
                }
                // A server that let one whole read timeout pass is asked once more, not as often as
                // a busy one: six silent answers would hold a script for twelve minutes.
                boolean silentTwice = e instanceof java.net.http.HttpTimeoutException
                        && !(e instanceof java.net.http.HttpConnectTimeoutException) && ++unanswered >= 2;
                if (e instanceof ConnectException || silentTwice || attempt >= retry.attempts()) {
                    throw new ConnectionFailed(doing + ": " + describe(e) + (attempt > 1 ? " (" + attempt + " attempts)" : ""), e);
                }
                Duration pause = retry.pauseAfter(attempt);
                notices.accept(doing + ": " + describe(e) + "; trying again in " + seconds(pause)
                        + " (attempt " + (attempt + 1) + " of " + retry.attempts() + ")");
                sleep(pause);
                continue;
            }
            int status = response.statusCode();
            if (status == 429 || status == 502 || status == 503 || status == 504) {
                Optional<Duration> asked = ServerWait.after(response.headers(), clock);
                ServerAnswer answer = ServerAnswer.of(status, bodyText(response, discard));
                if (asked.isPresent() && asked.get().compareTo(retry.longestWait()) > 0) {
                    throw new ServerUnavailable(doing, answer, "it asks to wait " + seconds(asked.get())
                            + ", longer than the " + seconds(retry.longestWait()) + " this client waits");
                }
                if (attempt >= retry.attempts()) {
                    throw new ServerUnavailable(doing, answer, "gave up after " + attempt + " attempts");
                }
                Duration pause = asked.orElse(retry.pauseAfter(attempt));
                notices.accept(doing + ": the server answered " + status + "; waiting " + seconds(pause)
                        + (asked.isPresent() ? " as it asks" : "") + " (attempt " + (attempt + 1) + " of " + retry.attempts() + ")");
                sleep(pause);
                continue;
            }
            ServerWait.beforeNext(response.headers()).ifPresent(wait -> notBefore = clock.instant().plus(wait));
            return response;
        }
    }

    private <T> HttpResponse<T> within(CompletableFuture<HttpResponse<T>> future) throws IOException {
        try {
            // The request's own timeout ends at the status line; this one bounds the body of a
            // whole answer as well (a stream's body is bounded by its reader).
            return future.get(readTimeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new java.net.http.HttpTimeoutException("no answer within " + seconds(readTimeout));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause());
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting for the server");
        }
    }

    private static <T> String bodyText(HttpResponse<T> response, Consumer<T> discard) {
        if (response.body() instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        if (response.body() instanceof InputStream in) {
            try (in) {
                return new String(in.readNBytes(ERROR_BODY_BYTES), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        }
        discard.accept(response.body());
        return "";
    }

    private void pauseUntil(Instant time) {
        Duration wait = Duration.between(clock.instant(), time);
        if (time.isAfter(Instant.MIN) && !wait.isNegative() && !wait.isZero()) {
            notices.accept("the server's rate limit is used up; waiting " + seconds(wait) + " as it asks");
            sleep(wait);
        }
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectionFailed("interrupted while waiting to ask the server again", e);
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // it is being discarded
        }
    }

    private static String describe(IOException e) {
        String name = switch (e) {
            case ConnectException c -> "cannot connect";
            case java.net.http.HttpConnectTimeoutException c -> "no connection within the connect timeout";
            case java.net.http.HttpTimeoutException t -> "no answer in time";
            default -> "the connection broke off";
        };
        return e.getMessage() == null || e.getMessage().isBlank() ? name : name + " (" + e.getMessage() + ")";
    }

    static String seconds(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
