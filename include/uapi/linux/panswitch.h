/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * panswitch - an overlay virtual switch for private allocated networks.
 *
 * This header is panswitch's only ABI: the generic netlink family that
 * configures and reads a switch. Everything below is documented here;
 * Documentation/ explains the concepts.
 *
 * Objects
 * -------
 * switch  A net_device of type "panswitch" (ip link add psw0 type panswitch,
 *         or PSW_CMD_SWITCH_NEW). One per name, per network namespace. The
 *         device is the switch's handle; it carries no PAN traffic itself.
 * port    A net_device attached to a switch. Role PSW_PORT_ROLE_VM: a
 *         tenant's interface, member of exactly one PAN. Role
 *         PSW_PORT_ROLE_UPLINK: the physical-network side; member of no
 *         PAN. In this version frames arriving on an uplink are passed to
 *         the host stack untouched.
 * PAN     A private allocated network, identified by a 24-bit id in
 *         1..16777214. Frames never cross PANs; PANs may reuse MAC and IP
 *         addresses.
 * entry   One row of a PAN's addressing table: {PAN, destination MAC} ->
 *         mode and the mode's arguments. Attaching a vm port installs a
 *         static PSW_MODE_LOCAL entry for each of its MACs (origin
 *         PSW_ORIGIN_PORT); these go away with the port and cannot be
 *         deleted on their own.
 *
 * Modes (PSW_A_MODE)
 * ------------------
 * PSW_MODE_LOCAL  deliver the frame unchanged to PSW_A_PORT_IFINDEX, a vm
 *                 port of the same PAN.
 * PSW_MODE_DROP   discard the frame (counted as PSW_DROP_ENTRY_DROP).
 * Values 2..4 are reserved for the xlate, encap and mcast modes.
 *
 * Forwarding
 * ----------
 * A unicast frame from a vm port is looked up by {port's PAN, destination
 * MAC}. With no entry, and for every broadcast or multicast destination, it
 * is flooded to the PAN's other vm ports that are up. Nothing is ever
 * delivered to a port of another PAN. The switch forwards only while its
 * device is up.
 *
 * Identifying objects in requests
 * -------------------------------
 * The switch is PSW_A_IFINDEX or PSW_A_IFNAME (ifindex wins when both are
 * given), looked up in the requesting socket's network namespace. A port is
 * PSW_A_PORT_IFINDEX or PSW_A_PORT_IFNAME, in the same namespace.
 *
 * Commands
 * --------
 * Every command that changes state needs CAP_NET_ADMIN in the user
 * namespace owning the network namespace; GET commands do not. Every
 * refusal carries an extended ack message naming the reason and, where one
 * attribute is at fault, that attribute. A refused request changes nothing.
 * Every successful change is announced on the multicast group
 * PSW_MCGRP_NOTIFY with the command that made it and the object's
 * attributes as a GET would return them (a DEL carries the object as it
 * was).
 *
 * PSW_CMD_SWITCH_NEW  create a switch.
 *     required: PSW_A_IFNAME
 * PSW_CMD_SWITCH_DEL  delete a switch with everything in it.
 *     required: PSW_A_IFINDEX or PSW_A_IFNAME
 * PSW_CMD_SWITCH_GET  one switch, or with NLM_F_DUMP every switch of the
 *     namespace. Reply: PSW_A_IFINDEX, PSW_A_IFNAME, PSW_A_PAN_COUNT,
 *     PSW_A_PORT_COUNT, PSW_A_ENTRY_COUNT.
 *
 * PSW_CMD_PORT_NEW  attach a net_device as a port.
 *     required: switch, PSW_A_PORT_IFINDEX or PSW_A_PORT_IFNAME
 *     optional: PSW_A_PORT_ROLE (default PSW_PORT_ROLE_VM)
 *     vm role:  PSW_A_PAN_ID (required, the PAN must exist), PSW_A_MACS (a
 *               nest of up to PSW_PORT_MAX_MACS PSW_A_MAC attributes;
 *               default: the device's own address)
 *     Refused: a device that is not Ethernet, is loopback, is a panswitch,
 *     already has an rx_handler or a master (bridge, bond, another switch),
 *     lives in another namespace; a MAC that is not unicast or already has
 *     an entry in the PAN.
 * PSW_CMD_PORT_DEL  detach a port; its entries, and the entries that point
 *     to it, are removed. required: switch, port.
 * PSW_CMD_PORT_GET  one port (switch, port), or with NLM_F_DUMP all ports
 *     of the switch given, or of every switch. Reply: PSW_A_IFINDEX,
 *     PSW_A_IFNAME, PSW_A_PORT_IFINDEX, PSW_A_PORT_IFNAME, PSW_A_PORT_ROLE,
 *     PSW_A_PAN_ID (vm ports), PSW_A_MACS (vm ports), PSW_A_STATS.
 *
 * PSW_CMD_PAN_NEW  create a PAN. required: switch, PSW_A_PAN_ID.
 * PSW_CMD_PAN_DEL  delete a PAN and its entries. Refused while vm ports
 *     are members. required: switch, PSW_A_PAN_ID.
 * PSW_CMD_PAN_GET  one PAN, or with NLM_F_DUMP all PANs (of the switch
 *     given, or of every switch). Reply: PSW_A_IFINDEX, PSW_A_IFNAME,
 *     PSW_A_PAN_ID, PSW_A_PORT_COUNT, PSW_A_ENTRY_COUNT, PSW_A_STATS.
 *
 * PSW_CMD_ENTRY_NEW  add an entry. required: switch, PSW_A_PAN_ID,
 *     PSW_A_MAC (unicast), PSW_A_MODE. PSW_MODE_LOCAL requires a port
 *     (a vm port of the same PAN); PSW_MODE_DROP takes none. An entry that
 *     exists is refused (-EEXIST) unless the PSW_A_REPLACE flag is given,
 *     which replaces a PSW_ORIGIN_USER entry atomically (readers see the
 *     old entry or the new one, never neither).
 * PSW_CMD_ENTRY_DEL  delete a PSW_ORIGIN_USER entry. required: switch,
 *     PSW_A_PAN_ID, PSW_A_MAC.
 * PSW_CMD_ENTRY_GET  one entry (switch, PAN, MAC), or with NLM_F_DUMP all
 *     entries, filtered by switch and by PSW_A_PAN_ID when given. Reply:
 *     PSW_A_IFINDEX, PSW_A_IFNAME, PSW_A_PAN_ID, PSW_A_MAC, PSW_A_MODE,
 *     PSW_A_ORIGIN, and for local entries PSW_A_PORT_IFINDEX and
 *     PSW_A_PORT_IFNAME.
 *
 * Dumps set NLM_F_DUMP_INTR on a message when the switch changed while the
 * dump was running; the reader should restart the dump.
 *
 * Statistics (PSW_A_STATS, a nest)
 * --------------------------------
 * Per port: frames and bytes received from the port and transmitted to it,
 * frames from the port that were flooded, and frames from the port dropped,
 * by reason. Per PAN: the same summed over the PAN's vm ports. All u64.
 *     PSW_STATS_RX_PACKETS, PSW_STATS_RX_BYTES,
 *     PSW_STATS_TX_PACKETS, PSW_STATS_TX_BYTES, PSW_STATS_FLOODED,
 *     PSW_STATS_DROPS: a nest with one u64 per reason, the attribute type
 *     being the enum psw_drop_reason value.
 */
#ifndef _UAPI_LINUX_PANSWITCH_H
#define _UAPI_LINUX_PANSWITCH_H

#define PSW_GENL_NAME		"panswitch"
#define PSW_GENL_VERSION	1
#define PSW_MCGRP_NOTIFY	"notify"

#define PSW_PAN_ID_MIN		1
#define PSW_PAN_ID_MAX		16777214	/* 2^24 - 2 */
#define PSW_PORT_MAX_MACS	32

enum psw_cmd {
	PSW_CMD_UNSPEC,
	PSW_CMD_SWITCH_NEW,
	PSW_CMD_SWITCH_DEL,
	PSW_CMD_SWITCH_GET,
	PSW_CMD_PORT_NEW,
	PSW_CMD_PORT_DEL,
	PSW_CMD_PORT_GET,
	PSW_CMD_PAN_NEW,
	PSW_CMD_PAN_DEL,
	PSW_CMD_PAN_GET,
	PSW_CMD_ENTRY_NEW,
	PSW_CMD_ENTRY_DEL,
	PSW_CMD_ENTRY_GET,
	__PSW_CMD_MAX
};
#define PSW_CMD_MAX (__PSW_CMD_MAX - 1)

enum psw_attr {
	PSW_A_UNSPEC,
	PSW_A_IFINDEX,		/* u32: the switch device */
	PSW_A_IFNAME,		/* string, < IFNAMSIZ: the switch device */
	PSW_A_PORT_IFINDEX,	/* u32: a port's device */
	PSW_A_PORT_IFNAME,	/* string, < IFNAMSIZ: a port's device */
	PSW_A_PORT_ROLE,	/* u8: enum psw_port_role */
	PSW_A_PAN_ID,		/* u32: PSW_PAN_ID_MIN..PSW_PAN_ID_MAX */
	PSW_A_MAC,		/* binary, ETH_ALEN bytes */
	PSW_A_MACS,		/* nest of PSW_A_MAC */
	PSW_A_MODE,		/* u8: enum psw_mode */
	PSW_A_ORIGIN,		/* u8: enum psw_origin (read only) */
	PSW_A_PAN_COUNT,	/* u32 (read only) */
	PSW_A_PORT_COUNT,	/* u32 (read only) */
	PSW_A_ENTRY_COUNT,	/* u32 (read only) */
	PSW_A_STATS,		/* nest of enum psw_stats_attr (read only) */
	PSW_A_PAD,
	PSW_A_REPLACE,		/* flag: PSW_CMD_ENTRY_NEW may replace */
	__PSW_A_MAX
};
#define PSW_A_MAX (__PSW_A_MAX - 1)

enum psw_port_role {
	PSW_PORT_ROLE_VM,
	PSW_PORT_ROLE_UPLINK,
	__PSW_PORT_ROLE_MAX
};
#define PSW_PORT_ROLE_MAX (__PSW_PORT_ROLE_MAX - 1)

enum psw_mode {
	PSW_MODE_UNSPEC,
	PSW_MODE_LOCAL = 1,
	/* 2: xlate, 3: encap, 4: mcast (reserved, not accepted yet) */
	PSW_MODE_DROP = 5,
	__PSW_MODE_MAX
};
#define PSW_MODE_MAX (__PSW_MODE_MAX - 1)

enum psw_origin {
	PSW_ORIGIN_USER,	/* added with PSW_CMD_ENTRY_NEW */
	PSW_ORIGIN_PORT,	/* installed by attaching a vm port */
	__PSW_ORIGIN_MAX
};

enum psw_stats_attr {
	PSW_STATS_UNSPEC,
	PSW_STATS_RX_PACKETS,	/* u64 */
	PSW_STATS_RX_BYTES,	/* u64 */
	PSW_STATS_TX_PACKETS,	/* u64 */
	PSW_STATS_TX_BYTES,	/* u64 */
	PSW_STATS_FLOODED,	/* u64 */
	PSW_STATS_DROPS,	/* nest: enum psw_drop_reason -> u64 */
	PSW_STATS_PAD,
	__PSW_STATS_MAX
};
#define PSW_STATS_MAX (__PSW_STATS_MAX - 1)

/*
 * Why a frame was dropped. Every frame the switch consumes without
 * delivering it is counted under exactly one reason, on its ingress port
 * and (for vm ports) its PAN. Later versions append reasons; readers must
 * ignore ones they do not know.
 */
enum psw_drop_reason {
	PSW_DROP_UNSPEC,
	PSW_DROP_SWITCH_DOWN,	/* the switch device is administratively down */
	PSW_DROP_BAD_FRAME,	/* shorter than an Ethernet header */
	PSW_DROP_BAD_SRC_MAC,	/* source MAC is multicast or all zeroes */
	PSW_DROP_NOMEM,		/* unsharing or cloning the frame failed */
	PSW_DROP_ENTRY_DROP,	/* the destination's entry has mode drop */
	PSW_DROP_HAIRPIN,	/* the destination is on the ingress port */
	PSW_DROP_PORT_DOWN,	/* the egress port is down or has no carrier */
	PSW_DROP_TOO_BIG,	/* larger than the egress port's MTU */
	PSW_DROP_NO_DEST,	/* flooded, but no other port is up in the PAN */
	PSW_DROP_TX_ERROR,	/* the egress device refused the frame */
	__PSW_DROP_MAX
};
#define PSW_DROP_MAX (__PSW_DROP_MAX - 1)

#endif /* _UAPI_LINUX_PANSWITCH_H */
