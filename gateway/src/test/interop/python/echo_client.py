#!/usr/bin/python3
"""Interop checks for the wsgate /echo route with the Python `websockets` client.

Usage: /usr/bin/python3 echo_client.py ws://127.0.0.1:PORT

Written against websockets 10.4 (Debian `python3-websockets`), asyncio client API.
Prints one line per check (`PASS name` / `FAIL name: detail`), then `N passed, M failed`.
Exit code 0 only if every check passed.
"""
import asyncio
import os
import sys
import time

try:
    import websockets
except ImportError as e:  # pragma: no cover - reported by InteropIT with install hints
    print(f"FAIL import websockets: {e} (install with: apt-get install python3-websockets)")
    print("0 passed, 1 failed")
    sys.exit(1)

MIB = 1024 * 1024
MAX_MESSAGE = 16 * MIB
CHECK_TIMEOUT = 30.0   # per check, seconds
OVERALL_TIMEOUT = 120.0

BASE = sys.argv[1].rstrip("/") if len(sys.argv) > 1 else "ws://127.0.0.1:8080"
ECHO = BASE + "/echo"

results = []  # (name, ok, detail)


class CheckFailed(Exception):
    pass


def expect(cond, detail):
    if not cond:
        raise CheckFailed(detail)


def describe(value):
    if isinstance(value, (bytes, bytearray)):
        return f"bytes(len={len(value)}, head={bytes(value[:16])!r})"
    if isinstance(value, str):
        return f"str(len={len(value)}, utf8={len(value.encode('utf-8'))}, head={value[:16]!r})"
    return repr(value)


def connect(uri=ECHO, subprotocols=None):
    return websockets.connect(
        uri,
        subprotocols=subprotocols,
        max_size=None,
        ping_interval=None,
        compression=None,
        open_timeout=10,
        close_timeout=10,
    )


async def echo_roundtrip(ws, message, timeout=15.0):
    await asyncio.wait_for(ws.send(message), timeout)
    reply = await asyncio.wait_for(ws.recv(), timeout)
    expect(type(reply) is type(message),
           f"sent {type(message).__name__}, got {type(reply).__name__} back")
    expect(reply == message, f"sent {describe(message)}, got {describe(reply)}")
    return reply


async def run(name, coro_fn, timeout=CHECK_TIMEOUT):
    try:
        await asyncio.wait_for(coro_fn(), timeout)
        results.append((name, True, ""))
        print(f"PASS {name}", flush=True)
    except asyncio.TimeoutError:
        results.append((name, False, f"timed out after {timeout:.0f}s"))
        print(f"FAIL {name}: timed out after {timeout:.0f}s", flush=True)
    except CheckFailed as e:
        results.append((name, False, str(e)))
        print(f"FAIL {name}: {e}", flush=True)
    except Exception as e:  # noqa: BLE001 - every unexpected error is a failed check
        detail = f"{type(e).__name__}: {e}"
        results.append((name, False, detail))
        print(f"FAIL {name}: {detail}", flush=True)


# ---------------------------------------------------------------- checks

async def text_echo():
    async with connect() as ws:
        await echo_roundtrip(ws, "hello")


async def text_echo_multibyte():
    # 2-, 3- and 4-byte UTF-8 sequences (the emoji and the G clef are outside the BMP).
    async with connect() as ws:
        await echo_roundtrip(ws, "h\u00e9llo w\u00f6rld \u20ac \u2713 \U0001F600 \U0001D11E \u4e2d\u6587")


async def binary_echo():
    async with connect() as ws:
        await echo_roundtrip(ws, os.urandom(4096))


async def empty_text():
    async with connect() as ws:
        await echo_roundtrip(ws, "")


async def empty_binary():
    async with connect() as ws:
        await echo_roundtrip(ws, b"")


async def one_mib_binary():
    async with connect() as ws:
        await echo_roundtrip(ws, os.urandom(MIB), timeout=25)


