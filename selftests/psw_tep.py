#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""A tunnel end point built from the Linux socket API (99_tep.sh).

usage: psw_tep.py DEV TPID LOCAL REMOTE

Seed 002's TEP, written apart from panswitch's kmod/tep.c from the
layout documented in Documentation/transport.md ("The VNID tag"): a
frame read on DEV (an AF_PACKET socket) whose bytes 12..13 are TPID
(hex, 0x....) carries its VNID in bytes 15..17; the 6-byte tag (bytes
12..17) is taken off and the frame is sent to REMOTE:4789 from LOCAL
as VXLAN (RFC 7348: flags 0x08, VNI = VNID). A VXLAN datagram received
on LOCAL:4789 goes the other way: the tag (TPID, PCP/DEI 0, VNID = its
VNI) is inserted after the inner source MAC and the frame is written
to DEV. Frames without the tag, and datagrams that are no VXLAN, are
counted and ignored. Prints "ready" once both sockets are open, then
runs until SIGTERM/SIGINT; prints its counts on the way out.
"""
import select
import signal
import socket
import struct
import sys

ETH_P_ALL = 0x0003
PACKET_OUTGOING = 4
VXLAN_PORT = 4789


def main(argv):
    if len(argv) != 5:
        sys.stderr.write(__doc__)
        return 1
    dev, tpid, local, remote = argv[1], int(argv[2], 16), argv[3], argv[4]
    raw = socket.socket(socket.AF_PACKET, socket.SOCK_RAW,
                        socket.htons(ETH_P_ALL))
    raw.bind((dev, 0))
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.bind((local, VXLAN_PORT))
    counts = {"tagged": 0, "untagged": 0, "vxlan": 0, "bad_vxlan": 0}

    def stop(_sig, _frame):
        print(" ".join("%s=%d" % kv for kv in sorted(counts.items())),
              flush=True)
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print("ready", flush=True)
    while True:
        ready, _, _ = select.select([raw, udp], [], [])
        if raw in ready:
            frame, addr = raw.recvfrom(65535)
            if addr[2] == PACKET_OUTGOING:
                continue
            if len(frame) < 20 or struct.unpack("!H", frame[12:14])[0] != tpid:
                counts["untagged"] += 1
            else:
                vnid = int.from_bytes(frame[15:18], "big")
                hdr = struct.pack("!II", 0x08000000, vnid << 8)
                udp.sendto(hdr + frame[:12] + frame[18:], (remote, VXLAN_PORT))
                counts["tagged"] += 1
        if udp in ready:
            data, _ = udp.recvfrom(65535)
            flags, vni = struct.unpack("!II", data[:8]) if len(data) >= 22 \
                else (0, 0)
            if not flags & 0x08000000:
                counts["bad_vxlan"] += 1
                continue
            inner = data[8:]
            tag = struct.pack("!HB", tpid, 0) + (vni >> 8).to_bytes(3, "big")
            raw.send(inner[:12] + tag + inner[12:])
            counts["vxlan"] += 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
