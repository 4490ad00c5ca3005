#!/usr/bin/python3
"""An HTTP/2 client for the gateway's tests (python3-h2, and raw frames where h2 would
refuse to misbehave): ordinary requests, and each attack the gateway must bound.
Every command prints one JSON object. Cleartext, prior knowledge (h2c), 127.0.0.1."""
import json
import socket
import struct
import sys
import time

import h2.config
import h2.connection
import h2.events
import h2.exceptions
import h2.settings
import hpack

HOST = "127.0.0.1"
PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
DATA, HEADERS, PRIORITY, RST_STREAM, SETTINGS, PUSH, PING, GOAWAY, WINDOW_UPDATE, CONTINUATION = range(10)
END_STREAM, END_HEADERS = 0x1, 0x4


def out(obj):
    print(json.dumps(obj))
    sys.exit(0)


def connect(port, timeout=5.0):
    s = socket.create_connection((HOST, port), timeout=timeout)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s


def client(port):
    cfg = h2.config.H2Configuration(client_side=True, header_encoding="utf-8", validate_outbound_headers=False,
                                    normalize_outbound_headers=False, validate_inbound_headers=False)
    conn = h2.connection.H2Connection(config=cfg)
    conn.initiate_connection()
    s = connect(port)
    s.sendall(conn.data_to_send())
    return s, conn


def request_headers(path, method="GET", extra=()):
    return [(":method", method), (":path", path), (":scheme", "http"), (":authority", "127.0.0.1")] + list(extra)


class Outcome:
    """What came back on a connection: responses by stream, resets, GOAWAY."""

    def __init__(self):
        self.status, self.body, self.ended, self.resets = {}, {}, set(), {}
        self.goaway = None  # (error code, last stream id, seconds after start)
        self.closed = False
        self.started = time.monotonic()

    def take(self, conn, events):
        for e in events:
            if isinstance(e, h2.events.ResponseReceived):
                self.status[e.stream_id] = int(dict(e.headers)[":status"])
            elif isinstance(e, h2.events.DataReceived):
                self.body[e.stream_id] = self.body.get(e.stream_id, 0) + len(e.data)
                conn.acknowledge_received_data(e.flow_controlled_length, e.stream_id)
            elif isinstance(e, h2.events.StreamEnded):
                self.ended.add(e.stream_id)
            elif isinstance(e, h2.events.StreamReset):
                self.resets[e.stream_id] = int(e.error_code)
            elif isinstance(e, h2.events.ConnectionTerminated):
                self.goaway = (int(e.error_code), e.last_stream_id, time.monotonic() - self.started)


def receive(s, deadline):
    """Bytes that came before `deadline`: None on time-out, b"" when the peer closed."""
    s.settimeout(max(0.01, deadline - time.monotonic()))
    try:
        return s.recv(65536)
    except socket.timeout:
        return None
    except (ConnectionResetError, BrokenPipeError):
        return b""


def pump(s, conn, outcome, until, seconds):
    """Reads and answers until `until()` holds, the peer closes, or `seconds` pass."""
    deadline = time.monotonic() + seconds
    while not until() and time.monotonic() < deadline:
        data = receive(s, deadline)
        if not data:
            outcome.closed = data is not None
            break
        try:
            outcome.take(conn, conn.receive_data(data))
        except h2.exceptions.ProtocolError:
            pass
        pending = conn.data_to_send()
        if pending:
            try:
                s.sendall(pending)
            except (BrokenPipeError, ConnectionResetError):
                outcome.closed = True
                break


def report(outcome, **more):
    result = {"statuses": sorted(outcome.status.values()), "resets": sorted(outcome.resets.values()), "closed": outcome.closed,
              "goaway": None if outcome.goaway is None else {"code": outcome.goaway[0], "last_stream_id": outcome.goaway[1],
                                                             "seconds": round(outcome.goaway[2], 3)}}
    result.update(more)
    out(result)


# ---- raw frames ----

def frame(kind, flags, stream, payload=b""):
    return struct.pack(">I", len(payload))[1:] + bytes([kind, flags]) + struct.pack(">I", stream) + payload


