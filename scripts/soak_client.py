#!/usr/bin/env python3
"""Soak client for scripts/soak.sh: holds N connections to an echo server with light traffic.

Each connection sends a 16-byte message about every PERIOD seconds (spread evenly over the
period) and checks that the same bytes come back. Prints one status line per 30 s on stderr and
a final JSON summary on stdout. Sends only to 127.0.0.0/8.
"""
import argparse
import asyncio
import json
import os
import random
import sys
import time


async def hold(host, port, index, period, stop, stats):
    try:
        reader, writer = await asyncio.open_connection(host, port)
    except OSError as e:
        stats["connect_errors"] += 1
        stats["last_error"] = str(e)
        return
    stats["open"] += 1
    try:
        await asyncio.sleep(random.uniform(0, period))
        n = 0
        while not stop.is_set():
            message = b"%08d:%06d\r\n" % (index, n % 1000000)
            writer.write(message)
            await writer.drain()
            echoed = await asyncio.wait_for(reader.readexactly(len(message)), timeout=30)
            if echoed != message:
                stats["mismatches"] += 1
            stats["messages"] += 1
            n += 1
            try:
                await asyncio.wait_for(stop.wait(), timeout=period)
            except asyncio.TimeoutError:
                pass
    except (OSError, asyncio.IncompleteReadError, asyncio.TimeoutError) as e:
        stats["errors"] += 1
        stats["last_error"] = repr(e)
    finally:
        stats["open"] -= 1
        writer.close()
        try:
            await writer.wait_closed()
        except OSError:
            pass


async def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--connections", type=int, default=10000)
    parser.add_argument("--seconds", type=float, default=600)
    parser.add_argument("--period", type=float, default=30)
    parser.add_argument("--ramp", type=float, default=20, help="seconds to open every connection")
    args = parser.parse_args()
    if not args.host.startswith("127."):
        sys.exit("soak_client: only 127.0.0.0/8 targets are allowed")
    stats = {"open": 0, "messages": 0, "mismatches": 0, "errors": 0, "connect_errors": 0,
             "last_error": None}
    stop = asyncio.Event()
    tasks = []
    started = time.monotonic()
    for i in range(args.connections):
        tasks.append(asyncio.create_task(hold(args.host, args.port, i, args.period, stop, stats)))
        if i % 100 == 99:
            await asyncio.sleep(args.ramp * 100 / args.connections)
    print(json.dumps({"event": "ramped", "open": stats["open"]}), file=sys.stderr, flush=True)
    deadline = started + args.seconds
    while time.monotonic() < deadline:
        await asyncio.sleep(min(30, max(0, deadline - time.monotonic())))
        print(json.dumps({"event": "status", "t": round(time.monotonic() - started), **stats}),
              file=sys.stderr, flush=True)
    stop.set()
    await asyncio.gather(*tasks)
    print(json.dumps({"event": "done", **stats}), flush=True)


if __name__ == "__main__":
    asyncio.run(main())
