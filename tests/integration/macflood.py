# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
"""Send COUNT Ethernet frames out of IFACE, each from a new random source
MAC, to DST_MAC: a MAC-table flood for the switch tests.  Plain AF_PACKET
so it needs no scapy and runs on any python3; root only.

usage: macflood.py IFACE COUNT DST_MAC
"""
import os
import socket
import struct
import sys

ETH_P_EXPERIMENTAL = 0x88B5  # IEEE local experimental: nobody parses it


def main():
    iface, count, dst = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    dst_b = bytes.fromhex(dst.replace(":", ""))
    payload = bytes(46)
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((iface, 0))
    rnd = os.urandom(6 * count)
    sent = 0
    for i in range(count):
        src = bytearray(rnd[6 * i:6 * i + 6])
        # Unicast, locally administered: a source a switch must learn.
        src[0] = (src[0] & 0xFC) | 0x02
        frame = dst_b + bytes(src) + struct.pack("!H", ETH_P_EXPERIMENTAL) + payload
        try:
            s.send(frame)
            sent += 1
        except BlockingIOError:
            pass
        except OSError as e:  # ENOBUFS: the queue is full, drop and go on
            if e.errno != 105:
                raise
    print(f"macflood: sent {sent} of {count} frames")


if __name__ == "__main__":
    main()