def hpack_integer(value, prefix_bits):
    """RFC 7541 §5.1, with the prefix's other bits zero."""
    limit = (1 << prefix_bits) - 1
    if value < limit:
        return bytes([value])
    out, value = [limit], value - limit
    while value >= 128:
        out.append(value & 0x7F | 0x80)
        value >>= 7
    return bytes(out + [value])


def raw_connection(port):
    s = connect(port)
    s.sendall(PREFACE + frame(SETTINGS, 0, 0))
    return s


def raw_read(s, seconds, stop_on_goaway=True, ack=True):
    """Frames until GOAWAY (or close, or time-out): [(type, flags, stream, payload)], closed.
    `ack`: SETTINGS are acknowledged (not in the middle of a header block: no frame may come there)."""
    frames, buffer, closed = [], b"", False
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        data = receive(s, deadline)
        if not data:
            closed = data is not None
            break
        buffer += data
        while len(buffer) >= 9:
            length = int.from_bytes(buffer[:3], "big")
            if len(buffer) < 9 + length:
                break
            kind, flags = buffer[3], buffer[4]
            stream = int.from_bytes(buffer[5:9], "big") & 0x7FFFFFFF
            frames.append((kind, flags, stream, buffer[9:9 + length]))
            ARRIVALS[id(frames[-1])] = time.monotonic()
            buffer = buffer[9 + length:]
            if kind == SETTINGS and not flags & 1 and ack:
                try:
                    s.sendall(frame(SETTINGS, 1, 0))
                except (BrokenPipeError, ConnectionResetError):
                    closed = True
        if stop_on_goaway and any(f[0] == GOAWAY for f in frames):
            break
    return frames, closed


ARRIVALS = {}


def arrival_times(frames, started):
    return [ARRIVALS.get(id(f), started) - started for f in frames]


def raw_report(frames, closed, started, **more):
    goaway = next((f for f in frames if f[0] == GOAWAY), None)
    resets = [int.from_bytes(f[3][:4], "big") for f in frames if f[0] == RST_STREAM]
    statuses = []
    decoder = hpack.Decoder()
    for f in frames:
        if f[0] == HEADERS:
            try:
                statuses += [int(v) for n, v in decoder.decode(f[3]) if n in (":status", b":status")]
            except Exception:
                pass
    out(dict({"goaway": None if goaway is None else {"code": int.from_bytes(goaway[3][4:8], "big"),
                                                     "last_stream_id": int.from_bytes(goaway[3][:4], "big") & 0x7FFFFFFF,
                                                     "seconds": round(time.monotonic() - started, 3)},
              "resets": resets, "statuses": statuses, "closed": closed}, **more))


# ---- commands ----

def cmd_settings(port):
    s = raw_connection(port)
    frames, _ = raw_read(s, 1.0, stop_on_goaway=False)
    settings = {}
    window = 65535
    for kind, flags, stream, payload in frames:
        if kind == SETTINGS and not flags & 1:
            for i in range(0, len(payload), 6):
                key, value = struct.unpack(">HI", payload[i:i + 6])
                settings[key] = value
        if kind == WINDOW_UPDATE and stream == 0:
            window += int.from_bytes(payload, "big") & 0x7FFFFFFF
    out({"max_concurrent_streams": settings.get(3), "initial_window_size": settings.get(4),
         "max_header_list_size": settings.get(6), "connection_window": window})


def cmd_get(port, path, *fields):
    s, conn = client(port)
    outcome = Outcome()
    extra = [tuple(f.split("=", 1)) for f in fields]
    sid = conn.get_next_available_stream_id()
    conn.send_headers(sid, request_headers(path, extra=extra), end_stream=True)
    s.sendall(conn.data_to_send())
    pump(s, conn, outcome, lambda: sid in outcome.ended or sid in outcome.resets, 10)
    report(outcome, body_bytes=outcome.body.get(sid, 0))


def cmd_rapid_reset(port, count):
    """CVE-2023-44487: streams opened and reset at once, as fast as the socket takes them."""
    s, conn = client(port)
    outcome = Outcome()
    sent = 0
    for _ in range(int(count)):
        sid = conn.get_next_available_stream_id()
        try:
            conn.send_headers(sid, request_headers("/api/slow"), end_stream=True)
            conn.reset_stream(sid)
            s.sendall(conn.data_to_send())
        except (BrokenPipeError, ConnectionResetError, h2.exceptions.ProtocolError):
            break
        sent += 1
        if sent % 50 == 0:
            pump(s, conn, outcome, lambda: True, 0.001)
            if outcome.goaway or outcome.closed:
                break
    pump(s, conn, outcome, lambda: outcome.goaway is not None, 5)
    report(outcome, sent=sent)


