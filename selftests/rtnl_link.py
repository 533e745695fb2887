#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Raw rtnetlink link requests that ip cannot send (96_link_details.sh).

usage: rtnl_link.py newlink|setlink|create DEV [mtu N] [kind KIND]
                    [data] [ATTR=VALUE ...]

Sends one RTM_NEWLINK for the existing DEV (as "ip link set" does, no
NLM_F_CREATE), one RTM_SETLINK for it, or (create) one RTM_NEWLINK with
NLM_F_CREATE|NLM_F_EXCL and IFLA_IFNAME DEV (as "ip link add" does),
with NLM_F_ACK and extended acks on: IFLA_MTU when "mtu" is given; IFLA_LINKINFO with IFLA_INFO_KIND when
"kind" is given; an IFLA_INFO_DATA nest when "data" is given, holding the
ATTR=VALUE attributes that follow it. ATTR is an IFLA_PANSWITCH_* name
without the prefix (UNDERLAY4, UNDERLAY6, VXLAN_PORT, PANS, PORTS, in
their uapi types; a VALUE of hex:HEX sends those bytes as they are) or a
number (hex:HEX bytes only).

Prints "ok" and exits 0 when the kernel acknowledges the request, else
prints "error ERRNO-NAME: EXTACK-MESSAGE" (the message empty when the
kernel gave none) and exits 1.
"""
import errno
import os
import socket
import struct
import sys

NETLINK_ROUTE = 0
SOL_NETLINK = 270
NETLINK_EXT_ACK = 11
NLM_F_REQUEST = 0x1
NLM_F_ACK = 0x4
NLM_F_EXCL = 0x200
NLM_F_CREATE = 0x400
NLM_F_ACK_TLVS = 0x200
NLMSG_ERROR = 2
NLMSGERR_ATTR_MSG = 1
RTM_NEWLINK = 16
RTM_SETLINK = 19
IFLA_IFNAME = 3
IFLA_MTU = 4
IFLA_LINKINFO = 18
IFLA_INFO_KIND = 1
IFLA_INFO_DATA = 2
NLA_F_NESTED = 0x8000

# enum psw_link_attr (include/uapi/linux/panswitch.h): uapi, so these
# values are fixed; each with how its VALUE is packed.
PANSWITCH_ATTRS = {
    "UNDERLAY4": (1, lambda v: socket.inet_pton(socket.AF_INET, v)),
    "UNDERLAY6": (2, lambda v: socket.inet_pton(socket.AF_INET6, v)),
    "VXLAN_PORT": (3, lambda v: struct.pack("=H", int(v))),
    "PANS": (4, lambda v: struct.pack("=I", int(v))),
    "PORTS": (5, lambda v: struct.pack("=I", int(v))),
}


def nla(atype, payload):
    hdr = struct.pack("=HH", 4 + len(payload), atype)
    return hdr + payload + b"\0" * (-len(payload) % 4)


def data_attr(spec):
    name, _, value = spec.partition("=")
    if value.startswith("hex:"):
        payload = bytes.fromhex(value[4:])
        atype = PANSWITCH_ATTRS[name][0] if name in PANSWITCH_ATTRS else int(name, 0)
    else:
        atype, pack = PANSWITCH_ATTRS[name]
        payload = pack(value)
    return nla(atype, payload)


def main(argv):
    if len(argv) < 3 or argv[1] not in ("newlink", "setlink", "create"):
        sys.exit(__doc__)
    msgtype = RTM_SETLINK if argv[1] == "setlink" else RTM_NEWLINK
    flags = NLM_F_REQUEST | NLM_F_ACK
    if argv[1] == "create":
        flags |= NLM_F_CREATE | NLM_F_EXCL
        ifindex = 0
        attrs = nla(IFLA_IFNAME, argv[2].encode() + b"\0")
    else:
        ifindex = socket.if_nametoindex(argv[2])
        attrs = b""
    args = argv[3:]
    kind = None
    data = None
    while args:
        word = args.pop(0)
        if word == "mtu":
            attrs += nla(IFLA_MTU, struct.pack("=I", int(args.pop(0))))
        elif word == "kind":
            kind = args.pop(0)
        elif word == "data":
            data = b"".join(data_attr(a) for a in args)
            args = []
        else:
            sys.exit("rtnl_link.py: unknown argument %r\n%s" % (word, __doc__))
    if kind is not None or data is not None:
        info = b""
        if kind is not None:
            info += nla(IFLA_INFO_KIND, kind.encode() + b"\0")
        if data is not None:
            info += nla(IFLA_INFO_DATA | NLA_F_NESTED, data)
        attrs += nla(IFLA_LINKINFO | NLA_F_NESTED, info)
    # struct ifinfomsg: family, pad, type, index, flags, change
    body = struct.pack("=BBHiII", socket.AF_UNSPEC, 0, 0, ifindex, 0, 0) + attrs
    seq = 1
    msg = struct.pack("=IHHII", 16 + len(body), msgtype, flags, seq, 0) + body

    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_ROUTE)
    s.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
    s.bind((0, 0))
    s.send(msg)
    while True:
        reply = s.recv(65536)
        off = 0
        while off + 16 <= len(reply):
            length, rtype, flags, rseq, _ = struct.unpack_from("=IHHII", reply, off)
            if rtype == NLMSG_ERROR and rseq == seq:
                (err,) = struct.unpack_from("=i", reply, off + 16)
                if err == 0:
                    print("ok")
                    return 0
                text = ""
                if flags & NLM_F_ACK_TLVS:
                    # the request follows the error code, then the TLVs
                    (olen,) = struct.unpack_from("=I", reply, off + 20)
                    tlv = off + 20 + (olen + 3 & ~3)
                    while tlv + 4 <= off + length:
                        alen, atype = struct.unpack_from("=HH", reply, tlv)
                        if alen < 4:
                            break
                        if atype == NLMSGERR_ATTR_MSG:
                            text = reply[tlv + 4:tlv + alen].split(b"\0")[0].decode()
                        tlv += alen + 3 & ~3
                name = "EOPNOTSUPP" if -err == errno.EOPNOTSUPP else errno.errorcode.get(-err, str(-err))
                print("error %s: %s" % (name, text))
                return 1
            off += length + 3 & ~3


if __name__ == "__main__":
    sys.exit(main(sys.argv))
