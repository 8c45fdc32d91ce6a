#!/usr/bin/env python3
"""An independent, minimal check of `sovereign-pool loadtest shares` (it shares no code with it).

    python3 scripts/stratum-replies.py load PORT CONNECTIONS IN_FLIGHT SECONDS [USER_PREFIX]
        N connections (subscribe, authorize, wait for a job), each keeping IN_FLIGHT mining.submit with random
        nonces awaiting replies for SECONDS after a 2 s warm-up; prints replies/s and latency p50/p99 (from the send).
    python3 scripts/stratum-replies.py metrics URL SECONDS > samples.txt
        samples the pool's own counter (the sum of stratum_shares_total at URL, e.g. http://127.0.0.1:8080/metrics)
        every 0.25 s while a load runs: one "UTC-time total" line per sample.
    python3 scripts/stratum-replies.py rate samples.txt FROM TO
        shares/s the server counted between two UTC times (ISO-8601, e.g. the windowStart and windowEnd of
        `loadtest shares --json`), interpolated between the samples around them.

Only for 127.0.0.1 (a pool you run yourself). USER_PREFIX defaults to demo.py- (the demo's operator).
"""
import asyncio, datetime, json, random, re, sys, time, urllib.request


async def connection(port, user, in_flight, start, end, stats):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b'{"id":1,"method":"mining.subscribe","params":["stratum-replies.py"]}\n')
    job = None
    en2size = 4
    sent = {}
    next_id = 3
    nonce = random.getrandbits(32)

    def submit():
        nonlocal next_id, nonce
        line = json.dumps({"id": next_id, "method": "mining.submit",
                           "params": [user, job[0], "00" * en2size, job[7], "%08x" % nonce]}) + "\n"
        sent[next_id] = time.monotonic()
        next_id += 1
        nonce = (nonce + 1) & 0xffffffff
        writer.write(line.encode())

    authorized = False
    while True:
        line = await reader.readline()
        if not line:
            raise SystemExit(f"{user}: the pool closed the connection")
        msg = json.loads(line)
        now = time.monotonic()
        if msg.get("method") == "mining.notify":
            job = msg["params"]
        elif msg.get("id") == 1:
            if len(msg["result"]) > 2:
                en2size = msg["result"][2]
            writer.write(json.dumps({"id": 2, "method": "mining.authorize", "params": [user, "x"]}).encode() + b"\n")
        elif msg.get("id") == 2:
            authorized = msg.get("result") is True
            if not authorized:
                raise SystemExit(f"{user}: authorize refused: {msg}")
        elif msg.get("id") in sent:
            t = sent.pop(msg["id"])
            if start <= now < end:
                stats["replies"] += 1
                stats["latency"].append(now - t)
                ok = msg.get("result") is True and msg.get("error") is None
                stats["accepted" if ok else "rejected"] += 1
        if authorized and job is not None and now < end:
            while len(sent) < in_flight:
                submit()
            await writer.drain()
        if now >= end and not sent:
            writer.close()
            return


async def load(port, n, in_flight, seconds, prefix):
    stats = {"replies": 0, "accepted": 0, "rejected": 0, "latency": []}
    start = time.monotonic() + 2.0
    end = start + seconds
    await asyncio.gather(*(connection(port, f"{prefix}{i}", in_flight, start, end, stats) for i in range(1, n + 1)))
    lat = sorted(stats["latency"])
    pct = lambda p: lat[min(len(lat) - 1, int(p / 100 * len(lat)))] * 1000 if lat else float("nan")
    print(f"{n} connections x {in_flight} in flight, {seconds:.0f} s after 2 s warm-up: "
          f"{stats['replies'] / seconds:,.0f} replies/s ({stats['replies']:,} replies; accepted {stats['accepted']:,},"
          f" rejected {stats['rejected']:,}); latency p50 {pct(50):.3f} ms, p99 {pct(99):.3f} ms, max "
          f"{(lat[-1] * 1000 if lat else float('nan')):.3f} ms")


def metrics(url, seconds):
    pattern = re.compile(r'^stratum_shares_total\{[^}]*\}\s+([0-9.eE+]+)$', re.M)
    end = time.time() + seconds
    while time.time() < end:
        total = sum(float(v) for v in pattern.findall(urllib.request.urlopen(url, timeout=5).read().decode()))
        now = datetime.datetime.now(datetime.timezone.utc)
        print(f"{now.isoformat(timespec='milliseconds')} {total:.0f}", flush=True)
        time.sleep(0.25)


def rate(samples_file, start, end):
    parse = lambda s: datetime.datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp()
    samples = [(parse(t), float(n)) for t, n in (line.split() for line in open(samples_file) if line.strip())]
    def at(t):
        for (t0, n0), (t1, n1) in zip(samples, samples[1:]):
            if t0 <= t <= t1:
                return n0 + (n1 - n0) * (t - t0) / (t1 - t0)
        raise SystemExit(f"no samples around {t}: sample for longer")
    a, b = parse(start), parse(end)
    print(f"{(at(b) - at(a)) / (b - a):,.0f} shares/s counted by the server from {start} to {end}")


if __name__ == "__main__":
    if len(sys.argv) >= 6 and sys.argv[1] == "load":
        asyncio.run(load(int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]),
                         sys.argv[6] if len(sys.argv) > 6 else "demo.py-"))
    elif len(sys.argv) == 4 and sys.argv[1] == "metrics":
        metrics(sys.argv[2], float(sys.argv[3]))
    elif len(sys.argv) == 5 and sys.argv[1] == "rate":
        rate(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        sys.exit(__doc__)