def cmd_refused(port, count):
    """More streams at once than allowed, each holding its slot: a body that never ends."""
    s = raw_connection(port)
    encoder = hpack.Encoder()
    started = time.monotonic()
    for i in range(int(count)):
        block = encoder.encode(request_headers("/api/hold", "POST", [("content-length", "10")]))
        s.sendall(frame(HEADERS, END_HEADERS, 1 + 2 * i, block))
    frames, closed = raw_read(s, 2.0, stop_on_goaway=False)
    refused = sum(1 for f in frames if f[0] == RST_STREAM and int.from_bytes(f[3][:4], "big") == 7)
    raw_report(frames, closed, started, refused=refused, opened=int(count))


def cmd_continuation(port, count):
    """CVE-2024-28182: a header block that never ends, one CONTINUATION after another."""
    s = raw_connection(port)
    encoder = hpack.Encoder()
    started = time.monotonic()
    s.sendall(frame(HEADERS, 0, 1, encoder.encode(request_headers("/api/x"))))
    sent = 0
    try:
        for i in range(int(count)):
            s.sendall(frame(CONTINUATION, 0, 1, encoder.encode([("x-c%d" % i, "v" * 50)])))
            sent += 1
    except (BrokenPipeError, ConnectionResetError):
        pass
    frames, closed = raw_read(s, 3.0, ack=False)
    raw_report(frames, closed, started, sent=sent)


def cmd_big_header(port, size):
    """A header block over the limits: refused on its stream; the connection goes on."""
    s, conn = client(port)
    outcome = Outcome()
    big = conn.get_next_available_stream_id()
    conn.send_headers(big, request_headers("/api/x", extra=[("x-big", "b" * int(size))]), end_stream=True)
    s.sendall(conn.data_to_send())
    pump(s, conn, outcome, lambda: big in outcome.ended or big in outcome.resets, 5)
    after = conn.get_next_available_stream_id()
    conn.send_headers(after, request_headers("/api/x"), end_stream=True)
    s.sendall(conn.data_to_send())
    pump(s, conn, outcome, lambda: after in outcome.ended or after in outcome.resets, 5)
    report(outcome, big_status=outcome.status.get(big), big_reset=outcome.resets.get(big), after_status=outcome.status.get(after))


def cmd_hpack_bomb(port, refs):
    """One large field put in the HPACK table, then referenced by one byte each time."""
    s = raw_connection(port)
    started = time.monotonic()
    block = hpack.Encoder().encode(request_headers("/api/x"))
    name, value = b"x-bomb", b"z" * 4000
    block += b"\x40" + hpack_integer(len(name), 7) + name + hpack_integer(len(value), 7) + value  # indexed as 62
    block += bytes([0x80 | 62]) * int(refs)
    frames_out = b""
    max_frame = 16384
    for i in range(0, len(block), max_frame):
        piece = block[i:i + max_frame]
        last = i + max_frame >= len(block)
        kind = HEADERS if i == 0 else CONTINUATION
        flags = (END_HEADERS if last else 0) | (END_STREAM if kind == HEADERS else 0)
        frames_out += frame(kind, flags, 1, piece)
    s.sendall(frames_out)
    s.sendall(frame(PING, 0, 0, b"stillup!"))
    frames, closed = raw_read(s, 3.0, stop_on_goaway=False)
    pong = any(f[0] == PING and f[1] & 1 and f[3] == b"stillup!" for f in frames)
    raw_report(frames, closed, started, pong=pong, block_bytes=len(block))


