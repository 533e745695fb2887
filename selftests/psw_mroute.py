#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Static IPv4 multicast routes with the kernel's multicast routing (89).

usage: psw_mroute.py [--table N] VIF... -- SOURCE,GROUP,IIF,OIF[,OIF...]...

A router with no multicast routing daemon (smcroute, pimd): opens the raw
IGMP socket, MRT_INIT (which sets net.ipv4.conf.{all,VIF}.mc_forwarding),
MRT_ADD_VIF for each interface VIF (by ifindex, vif numbers in the order
given), and MRT_ADD_MFC for each (SOURCE, GROUP) entry: traffic from
SOURCE to GROUP arriving on IIF is forwarded out of each OIF (TTL
threshold 1: a packet whose TTL would reach 0 is not forwarded; the kernel
decrements the TTL of every copy). The entries are static: they forward
whatever the IGMP membership behind an OIF (IGMP messages reach the
socket and are never read).

Prints "ready" once every entry is in, then waits; the kernel removes
the vifs and entries when the socket closes, that is when the process
ends (SIGTERM, SIGINT). Bad arguments or a refused request: an error
message on stderr, exit status 1, nothing left behind.
"""
import signal
import socket
import struct
import sys

MRT_INIT = 200
MRT_ADD_VIF = 202
MRT_ADD_MFC = 204
MRT_TABLE = 209
VIFF_USE_IFINDEX = 0x8
MAXVIFS = 32


def vifctl(vifi, ifindex):
    # struct vifctl: vifi, flags, threshold, rate_limit, lcl_ifindex, rmt
    return struct.pack("=HBBIi4s", vifi, VIFF_USE_IFINDEX, 1, 0, ifindex,
                       bytes(4))


def mfcctl(source, group, parent, oifs):
    ttls = bytearray(MAXVIFS)
    for vifi in oifs:
        ttls[vifi] = 1
    # struct mfcctl: origin, group, parent, ttls[MAXVIFS], pad, counters
    return struct.pack("=4s4sH32s2xIIIi", socket.inet_aton(source),
                       socket.inet_aton(group), parent, bytes(ttls),
                       0, 0, 0, 0)


def parse(argv):
    table = None
    if len(argv) >= 2 and argv[0] == "--table":
        table = int(argv[1])
        argv = argv[2:]
    if "--" not in argv:
        raise ValueError("no -- between the vifs and the entries")
    sep = argv.index("--")
    vifs, entries = argv[:sep], argv[sep + 1:]
    if not vifs or len(vifs) > MAXVIFS or len(set(vifs)) != len(vifs):
        raise ValueError("1 to %d distinct vifs needed" % MAXVIFS)
    mfcs = []
    for e in entries:
        f = e.split(",")
        if len(f) < 4:
            raise ValueError("%s: SOURCE,GROUP,IIF,OIF... expected" % e)
        source, group = f[0], f[1]
        socket.inet_aton(source)
        if not 224 <= int(group.split(".")[0]) <= 239:
            raise ValueError("%s: not an IPv4 multicast group" % group)
        for dev in f[2:]:
            if dev not in vifs:
                raise ValueError("%s: %s is not a vif" % (e, dev))
        if f[2] in f[3:]:
            raise ValueError("%s: IIF among the OIFs" % e)
        mfcs.append((source, group, vifs.index(f[2]),
                     [vifs.index(d) for d in f[3:]]))
    return table, vifs, mfcs


def main(argv):
    try:
        table, vifs, mfcs = parse(argv)
        ifindex = [socket.if_nametoindex(v) for v in vifs]
    except (ValueError, OSError) as e:
        print("psw_mroute: %s" % e, file=sys.stderr)
        print(__doc__.splitlines()[2], file=sys.stderr)
        return 1
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        s = socket.socket(socket.AF_INET, socket.SOCK_RAW,
                          socket.IPPROTO_IGMP)
        if table is not None:
            s.setsockopt(socket.IPPROTO_IP, MRT_TABLE,
                         struct.pack("=I", table))
        s.setsockopt(socket.IPPROTO_IP, MRT_INIT, struct.pack("=i", 1))
        for vifi, idx in enumerate(ifindex):
            s.setsockopt(socket.IPPROTO_IP, MRT_ADD_VIF, vifctl(vifi, idx))
        for source, group, parent, oifs in mfcs:
            s.setsockopt(socket.IPPROTO_IP, MRT_ADD_MFC,
                         mfcctl(source, group, parent, oifs))
    except OSError as e:
        print("psw_mroute: %s" % e, file=sys.stderr)
        return 1
    print("ready", flush=True)
    try:
        while True:
            signal.pause()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
