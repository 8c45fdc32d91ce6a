#!/usr/bin/env python3
"""Connection probe for the Stratum server: opens N connections from one process, subscribes and authorizes
each as demo.c<i>, waits until every one has received its first mining.notify, then holds them open for HOLD
seconds (to measure the server's memory per connection and its notify fan-out to that many sessions).

    python3 scripts/connection-probe.py PORT N HOLD_SECONDS

Only for 127.0.0.1 (a pool you run yourself, e.g. `./sovereign-pool demo --miners 0`). N is bounded by this
process's open-file limit (`ulimit -Hn`).
"""
import socket, json, sys, time, selectors, resource
h=resource.getrlimit(resource.RLIMIT_NOFILE)[1]; resource.setrlimit(resource.RLIMIT_NOFILE,(h,h))
port=int(sys.argv[1]); n=int(sys.argv[2])
socks=[]
t0=time.time()
for i in range(n):
    s=socket.create_connection(("127.0.0.1",port))
    s.setblocking(False)
    s.sendall((json.dumps({"id":1,"method":"mining.subscribe","params":["conns/1"]})+"\n"+json.dumps({"id":2,"method":"mining.authorize","params":["demo.c%d"%i,"x"]})+"\n").encode())
    socks.append(s)
t1=time.time()
# read until every socket got its notify
got=[b""]*n; done=0; deadline=time.time()+120
sel=selectors.DefaultSelector()
for i,s in enumerate(socks): sel.register(s, selectors.EVENT_READ, i)
pending=set(range(n))
while pending and time.time()<deadline:
    for key,_ in sel.select(1):
        i=key.data
        try: d=key.fileobj.recv(65536)
        except BlockingIOError: continue
        got[i]+=d
        if b"mining.notify" in got[i] and i in pending:
            pending.discard(i)
t2=time.time()
print(f"{n} connections opened in {t1-t0:.1f}s; {n-len(pending)} subscribed+authorized+notified after {t2-t0:.1f}s", flush=True)
sys.stdout.flush()
time.sleep(float(sys.argv[3]))
