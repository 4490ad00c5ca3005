#!/usr/bin/python3
"""A real WebSocket peer for the gateway's tests (python3-websockets, RFC 6455).

    websocket_peer.py serve PORT        an echo server on 127.0.0.1:PORT; on /hello it
                                        first says "hello from the service"
    websocket_peer.py echo URL          text and binary messages both ways, then a clean close
    websocket_peer.py refused URL       a handshake the gateway must refuse: its HTTP status
    websocket_peer.py wait-close URL    holds the tunnel open, silent, until it is closed

Each client command prints one JSON line and exits 0 when it did what it says."""
import asyncio
import json
import sys
import time

import websockets


async def serve(port):
    async def handler(ws, path=None):
        path = path if path is not None else ws.path
        if path.endswith("/hello"):
            await ws.send("hello from the service")
        async for message in ws:
            await ws.send(message)

    async with websockets.serve(handler, "127.0.0.1", port, max_size=2**20):
        await asyncio.Future()


async def echo(url):
    async with websockets.connect(url, open_timeout=5, close_timeout=5) as ws:
        first = None
        if url.endswith("/hello"):
            first = await asyncio.wait_for(ws.recv(), 5)
        await ws.send("ping-1")
        text = await asyncio.wait_for(ws.recv(), 5)
        payload = bytes(range(256)) * 12  # 3 KiB: several TCP reads through the tunnel
        await ws.send(payload)
        binary = await asyncio.wait_for(ws.recv(), 5)
        ok = text == "ping-1" and binary == payload and (first is None or first == "hello from the service")
        print(json.dumps({"ok": ok, "first": first, "text": text, "binary_bytes": len(binary),
                          "subprotocol": ws.subprotocol}))
        return ok


async def refused(url):
    try:
        async with websockets.connect(url, open_timeout=5):
            print(json.dumps({"status": 101}))
            return False
    except websockets.exceptions.InvalidStatusCode as e:
        print(json.dumps({"status": e.status_code}))
        return True


async def wait_close(url):
    start = time.monotonic()
    async with websockets.connect(url, open_timeout=5, close_timeout=5, ping_interval=None) as ws:
        try:
            await asyncio.wait_for(ws.recv(), 30)
        except websockets.exceptions.ConnectionClosed:
            pass
        print(json.dumps({"close_code": ws.close_code, "seconds": round(time.monotonic() - start, 2)}))
        return True


def main():
    command, arg = sys.argv[1], sys.argv[2]
    if command == "serve":
        asyncio.run(serve(int(arg)))
        return 0
    run = {"echo": echo, "refused": refused, "wait-close": wait_close}[command]
    return 0 if asyncio.run(run(arg)) else 1


if __name__ == "__main__":
    sys.exit(main())
