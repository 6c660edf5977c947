package io.wsgate.gateway.interop;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Interoperability tests against the real fat jar, run as a separate process: the JDK
 * {@code java.net.http} WebSocket client directly, plus the Python {@code websockets} and Node
 * {@code ws} client scripts under {@code src/test/interop/}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public class InteropIT {

    private static final int MIB = 1024 * 1024;
    private static final int MAX_MESSAGE = 16 * MIB;
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(150);
    private static final String PYTHON = "/usr/bin/python3";
    private static final Pattern SUMMARY = Pattern.compile("(?m)^(\\d+) passed, 0 failed$");

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private static GatewayProcess gateway;

    /** Prints the gateway log tail when a test fails, so the server side of a failure is visible. */
    @RegisterExtension
    static final TestWatcher LOG_ON_FAILURE = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (gateway != null) {
                System.out.println("---- " + context.getDisplayName() + " failed; wsgate log tail ("
                        + gateway.logFile() + "):\n" + gateway.logTail(60) + "\n----");
            }
        }
    };

    @BeforeAll
    static void startGateway() {
        gateway = GatewayProcess.start("interop");
        System.out.println("started " + gateway);
    }

    @AfterAll
    static void stopGateway() {
        if (gateway == null) {
            return;
        }
        boolean aliveAtEnd = gateway.isAlive();
        gateway.stop();
        System.out.println("stopped " + gateway + ", exit code " + gateway.exitCode());
        assertTrue(aliveAtEnd, () -> "the gateway process died during the tests (exit code "
                + gateway.exitCode() + "); log tail:\n" + gateway.logTail(80));
    }

    // ------------------------------------------------------------------ JDK client

    @Test
    void jdkTextEcho() throws Exception {
        try (Conn c = Conn.open(gateway.wsUri("/echo"))) {
            c.assertTextEcho("hello");
            c.assertTextEcho("h\u00e9llo w\u00f6rld \u20ac \u2713 \uD83D\uDE00 \uD834\uDD1E \u4e2d\u6587");
        }
    }

    @Test
    void jdkBinaryEcho() throws Exception {
        try (Conn c = Conn.open(gateway.wsUri("/echo"))) {
            c.assertBinaryEcho(randomBytes(4096));
        }
    }

    @Test
    void jdkEmptyMessages() throws Exception {
        try (Conn c = Conn.open(gateway.wsUri("/echo"))) {
            c.assertTextEcho("");
            c.assertBinaryEcho(new byte[0]);
        }
    }

    @Test
    void jdkOneMibEcho() throws Exception {
        try (Conn c = Conn.open(gateway.wsUri("/echo"))) {
            c.assertBinaryEcho(randomBytes(MIB));
            String text = oneMibText();
            assertEquals(MIB, text.getBytes(UTF_8).length);
            c.assertTextEcho(text);
        }
    }

    @Test
    void jdkFragmentedText() throws Exception {
        try (Conn c = Conn.open(gateway.wsUri("/echo"))) {
            String[] parts = {"hel", "lo ", "w\u00f6rld \uD83D\uDE00", "!".repeat(1000)};
            for (int i = 0; i < parts.length; i++) {
                await(c.ws.sendText(parts[i], i == parts.length - 1), "sending text fragment " + i);
            }
            Message reply = c.next();
            assertFalse(reply.binary(), "expected a text message");
            assertEquals(String.join("", parts), reply.text());
        }
    }

    @Test
    void jdkFragmentedBinary() throws Exception {
        try (Conn c = Conn.open(gateway.wsUri("/echo"))) {
            byte[][] parts = {{0, 1, 2}, randomBytes(70_000), {(byte) 0xff}, randomBytes(10)};
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            for (int i = 0; i < parts.length; i++) {
                expected.writeBytes(parts[i]);
                await(c.ws.sendBinary(ByteBuffer.wrap(parts[i]), i == parts.length - 1),
                        "sending binary fragment " + i);
            }
            Message reply = c.next();
            assertTrue(reply.binary(), "expected a binary message");
            assertArrayEquals(expected.toByteArray(), reply.bytes());
        }
    }

    @Test
    void jdkPingPong() throws Exception {
        try (Conn c = Conn.open(gateway.wsUri("/echo"))) {
            byte[] payload = "abc".getBytes(UTF_8);
            await(c.ws.sendPing(ByteBuffer.wrap(payload)), "sending ping");
            byte[] pong = c.recorder.pongs.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(pong, "no pong within " + WAIT);
            assertArrayEquals(payload, pong, "pong payload");
            c.assertTextEcho("after-ping");
        }
    }

    @Test
    void jdkCloseNormal() throws Exception {
        assertCloseEchoed(WebSocket.NORMAL_CLOSURE, "");
    }

    @Test
    void jdkClose4001() throws Exception {
        assertCloseEchoed(4001, "bye");
    }

    private static void assertCloseEchoed(int code, String reason) throws Exception {
        try (Conn c = Conn.open(gateway.wsUri("/echo"))) {
            c.assertTextEcho("before-close");
            await(c.ws.sendClose(code, reason), "sending Close " + code);
            CloseInfo closed = c.awaitClose();
            assertEquals(code, closed.code(), () -> "server's Close code (reason '" + closed.reason() + "')");
        }
    }

    @Test
    void jdkSubprotocolNegotiation() throws Exception {
        try (Conn c = Conn.open(gateway.wsUri("/echo"), "echo.v2", "echo.v1")) {
            assertEquals("echo.v2", c.ws.getSubprotocol());
            c.assertTextEcho("v2");
        }
        try (Conn c = Conn.open(gateway.wsUri("/echo"), "other", "echo.v1", "echo.v2")) {
            assertEquals("echo.v1", c.ws.getSubprotocol());
        }
        // The JDK client accepts a handshake without Sec-WebSocket-Protocol: "" = none selected.
        try (Conn c = Conn.open(gateway.wsUri("/echo"), "nope")) {
            assertEquals("", c.ws.getSubprotocol());
            c.assertTextEcho("none");
        }
    }

    @Test
    void jdkHundredConcurrentClients() throws Exception {
        int clients = 100;
        int messages = 10;
        List<CompletableFuture<Conn>> opening = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            opening.add(Conn.openAsync(gateway.wsUri("/echo")));
        }
        List<Conn> conns = new ArrayList<>();
        try {
            for (CompletableFuture<Conn> f : opening) {
                conns.add(f.get(30, TimeUnit.SECONDS));
            }
            // Each client chains its 10 sends (the JDK allows one outstanding send per socket).
            List<CompletableFuture<WebSocket>> sending = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                CompletableFuture<WebSocket> chain = CompletableFuture.completedFuture(conns.get(i).ws);
                for (int j = 0; j < messages; j++) {
                    String m = "client-" + i + "-msg-" + j;
                    chain = chain.thenCompose(ws -> ws.sendText(m, true));
                }
                sending.add(chain);
            }
            CompletableFuture.allOf(sending.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            for (int i = 0; i < clients; i++) {
                for (int j = 0; j < messages; j++) {
                    Message reply = conns.get(i).next();
                    assertEquals("client-" + i + "-msg-" + j, reply.text(), "client " + i + " message " + j);
                }
            }
        } finally {
            conns.forEach(Conn::close);
            opening.forEach(f -> f.thenAccept(Conn::close));
        }
    }

    @Test
    void jdkTooBigMessageClosesWith1009() throws Exception {
        try (Conn c = Conn.open(gateway.wsUri("/echo"))) {
            c.assertTextEcho("before-too-big");
            // Not awaited: the server may close while the client is still sending.
            CompletableFuture<WebSocket> send = c.ws.sendBinary(ByteBuffer.wrap(randomBytes(MAX_MESSAGE + 1)), true);
            send.exceptionally(e -> null);
            CloseInfo closed = c.awaitClose(Duration.ofSeconds(40));
            assertEquals(1009, closed.code(), () -> "server's Close code (reason '" + closed.reason() + "'; "
                    + c.recorder.messages.size() + " message(s) echoed meanwhile)");
        }
    }

    // ------------------------------------------------------------------ other runtimes

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void pythonWebsocketsClient() throws Exception {
        Path script = moduleDir().resolve("src/test/interop/python/echo_client.py");
        assertTrue(Files.isRegularFile(script), "missing " + script);
        if (!Files.isExecutable(Path.of(PYTHON))) {
            fail(PYTHON + " not found: install Python 3 and the websockets library"
                    + " (Debian/Ubuntu: `apt-get install python3 python3-websockets`)");
        }
        ScriptResult probe = run("python-probe",
                List.of(PYTHON, "-c", "import websockets; print('websockets', websockets.__version__)"),
                script.getParent(), Duration.ofSeconds(30), false);
        if (probe.exitCode() != 0) {
            fail(PYTHON + " cannot import websockets: install it with `apt-get install python3-websockets`"
                    + " (the interop script is written for websockets 10.4)\n" + probe.output());
        }
        assertScriptPassed(run("python", List.of(PYTHON, script.toString(), gateway.wsBase()),
                script.getParent(), SCRIPT_TIMEOUT, true));
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void nodeWsClient() throws Exception {
        assertScriptPassed(runNode("echo_client.mjs"));
    }

    /** Route /broadcast: 1000 Node ws receivers each get every message of one sender, in order. */
    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void nodeWsBroadcastToThousandReceivers() throws Exception {
        assertScriptPassed(runNode("broadcast_client.mjs", "1000", "20"));
    }

    private ScriptResult runNode(String scriptName, String... args) throws Exception {
        Path dir = moduleDir().resolve("src/test/interop/node");
        Path script = dir.resolve(scriptName);
        assertTrue(Files.isRegularFile(script), "missing " + script);
        if (!Files.isRegularFile(dir.resolve("node_modules/ws/package.json"))) {
            fail("Node module 'ws' is not installed: run `npm ci` in " + dir
                    + " (needs Node.js 20 and npm)");
        }
        ScriptResult probe;
        try {
            probe = run("node-probe", List.of("node", "--version"), dir, Duration.ofSeconds(30), false);
        } catch (IOException e) {
            fail("cannot run `node` (" + e.getMessage() + "): install Node.js 20 and run `npm ci` in " + dir);
            return null;
        }
        if (probe.exitCode() != 0) {
            fail("`node --version` failed: install Node.js 20 and run `npm ci` in " + dir + "\n" + probe.output());
        }
        List<String> command = new java.util.ArrayList<>(List.of("node", script.toString(), gateway.wsBase()));
        command.addAll(List.of(args));
        return run("node", command, dir, SCRIPT_TIMEOUT, true);
    }

    // ------------------------------------------------------------------ shutdown (last)

    @Test
    @Order(Integer.MAX_VALUE)
    void sigtermClosesConnectionsWith1001AndExitsZero() throws Exception {
        GatewayProcess own = GatewayProcess.start("sigterm");
        try (Conn c = Conn.open(own.wsUri("/echo"))) {
            c.assertTextEcho("before-sigterm");
            long started = System.nanoTime();
            boolean exitedOnSigterm = own.stop();
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            String log = "\nwsgate log tail (" + own.logFile() + "):\n" + own.logTail(60);
            assertTrue(exitedOnSigterm, "gateway did not exit within 15 s of SIGTERM and was killed" + log);
            CloseInfo closed = c.awaitClose(Duration.ofSeconds(5));
            assertEquals(1001, closed.code(), () -> "Close code on shutdown (reason '" + closed.reason() + "')" + log);
            assertEquals(0, own.exitCode(), "exit code after SIGTERM" + log);
            System.out.println("gateway exited " + millis + " ms after SIGTERM");
        } finally {
            own.stop();
        }
    }

    // ------------------------------------------------------------------ helpers

    public record Message(boolean binary, String text, byte[] bytes) {
        @Override
        public String toString() {
            return binary ? "binary(" + bytes.length + " bytes)" : "text(" + text.length() + " chars)";
        }
    }

    record CloseInfo(int code, String reason) {
    }

    /** Accumulates message parts (the JDK client delivers text and binary in parts) into whole messages. */
    public static final class Recorder implements WebSocket.Listener {
        final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
        final BlockingQueue<byte[]> pongs = new LinkedBlockingQueue<>();
        final CompletableFuture<CloseInfo> closed = new CompletableFuture<>();
        private StringBuilder text = new StringBuilder();
        private ByteArrayOutputStream binary = new ByteArrayOutputStream();

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                messages.add(new Message(false, text.toString(), null));
                text = new StringBuilder();
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] chunk = new byte[data.remaining()];
            data.get(chunk);
            binary.writeBytes(chunk);
            if (last) {
                messages.add(new Message(true, null, binary.toByteArray()));
                binary = new ByteArrayOutputStream();
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
            byte[] payload = new byte[message.remaining()];
            message.get(payload);
            pongs.add(payload);
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(new CloseInfo(statusCode, reason));
            return null; // the JDK then replies with a Close of its own
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.completeExceptionally(error);
        }
    }

    /** A JDK WebSocket with its recorder. */
    public static final class Conn implements AutoCloseable {
        public final WebSocket ws;
        final Recorder recorder;

        private Conn(WebSocket ws, Recorder recorder) {
            this.ws = ws;
            this.recorder = recorder;
        }

        static CompletableFuture<Conn> openAsync(URI uri, String... subprotocols) {
            Recorder recorder = new Recorder();
            WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
            if (subprotocols.length > 0) {
                builder.subprotocols(subprotocols[0], Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
            }
            return builder.buildAsync(uri, recorder).thenApply(ws -> new Conn(ws, recorder));
        }

        public static Conn open(URI uri, String... subprotocols) throws Exception {
            return await(openAsync(uri, subprotocols), "opening handshake with " + uri
                    + (subprotocols.length > 0 ? " offering " + Arrays.toString(subprotocols) : ""));
        }

        public Message next() throws InterruptedException {
            Message m = recorder.messages.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (m == null) {
                String state = recorder.closed.isDone() ? " (connection closed: " + describe(recorder.closed) + ")" : "";
                fail("no message within " + WAIT + state);
            }
            return m;
        }

        void assertTextEcho(String message) throws Exception {
            await(ws.sendText(message, true), "sending text");
            Message reply = next();
            assertFalse(reply.binary(), "sent text, got " + reply);
            if (!message.equals(reply.text())) {
                fail("text echo differs: sent " + message.length() + " chars, got " + reply.text().length()
                        + " chars" + (message.length() < 200 ? " ('" + message + "' vs '" + reply.text() + "')" : ""));
            }
        }

        void assertBinaryEcho(byte[] message) throws Exception {
            await(ws.sendBinary(ByteBuffer.wrap(message), true), "sending binary");
            Message reply = next();
            assertTrue(reply.binary(), "sent binary, got " + reply);
            assertArrayEquals(message, reply.bytes(), "binary echo differs");
        }

        CloseInfo awaitClose() throws Exception {
            return awaitClose(WAIT);
        }

        CloseInfo awaitClose(Duration timeout) throws Exception {
            try {
                return recorder.closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                return fail("no Close from the server within " + timeout + " (" + recorder.messages.size()
                        + " message(s) received meanwhile)");
            } catch (ExecutionException e) {
                return fail("connection failed instead of a Close from the server: " + e.getCause(), e.getCause());
            }
        }

        @Override
        public void close() {
            ws.abort();
        }

        private static String describe(CompletableFuture<CloseInfo> closed) {
            try {
                return closed.getNow(null).toString();
            } catch (RuntimeException e) {
                return e.getCause() != null ? e.getCause().toString() : e.toString();
            }
        }
    }

    record ScriptResult(int exitCode, String output) {
    }

    private static ScriptResult run(String label, List<String> command, Path dir, Duration timeout, boolean echo)
            throws IOException, InterruptedException {
        if (echo) {
            System.out.println("[" + label + "] $ " + String.join(" ", command));
        }
        Process process = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        StringBuffer output = new StringBuffer();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    output.append(line).append('\n');
                    if (echo) {
                        System.out.println("[" + label + "] " + line);
                    }
                }
            } catch (IOException e) {
                output.append("<output read error: ").append(e).append(">\n");
            }
        }, label + "-output");
        reader.setDaemon(true);
        reader.start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            reader.join(5_000);
            fail(label + " did not finish within " + timeout + "; output so far:\n" + output);
        }
        reader.join(10_000);
        return new ScriptResult(process.exitValue(), output.toString());
    }

    private static void assertScriptPassed(ScriptResult result) {
        assertEquals(0, result.exitCode(), () -> "client script failed:\n" + result.output());
        assertTrue(SUMMARY.matcher(result.output()).find(),
                () -> "no 'N passed, 0 failed' summary line:\n" + result.output());
    }

    private static <T> T await(CompletableFuture<T> future, String what) throws Exception {
        try {
            return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            return fail("timed out after " + WAIT + ": " + what);
        } catch (ExecutionException e) {
            return fail(what + " failed: " + e.getCause(), e.getCause());
        }
    }

    private static Path moduleDir() {
        return Path.of(System.getProperty("user.dir")).toAbsolutePath();
    }

    private static String oneMibText() {
        // 16-byte unit with 1-, 3- and 4-byte characters -> exactly 1048576 UTF-8 bytes.
        return "abcdefghi\u20ac\uD83D\uDE00".repeat(MIB / 16);
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        new Random().nextBytes(bytes);
        return bytes;
    }
}
