package io.certatlas.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.certatlas.server.security.Passwords;
import io.certatlas.store.access.Accounts;
import io.certatlas.store.access.Role;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The login limits under attack: parallel guesses for one account, a right password hidden among
 * wrong ones, names sprayed from one address, and unknown names, which must look exactly like
 * known ones. Each attacker speaks from its own loopback address (plain HTTP, raw sockets bound to
 * 127.0.0.x), so that the per-address limit of one test does not spill into another.
 */
class LoginLimitsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int ALLOWED_GUESSES = 5;
    private static final int ADDRESS_GUESSES = 50;
    private static RunningServer server;

    @BeforeAll
    static void start() {
        server = RunningServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void twoHundredParallelWrongGuessesGetAtMostTheAllowedChecks() throws Exception {
        account("raced", "the right password for raced", Role.USER);

        List<Answer> answers = inParallel(200, i -> login("127.0.0.21", "raced", "wrong guess " + i));

        long checked = answers.stream().filter(a -> a.status() == 401).count();
        assertThat(checked).as(summary(answers)).isBetween(1L, (long) ALLOWED_GUESSES);
        assertThat(answers).allSatisfy(a -> assertThat(a.status()).as(a.body()).isIn(401, 429));
        assertThat(login("127.0.0.22", "raced", "the right password for raced").status()).isEqualTo(429);
    }

    @Test
    void theRightPasswordAmongFortyWrongOnesInParallelIsNotCheckedPastTheLimit() throws Exception {
        account("hidden", "the right password for hidden", Role.USER);

        List<Answer> answers = inParallel(41, i -> login("127.0.0.23", "hidden",
                i == 20 ? "the right password for hidden" : "wrong guess " + i));

        long checked = answers.stream().filter(a -> a.status() == 401 || a.status() == 201).count();
        assertThat(checked).as(summary(answers)).isLessThanOrEqualTo(ALLOWED_GUESSES);
        Answer right = answers.get(20);
        if (right.status() == 201) {
            // The right guess was among the first five checked: a success ends the series, and a
            // few more wrong guesses may then be checked, but never more than the limit again.
            assertThat(answers.stream().filter(a -> a.status() == 401).count()).isLessThanOrEqualTo(2L * ALLOWED_GUESSES);
        } else {
            assertThat(right.status()).as(right.body()).isEqualTo(429);
        }
    }

    @Test
    void anUnknownNameIsAnsweredAndLockedExactlyAsAKnownOne() throws Exception {
        account("known", "the right password for known", Role.USER);

        List<Answer> known = new ArrayList<>();
        List<Answer> unknown = new ArrayList<>();
        for (int i = 0; i < ALLOWED_GUESSES + 2; i++) {
            known.add(login("127.0.0.24", "known", "wrong guess " + i));
            unknown.add(login("127.0.0.25", "nobody-here", "wrong guess " + i));
        }

        for (int i = 0; i < known.size(); i++) {
            assertThat(unknown.get(i).status()).as("guess %d", i).isEqualTo(known.get(i).status());
            assertThat(withoutNumbers(unknown.get(i).body())).as("guess %d", i).isEqualTo(withoutNumbers(known.get(i).body()));
            assertThat(unknown.get(i).headers()).as("guess %d", i).isEqualTo(known.get(i).headers());
        }
        assertThat(known.subList(0, ALLOWED_GUESSES)).allSatisfy(a -> assertThat(a.status()).isEqualTo(401));
        assertThat(known.subList(ALLOWED_GUESSES, known.size())).allSatisfy(a -> assertThat(a.status()).isEqualTo(429));
        // Names differ only in case: the same account, the same count.
        assertThat(login("127.0.0.26", "KNOWN", "the right password for known").status()).isEqualTo(429);
    }

    @Test
    void sprayingNamesFromOneAddressMeetsALimitThatOtherAddressesDoNot() throws Exception {
        account("sprayed", "the right password for sprayed", Role.MANAGER);

        List<Answer> answers = new ArrayList<>();
        for (int i = 0; i < ADDRESS_GUESSES + 10; i++) {
            answers.add(login("127.0.0.27", i % 20 == 0 ? "sprayed" : "name" + i, "Summer2024!"));
        }

        assertThat(answers.subList(0, ADDRESS_GUESSES)).allSatisfy(a -> assertThat(a.status()).as(a.body()).isEqualTo(401));
        assertThat(answers.subList(ADDRESS_GUESSES, answers.size())).allSatisfy(a -> {
            assertThat(a.status()).isEqualTo(429);
            assertThat(JSON.readTree(a.body()).get("message").asString()).contains("from your address");
        });
        assertThat(login("127.0.0.27", "sprayed", "the right password for sprayed").status()).isEqualTo(429);
        assertThat(login("127.0.0.28", "sprayed", "the right password for sprayed").status()).isEqualTo(201);
    }

    @Test
    void successesFromABusyAddressDoNotCountAgainstIt() throws Exception {
        account("regular", "the right password for regular", Role.USER);
        for (int i = 0; i < ADDRESS_GUESSES + 10; i++) {
            assertThat(login("127.0.0.29", "regular", "the right password for regular").status()).isEqualTo(201);
        }
    }

    @Test
    void credentialsInTheQueryStringAreRefusedWithAPointerToTheFormBody() {
        HttpResponse<String> response = server.send(HttpRequest.newBuilder(server.https("/auth?username=admin&password="
                        + URLEncoder.encode(RunningServer.ADMIN_PASSWORD, StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.noBody()).build());

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("message").asString()).contains("form").contains("body");
        assertThat(body.get("field").asString()).isEqualTo("password");
        // Even beside a correct form body: the URL has already been logged somewhere.
        HttpResponse<String> both = server.send(HttpRequest.newBuilder(server.https("/auth?password=x"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=admin&password="
                        + URLEncoder.encode(RunningServer.ADMIN_PASSWORD, StandardCharsets.UTF_8))).build());
        assertThat(both.statusCode()).isEqualTo(400);
        // token=true in the query is harmless and still accepted.
        HttpResponse<String> harmless = server.send(HttpRequest.newBuilder(server.https("/auth?token=true"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=admin&password="
                        + URLEncoder.encode(RunningServer.ADMIN_PASSWORD, StandardCharsets.UTF_8))).build());
        assertThat(harmless.statusCode()).isEqualTo(201);
    }

    private static void account(String username, String password, Role role) {
        new Accounts(server.database.dsl()).create(username, Passwords.encoder().encode(password), role, List.of());
    }

    /** An answer: status, the headers that matter for an attacker's comparison, and the body. */
    record Answer(int status, List<String> headers, String body) {}

    @FunctionalInterface
    interface Attempt {
        Answer run(int index) throws IOException;
    }

    private static List<Answer> inParallel(int count, Attempt attempt) throws Exception {
        CountDownLatch ready = new CountDownLatch(count);
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService threads = Executors.newFixedThreadPool(count)) {
            List<Future<Answer>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(threads.submit(() -> {
                    ready.countDown();
                    go.await();
                    return attempt.run(index);
                }));
            }
            ready.await();
            go.countDown();
            List<Answer> answers = new ArrayList<>();
            for (Future<Answer> future : futures) {
                answers.add(future.get());
            }
            return answers;
        }
    }

    /** POST /auth over plain HTTP from a chosen loopback address, as a raw socket can and a hostile client does. */
    static Answer login(String fromAddress, String username, String password) {
        String body = "username=" + URLEncoder.encode(username, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8);
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(fromAddress), 0));
            socket.connect(new InetSocketAddress("127.0.0.1", server.server.httpPort().orElseThrow()), 10_000);
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /auth HTTP/1.0\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                    + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body)
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            String raw = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String head = raw.substring(0, raw.indexOf("\r\n\r\n"));
            List<String> headers = head.lines().skip(1).map(l -> l.toLowerCase(java.util.Locale.ROOT))
                    .filter(l -> !l.startsWith("date:") && !l.startsWith("content-length:"))
                    .map(l -> l.replaceAll("[0-9]+", "N")).sorted().toList();
            return new Answer(Integer.parseInt(head.split(" ")[1]), headers, raw.substring(raw.indexOf("\r\n\r\n") + 4));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String withoutNumbers(String text) {
        return text.replaceAll("[0-9]+", "N");
    }

    private static String summary(List<Answer> answers) {
        return answers.stream().collect(java.util.stream.Collectors.groupingBy(Answer::status,
                java.util.stream.Collectors.counting())).toString();
    }
}