def cmd_flood(port, kind, count):
    """Control frames (PING, SETTINGS) or empty DATA frames, as fast as they go."""
    s = raw_connection(port)
    started = time.monotonic()
    batch = b""
    if kind == "empty-data":
        s.sendall(frame(HEADERS, END_HEADERS, 1, hpack.Encoder().encode(request_headers("/api/hold", "POST"))))
    for i in range(int(count)):
        if kind == "ping":
            batch += frame(PING, 0, 0, struct.pack(">Q", i))
        elif kind == "settings":
            batch += frame(SETTINGS, 0, 0)
        elif kind == "empty-data":
            batch += frame(DATA, 0, 1)
        if len(batch) > 16384:
            try:
                s.sendall(batch)
            except (BrokenPipeError, ConnectionResetError):
                break
            batch = b""
    try:
        s.sendall(batch)
    except (BrokenPipeError, ConnectionResetError):
        pass
    frames, closed = raw_read(s, 5.0)
    raw_report(frames, closed, started, sent=int(count))


def cmd_malformed(port):
    """RFC 9113 §8: one malformed request per stream; each refused, the connection stays."""
    s, conn = client(port)
    outcome = Outcome()
    cases = {
        "connection_field": request_headers("/api/x", extra=[("connection", "keep-alive")]),
        "host_differs": request_headers("/api/x", extra=[("host", "elsewhere.example")]),
        "te_gzip": request_headers("/api/x", extra=[("te", "gzip")]),
        "uppercase_name": request_headers("/api/x", extra=[("X-Upper", "1")]),
        "no_path": [(":method", "GET"), (":scheme", "http"), (":authority", "127.0.0.1")],
        "fine": request_headers("/api/x"),
    }
    ids = {}
    for name, headers in cases.items():
        sid = conn.get_next_available_stream_id()
        ids[name] = sid
        conn.send_headers(sid, headers, end_stream=True)
    s.sendall(conn.data_to_send())
    pump(s, conn, outcome, lambda: all(i in outcome.ended or i in outcome.resets for i in ids.values()), 5)
    out({name: {"status": outcome.status.get(sid), "reset": outcome.resets.get(sid)} for name, sid in ids.items()}
        | {"goaway": outcome.goaway is not None})


def cmd_drain(port, path):
    """A request in progress when the gateway drains: GOAWAY, then its response. Raw
    frames: h2 takes the first GOAWAY for the end and drops what follows it."""
    s = raw_connection(port)
    started = time.monotonic()
    s.sendall(frame(HEADERS, END_HEADERS | END_STREAM, 1, hpack.Encoder().encode(request_headers(path))))
    frames, closed = raw_read(s, 10.0, stop_on_goaway=False)
    goaways = [{"code": int.from_bytes(f[3][4:8], "big"), "last_stream_id": int.from_bytes(f[3][:4], "big") & 0x7FFFFFFF}
               for f in frames if f[0] == GOAWAY]
    ended = any(f[2] == 1 and f[1] & END_STREAM and f[0] in (HEADERS, DATA) for f in frames)
    body = sum(len(f[3]) for f in frames if f[0] == DATA and f[2] == 1)
    raw_report(frames, closed, started, goaways=goaways, stream_ended=ended, body_bytes=body)


def cmd_wait_goaway(port, mode):
    """`idle`: a connection with no stream; `header`: a header block begun and left;
    `body`: a request whose body never comes (its stream is reset, then the connection idles)."""
    s = raw_connection(port)
    started = time.monotonic()
    if mode == "header":
        s.sendall(frame(HEADERS, 0, 1, hpack.Encoder().encode(request_headers("/api/x"))))
    if mode == "body":
        s.sendall(frame(HEADERS, END_HEADERS, 1, hpack.Encoder().encode(request_headers("/api/x", "POST", [("content-length", "10")]))))
    frames, closed = raw_read(s, 10.0, ack=mode != "header")
    reset_at = next((round(t, 3) for t, f in zip(arrival_times(frames, started), frames) if f[0] == RST_STREAM), None)
    raw_report(frames, closed, started, reset_seconds=reset_at)


COMMANDS = {"settings": cmd_settings, "get": cmd_get, "rapid-reset": cmd_rapid_reset, "refused": cmd_refused,
            "continuation": cmd_continuation, "big-header": cmd_big_header, "hpack-bomb": cmd_hpack_bomb, "flood": cmd_flood,
            "malformed": cmd_malformed, "drain": cmd_drain, "wait-goaway": cmd_wait_goaway}

if __name__ == "__main__":
    COMMANDS[sys.argv[1]](int(sys.argv[2]), *sys.argv[3:])
