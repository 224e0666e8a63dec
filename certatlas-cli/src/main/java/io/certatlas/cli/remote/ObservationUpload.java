package io.certatlas.cli.remote;

import io.certatlas.server.scanning.ObservedEndpoint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Streams a scan's TLS endpoints to {@code POST /api/v1/observations} in batches while the scan
 * runs. Memory stays bounded: a batch closes at {@code batchSize} endpoints or about 2 MiB, at
 * most {@link #QUEUED_BATCHES} closed batches wait for the sender, and when they are all waiting
 * {@link #add} blocks, which holds the scanner back until the server catches up. A batch that
 * fails for a passing reason (no connection, 5xx, 429) is sent again up to
 * {@link #MAX_ATTEMPTS} times with growing pauses; an expired token is renewed once.
 */
public final class ObservationUpload implements AutoCloseable {

    public static final int DEFAULT_BATCH_SIZE = 50;
    /** The server's limit on endpoints per request ({@code ObservationsController.MAX_ENDPOINTS}). */
    public static final int MAX_BATCH_SIZE = io.certatlas.server.scanning.ObservationsController.MAX_ENDPOINTS;
    /** Well under the server's body cap, whatever the chains. */
    static final int MAX_BATCH_BYTES = 2 << 20;
    static final int QUEUED_BATCHES = 2;
    static final int MAX_ATTEMPTS = 4;
    private static final Duration FIRST_PAUSE = Duration.ofSeconds(1);
    private static final String PATH = "/api/v1/observations";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The bearer token; {@code renew} asks for a fresh one after the server refused the last (401). */
    @FunctionalInterface
    public interface TokenSource {
        String token(boolean renew) throws IOException, InterruptedException, ServerRefused;
    }

    /** What the upload achieved: endpoints the server recorded, endpoints that could not be delivered. */
    public record Result(long sent, long recorded, long failed) {
    }

    private record Batch(List<byte[]> endpoints) {
        static final Batch END = new Batch(List.of());
    }

    private final RemoteServer server;
    private final TokenSource tokens;
    private final int batchSize;
    private final Consumer<String> messages;
    private final BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(QUEUED_BATCHES);
    private final Thread sender;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong recorded = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private List<byte[]> open = new ArrayList<>();
    private int openBytes;
    private boolean closed;

    /** @param messages where an undelivered batch is reported, one line each (the progress display) */
    public ObservationUpload(RemoteServer server, TokenSource tokens, int batchSize, Consumer<String> messages) {
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw new IllegalArgumentException("batchSize must be from 1 to " + MAX_BATCH_SIZE + " (the server's limit), was " + batchSize);
        }
        this.server = Objects.requireNonNull(server, "server");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.batchSize = batchSize;
        this.messages = Objects.requireNonNull(messages, "messages");
        this.sender = Thread.ofVirtual().name("certatlas-upload").start(this::sendAll);
    }

    /** Adds one endpoint; blocks while the server is behind by {@link #QUEUED_BATCHES} batches. */
    public synchronized void add(ObservedEndpoint endpoint) throws InterruptedException {
        if (closed) {
            throw new IllegalStateException("the upload is closed");
        }
        byte[] json = JSON.writeValueAsBytes(endpoint.toJson(JSON));
        if (!open.isEmpty() && openBytes + json.length > MAX_BATCH_BYTES) {
            flush();
        }
        open.add(json);
        openBytes += json.length;
        if (open.size() >= batchSize) {
            flush();
        }
    }

    /** Sends what is left and waits for the sender to finish every batch. */
    @Override
    public synchronized void close() throws InterruptedException {
        if (closed) {
            return;
        }
        closed = true;
        flush();
        queue.put(Batch.END);
        sender.join();
    }

    public Result result() {
        return new Result(sent.get(), recorded.get(), failed.get());
    }

    private void flush() throws InterruptedException {
        if (open.isEmpty()) {
            return;
        }
        queue.put(new Batch(open));
        open = new ArrayList<>();
        openBytes = 0;
    }

    private void sendAll() {
        try {
            for (Batch batch = queue.take(); batch != Batch.END; batch = queue.take()) {
                send(batch);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void send(Batch batch) throws InterruptedException {
        byte[] body = body(batch);
        boolean renewed = false;
        Duration pause = FIRST_PAUSE;
        for (int attempt = 1; ; attempt++) {
            String why;
            try {
                JsonNode answer = server.post(PATH, tokens.token(false), body);
                sent.addAndGet(batch.endpoints().size());
                recorded.addAndGet(answer.path("recorded").asLong(0));
                return;
            } catch (ServerRefused refused) {
                if (refused.status() == 401 && !renewed) {
                    renewed = true;
                    try {
                        tokens.token(true);
                        attempt--; // a renewed token is not a failed attempt
                        continue;
                    } catch (ServerRefused | IOException e) {
                        why = e.getMessage();
                    }
                } else if (!refused.transientFailure()) {
                    // The server refused the batch itself (400, 403, 413): sending it again changes nothing.
                    giveUp(batch, refused.getMessage());
                    return;
                } else {
                    why = refused.getMessage();
                }
            } catch (IOException e) {
                why = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            }
            if (attempt >= MAX_ATTEMPTS) {
                giveUp(batch, why + " (" + attempt + " attempts)");
                return;
            }
            Thread.sleep(pause);
            pause = pause.multipliedBy(2);
        }
    }

    private void giveUp(Batch batch, String why) {
        failed.addAndGet(batch.endpoints().size());
        messages.accept("certatlas scan: " + batch.endpoints().size() + " endpoint(s) could not be posted to " + server.base() + ": " + why);
    }

    private static byte[] body(Batch batch) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("{\"endpoints\":[".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        for (int i = 0; i < batch.endpoints().size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(batch.endpoints().get(i));
        }
        out.writeBytes("]}".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        return out.toByteArray();
    }
}
