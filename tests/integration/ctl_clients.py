#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
"""Hostile control-socket clients for tests/integration/ctl.sh.

Run inside the router's namespace, usually as an unprivileged user:

  ctl_clients.py hold N SECONDS [dribble] [sleepy]
      Keep N connections to xrouterd open and silent for SECONDS, opening a
      new one whenever the daemon closes one; with "dribble", one more
      connection sends a request one byte every 0.9 s, reconnecting too;
      with "sleepy", one more asks for `-j route show` and never reads.
      Prints how many connections were opened, how many the daemon ended
      and how many of those it refused as too many.

  ctl_clients.py fill N
      Add N blackhole routes 10.X.Y.0/24, one request each (as root).

  ctl_clients.py race SETUID_PROGRAM
      The exec trick of issue 9: connect, send all of a `route add
      10.77.0.0/16 blackhole` request but its last byte, fork; the parent
      execs SETUID_PROGRAM (a setuid-root `sleep`), the child waits until
      that exec has made the connecting process root, then sends the last
      byte and prints the reply.  Exit 0 if a reply came, 3 if the setuid
      exec never took effect (then the test proves nothing).
"""
import os
import socket
import struct
import sys
import time

MAGIC = 0x58524331
ADDR = "\0xrouter"


def request(words, flags=0):
    payload = b"".join(w.encode() + b"\0" for w in words)
    return struct.pack("=IIII", MAGIC, flags, len(words), len(payload)) + payload


def recv_all(s):
    """Everything the daemon sends until it closes."""
    rep = b""
    while True:
        chunk = s.recv(65536)
        if not chunk:
            return rep
        rep += chunk


def ask(words):
    """One request as xrouterctl makes it: its status and its whole reply."""
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(10)
    s.connect(ADDR)
    s.sendall(request(words))
    rep = recv_all(s)
    s.close()
    return struct.unpack("=IIII", rep[:16])[0], rep[16:]


def fill(n):
    for i in range(n):
        status, text = ask(["route", "add", f"10.{i >> 8}.{i & 255}.0/24", "blackhole"])
        if status != 0:
            print(f"route {i}: {text.decode(errors='replace')}")
            sys.exit(1)


def connect():
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(5)
    s.connect(ADDR)
    s.setblocking(False)
    return s


REFUSED = 0


def closed_by_daemon(s):
    """True if the daemon has ended this connection (EOF, error or reply)."""
    global REFUSED
    try:
        data = s.recv(65536)
    except BlockingIOError:
        return False
    except OSError:
        return True
    if b"too many clients" in data:
        REFUSED += 1
    return True


def hold(n, seconds, dribble, sleepy):
    end = time.monotonic() + seconds
    opened = ended = 0
    conns = []
    if sleepy:
        # Asks for the routes in JSON, then never reads the reply.
        lazy = connect()
        lazy.send(request(["route", "show"], 1))
        opened += 1
    slow, slow_req, slow_pos, slow_next = None, request(["status"]), 0, 0.0
    while time.monotonic() < end:
        for s in [c for c in conns if closed_by_daemon(c)]:
            conns.remove(s)
            s.close()
            ended += 1
        while len(conns) < n:
            try:
                conns.append(connect())
                opened += 1
            except OSError:
                break
        if dribble and time.monotonic() >= slow_next:
            try:
                if slow is None or closed_by_daemon(slow):
                    if slow is not None:
                        slow.close()
                        ended += 1
                    slow, slow_pos = connect(), 0
                    opened += 1
                slow.send(slow_req[slow_pos % len(slow_req):][:1])
                slow_pos += 1
            except OSError:
                slow = None
            slow_next = time.monotonic() + 0.9
        time.sleep(0.05)
    print(f"opened {opened} ended_by_daemon {ended} refused {REFUSED}")


def parent_euid(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("Uid:"):
                    return int(line.split()[2])
    except OSError:
        pass
    return None


def race(prog):
    req = request(["route", "add", "10.77.0.0/16", "blackhole"])
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(10)
    s.connect(ADDR)
    s.sendall(req[:-1])
    parent = os.getpid()
    if os.fork() != 0:
        # The connecting process becomes a setuid-root program.
        os.execv(prog, [prog, "3"])
    deadline = time.monotonic() + 5
    while parent_euid(parent) != 0:
        if time.monotonic() > deadline:
            print("the setuid exec did not make the connecting process root")
            sys.exit(3)
        time.sleep(0.01)
    time.sleep(0.05)
    s.sendall(req[-1:])
    rep = recv_all(s)
    if len(rep) < 16:
        print("no reply")
        sys.exit(4)
    status, out_len, err_len, _ = struct.unpack("=IIII", rep[:16])
    text = rep[16:].decode(errors="replace").strip()
    print(f"reply status {status}: {text}")
    sys.exit(0)


def main():
    if len(sys.argv) >= 4 and sys.argv[1] == "hold":
        hold(int(sys.argv[2]), float(sys.argv[3]), "dribble" in sys.argv[4:],
             "sleepy" in sys.argv[4:])
    elif len(sys.argv) == 3 and sys.argv[1] == "fill":
        fill(int(sys.argv[2]))
    elif len(sys.argv) == 3 and sys.argv[1] == "race":
        race(sys.argv[2])
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