def one_mib_text():
    # 16-byte unit with 1-, 3- and 4-byte characters -> exactly 1048576 UTF-8 bytes.
    unit = "abcdefghi\u20ac\U0001F600"
    assert len(unit.encode("utf-8")) == 16
    text = unit * (MIB // 16)
    assert len(text.encode("utf-8")) == MIB
    return text


async def one_mib_text_echo():
    async with connect() as ws:
        await echo_roundtrip(ws, one_mib_text(), timeout=25)


async def fragmented_text():
    fragments = ["hel", "lo ", "w\u00f6rld \U0001F600", "!" * 1000]
    async with connect() as ws:
        # websockets sends an iterable as one fragmented message (first frame + continuations).
        await asyncio.wait_for(ws.send(iter(fragments)), 10)
        reply = await asyncio.wait_for(ws.recv(), 10)
        expected = "".join(fragments)
        expect(isinstance(reply, str), f"expected text, got {type(reply).__name__}")
        expect(reply == expected, f"expected {describe(expected)}, got {describe(reply)}")


async def fragmented_binary():
    fragments = [b"\x00\x01\x02", os.urandom(70000), b"\xff", os.urandom(10)]
    async with connect() as ws:
        await asyncio.wait_for(ws.send(iter(fragments)), 10)
        reply = await asyncio.wait_for(ws.recv(), 10)
        expected = b"".join(fragments)
        expect(isinstance(reply, bytes), f"expected binary, got {type(reply).__name__}")
        expect(reply == expected, f"expected {describe(expected)}, got {describe(reply)}")


async def ping_pong(payload):
    async with connect() as ws:
        # The waiter only completes when a pong with exactly this payload arrives.
        pong_waiter = await ws.ping(payload)
        try:
            await asyncio.wait_for(pong_waiter, 5)
        except asyncio.TimeoutError:
            raise CheckFailed(f"no pong with payload {describe(payload)} within 5s")
        # The connection must still be usable afterwards.
        await echo_roundtrip(ws, "after-ping")


async def close_with(code, reason):
    ws = await connect()
    try:
        await echo_roundtrip(ws, "before-close")
        started = time.monotonic()
        await asyncio.wait_for(ws.close(code, reason), 15)
        elapsed = time.monotonic() - started
        rcvd = ws.close_rcvd
        expect(rcvd is not None,
               f"no Close frame received from server (close_code={ws.close_code})")
        expect(rcvd.code == code,
               f"server answered Close with code {rcvd.code} (reason {rcvd.reason!r}), expected {code}")
        expect(ws.close_code == code, f"ws.close_code={ws.close_code}, expected {code}")
        # websockets waits for the server to close TCP (up to close_timeout=10s) after the
        # close handshake; a slow close means the server kept the TCP connection open.
        expect(elapsed < 5, f"close handshake took {elapsed:.1f}s (server did not close TCP promptly)")
    finally:
        await ws.close()


async def subprotocol(offer, expected):
    async with connect(subprotocols=offer) as ws:
        expect(ws.subprotocol == expected,
               f"offered {offer}, negotiated {ws.subprotocol!r}, expected {expected!r}")
        await echo_roundtrip(ws, "sp")


async def concurrent_clients(clients=100, messages=10):
    async def one(i):
        async with connect() as ws:
            sent = [f"client-{i}-msg-{j}" for j in range(messages)]
            for m in sent:
                await ws.send(m)
            got = [await ws.recv() for _ in range(messages)]
            if got != sent:
                raise CheckFailed(f"client {i}: sent {sent}, got {got}")

    outcomes = await asyncio.gather(*(one(i) for i in range(clients)), return_exceptions=True)
    failures = [o for o in outcomes if isinstance(o, BaseException)]
    expect(not failures,
           f"{len(failures)}/{clients} clients failed; first: {type(failures[0]).__name__}: {failures[0]}"
           if failures else "")


async def too_big():
    ws = await connect()
    try:
        await echo_roundtrip(ws, "before-too-big")
        big = os.urandom(MAX_MESSAGE + 1)

        async def sender():
            try:
                await ws.send(big)
            except Exception:  # noqa: BLE001 - expected: the server closes while we are still sending
                pass

        send_task = asyncio.ensure_future(sender())
        try:
            # Done as soon as the server's Close frame has been read (or the connection is
            # gone): while our 16 MiB are still being pushed, the TCP teardown itself may
            # legitimately take until a close timeout, which this check does not test.
            deadline = time.monotonic() + 30
            while ws.close_rcvd is None and not ws.closed:
                if time.monotonic() > deadline:
                    raise CheckFailed("no Close frame from the server within 30s "
                                      f"(messages queued: {len(ws.messages)})")
                await asyncio.sleep(0.02)
        finally:
            send_task.cancel()
            try:
                await send_task
            except asyncio.CancelledError:
                pass
        rcvd = ws.close_rcvd
        expect(rcvd is not None,
               f"connection dropped without a Close frame from the server (close_code={ws.close_code})")
        expect(rcvd.code == 1009,
               f"server closed with {rcvd.code} (reason {rcvd.reason!r}), expected 1009")
    finally:
        if not ws.closed and ws.transport is not None:
            ws.transport.abort()


CHECKS = [
    ("text echo", text_echo),
    ("text echo multi-byte UTF-8", text_echo_multibyte),
    ("binary echo", binary_echo),
    ("empty text echo", empty_text),
    ("empty binary echo", empty_binary),
    ("1 MiB binary echo", one_mib_binary),
    ("1 MiB text echo", one_mib_text_echo),
    ("fragmented text echo", fragmented_text),
    ("fragmented binary echo", fragmented_binary),
    ("ping/pong payload", lambda: ping_pong(b"abc")),
    ("ping/pong 125-byte payload", lambda: ping_pong(bytes(range(125)))),
    ("close 1000 echoed", lambda: close_with(1000, "")),
    ("close 4001 echoed", lambda: close_with(4001, "bye")),
    ("subprotocol [other, echo.v2, echo.v1] -> echo.v2",
     lambda: subprotocol(["other", "echo.v2", "echo.v1"], "echo.v2")),
    ("subprotocol [echo.v1] -> echo.v1", lambda: subprotocol(["echo.v1"], "echo.v1")),
    ("subprotocol [nope] -> none", lambda: subprotocol(["nope"], None)),
    ("100 concurrent clients x 10 messages", concurrent_clients),
    ("16 MiB + 1 byte -> close 1009", too_big),
]


async def main():
    print(f"websockets {websockets.__version__}, target {ECHO}", flush=True)
    for name, fn in CHECKS:
        await run(name, fn, timeout=45.0 if "1009" in name else CHECK_TIMEOUT)


def summary_and_exit():
    passed = sum(1 for _, ok, _ in results if ok)
    failed = len(results) - passed
    print(f"{passed} passed, {failed} failed", flush=True)
    sys.exit(0 if failed == 0 and passed == len(CHECKS) else 1)


if __name__ == "__main__":
    try:
        asyncio.run(asyncio.wait_for(main(), OVERALL_TIMEOUT))
    except asyncio.TimeoutError:
        done = {name for name, _, _ in results}
        for name, _ in CHECKS:
            if name not in done:
                results.append((name, False, "not run: overall timeout"))
                print(f"FAIL {name}: not run (overall timeout {OVERALL_TIMEOUT:.0f}s exceeded)", flush=True)
    except KeyboardInterrupt:
        pass
    summary_and_exit()
