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
 *         tenant's interface, member of exactly one PAN; it may have an
 *         external MAC (PSW_A_EXT_MAC) used for it on the physical network.
 *         Its policy (PSW_CMD_PORT_SET) says what it may send: port
 *         security (PSW_A_SECURITY, on by default, with its allow list
 *         PSW_A_ALLOW: see "Port security") and LLDP (PSW_A_LLDP,
 *         off by default). Role PSW_PORT_ROLE_UPLINK: the physical-network
 *         side, member of no PAN, at most one per switch, untagged or on
 *         one VLAN (PSW_A_VLAN). The uplink consumes only what is the
 *         switch's business (see "Uplink" below); every other frame, the
 *         host's own traffic included, goes up to the host stack
 *         untouched, so the uplink's addresses keep working. A vm port is
 *         promiscuous (its VMs send to any MAC); the uplink is not: the
 *         external MACs of the switch's vm ports are added to its unicast
 *         filter, and it is in all-multicast mode.
 *         Role PSW_PORT_ROLE_TRUNK: a port that carries many tenants (a
 *         nested hypervisor, a NIC toward legacy servers, an edge
 *         switch): it has no PAN of its own, each of its frames gets
 *         its PAN from the switch's tenant map by its source MAC's OUI
 *         and/or its 802.1Q VLAN id (PSW_A_CLASSIFY, see "Tenant map").
 *         Promiscuous, like a vm port; it has no MACs, entries or policy.
 *         Role PSW_PORT_ROLE_TEP: the link to a tunnel end point (seed
 *         002): no PAN of its own; every frame on it carries the 6-byte
 *         VNID tag (see "VNID tag") whose 24-bit VNID is the frame's PAN
 *         id. Promiscuous; no MACs or policy; local entries of any PAN
 *         may deliver to it.
 * PAN     A private allocated network, identified by a 24-bit id in
 *         1..16777214. Frames never cross PANs; PANs may reuse MAC and IP
 *         addresses.
 * entry   One row of a PAN's addressing table: {PAN, destination MAC} ->
 *         mode and the mode's arguments. Attaching a vm port installs a
 *         static PSW_MODE_LOCAL entry for each of its MACs (origin
 *         PSW_ORIGIN_PORT); these go away with the port and cannot be
 *         deleted on their own. A PAN with PSW_A_LEARNING on learns
 *         encap entries (PSW_ORIGIN_LEARNED, see "Learning") from its
 *         tunnel arrivals. Each host has its own table: the same VM
 *         is local on its host, xlate from hosts on its physical network
 *         and encap from hosts behind a router.
 * reverse table
 *         External MAC -> {PAN, internal MAC}, for arrivals on the uplink.
 *         It is derived from the entries (xlate entries, and local entries
 *         of ports with an external MAC) and never configured on its own.
 *         An external MAC is unique per switch, is never the uplink's own
 *         address, and lies in the switch's external MAC range when it
 *         has one.
 * external MAC range
 *         Optional, per switch (PSW_A_EXT_PREFIX, PSW_A_EXT_PREFIX_LEN):
 *         the MACs the controller allocates external MACs from, on every
 *         host of the physical network. A frame on the uplink from that
 *         range is a tenant's: it is never passed to the host stack.
 * flood list
 *         Per PAN: where broadcast, multicast and unknown unicast frames
 *         from the PAN's vm ports go besides its other vm ports: remotes
 *         (one encapsulated copy each) and the uplink (one translated copy;
 *         broadcast and multicast only, since an internal MAC never
 *         appears on the physical network).
 * underlay
 *         The switch's tunnel source addresses (PSW_A_LOCAL4,
 *         PSW_A_LOCAL6) and VXLAN UDP port. Encapsulated frames are routed
 *         by the namespace's routing table, so an encap-only host needs no
 *         uplink port. An address is one switch's in its namespace.
 * neighbour
 *         Per PAN: an IPv4 or IPv6 address of one of its VMs and the MAC
 *         (internal) it has in the PAN; the PAN's neighbour table is what
 *         its ARP/ND proxy answers from (see "ARP/ND proxy" below).
 * multicast group
 *         Per PAN, optional: an underlay IP multicast group (IPv4 or IPv6)
 *         with its encapsulation and TTL (PSW_A_MCAST), the PAN's
 *         PSW_MODE_MCAST: broadcast carried as IP multicast to exactly the
 *         hosts of the PAN (seed 000, FIG. 6). Two PANs may share a group;
 *         the VNI (VSID) keeps them apart.
 * tenant map
 *         Per switch: {OUI, VLAN id} -> PAN, either part optional
 *         (PSW_CMD_TENANT_NEW, or PSW_CMD_PAN_SET with PSW_A_OUI), at
 *         most PSW_TENANT_MAX entries; it classifies the frames of the
 *         switch's trunk ports (see "Tenant map" below).
 * remotes of a PAN
 *         The remote addresses of its encap entries and flood list
 *         members. A PAN takes tunnel arrivals only from them, unless its
 *         PSW_A_ACCEPT is PSW_ACCEPT_ANY.
 *
 * Modes (PSW_A_MODE)
 * ------------------
 * PSW_MODE_LOCAL  deliver the frame unchanged to PSW_A_PORT_IFINDEX, a vm
 *                 port of the same PAN.
 * PSW_MODE_XLATE  a VM on a host of the same physical L2 network: the
 *                 frame goes out of the uplink with destination
 *                 PSW_A_EXT_MAC and source the sender's external MAC, and
 *                 the MACs inside ARP, RARP and IPv6 neighbour discovery
 *                 payloads translated the same way (ICMPv6 checksum fixed).
 *                 Needs an uplink; the sending port needs an external MAC.
 * PSW_MODE_ENCAP  a VM on a host behind a router: the frame is wrapped
 *                 (PSW_A_ENCAP) and sent to PSW_A_REMOTE4 or PSW_A_REMOTE6
 *                 from the switch's local address of that family.
 *                 PSW_ENCAP_VXLAN  RFC 7348, VNI = PAN id, UDP destination
 *                     port PSW_A_VXLAN_PORT, source port hashed from the
 *                     inner flow.
 *                 PSW_ENCAP_NVGRE  RFC 7637, GRE with key, protocol
 *                     0x6558, key = PAN id << 8.
 *                 PSW_ENCAP_ETHERIP  MAC-in-IP with no UDP header: EtherIP
 *                     (RFC 3378, IP protocol 97). It carries no PAN id: the
 *                     remote address is the receiving PAN's own local
 *                     address (PSW_CMD_PAN_SET), and the source is the
 *                     sending PAN's local address if it has one; or, for
 *                     a PAN in PSW_ETHERIP_OUI form, the remote is the
 *                     receiving switch's underlay address and the inner
 *                     source MAC's OUI names the PAN (see "EtherIP
 *                     tenancy").
 *                 TCP goes out as GSO with checksum offload for VXLAN and
 *                 NVGRE; EtherIP has no offload in Linux and is segmented
 *                 before encapsulation. An inner IPv4 packet with DF, or
 *                 an IPv6 packet, that does not fit the path MTU less the
 *                 overhead is dropped (PSW_DROP_FRAG_NEEDED) and an ICMP
 *                 "fragmentation needed" / "packet too big" with the MTU
 *                 left for it goes back to the sender; anything else that
 *                 does not fit is sent in fragmented outer packets.
 * PSW_MODE_MCAST  the PAN's broadcast, multicast and unknown unicast as
 *                 one encapsulated copy to its IP multicast group
 *                 (FIG. 7A of seed 000: broadcast -> IP multicast
 *                 encapsulate -> the PAN's group). It is never added as
 *                 an entry (PSW_CMD_ENTRY_NEW refuses it): PSW_CMD_PAN_SET
 *                 sets the PAN's group (PSW_A_MCAST), and an entry dump
 *                 shows it as the PAN's one mcast entry, MAC
 *                 ff:ff:ff:ff:ff:ff, origin PSW_ORIGIN_PAN, with
 *                 PSW_A_ENCAP and the group in PSW_A_REMOTE4 or
 *                 PSW_A_REMOTE6. See "Multicast groups" below.
 * PSW_MODE_DROP   discard the frame (counted as PSW_DROP_ENTRY_DROP).
 * PSW_MODE_HOLD   a VM arriving on this host (live migration, seed 000
 *                 FIG. 8): frames to it, from vm ports and arrivals alike,
 *                 wait in the PAN's hold queue (bounded and timed out as
 *                 for PSW_MISS_NOTIFY, see "Forwarding") until
 *                 its port attaches, whose local entry replaces the hold
 *                 entry and takes the frames in the order they came. With
 *                 PSW_A_EXT_MAC (the VM's external MAC; needs an uplink)
 *                 the entry also takes uplink frames to that MAC, and its
 *                 creation announces the MAC on the uplink with one RARP
 *                 (as a hypervisor does for a migrated VM), so the
 *                 physical network sends them here. Held arrivals go to a
 *                 local entry only; never back out.
 *
 * Forwarding
 * ----------
 * A frame from a vm port is dropped, before it is counted as received,
 * when it carries a VLAN tag (PSW_DROP_VLAN_TAGGED; an 802.1Q tag with VID
 * 0, a priority only, is removed and the frame forwarded), when port
 * security is on and it fails one of its checks (see "Port security"
 * below: PSW_DROP_FOREIGN_OUI, PSW_DROP_SPOOFED_SRC, PSW_DROP_ARP_SPOOF,
 * PSW_DROP_ND_SPOOF), or when its destination is an IEEE 802.1
 * link-local address 01:80:c2:00:00:00-0f (STP, PAUSE, LACP, EAPOL, ...;
 * PSW_DROP_LINK_LOCAL), except LLDP (01:80:c2:00:00:0e, ethertype 0x88cc)
 * from a port with PSW_A_LLDP on, which goes to the PAN's other vm ports
 * only, never to the flood list. A unicast frame is then looked up by
 * {port's PAN, destination MAC}. Every broadcast or multicast frame is
 * flooded to the PAN's other vm ports that are up and to the PAN's flood
 * list. A unicast frame with no entry (a miss) follows the PAN's miss
 * policy (PSW_A_MISS, enum psw_miss): PSW_MISS_FLOOD (the default) floods
 * it the same way, PSW_MISS_DROP drops it (PSW_DROP_MISS),
 * PSW_MISS_ANYCAST rewrites its destination MAC to the PAN's anycast MAC
 * and sends it to the PAN's anycast gateway (PSW_A_ANYCAST): out of the
 * uplink, translated as an xlate frame is (its source the sender's
 * external MAC), or encapsulated to the gateway's remote. That is seed
 * 004's answer to a VM's stale ARP entry after another VM moved: the
 * gateway (a router owning the anycast MAC) routes the frame to where the
 * destination is now. PSW_MISS_NOTIFY (seed 003's policy cache miss)
 * holds the frame in the PAN's hold queue and tells a controller with a
 * PSW_CMD_MISS event (see "Events"): at most PSW_A_HOLD_FRAMES frames per
 * destination MAC, PSW_A_HOLD_DESTS destinations per PAN, and
 * PSW_A_HOLD_FRAMES x PSW_A_HOLD_DESTS x PSW_HOLD_FRAME_BYTES bytes of
 * frames (their skb truesize) per PAN; a frame beyond that is dropped
 * (PSW_DROP_HOLD_OVERFLOW). When an entry for the destination is
 * installed (PSW_CMD_ENTRY_NEW, a replace, a vm port's attach: any
 * origin), its held frames go out through it in the order they came, as
 * if sent from their port then; a frame held PSW_A_HOLD_TIME ms without
 * one is dropped (PSW_DROP_HOLD_TIMEOUT). A PAN that leaves miss notify
 * sends its held frames on through its new policy. A PSW_MODE_HOLD entry
 * holds its frames in the same queue (no event), and its deletion sends
 * them on as if they came then; held arrivals only ever go to a local
 * entry. Held frames of a port,
 * PAN or switch that goes away are dropped (PSW_DROP_HOLD_FLUSH).
 * Broadcast and multicast frames are never rewritten or held.
 * Each miss counts in the PAN's PSW_A_MISS_STATS. Frames from the uplink
 * and from tunnels never follow a miss policy. Nothing is ever delivered to a port
 * of another PAN, and no frame is delivered to a vm port with a VLAN tag.
 * The switch forwards only while its device is up.
 *
 * Uplink: only frames on the uplink's VLAN (untagged or priority-tagged
 * when it has none) are considered; frames on other VLANs go up to the
 * host stack untouched. A unicast frame whose destination is an external
 * MAC of a local vm port is translated back (destination to the internal
 * MAC, source by the reverse table to the sender's internal MAC, which
 * must be an xlate entry of the same PAN; payloads as above) and
 * delivered. A broadcast or multicast frame whose source is the external
 * MAC of an xlate entry is translated and flooded to that PAN's vm ports.
 * Such a frame that still carries a VLAN tag or a link-local destination
 * is dropped. Any other frame whose source lies in the external MAC range
 * is dropped (PSW_DROP_UNKNOWN_SRC, or PSW_DROP_NO_ENTRY when the source
 * is an xlate entry's). Everything else goes up to the host stack. Frames
 * sent on the uplink carry exactly its VLAN's tag, or none; the source of
 * a translated frame is always the sending port's external MAC.
 *
 * Tunnels: VXLAN arrives on the switch's UDP sockets, bound to its local
 * addresses (with GRO); NVGRE through the namespace's collect-metadata
 * gretap / ip6gretap devices (PSW_NVGRE4_IFNAME, PSW_NVGRE6_IFNAME) after
 * the stack's own GRE handling, so configured ip_gre / ip6_gre tunnels
 * take their packets first, by the outer destination address; EtherIP by
 * a PAN's local address, or by a switch's underlay address when the
 * switch has a PAN in PSW_ETHERIP_OUI form. The PAN is the VNI, the VSID,
 * or (EtherIP) the PAN whose local address the packet was sent to, or
 * the PAN in PSW_ETHERIP_OUI form the inner source OUI names
 * (PSW_DROP_ETHERIP_NO_TENANT if none). Refused: arrivals from
 * this host (a source address of the host's, or a loopback device:
 * PSW_DROP_LOCAL_SOURCE), unicast packets in an Ethernet broadcast or
 * multicast frame (PSW_DROP_UNICAST_IN_L2_MCAST; NVGRE: the stack's
 * drop_unicast_in_l2_multicast), and, unless the PAN accepts any source,
 * arrivals whose outer source is no remote of the PAN
 * (PSW_DROP_UNKNOWN_REMOTE). A unicast inner frame goes to its local
 * entry; broadcast and multicast to the PAN's vm ports. Arrivals are never
 * sent on to the flood list (split horizon).
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
 * was). See "Notifications" below for what a change removes with it.
 *
 * PSW_CMD_SWITCH_NEW  create a switch.
 *     required: PSW_A_IFNAME
 * PSW_CMD_SWITCH_DEL  delete a switch with everything in it.
 *     required: PSW_A_IFINDEX or PSW_A_IFNAME
 * PSW_CMD_SWITCH_GET  one switch, or with NLM_F_DUMP every switch of the
 *     namespace. Reply: PSW_A_IFINDEX, PSW_A_IFNAME, PSW_A_PAN_COUNT,
 *     PSW_A_PORT_COUNT, PSW_A_ENTRY_COUNT, PSW_A_VXLAN_PORT, PSW_A_LOCAL4
 *     and PSW_A_LOCAL6 when set, PSW_A_EXT_PREFIX and PSW_A_EXT_PREFIX_LEN
 *     when set, PSW_A_STATS (tunnel arrivals), PSW_A_MAX_PANS,
 *     PSW_A_MAX_ENTRIES, PSW_A_PAN_LIMIT_HITS, PSW_A_ENTRY_LIMIT_HITS (see
 *     "Limits and memory"), and with a VLAN pool PSW_A_VLAN_POOL_FIRST,
 *     PSW_A_VLAN_POOL_LAST and PSW_A_VLAN_POOL_USED.
 * PSW_CMD_SWITCH_SET  set the underlay, the limits, the external MAC
 *     range and the VLAN pool, all or nothing.
 *     required: switch and at least one of: PSW_A_LOCAL4, PSW_A_LOCAL6
 *     (unicast; all zeroes clears it), PSW_A_VXLAN_PORT (default 4789),
 *     PSW_A_MAX_PANS, PSW_A_MAX_ENTRIES, PSW_A_EXT_PREFIX_LEN (8..48, with
 *     PSW_A_EXT_PREFIX: the address unicast, with no bit set beyond the
 *     length; PSW_A_EXT_PREFIX_LEN 0 alone clears the range),
 *     PSW_A_VLAN_POOL_FIRST with PSW_A_VLAN_POOL_LAST (1 <= first <= last
 *     <= 4094; both 0 removes the pool; see "Isolated ports"). For each
 *     family with a local address, opens a VXLAN socket bound to it and
 *     takes over the namespace's NVGRE device of that family:
 *     PSW_NVGRE4_IFNAME is created (or adopted), PSW_NVGRE6_IFNAME must
 *     have been created by the client (an ip6gretap with
 *     IFLA_GRE_COLLECT_METADATA; the kernel cannot create it), and is
 *     adopted; both are deleted with their last user. Refused: clearing an
 *     address that encap entries or flood members use; an address that
 *     another switch of the namespace has, or that is the remote of an
 *     entry or flood member of this switch; a port another socket holds on
 *     that address; a collect-metadata gretap, ip6gretap or ip6gre device
 *     of the namespace that is not panswitch's; no PSW_NVGRE6_IFNAME
 *     device; a limit below what the switch holds already; a range that
 *     leaves out an external MAC in use or holds the uplink's own address;
 *     a VLAN pool that leaves out a VLAN an isolated port holds (the
 *     message names the port) or holds the uplink's own VLAN.
 *
 * PSW_CMD_PORT_NEW  attach a net_device as a port.
 *     required: switch, PSW_A_PORT_IFINDEX or PSW_A_PORT_IFNAME
 *     optional: PSW_A_PORT_ROLE (default PSW_PORT_ROLE_VM)
 *     trunk:    PSW_A_CLASSIFY (required, enum psw_classify); refused
 *               with PSW_A_PAN_ID, PSW_A_MACS, PSW_A_EXT_MAC or
 *               PSW_A_VLAN, and PSW_A_CLASSIFY with another role.
 *     vm role:  PSW_A_PAN_ID (required, the PAN must exist), PSW_A_MACS (a
 *               nest of up to PSW_PORT_MAX_MACS PSW_A_MAC attributes;
 *               default: the device's own address), PSW_A_EXT_MAC (the
 *               external MAC of a port with exactly one MAC). Port
 *               security on, LLDP off (PSW_CMD_PORT_SET changes them).
 *     uplink:   PSW_A_VLAN (optional: the uplink's frames are tagged with
 *               it, and only frames on it are the switch's)
 *     tep:      PSW_A_TPID (optional, default PSW_TEP_TPID_DEFAULT: the
 *               tag's TPID); refused with PSW_A_PAN_ID, PSW_A_MACS,
 *               PSW_A_EXT_MAC or PSW_A_VLAN, and PSW_A_TPID with another
 *               role. A TPID below 0x0600 (a length, not an EtherType) is
 *               refused by the policy; one the stack or the NIC reads as
 *               another protocol is refused with a message: 0x0800 IPv4,
 *               0x0806 ARP, 0x8035 RARP, 0x86dd IPv6, 0x8100 802.1Q,
 *               0x88a8 802.1ad, 0x9100 (old QinQ), 0x8809 slow
 *               protocols, 0x888e EAPOL, 0x88cc LLDP, 0x8847/0x8848 MPLS.
 *     Refused: a device that is not Ethernet, is loopback, is a panswitch,
 *     already has an rx_handler or a master (bridge, bond, another switch),
 *     lives in another namespace; a MAC that is not unicast or already has
 *     an entry in the PAN; an external MAC already used on the switch,
 *     equal to the uplink's address or outside the external MAC range; a
 *     second uplink; an uplink whose address is an external MAC in use or
 *     lies in the range, or whose device has a VLAN device for PSW_A_VLAN;
 *     PSW_A_SECURITY, PSW_A_LLDP and PSW_A_ALLOW (use PSW_CMD_PORT_SET).
 *     While a device
 *     is the uplink, its address cannot change to such an address, and
 *     no VLAN device for its VLAN can be created on it.
 * PSW_CMD_PORT_DEL  detach a port; its entries, and the entries that point
 *     to it, are removed (and announced, see "Notifications"). required:
 *     switch, port.
 * PSW_CMD_PORT_GET  one port (switch, port), or with NLM_F_DUMP all ports
 *     of the switch given, or of every switch. Reply: PSW_A_IFINDEX,
 *     PSW_A_IFNAME, PSW_A_PORT_IFINDEX, PSW_A_PORT_IFNAME, PSW_A_PORT_ROLE,
 *     PSW_A_PAN_ID (vm ports), PSW_A_MACS (vm ports), PSW_A_EXT_MAC (when
 *     set), PSW_A_SECURITY, PSW_A_LLDP and PSW_A_ALLOW (vm ports),
 *     PSW_A_VLAN (an
 *     uplink with one, or an isolated vm port's), PSW_A_ISOLATED (vm
 *     ports), PSW_A_VLAN_GRACE (an isolated port in its grace period),
 *     PSW_A_CLASSIFY (trunk ports), PSW_A_STATS.
 * PSW_CMD_PORT_SET  change a vm port's policy. required: switch, port, and
 *     one or more of PSW_A_SECURITY and PSW_A_LLDP (1 on, 0 off),
 *     PSW_A_ALLOW (the port's allow list, replaced whole; an empty nest
 *     clears it) and PSW_A_ISOLATED (1 on, 0 off; with 1, PSW_A_VLAN asks
 *     for that VLAN of the pool: see "Isolated ports"). Port security off
 *     lets the port send from any unicast source MAC (nested
 *     virtualization); translated frames still leave with the port's own
 *     external MAC. Refused for an uplink or a trunk, and PSW_A_VLAN
 *     without PSW_A_ISOLATED 1;
 *     PSW_A_ALLOW is refused with more than PSW_PORT_ALLOW_MAX entries
 *     (-ENOSPC), an entry without PSW_A_MAC, with a multicast or zero MAC,
 *     with both PSW_A_NEIGH_IP4 and PSW_A_NEIGH_IP6, with an address that
 *     is zero, multicast, broadcast or loopback, or twice in the list; a
 *     refusal changes nothing. Announced as the port (PSW_CMD_PORT_GET's
 *     reply, with the allow list).
 *
 * Port security
 * -------------
 * A vm port's port security (PSW_A_SECURITY, on by default; off for
 * nested virtualization) checks each frame from the port, in this order,
 * each failure dropped and counted on the port (and so its PAN) under
 * its own reason, before it is counted as received:
 *   - PSW_DROP_FOREIGN_OUI: the source MAC's OUI has a tenant map entry
 *     {OUI, no VLAN} naming a PAN other than the port's (no VM forges its
 *     way into another tenant's MACs);
 *   - PSW_DROP_SPOOFED_SRC: the source MAC is neither one of the port's
 *     MACs nor a MAC of its allow list;
 *   - PSW_DROP_ARP_SPOOF: the allow list has an IPv4 address, and an
 *     Ethernet/IPv4 ARP message (request or reply) has a sender hardware
 *     address other than the frame's source MAC, or a sender {MAC, IPv4
 *     address} pair that is not an entry of the list (a sender address
 *     0.0.0.0, an RFC 5227 probe, claims nothing and passes), or is too
 *     short to be read;
 *   - PSW_DROP_ND_SPOOF: the allow list has an IPv6 address, and a
 *     neighbour solicitation or advertisement has a source or target
 *     link-layer address option other than the frame's source MAC, or
 *     claims a pair that is not allowed (an NS its IPv6 source with its
 *     source link-layer address, or the frame's source MAC without one;
 *     an NA its target with its target link-layer address, or the frame's
 *     source MAC), or is too short or malformed to be read. An NS from ::
 *     (duplicate address detection) claims nothing; an IPv6 link-local
 *     address made from an allowed MAC (modified EUI-64) is allowed with
 *     that MAC without being listed.
 * The allow list (PSW_A_ALLOW, at most PSW_PORT_ALLOW_MAX entries): each
 * PSW_A_ALLOW_ENTRY is a MAC (PSW_A_MAC), alone or with one IPv4 or IPv6
 * address (PSW_A_NEIGH_IP4 or PSW_A_NEIGH_IP6): the MACs the port may
 * send from besides its own (a nested VM's), and the address pairs its
 * ARP and ND may claim. Its IPv4 pairs turn the ARP check on, its IPv6
 * pairs the ND check, each on its own; list the port's own MAC with its
 * addresses. The list is kept with security off, and used when it is on.
 * VLAN tags (PSW_DROP_VLAN_TAGGED) are refused with port security on or
 * off: a tag a VM chose never reaches the physical network.
 *
 * Isolated ports
 * --------------
 * Seed 001: a switch may have a VLAN pool (PSW_CMD_SWITCH_SET,
 * PSW_A_VLAN_POOL_FIRST..PSW_A_VLAN_POOL_LAST, at most 4094 VLANs), and a
 * vm port may be isolated (PSW_CMD_PORT_SET, PSW_A_ISOLATED 1): it then
 * holds one VLAN of the pool, its own (the lowest free one, or the one
 * PSW_A_VLAN asks for). An isolated port's frames are never switched
 * locally: none goes to another vm or trunk port, by an entry or a
 * flood, none is translated or encapsulated by the PAN's entries, and
 * the PAN's ARP/ND proxy and miss policy do not see them. Each leaves
 * through the uplink unchanged (its own source MAC, no translation),
 * tagged with the port's VLAN, for the edge (a top-of-rack switch, a
 * tunnel end point) to switch by its own policy; no uplink, or the uplink
 * down: PSW_DROP_ISOLATED_NO_UPLINK. A frame on the uplink tagged with a
 * VLAN of the pool (not the uplink's own VLAN, which the pool may not
 * hold) is the switch's: it goes, untagged, to the port that holds the
 * VLAN and to no other (counted on the uplink and the port's PAN; a frame
 * with a second tag or a link-local destination is dropped
 * PSW_DROP_VLAN_TAGGED / PSW_DROP_LINK_LOCAL); no port holds the VLAN:
 * PSW_DROP_VLAN_NO_PORT. An isolated port takes no other frame: a local
 * entry, an arrival or another port's frame that would reach it is
 * dropped (PSW_DROP_ISOLATED), and floods pass it by. Port security
 * applies as to any vm port (a VM's own VLAN tag is still
 * PSW_DROP_VLAN_TAGGED).
 * Refused (each with a message): isolation without a pool, with no free
 * VLAN (-ENOSPC), a PSW_A_VLAN outside the pool, PSW_A_VLAN without
 * PSW_A_ISOLATED 1, an uplink or trunk port. PSW_A_ISOLATED 0, and
 * detaching the port, return its VLAN to the pool.
 * Migration: a VM that arrives keeps its VLAN (PSW_A_VLAN). If a local
 * isolated port holds it, that port is moved to the lowest free VLAN
 * first (no free VLAN: refused, nothing changes), in this order for the
 * packet path: the moved port takes its new VLAN, then the old VLAN
 * remembers it for PSW_VLAN_GRACE_MS, then its frames leave on the new
 * VLAN, then the old VLAN passes to the arriving port. During the grace
 * period a unicast frame on the old VLAN whose destination is a local
 * entry of the moved port still reaches the moved port; everything else
 * on it goes to the new holder. The edge learns the new VLAN from the
 * moved port's announcement (a PSW_CMD_PORT_SET carrying the port, its
 * new PSW_A_VLAN and PSW_A_VLAN_GRACE, the old one), sent before the
 * arriving port's own.
 *
 * PSW_CMD_PAN_NEW  create a PAN. required: switch, PSW_A_PAN_ID. Refused
 *     when the switch has PSW_A_MAX_PANS PANs.
 * PSW_CMD_PAN_DEL  delete a PAN with its entries, flood list, local
 *     addresses and inter-tenant multicast rules. Refused while vm ports
 *     are members, while tenant map entries name it (-EBUSY: delete them
 *     first with PSW_CMD_TENANT_DEL; a map entry never points to a PAN
 *     that is gone), and while another PAN's inter-tenant multicast rule
 *     names it (-EBUSY). required: switch, PSW_A_PAN_ID.
 * PSW_CMD_PAN_GET  one PAN, or with NLM_F_DUMP all PANs (of the switch
 *     given, or of every switch). Reply: PSW_A_IFINDEX, PSW_A_IFNAME,
 *     PSW_A_PAN_ID, PSW_A_PORT_COUNT, PSW_A_ENTRY_COUNT, PSW_A_LOCAL4 and
 *     PSW_A_LOCAL6 when set, PSW_A_ACCEPT, PSW_A_FLOOD, PSW_A_STATS,
 *     PSW_A_MISS, PSW_A_MISS_STATS, PSW_A_ANYCAST when set, PSW_A_PROXY,
 *     PSW_A_NEIGH_COUNT, PSW_A_NEIGH_LIMIT_HITS, PSW_A_PROXY_STATS,
 *     PSW_A_HOLD_FRAMES, PSW_A_HOLD_DESTS, PSW_A_HOLD_TIME, PSW_A_LEARNING,
 *     PSW_A_AGEING, PSW_A_LEARN_MAX, PSW_A_LEARN_STATS, PSW_A_MCAST when
 *     set (the group in PSW_A_REMOTE4 or PSW_A_REMOTE6, PSW_A_ENCAP,
 *     PSW_A_TTL, PSW_A_MCAST_JOINED, PSW_A_MCAST_SINCE),
 *     PSW_A_MCAST_STATS,
 *     PSW_A_TENANT_COUNT (tenant map entries naming the PAN), PSW_A_VLAN
 *     (the VLAN those entries carry, if they do), PSW_A_ETHERIP,
 *     PSW_A_MCAST_SHARE when the PAN has rules (a PSW_A_MCAST_SHARE_RULE
 *     each: the group in PSW_A_REMOTE4 or PSW_A_REMOTE6, the target
 *     PSW_A_PAN_ID, PSW_A_MCAST_SHARE_COPIES).
 * PSW_CMD_PAN_SET  set the PAN's own local addresses, which identify it to
 *     EtherIP arrivals, which tunnel arrivals it accepts and its miss
 *     policy. required: switch, PSW_A_PAN_ID, and at least one of
 *     PSW_A_LOCAL4, PSW_A_LOCAL6 (all zeroes clears), PSW_A_ACCEPT (enum
 *     psw_accept: from its remotes only, the default, or from any source),
 *     PSW_A_MISS (enum psw_miss), the hold queue's bounds for miss
 *     notify (PSW_A_HOLD_FRAMES, 1..PSW_HOLD_FRAMES_MAX, default
 *     PSW_HOLD_FRAMES_DEFAULT; PSW_A_HOLD_DESTS, 1..PSW_HOLD_DESTS_MAX,
 *     default PSW_HOLD_DESTS_DEFAULT; PSW_A_HOLD_TIME in ms,
 *     1..PSW_HOLD_TIME_MAX, default PSW_HOLD_TIME_DEFAULT; new bounds
 *     apply to frames held from then on), PSW_A_ANYCAST (the anycast gateway: PSW_A_MAC, and the
 *     PSW_A_UPLINK flag or PSW_A_ENCAP with PSW_A_REMOTE4 or PSW_A_REMOTE6
 *     as for a flood list member, whose arrivals the PAN then accepts; an
 *     empty nest removes it). An address is unique in the namespace and
 *     must not be a switch's underlay address. Refused: an anycast MAC
 *     that is multicast or zero, or the MAC of an entry of the PAN that
 *     delivers to a local port; a gateway via the uplink on a switch
 *     without one; PSW_MISS_ANYCAST for a PAN left without a gateway.
 *     PSW_A_PROXY (0 or 1) turns the PAN's ARP/ND proxy off or on (see
 *     "ARP/ND proxy" below).
 *     Learning (see "Learning"): PSW_A_LEARNING (0 or 1), PSW_A_AGEING
 *     (PSW_AGEING_MIN..PSW_AGEING_MAX seconds; 0 is refused: a PAN that
 *     should keep no learned entry turns learning off), PSW_A_LEARN_MAX
 *     (1..PSW_ENTRIES_MAX, not below the PAN's learned entries, -ERANGE).
 *     PSW_A_MCAST sets the PAN's multicast group: PSW_A_REMOTE4 or
 *     PSW_A_REMOTE6 (required), PSW_A_ENCAP (PSW_ENCAP_VXLAN, the
 *     default, or PSW_ENCAP_NVGRE) and PSW_A_TTL (1..255, default
 *     PSW_MCAST_TTL_DEFAULT; vxlan's implicit 1 would stop at the first
 *     router); an empty nest removes it. Refused: an address that is not
 *     multicast, or whose scope is the link or the interface (IPv4
 *     224.0.0.0/24, IPv6 ff01::/16, ff02::/16 and scope 0: the underlay is
 *     routed); a family the switch has no local address of (and, while
 *     the group is set, clearing that address); PSW_ENCAP_ETHERIP, which
 *     carries no PAN id; TTL 0.
 *     PSW_A_OUI: the short form of PSW_CMD_TENANT_NEW with that OUI and
 *     no VLAN, naming this PAN (refused as that command refuses it, and
 *     announced as PSW_CMD_TENANT_NEW before the PAN's PSW_CMD_PAN_SET).
 *     PSW_A_ETHERIP (enum psw_etherip): how EtherIP arrivals name the
 *     PAN, see "EtherIP tenancy"; PSW_ETHERIP_OUI is refused for a PAN
 *     that has (or would have, with this request's PSW_A_LOCAL4|6) a local
 *     address, and a local address for a PAN in that form (-EBUSY).
 *     PSW_A_MCAST_SHARE_ADD / PSW_A_MCAST_SHARE_DEL: add or remove an
 *     inter-tenant multicast rule, PSW_A_REMOTE4 or PSW_A_REMOTE6 (a
 *     multicast group) and PSW_A_PAN_ID (the target, another PAN of the
 *     switch). Refused: no group or two, a group that is not multicast,
 *     no target, the PAN itself, a target that does not exist (-ENOENT),
 *     a rule there already (-EEXIST) or not there (-ENOENT), more than
 *     PSW_MCAST_SHARE_MAX rules (-ENOSPC).
 * PSW_CMD_FLOOD_NEW  add a member to a PAN's flood list. required: switch,
 *     PSW_A_PAN_ID, and either the PSW_A_UPLINK flag (the switch must have
 *     an uplink) or PSW_A_ENCAP with PSW_A_REMOTE4 or PSW_A_REMOTE6 (the
 *     switch must have a local address of that family, and the remote
 *     must not be it). At most PSW_FLOOD_MAX members; a member listed
 *     already is refused.
 * PSW_CMD_FLOOD_DEL  remove a member; same attributes.
 *     Both are announced as the PAN (PSW_CMD_PAN_GET's reply) with the
 *     command that changed it.
 *
 * PSW_CMD_ENTRY_NEW  add an entry. required: switch, PSW_A_PAN_ID,
 *     PSW_A_MAC (unicast), PSW_A_MODE. PSW_MODE_LOCAL requires a port
 *     (a vm port of the same PAN); PSW_MODE_XLATE requires PSW_A_EXT_MAC
 *     (unicast, unique on the switch, not the uplink's address, in the
 *     external MAC range if there is one) and an uplink on the switch;
 *     PSW_MODE_ENCAP requires PSW_A_ENCAP and one of PSW_A_REMOTE4 or
 *     PSW_A_REMOTE6 (unicast, not zero, loopback or link-local, not the
 *     switch's own local address) and a local address of that family on
 *     the switch; PSW_MODE_HOLD takes PSW_A_EXT_MAC (as xlate does)
 *     or nothing, and is replaced by the local entry of a vm port of
 *     the PAN that attaches with that MAC (PSW_CMD_PORT_NEW, no flag
 *     needed); PSW_MODE_DROP takes none of these. An entry that
 *     exists is refused (-EEXIST) unless the PSW_A_REPLACE flag is given,
 *     which replaces a PSW_ORIGIN_USER entry atomically (readers see the
 *     old entry or the new one, never neither); a PSW_ORIGIN_LEARNED
 *     entry is replaced so with or without the flag. A new entry is refused
 *     when the switch has PSW_A_MAX_ENTRIES entries (a replace is not).
 * PSW_CMD_ENTRY_DEL  delete a PSW_ORIGIN_USER or PSW_ORIGIN_LEARNED entry. required: switch,
 *     PSW_A_PAN_ID, PSW_A_MAC.
 * PSW_CMD_ENTRY_GET  one entry (switch, PAN, MAC), or with NLM_F_DUMP all
 *     entries, filtered by switch and by PSW_A_PAN_ID when given. Reply:
 *     PSW_A_IFINDEX, PSW_A_IFNAME, PSW_A_PAN_ID, PSW_A_MAC, PSW_A_MODE,
 *     PSW_A_ORIGIN, and per mode: local PSW_A_PORT_IFINDEX,
 *     PSW_A_PORT_IFNAME and the port's PSW_A_EXT_MAC if it has one; xlate
 *     PSW_A_EXT_MAC; encap PSW_A_ENCAP and PSW_A_REMOTE4 or PSW_A_REMOTE6;
 *     a learned entry PSW_A_AGE (seconds since its last arrival).
 *     A dump also gives, after each PAN's entries, its mcast entry when it
 *     has a group (see PSW_MODE_MCAST); it is not counted in
 *     PSW_A_ENTRY_COUNT nor against PSW_A_MAX_ENTRIES, and a GET of
 *     {PAN, ff:ff:ff:ff:ff:ff} returns it.
 *
 * PSW_CMD_NEIGH_NEW  add a neighbour to a PAN's neighbour table: the
 *     address PSW_A_NEIGH_IP4 or PSW_A_NEIGH_IP6 (exactly one) answers
 *     to PSW_A_MAC, the VM-visible internal MAC. required: switch,
 *     PSW_A_PAN_ID, the address, PSW_A_MAC. Refused: an address that is
 *     multicast, broadcast, unspecified or loopback; a MAC that is
 *     multicast or zero, or that is a MAC of a vm port of another PAN of
 *     the switch; a neighbour that exists (-EEXIST) unless PSW_A_REPLACE
 *     is given, which changes its MAC atomically; a new neighbour when
 *     the PAN has PSW_PAN_NEIGH_MAX of them (-ENOSPC, counted in
 *     PSW_A_NEIGH_LIMIT_HITS).
 * PSW_CMD_NEIGH_DEL  delete a neighbour. required: switch, PSW_A_PAN_ID,
 *     the address.
 * PSW_CMD_NEIGH_GET  one neighbour (switch, PAN, address), or with
 *     NLM_F_DUMP all neighbours, filtered by switch and by PSW_A_PAN_ID
 *     when given. Reply: PSW_A_IFINDEX, PSW_A_IFNAME, PSW_A_PAN_ID,
 *     PSW_A_NEIGH_IP4 or PSW_A_NEIGH_IP6, PSW_A_MAC.
 *
 * PSW_CMD_TENANT_NEW  add a tenant map entry: PSW_A_OUI and/or PSW_A_VLAN
 *     (the key; at least one) -> PSW_A_PAN_ID. required: switch, the
 *     key, PSW_A_PAN_ID (the PAN must exist). Refused: an OUI with the
 *     I/G bit (PSW_OUI_IG) set; a VLAN id 0 or above 4094 (the policy);
 *     a key in the map already (-EEXIST); a map of PSW_TENANT_MAX
 *     entries (-ENOSPC); an entry whose VLAN presence or VLAN id differs
 *     from that of the PAN's other entries (a PAN's frames leave a trunk
 *     tagged with one VLAN, or untagged: -EINVAL).
 * PSW_CMD_TENANT_DEL  remove one. required: switch, the key. Frames
 *     classified by it before the removal finish in its PAN; later ones
 *     find no entry (PSW_DROP_NO_TENANT).
 * PSW_CMD_TENANT_GET  one entry (switch, key), or with NLM_F_DUMP every
 *     entry of the switch given, or of every switch, filtered by
 *     PSW_A_PAN_ID when given. Reply: PSW_A_IFINDEX, PSW_A_IFNAME,
 *     PSW_A_OUI and/or PSW_A_VLAN, PSW_A_PAN_ID.
 *
 * VNID tag
 * --------
 * Seed 002: toward a tunnel end point (TEP) a frame carries its PAN in a
 * 6-byte tag after its source MAC, laid out as IEEE 802.1ah lays out its
 * I-TAG (TPID, then PCP/DEI/UCA/reserved, then the 24-bit I-SID, here
 * the VNID). Byte offsets from the start of the frame:
 *   0..5    destination MAC (the inner frame's, unchanged)
 *   6..11   source MAC (unchanged)
 *   12..13  TPID, the port's PSW_A_TPID (default PSW_TEP_TPID_DEFAULT,
 *           0x88b5, IEEE 802's Local Experimental EtherType 1)
 *   14      bits 7..5 PCP, bit 4 DEI, bit 3 UCA, bits 2..0 reserved:
 *           sent as 0, ignored on receipt
 *   15..17  VNID, 24 bits, network byte order: the PAN id (1..16777214)
 *   18..19  the inner frame's EtherType, then its payload
 * The default is not 802.1ah's own I-TAG EtherType 0x88e7: an I-TAG is
 * followed by a whole customer frame (C-DA, C-SA), this tag by the
 * EtherType, so analysers and NICs that know 0x88e7 would misread it; a
 * TEP that expects 0x88e7 gets it with PSW_A_TPID.
 * Frames a switch sends out of a tep port carry the tag with the VNID of
 * their PAN. A frame from a tep port is classified by its VNID: one
 * without the port's tag (untagged, or another TPID, a hardware VLAN tag
 * included) is dropped (PSW_DROP_NO_TEP_TAG), one whose VNID is no PAN
 * of the switch (PSW_DROP_UNKNOWN_VNID); the tag is taken off, then the
 * frame is admitted as a trunk port's (an inner 802.1Q/802.1ad tag:
 * PSW_DROP_VLAN_TAGGED; an IEEE link-local destination:
 * PSW_DROP_LINK_LOCAL), counted on the port and its PAN, and switched as
 * a vm port's frame of the PAN: entries (an encap entry sends it
 * encapsulated with VNI/VSID = the VNID: the switch is then the TEP),
 * flood list, miss policy. Toward a tep port go a PAN's floods
 * (broadcast, multicast, unknown unicast under PSW_MISS_FLOOD) and its
 * unicast frames, tunnel arrivals included, to a MAC whose local entry
 * names the port (PSW_CMD_ENTRY_NEW, PSW_MODE_LOCAL with the tep port:
 * the only port a local entry of any PAN may name). Trust: the TEP is
 * trusted for every PAN of the switch, as the uplink is: it may send
 * into, and receives the floods of, every PAN the switch has.
 *
 * Tenant map
 * ----------
 * Seed 001: the tenant is carried in the frame. A trunk port's frame
 * gets its PAN from the switch's tenant map; the port's PSW_A_CLASSIFY
 * says by which key:
 *   PSW_CLASSIFY_OUI       an untagged (or priority-tagged) frame by
 *                          {source OUI, no VLAN}; a tagged one is
 *                          dropped (PSW_DROP_VLAN_TAGGED);
 *   PSW_CLASSIFY_VLAN      an 802.1Q-tagged frame by {no OUI, VID}; an
 *                          untagged one has no tenant;
 *   PSW_CLASSIFY_OUI_VLAN  a tagged frame by {OUI, VID}, else {no OUI,
 *                          VID}; an untagged one by {OUI, no VLAN}.
 * The tag is taken off on the way in. An 802.1ad tag, or a second tag,
 * is dropped (PSW_DROP_VLAN_TAGGED); a frame with no entry is dropped
 * (PSW_DROP_NO_TENANT, counted on the port). A classified frame is then
 * admitted as a vm port's is (no IEEE link-local destination,
 * PSW_DROP_LINK_LOCAL; no source check: port security is a vm port's),
 * counted on the port and on its PAN, and switched exactly as a vm
 * port's frame of that PAN: entries, flood list, miss policy, proxy. It
 * never reaches another PAN. A frame of a PAN goes out of a trunk port
 * (flooded: broadcast, multicast, or a miss under PSW_MISS_FLOOD) only
 * if the port can classify frames back into that PAN: an OUI trunk carries the PANs whose entries
 * have no VLAN, a VLAN trunk those with an entry {no OUI, VID}, an
 * OUI+VLAN trunk every PAN with an entry. Toward a VLAN or OUI+VLAN
 * trunk it is tagged with the VLAN of the PAN's entries (all of a PAN's
 * entries carry the same VLAN, or none: then it goes untagged). A trunk's
 * own VMs have no entries: frames to them follow their PAN's miss policy
 * (flooded by default).
 *
 * EtherIP tenancy
 * ---------------
 * Seed 001: MAC-in-IP with no tenant field, the tenant carried by the
 * inner source MAC's OUI. A PAN in PSW_ETHERIP_OUI form has no local
 * address; its tenant map entries {OUI, no VLAN} name it. An EtherIP
 * arrival at a PAN's local address is that PAN's, whatever its OUI
 * (never reclassified); one at the underlay address of a switch with a
 * PAN in PSW_ETHERIP_OUI form is the PAN's that the map gives the inner
 * source OUI, if that PAN is in PSW_ETHERIP_OUI form, else dropped
 * PSW_DROP_ETHERIP_NO_TENANT (on the switch); then the sender must be a
 * remote of that PAN as for any arrival (PSW_DROP_UNKNOWN_REMOTE). A
 * switch without such a PAN leaves EtherIP to its underlay address to
 * the stack (ICMP protocol unreachable), as before. Sending, a frame of
 * a PAN in PSW_ETHERIP_OUI form goes by EtherIP only from a source MAC
 * whose OUI the map gives that PAN (else PSW_DROP_ETHERIP_FOREIGN_OUI),
 * from the switch's underlay address to the remote (the peer switch's
 * underlay address). Its IP multicast destination is rewritten on the
 * wire to carry the tenant: 01:00:5e:XX:YY:ZZ (IPv4; XX < 0x80) and
 * 33:33:WW:XX:YY:ZZ (IPv6) become O1|0x01:O2:O3:XX:YY:ZZ, O1:O2:O3 the
 * source OUI with the I/G bit set: the group's low 23 (IPv4) or 24
 * (IPv6) bits are kept. The receiving switch takes a destination whose
 * OUI (I/G cleared) is in the map only if it is the arrival's PAN's and
 * its low three bytes are those of the inner IPv4/IPv6 destination's
 * standard group MAC, which replaces it (else
 * PSW_DROP_ETHERIP_BAD_GROUP): a VM never sees a rewritten destination.
 * Inter-tenant multicast (PSW_A_MCAST_SHARE_ADD): a frame of a PAN to a
 * multicast MAC whose inner IPv4/IPv6 destination is the group of one
 * of the PAN's rules, flooded by a switch (from its vm or trunk ports,
 * or arriving), also goes once to the rule's target PAN's vm ports and
 * the trunk ports that carry it on that switch, never further; each
 * switch applies its own rules. Only the source PAN's rules share;
 * unicast never crosses.
 *
 * ARP/ND proxy
 * ------------
 * Seed 003's address handler. A PAN's neighbour table maps its VMs' IPv4
 * and IPv6 addresses to their internal MACs; a controller fills it. With
 * the PAN's PSW_A_PROXY on, the switch answers, from the table, the
 * address resolution requests of the PAN's vm ports: an ARP request
 * (Ethernet, IPv4, opcode request) whose target is in the table gets an
 * ARP reply, an IPv6 neighbour solicitation (hop limit 255, code 0) whose
 * target is in the table gets a neighbour advertisement (solicited and
 * override set, the target link-layer address option, hop limit 255). The
 * reply is built by the switch with the table's MAC as its sender and
 * goes back to the asking port only; the request goes nowhere else, so
 * no request the switch answers leaves the host. Counted per PAN in
 * PSW_A_PROXY_STATS: PSW_PROXY_STATS_REPLY. A request for an address not
 * in the table counts PSW_PROXY_STATS_MISS and then follows the PAN's miss
 * policy as far as a broadcast can (it is never held or rewritten): with
 * PSW_MISS_FLOOD and PSW_MISS_ANYCAST it is flooded as it would be
 * without the proxy, with PSW_MISS_DROP dropped (PSW_DROP_MISS, counted
 * PSW_MISS_STATS_DROP), and with PSW_MISS_NOTIFY flooded after a
 * PSW_CMD_MISS event that names the address asked for (counted
 * PSW_MISS_STATS_NOTIFY; see "Events"), so that the controller can add
 * the neighbour and the VM's next request is answered from the table. A
 * unicast request for an address not in the table is forwarded as any
 * unicast frame (by its entry, else the miss policy).
 * Not answered, and forwarded untouched: gratuitous ARP (sender address
 * equal to the target), ARP probes (sender address 0.0.0.0, RFC 5227),
 * ARP replies, neighbour advertisements (solicited or not), duplicate
 * address detection (a solicitation from ::), and any frame whose
 * headers or ND options do not validate (truncated, bad lengths, wrong
 * hardware or protocol type, an ND option of length 0), exactly as a
 * bridge would pass them.
 *
 * Dumps set NLM_F_DUMP_INTR on a message when the switch changed while the
 * dump was running; the reader should restart the dump.
 *
 * Notifications
 * -------------
 * A change that creates or removes other objects with it announces each
 * of them too, in an order that lets a listener apply the messages one by
 * one and never hold an entry whose port or PAN it does not hold:
 *   PSW_CMD_PORT_NEW (a vm port): PSW_CMD_PORT_NEW, then one
 *       PSW_CMD_ENTRY_NEW for each entry it installed, in PSW_A_MACS order.
 * A change that removes objects announces each of them with the DEL
 * command of its kind and the object as it was, before it announces the
 * change itself:
 *   PSW_CMD_PORT_DEL, and a port's device deleted or moved to another
 *       namespace: one PSW_CMD_ENTRY_DEL for each entry removed with the
 *       port (its own PSW_ORIGIN_PORT entries and the user entries that
 *       deliver to it), in the order they were added to the PAN, then
 *       PSW_CMD_PORT_DEL.
 *   PSW_CMD_PAN_DEL: one PSW_CMD_ENTRY_DEL for each entry of the PAN, in
 *       the order they were added, then PSW_CMD_PAN_DEL carrying the PAN
 *       as it was without them (PSW_A_ENTRY_COUNT 0), its flood list,
 *       local addresses and multicast group included: flood members, PAN
 *       addresses and the group (with its mcast entry) are attributes of
 *       their PAN and go with it.
 *   PSW_CMD_PAN_DEL of a PAN with neighbours: one PSW_CMD_NEIGH_DEL for
 *       each of them, after the entries' and before the PAN's.
 *   Switch deletion (PSW_CMD_SWITCH_DEL, ip link del, rmmod): a single
 *       PSW_CMD_SWITCH_DEL carrying the switch as it was (its counts of
 *       ports, PANs and entries). A DEL of a switch implies its contents:
 *       its ports are detached and its PANs, entries and flood lists are
 *       gone, none of them announced on its own, so deleting a switch of
 *       a million entries costs one message. A namespace is destroyed
 *       only when no socket is left in it, so nothing is announced there.
 * Messages are built only while someone listens on the group. A listener
 * that reads too slowly loses messages (its socket reports ENOBUFS) and
 * should dump the state again.
 *
 * Multicast groups
 * ----------------
 * Seed 000, FIG. 6 and claim 13. A PAN with a group (PSW_A_MCAST) sends
 * each broadcast, multicast and flooded unknown unicast frame of its vm
 * ports, and of trunk ports classified into it, as ONE encapsulated copy (its encap, VNI/VSID the PAN id, outer
 * TTL or hop limit its PSW_A_TTL, from the switch's underlay address of
 * the group's family, out of the device the route to the group from that
 * address uses) to the group, besides the copies to its other vm ports
 * and the trunk ports that carry it.
 * Precedence: the group does not replace the flood list. Its members
 * (for remotes outside the multicast domain) still get their head-end
 * copy each, so a remote should be in one of the two: one in both gets
 * the frame twice. Copies sent count PSW_MCAST_STATS_TX in the PAN's
 * PSW_A_MCAST_STATS.
 * Membership on demand: a switch is a member of a PAN's group (an
 * IGMP/MLD join on that device) exactly while the PAN has a group and at
 * least one vm port on the switch, or a trunk port that carries it (see
 * "Tenant map"); PSW_A_MCAST_JOINED says whether it is.
 * Memberships are counted per switch and group, so PANs may share one,
 * and each group has a kernel socket of its own (its one membership:
 * igmp_max_memberships and mld_max_msf, limits per socket, never bound a
 * switch's groups). It leaves when the last such port goes (port del,
 * the port's device deleted, the last tenant map entry that let a trunk
 * carry the PAN deleted), with the group (PSW_A_MCAST emptied) or the
 * PAN, and with the switch (deleted, its namespace deleted, rmmod). A
 * join that fails (no route to the group) leaves PSW_A_MCAST_JOINED 0
 * and is tried again at the PAN's next port, tenant map or group change.
 * PSW_A_MCAST_SINCE is the milliseconds since the PAN last joined or
 * left (or, never having changed, since its group was set).
 * Each change of a PAN's membership is announced on PSW_MCGRP_NOTIFY
 * (notifications only, never requests): PSW_CMD_MCAST_JOIN when the PAN
 * becomes a member, PSW_CMD_MCAST_LEAVE when it stops being one, each
 * with PSW_A_IFINDEX, PSW_A_IFNAME (the switch), PSW_A_PAN_ID, the group
 * (PSW_A_REMOTE4 or PSW_A_REMOTE6) and the underlay device
 * it is joined on (PSW_A_MCAST_IFINDEX, and PSW_A_MCAST_IFNAME while the
 * device exists). They are per PAN: a second port of a PAN that is a
 * member announces nothing, and a PAN that shares a group already joined
 * by another PAN of the switch announces its own JOIN while the host
 * sends no new IGMP/MLD report (the one leaves with the last such PAN).
 * A group changed while joined is a LEAVE of the old one, then a JOIN of
 * the new; so is an underlay change that joins again. They are sent when
 * the membership changes, within the change that caused it: before that
 * change's own announcement (PSW_CMD_PORT_NEW, PSW_CMD_TENANT_NEW,
 * PSW_CMD_PAN_SET, PSW_CMD_SWITCH_SET), except that a port's or tenant
 * map entry's deletion is announced first (PSW_CMD_PORT_DEL,
 * PSW_CMD_TENANT_DEL), then the LEAVE it caused.
 * A switch's deletion (its namespace's, rmmod) leaves its groups and
 * announces none of it: its PSW_CMD_SWITCH_DEL implies them.
 * Receiving: a VXLAN arrival on a group goes to the switch's socket of
 * that group, an NVGRE one to the namespace's NVGRE device; either is
 * taken by the PAN its VNI/VSID names only if that PAN's group is the
 * outer destination (else PSW_DROP_MCAST_FOREIGN: a group shared by PANs
 * never carries one PAN's frames into another), its sender is accepted
 * as for any arrival (PSW_A_ACCEPT: from its remotes, encap entries
 * included, or any), and the PAN has a vm port here or a trunk port
 * that carries it (else PSW_DROP_MCAST_NO_PORT). It is delivered to the
 * PAN's vm ports and the trunk ports that carry it only, never sent on
 * (split horizon), and counts PSW_MCAST_STATS_RX. A switch
 * never receives its own copies: its group sockets have multicast loop
 * off, and a copy from another switch of the host is local_source.
 *
 * Events
 * ------
 * What the packet path reports (misses, learned entries, MAC moves) goes
 * on a group of its own, PSW_MCGRP_EVENTS, never on PSW_MCGRP_NOTIFY:
 * events come at packet rate, so they are sent from atomic context, rate
 * limited and coalesced, and a burst of them never crowds configuration
 * changes out of a listener's socket. They name tenants' addresses, so
 * only a socket with CAP_NET_ADMIN in the user namespace owning the
 * network namespace may join the group (GENL_MCAST_CAP_NET_ADMIN).
 *
 * PSW_CMD_MISS  a frame of a PAN with miss notify from a vm port to a MAC
 *     with no entry: PSW_A_IFINDEX, PSW_A_IFNAME (the switch),
 *     PSW_A_PAN_ID, PSW_A_PORT_IFINDEX, PSW_A_PORT_IFNAME (where it came
 *     from), PSW_A_SRC_MAC, PSW_A_MAC (the destination, the entry a
 *     controller may add), and PSW_A_DST4 or PSW_A_DST6 when the frame
 *     says which address it is for: an ARP packet's target address, an
 *     IPv6 neighbour solicitation's target, else an IPv4 or IPv6 packet's
 *     destination. One event per {PAN, destination MAC} while frames to
 *     it are held (PSW_A_HOLD_TIME at most; one that could not be sent is
 *     tried again with the next frame), and a PAN sends at most
 *     PSW_MISS_EVENT_BURST events at once, refilled at PSW_MISS_EVENT_RATE
 *     a second (a token bucket). Built only while someone listens; an
 *     event rate limited, not allocated or refused by a full listener's
 *     socket counts in PSW_MISS_STATS_LOST.
 *     An ARP request or neighbour solicitation of such a PAN that its
 *     proxy could not answer (see "ARP/ND proxy") is reported too, with
 *     PSW_A_MAC its broadcast or multicast destination and PSW_A_DST4 or
 *     PSW_A_DST6 the address asked for: one event per request, from the
 *     same token bucket; the request is flooded, never held.
 * PSW_CMD_MOVE (an event, never a request): a learned MAC moved. Carries
 * PSW_A_IFINDEX, PSW_A_IFNAME, PSW_A_PAN_ID, PSW_A_MAC, PSW_A_MOVE_FROM
 * and PSW_A_MOVE_TO (nests of PSW_A_ENCAP and PSW_A_REMOTE4|6) and
 * PSW_A_MOVE_SEQ (per PAN, from 1, one more per move: a gap shows lost
 * events). At most 100 events per second per switch are sent.
 *
 * Learning
 * --------
 * A PAN with PSW_A_LEARNING 1 makes the inner source MAC (unicast, not
 * zero) of each tunnel arrival it admits an encap entry toward the
 * arrival's outer source, with its encapsulation (PSW_ORIGIN_LEARNED),
 * if the sender is a configured remote of the PAN (an encap entry's, a
 * flood member's or the anycast gateway's; PSW_ACCEPT_ANY admits others'
 * frames but they teach nothing). Frames from vm ports and the uplink
 * teach nothing. A static entry (PSW_ORIGIN_USER, PSW_ORIGIN_PORT: a
 * local VM's MAC) is never changed by learning
 * (PSW_LEARN_STATS_STATIC). An arrival from a learned entry's place
 * refreshes it; one from another place moves it there and sends
 * PSW_CMD_MOVE, unless it moved PSW_MOVE_DAMP_MOVES times within
 * PSW_MOVE_DAMP_SECS: then it stays (PSW_LEARN_STATS_FROZEN) until the
 * window passes. A learned entry idle for the PAN's PSW_A_AGEING seconds
 * is removed and announced (PSW_CMD_ENTRY_DEL on PSW_MCGRP_NOTIFY).
 * Learned entries count toward PSW_A_MAX_ENTRIES and are bounded per PAN
 * by PSW_A_LEARN_MAX (default PSW_LEARN_MAX_DEFAULT); a MAC not learned
 * for either counts in PSW_LEARN_STATS_LIMIT. Learned entries are not
 * announced when made or moved on the notify group, and do not flag a
 * running dump NLM_F_DUMP_INTR. A PAN's learning counters
 * (PSW_A_LEARN_STATS, u64 each): PSW_LEARN_STATS_COUNT (learned entries
 * now), _LEARNED, _LIMIT, _STATIC, _MOVES, _FROZEN, _AGED.
 *
 * Limits and memory
 * -----------------
 * Whoever holds CAP_NET_ADMIN over a namespace may change its switches,
 * root of an unprivileged user namespace included, so everything a request
 * creates (the switch's own state, ports, PANs with their per-CPU
 * counters, entries, flood members, PAN addresses, underlays) is charged
 * to the requester's memory cgroup. At the cgroup's limit the request is
 * refused with -ENOMEM rather than waking the cgroup's OOM killer, and
 * changes nothing. Each switch also bounds what it holds:
 *   PSW_A_MAX_PANS     PANs, default PSW_MAX_PANS_DEFAULT, at most
 *                      PSW_PAN_ID_MAX;
 *   PSW_A_MAX_ENTRIES  entries, those that attaching vm ports installs
 *                      included, default PSW_MAX_ENTRIES_DEFAULT, at most
 *                      PSW_ENTRIES_MAX;
 *   per PAN, at most PSW_FLOOD_MAX flood list members; per vm port, at
 *   most PSW_PORT_MAX_MACS MACs (each an entry) and PSW_PORT_ALLOW_MAX
 *   allow list entries.
 * A request refused by a limit fails with -ENOSPC and a message naming
 * the limit, and counts in PSW_A_PAN_LIMIT_HITS or PSW_A_ENTRY_LIMIT_HITS
 * (since the switch was created). PSW_CMD_SWITCH_SET may raise a limit or
 * lower it down to what the switch holds, not below (-ERANGE). The limits
 * bound one switch; the memory cgroup bounds a tenant, however many
 * switches it makes.
 *
 * Statistics (PSW_A_STATS, a nest)
 * --------------------------------
 * Per port: frames and bytes received from the port and transmitted to it,
 * frames from the port that were flooded, and frames from the port dropped,
 * by reason. Per PAN: the same for every frame of the PAN, wherever it
 * came from, plus frames sent and received per mode. Per switch: frames
 * that arrived through a tunnel and were accepted, and every tunnel
 * arrival dropped, by reason (those dropped once their PAN was known count
 * on the PAN too). All u64.
 *     PSW_STATS_RX_PACKETS, PSW_STATS_RX_BYTES,
 *     PSW_STATS_TX_PACKETS, PSW_STATS_TX_BYTES, PSW_STATS_FLOODED,
 *     PSW_STATS_DROPS: a nest with one u64 per reason, the attribute type
 *     being the enum psw_drop_reason value,
 *     PSW_STATS_XLATE_TX, PSW_STATS_XLATE_RX: frames translated toward
 *     and from the uplink, PSW_STATS_ENCAP_TX, PSW_STATS_ENCAP_RX: frames
 *     encapsulated and decapsulated (every flooded copy counts).
 * A PAN's misses (PSW_A_MISS_STATS, a nest): unicast frames from its vm
 * ports to a MAC with no entry, by what its miss policy did with them,
 * u64 each: PSW_MISS_STATS_FLOOD, PSW_MISS_STATS_DROP,
 * PSW_MISS_STATS_ANYCAST (a frame sent to the gateway and dropped on the
 * way counts here and under its drop reason too), PSW_MISS_STATS_NOTIFY
 * (misses under miss notify), and for them PSW_MISS_STATS_EVENTS
 * (PSW_CMD_MISS sent), PSW_MISS_STATS_LOST (events lost),
 * PSW_MISS_STATS_HOLD_RELEASED, PSW_MISS_STATS_HOLD_TIMEOUT,
 * PSW_MISS_STATS_HOLD_OVERFLOW (frames sent on, timed out, not held),
 * and PSW_MISS_STATS_HELD (frames held now).
 * A PAN's ARP/ND proxy (PSW_A_PROXY_STATS, a nest), u64 each:
 * PSW_PROXY_STATS_REPLY, requests answered by the switch;
 * PSW_PROXY_STATS_MISS, requests for an address not in the table.
 * A PAN's multicast group (PSW_A_MCAST_STATS, a nest), u64 each:
 * PSW_MCAST_STATS_TX, copies sent to the group; PSW_MCAST_STATS_RX,
 * arrivals on the group delivered to the PAN.
 * Every dropped frame is also freed with the kernel's closest drop
 * reason (enum skb_drop_reason), so the skb:kfree_skb tracepoint shows
 * where panswitch drops; Documentation/transport.md lists the mapping.
 *
 * Negotiation
 * -----------
 * Seed 002: end points that support different encapsulations pick a
 * common one. A switch has remote objects (at most PSW_REMOTE_MAX, charged
 * to the requester's memory cgroup) and a preference list, PSW_A_ENCAPS
 * (PSW_CMD_SWITCH_SET, alone or with the other settings; default vxlan,
 * nvgre, etherip; PSW_CMD_SWITCH_GET gives it with PSW_A_REMOTE_COUNT,
 * PSW_A_REMOTE_LIMIT_HITS and PSW_A_PROBE_STATS).
 * PSW_CMD_REMOTE_NEW  add a remote object: PSW_A_REMOTE4 or PSW_A_REMOTE6
 *     (unicast, not the switch's underlay address) and PSW_A_ENCAPS (what
 *     the switch there supports). Refused: an address that has one
 *     (-EEXIST); PSW_REMOTE_MAX of them (-ENOSPC, counted).
 * PSW_CMD_REMOTE_SET  replace its PSW_A_ENCAPS.
 * PSW_CMD_REMOTE_DEL  delete it.
 * PSW_CMD_REMOTE_GET  one (switch, address) or, with NLM_F_DUMP, all:
 *     PSW_A_IFINDEX, PSW_A_IFNAME, the address, PSW_A_ENCAPS and, once
 *     probed, PSW_A_PROBE_AGE and PSW_A_PROBE_RESULTS.
 * PSW_ENCAP_AUTO as PSW_A_ENCAP of PSW_CMD_ENTRY_NEW, PSW_CMD_FLOOD_NEW/DEL
 * or a PAN's anycast gateway is resolved when the request is made to the
 * first encapsulation of the switch's list that the remote object of the
 * remote address lists too; replies give that one with PSW_A_ENCAP_AUTO 1.
 * Refused: no remote object for the address (-ENOENT); nothing in common
 * (-EPROTONOSUPPORT, the message naming both lists); a multicast group
 * (PSW_A_MCAST). PSW_CMD_REMOTE_SET, PSW_CMD_REMOTE_DEL and a
 * PSW_CMD_SWITCH_SET of PSW_A_ENCAPS that would change what was chosen
 * for an entry, flood member or gateway, or leave one with none, are
 * refused (-EBUSY): a choice is never re-resolved behind the requester.
 * PSW_CMD_REMOTE_PROBE  (switch, address, optional PSW_A_PROBE_TIMEOUT in
 *     ms, default PSW_PROBE_TIMEOUT_DEFAULT) sends, DF set, one probe per
 *     encapsulation common to the two lists and per outer packet size
 *     (576, 1280, 1400, 1450, 1500, 4000, 9000 bytes) and returns at once;
 *     PSW_CMD_REMOTE_GET then gives per encapsulation a PSW_A_PROBE_RESULT
 *     (PSW_A_ENCAP, PSW_A_PROBE_STATE: enum psw_probe_state, and for
 *     PSW_PROBE_OK PSW_A_PROBE_SIZE, the largest size answered). Refused
 *     with nothing in common or the switch down. A probe is an inner
 *     frame to 02:50:53:57:50:52, ethertype 0x88b5, in VXLAN or NVGRE
 *     with id PSW_PROBE_ID (no PAN's) or in EtherIP to the remote's
 *     underlay address (no PAN's address): tenants can neither send nor
 *     answer one. A switch answers a probe only from an address it has a
 *     remote object for, in an encapsulation of its own list, at most 64
 *     a second, with a frame smaller than the probe; dropped probes count
 *     under PSW_DROP_PROBE_UNKNOWN, _RATE and _BAD on the switch.
 *     Documentation/transport.md, "Negotiation and probes", has the
 *     frame's layout. Both switches must use the same VXLAN port.
 *
 * Link details (rtnetlink)
 * ------------------------
 * The switch device's RTM_NEWLINK messages carry, in IFLA_LINKINFO, the
 * kind "panswitch" (IFLA_INFO_KIND) and in IFLA_INFO_DATA the attributes
 * of enum psw_link_attr, read only (an RTM_NEWLINK for the kind that
 * carries IFLA_INFO_DATA at all is refused with EOPNOTSUPP and a message:
 * the switch is configured through the generic netlink family):
 * IFLA_PANSWITCH_UNDERLAY4 (u32, network order) and
 * IFLA_PANSWITCH_UNDERLAY6 (16 bytes), the underlay addresses, each only
 * when set; IFLA_PANSWITCH_VXLAN_PORT (u16, host order), the VXLAN UDP
 * port; IFLA_PANSWITCH_PANS and IFLA_PANSWITCH_PORTS (u32), the number
 * of PANs and of ports. They are not part of the generic netlink family
 * (netlink/panswitch.yaml). "ip -d link show" prints them through
 * panswitch's iproute2 plugin (tools/iproute2), "panswitch -d switch
 * show" too.
 */
#ifndef _UAPI_LINUX_PANSWITCH_H
#define _UAPI_LINUX_PANSWITCH_H

#define PSW_GENL_NAME		"panswitch"
#define PSW_GENL_VERSION	1
#define PSW_MCGRP_NOTIFY	"notify"
#define PSW_MCGRP_EVENTS	"events"

#define PSW_PAN_ID_MIN		1
#define PSW_PAN_ID_MAX		16777214	/* 2^24 - 2 */
#define PSW_PORT_MAX_MACS	32	/* MACs (and so entries) of one vm port */
#define PSW_PORT_ALLOW_MAX	32	/* allow list entries of one vm port */
#define PSW_FLOOD_MAX		64	/* members of one PAN's flood list; the
					 * one statement of this limit
					 */
#define PSW_VXLAN_PORT		4789	/* default UDP port, IANA */
#define PSW_MCAST_TTL_DEFAULT	16	/* TTL to a PAN's multicast group */
/*
 * NVGRE arrives through the namespace's collect-metadata GRE devices,
 * one per family, shared by its switches: the kernel creates the gretap
 * one; the ip6gretap one is created by the client (libpanswitch does) and
 * adopted by PSW_CMD_SWITCH_SET.
 */
#define PSW_NVGRE4_IFNAME	"psw-nvgre4"
#define PSW_NVGRE6_IFNAME	"psw-nvgre6"
#define PSW_MAX_PANS_DEFAULT	4096	/* PSW_A_MAX_PANS of a new switch */
#define PSW_MAX_ENTRIES_DEFAULT	262144	/* PSW_A_MAX_ENTRIES of a new switch */
#define PSW_ENTRIES_MAX		2147483648	/* the most PSW_A_MAX_ENTRIES
						 * may be (2^31)
						 */
#define PSW_PAN_NEIGH_MAX	16384	/* neighbours of one PAN (ARP/ND proxy) */
/* The hold queue of a PAN with miss notify: defaults and upper bounds. */
#define PSW_HOLD_FRAMES_DEFAULT	4	/* frames per destination (OVN's) */
#define PSW_HOLD_FRAMES_MAX	1024
#define PSW_HOLD_DESTS_DEFAULT	1000	/* destinations per PAN (OVN's) */
#define PSW_HOLD_DESTS_MAX	16384
#define PSW_HOLD_TIME_DEFAULT	1000	/* ms a frame is held at most */
#define PSW_HOLD_TIME_MAX	60000
#define PSW_HOLD_FRAME_BYTES	4096	/* memory budget per held frame */
#define PSW_MISS_EVENT_BURST	100	/* PSW_CMD_MISS events per PAN: a
					 * bucket of this many tokens,
					 */
#define PSW_MISS_EVENT_RATE	100	/* refilled at this many a second */
#define PSW_AGEING_DEFAULT	300	/* PSW_A_AGEING of a new PAN, seconds */
#define PSW_AGEING_MIN		1
#define PSW_AGEING_MAX		1000000	/* about 11.6 days */
#define PSW_LEARN_MAX_DEFAULT	4096	/* PSW_A_LEARN_MAX of a new PAN */
#define PSW_MOVE_DAMP_MOVES	5	/* a learned MAC moves at most this */
#define PSW_MOVE_DAMP_SECS	180	/* often in this window (FRR's) */
#define PSW_TENANT_MAX		4096	/* tenant map entries of one switch */
#define PSW_OUI_IG		0x010000	/* an OUI's I/G (group) bit */
#define PSW_TEP_TPID_DEFAULT	0x88b5	/* a tep port's tag TPID ("VNID tag") */
#define PSW_TEP_HLEN		6	/* the VNID tag's length in bytes */
#define PSW_VLAN_GRACE_MS	10000	/* an isolated port moved to another
					 * VLAN still takes its frames on the
					 * old one this long (ms)
					 */
#define PSW_MCAST_SHARE_MAX	16	/* inter-tenant multicast rules of a PAN */
#define PSW_REMOTE_MAX		1024	/* remote objects of one switch */
#define PSW_PROBE_ID		0xffffff	/* the VNI / VSID of probes: no
						 * PAN's (see "Negotiation")
						 */
#define PSW_PROBE_TIMEOUT_DEFAULT 1000	/* ms a probe waits for answers */
#define PSW_PROBE_TIMEOUT_MAX	10000

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
	PSW_CMD_SWITCH_SET,
	PSW_CMD_PAN_SET,
	PSW_CMD_FLOOD_NEW,
	PSW_CMD_FLOOD_DEL,
	PSW_CMD_PORT_SET,
	PSW_CMD_NEIGH_NEW,
	PSW_CMD_NEIGH_DEL,
	PSW_CMD_NEIGH_GET,
	PSW_CMD_MISS,		/* event on PSW_MCGRP_EVENTS only */
	PSW_CMD_MOVE,		/* event only, on PSW_MCGRP_EVENTS */
	PSW_CMD_TENANT_NEW,
	PSW_CMD_TENANT_DEL,
	PSW_CMD_TENANT_GET,
	PSW_CMD_MCAST_JOIN,	/* notification only, on PSW_MCGRP_NOTIFY */
	PSW_CMD_MCAST_LEAVE,	/* notification only, on PSW_MCGRP_NOTIFY */
	PSW_CMD_REMOTE_NEW,
	PSW_CMD_REMOTE_DEL,
	PSW_CMD_REMOTE_GET,
	PSW_CMD_REMOTE_SET,
	PSW_CMD_REMOTE_PROBE,
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
	PSW_A_EXT_MAC,		/* binary, ETH_ALEN bytes: external MAC */
	PSW_A_ENCAP,		/* u8: enum psw_encap */
	PSW_A_REMOTE4,		/* binary, 4 bytes, network order */
	PSW_A_REMOTE6,		/* binary, 16 bytes */
	PSW_A_LOCAL4,		/* binary, 4 bytes, network order */
	PSW_A_LOCAL6,		/* binary, 16 bytes */
	PSW_A_VXLAN_PORT,	/* u16, host order, 1..65535 */
	PSW_A_UPLINK,		/* flag: the flood list member is the uplink */
	PSW_A_FLOOD,		/* nest of PSW_A_FLOOD_MEMBER (read only) */
	PSW_A_FLOOD_MEMBER,	/* nest: PSW_A_UPLINK, or PSW_A_ENCAP and
				 * PSW_A_REMOTE4|6 (read only)
				 */
	PSW_A_ACCEPT,		/* u8: enum psw_accept */
	PSW_A_MAX_PANS,		/* u32, 1..PSW_PAN_ID_MAX: a switch's limit */
	PSW_A_MAX_ENTRIES,	/* u32, 1..PSW_ENTRIES_MAX: a switch's limit */
	PSW_A_PAN_LIMIT_HITS,	/* u64: PAN_NEW refused by PSW_A_MAX_PANS
				 * (read only)
				 */
	PSW_A_ENTRY_LIMIT_HITS,	/* u64: requests refused by PSW_A_MAX_ENTRIES
				 * (read only)
				 */
	PSW_A_SECURITY,		/* u8, 0 or 1: a vm port's port security */
	PSW_A_LLDP,		/* u8, 0 or 1: a vm port forwards LLDP */
	PSW_A_VLAN,		/* u16, 1..4094: the uplink's VLAN, or an
				 * isolated vm port's (PSW_CMD_PORT_SET
				 * asks for it with PSW_A_ISOLATED 1)
				 */
	PSW_A_EXT_PREFIX,	/* binary, ETH_ALEN bytes: the external MAC
				 * range's first address
				 */
	PSW_A_EXT_PREFIX_LEN,	/* u8, 8..48; 0 clears the range */
	PSW_A_MISS,		/* u8: enum psw_miss, a PAN's miss policy */
	PSW_A_MISS_STATS,	/* nest of enum psw_miss_stats_attr (read
				 * only)
				 */
	PSW_A_ANYCAST,		/* nest: a PAN's anycast gateway, PSW_A_MAC
				 * and PSW_A_UPLINK or PSW_A_ENCAP with
				 * PSW_A_REMOTE4|6; empty: none
				 */
	PSW_A_PROXY,		/* u8, 0 or 1: a PAN's ARP/ND proxy */
	PSW_A_NEIGH_IP4,	/* binary, 4 bytes: a neighbour's address */
	PSW_A_NEIGH_IP6,	/* binary, 16 bytes: a neighbour's address */
	PSW_A_NEIGH_COUNT,	/* u32: a PAN's neighbours (read only) */
	PSW_A_NEIGH_LIMIT_HITS,	/* u64: NEIGH_NEW refused by
				 * PSW_PAN_NEIGH_MAX (read only)
				 */
	PSW_A_PROXY_STATS,	/* nest of enum psw_proxy_stats_attr (read
				 * only)
				 */
	PSW_A_HOLD_FRAMES,	/* u32, 1..PSW_HOLD_FRAMES_MAX: frames held
				 * per destination (miss notify)
				 */
	PSW_A_HOLD_DESTS,	/* u32, 1..PSW_HOLD_DESTS_MAX: destinations
				 * held per PAN
				 */
	PSW_A_HOLD_TIME,	/* u32, 1..PSW_HOLD_TIME_MAX: ms a frame is
				 * held at most
				 */
	PSW_A_SRC_MAC,		/* binary, ETH_ALEN bytes: a miss's source
				 * (read only)
				 */
	PSW_A_DST4,		/* binary, 4 bytes: a miss's destination
				 * IPv4 address (read only)
				 */
	PSW_A_DST6,		/* binary, 16 bytes: a miss's destination
				 * IPv6 address (read only)
				 */
	PSW_A_LEARNING,		/* u8, 0 or 1: a PAN learns remote entries */
	PSW_A_AGEING,		/* u32, PSW_AGEING_MIN..PSW_AGEING_MAX
				 * seconds: a PAN's learned entries' idle time
				 */
	PSW_A_LEARN_MAX,	/* u32, 1..PSW_ENTRIES_MAX: a PAN's limit on
				 * learned entries
				 */
	PSW_A_LEARN_STATS,	/* nest of enum psw_learn_stats_attr (read
				 * only)
				 */
	PSW_A_AGE,		/* u32: seconds since a learned entry was
				 * last refreshed (read only)
				 */
	PSW_A_MOVE_FROM,	/* nest: PSW_A_ENCAP and PSW_A_REMOTE4|6, a
				 * moved MAC's old place (read only)
				 */
	PSW_A_MOVE_TO,		/* nest: the same, its new place (read only) */
	PSW_A_MOVE_SEQ,		/* u64: a PAN's move sequence number, from 1
				 * (read only)
				 */
	PSW_A_MCAST,		/* nest: a PAN's multicast group,
				 * PSW_A_REMOTE4|6, PSW_A_ENCAP, PSW_A_TTL;
				 * empty: none
				 */
	PSW_A_TTL,		/* u8, 1..255: TTL / hop limit */
	PSW_A_MCAST_JOINED,	/* u8, 0 or 1, in PSW_A_MCAST: this switch is
				 * a member of the group (read only)
				 */
	PSW_A_MCAST_STATS,	/* nest of enum psw_mcast_stats_attr (read
				 * only)
				 */
	PSW_A_OUI,		/* u32, 0..0xffffff: an OUI, the first three
				 * bytes of a MAC (I/G bit, 0x010000, clear)
				 */
	PSW_A_CLASSIFY,		/* u8: enum psw_classify, a trunk port's */
	PSW_A_TENANT_COUNT,	/* u32: tenant map entries (read only) */
	PSW_A_MCAST_IFINDEX,	/* u32: the underlay device a group is joined
				 * on (PSW_CMD_MCAST_JOIN/LEAVE, read only)
				 */
	PSW_A_MCAST_IFNAME,	/* string, < IFNAMSIZ: its name (read only) */
	PSW_A_MCAST_SINCE,	/* u64, in PSW_A_MCAST: ms since the PAN last
				 * joined or left its group, or since the
				 * group was set (read only)
				 */
	PSW_A_ALLOW,		/* nest of PSW_A_ALLOW_ENTRY: a vm port's
				 * allow list (port-set, port-get); empty:
				 * none
				 */
	PSW_A_ALLOW_ENTRY,	/* nest: PSW_A_MAC and at most one of
				 * PSW_A_NEIGH_IP4, PSW_A_NEIGH_IP6
				 */
	PSW_A_TPID,		/* u16, >= 0x0600: a tep port's tag TPID */
	PSW_A_VLAN_POOL_FIRST,	/* u16, 0..4094: the switch's VLAN pool's
				 * first VLAN (with PSW_A_VLAN_POOL_LAST;
				 * both 0: no pool)
				 */
	PSW_A_VLAN_POOL_LAST,	/* u16, 0..4094: its last VLAN */
	PSW_A_VLAN_POOL_USED,	/* u32: the pool's VLANs held by isolated
				 * ports (read only)
				 */
	PSW_A_ISOLATED,		/* u8, 0 or 1: a vm port is isolated (its
				 * VLAN is PSW_A_VLAN)
				 */
	PSW_A_VLAN_GRACE,	/* u16: the VLAN an isolated port was moved
				 * off, still accepted for it until the
				 * grace period ends (read only)
				 */
	PSW_A_ETHERIP,		/* u8: enum psw_etherip, how EtherIP
				 * arrivals name a PAN (pan-set, pan-get)
				 */
	PSW_A_MCAST_SHARE,	/* nest of PSW_A_MCAST_SHARE_RULE: a PAN's
				 * inter-tenant multicast rules (read only)
				 */
	PSW_A_MCAST_SHARE_RULE,	/* nest: PSW_A_REMOTE4|6 (the group),
				 * PSW_A_PAN_ID (the target PAN),
				 * PSW_A_MCAST_SHARE_COPIES (read only)
				 */
	PSW_A_MCAST_SHARE_ADD,	/* nest: PSW_A_REMOTE4|6, PSW_A_PAN_ID: add
				 * a rule (pan-set)
				 */
	PSW_A_MCAST_SHARE_DEL,	/* nest: the same: remove it (pan-set) */
	PSW_A_MCAST_SHARE_COPIES, /* u64: copies a rule made since the
				   * PAN's rules last changed (read only)
				   */
	PSW_A_ENCAPS,		/* binary, 1..3 bytes: an ordered list of
				 * enum psw_encap (vxlan, nvgre, etherip,
				 * each once): a switch's preference or a
				 * remote object's support
				 */
	PSW_A_ENCAP_AUTO,	/* u8, 1: PSW_A_ENCAP was chosen by
				 * PSW_ENCAP_AUTO (read only)
				 */
	PSW_A_REMOTE_COUNT,	/* u32: remote objects (read only) */
	PSW_A_REMOTE_LIMIT_HITS, /* u64: REMOTE_NEW refused by
				  * PSW_REMOTE_MAX (read only)
				  */
	PSW_A_PROBE_TIMEOUT,	/* u32, 10..PSW_PROBE_TIMEOUT_MAX ms */
	PSW_A_PROBE_RESULTS,	/* nest of PSW_A_PROBE_RESULT (read only) */
	PSW_A_PROBE_RESULT,	/* nest: PSW_A_ENCAP, PSW_A_PROBE_STATE,
				 * PSW_A_PROBE_SIZE (read only)
				 */
	PSW_A_PROBE_STATE,	/* u8: enum psw_probe_state (read only) */
	PSW_A_PROBE_SIZE,	/* u32: the largest outer packet answered
				 * (read only)
				 */
	PSW_A_PROBE_AGE,	/* u32: ms since the last probe (read only) */
	PSW_A_PROBE_STATS,	/* nest of enum psw_probe_stats_attr (read
				 * only)
				 */
	__PSW_A_MAX
};
#define PSW_A_MAX (__PSW_A_MAX - 1)

enum psw_port_role {
	PSW_PORT_ROLE_VM,
	PSW_PORT_ROLE_UPLINK,
	PSW_PORT_ROLE_TRUNK,	/* many tenants, by the tenant map */
	PSW_PORT_ROLE_TEP,	/* a tunnel end point: VNID-tagged frames */
	__PSW_PORT_ROLE_MAX
};
#define PSW_PORT_ROLE_MAX (__PSW_PORT_ROLE_MAX - 1)

enum psw_mode {
	PSW_MODE_UNSPEC,
	PSW_MODE_LOCAL = 1,
	PSW_MODE_XLATE = 2,
	PSW_MODE_ENCAP = 3,
	PSW_MODE_MCAST = 4,	/* the PAN's group (PSW_A_MCAST), read only */
	PSW_MODE_DROP = 5,
	PSW_MODE_HOLD = 6,
	__PSW_MODE_MAX
};
#define PSW_MODE_MAX (__PSW_MODE_MAX - 1)

enum psw_encap {
	PSW_ENCAP_UNSPEC,
	PSW_ENCAP_VXLAN,	/* RFC 7348 */
	PSW_ENCAP_NVGRE,	/* RFC 7637 */
	PSW_ENCAP_ETHERIP,	/* EtherIP, RFC 3378 (CLI keyword "etherip") */
	PSW_ENCAP_AUTO,		/* requests only: negotiated, see
				 * "Negotiation"
				 */
	__PSW_ENCAP_MAX
};
#define PSW_ENCAP_MAX (__PSW_ENCAP_MAX - 1)
/* The name before "etherip", deprecated: removed in the next release. */
#define PSW_ENCAP_IPIP PSW_ENCAP_ETHERIP

/* Which tunnel arrivals a PAN takes (PSW_A_ACCEPT). */
enum psw_accept {
	PSW_ACCEPT_REMOTES,	/* from its configured remotes only (default) */
	PSW_ACCEPT_ANY,		/* from any source */
	__PSW_ACCEPT_MAX
};
#define PSW_ACCEPT_MAX (__PSW_ACCEPT_MAX - 1)

enum psw_origin {
	PSW_ORIGIN_USER,	/* added with PSW_CMD_ENTRY_NEW */
	PSW_ORIGIN_PORT,	/* installed by attaching a vm port */
	PSW_ORIGIN_LEARNED,	/* learned from a tunnel arrival; ages out */
	PSW_ORIGIN_PAN,		/* the PAN's mcast entry, from its group */
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
	PSW_STATS_XLATE_TX,	/* u64 */
	PSW_STATS_XLATE_RX,	/* u64 */
	PSW_STATS_ENCAP_TX,	/* u64 */
	PSW_STATS_ENCAP_RX,	/* u64 */
	__PSW_STATS_MAX
};
#define PSW_STATS_MAX (__PSW_STATS_MAX - 1)

/*
 * Why a frame was dropped. Every frame the switch consumes without
 * delivering it is counted under exactly one reason, on its ingress port
 * (the switch for tunnel arrivals) and its PAN once known. Later versions append reasons; readers must
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
	PSW_DROP_NO_UPLINK,	/* xlate, but the switch's uplink is gone/down */
	PSW_DROP_NO_EXT_MAC,	/* xlate, but the sender has no external MAC */
	PSW_DROP_BAD_PAYLOAD,	/* ARP or ND too short to translate */
	PSW_DROP_NO_LOCAL,	/* encap, but no local address of the family */
	PSW_DROP_NO_ROUTE,	/* encap, but no route to the remote */
	PSW_DROP_FRAG_NEEDED,	/* too big for the path; ICMP error sent back */
	PSW_DROP_BAD_TUNNEL,	/* arrival with a bad or truncated tunnel header
				 * (counted on the switch only, like
				 * PSW_DROP_UNKNOWN_PAN)
				 */
	PSW_DROP_UNKNOWN_PAN,	/* arrival for a PAN the switch does not have */
	PSW_DROP_NO_ENTRY,	/* arrival for a MAC with no local entry */
	PSW_DROP_UNKNOWN_SRC,	/* uplink: source is no xlate entry of the PAN
				 * (or, from the external MAC range, of any)
				 */
	PSW_DROP_UNKNOWN_REMOTE, /* arrival from a source that is no remote
				  * of the PAN (see PSW_A_ACCEPT)
				  */
	PSW_DROP_LOCAL_SOURCE,	/* arrival from this host itself: its source
				 * is a local address, or it came in on a
				 * loopback device (switch only)
				 */
	PSW_DROP_UNICAST_IN_L2_MCAST, /* arrival to a unicast address in an
				       * Ethernet broadcast or multicast
				       * frame (switch only)
				       */
	PSW_DROP_LINK_LOCAL,	/* IEEE 802.1 link-local destination
				 * (01:80:c2:00:00:0X: STP, PAUSE, LACP,
				 * EAPOL, LLDP unless allowed)
				 */
	PSW_DROP_VLAN_TAGGED,	/* 802.1Q/802.1ad tag from a vm port, or
				 * inside an arrival
				 */
	PSW_DROP_SPOOFED_SRC,	/* vm port with port security: the source
				 * MAC is not one of the port's
				 */
	PSW_DROP_MISS,		/* vm port: unknown unicast destination, or
				 * an ARP/ND request the proxy could not
				 * answer, and the PAN's miss policy is
				 * PSW_MISS_DROP
				 */
	PSW_DROP_HOLD_TIMEOUT,	/* miss notify: held PSW_A_HOLD_TIME and no
				 * entry came
				 */
	PSW_DROP_HOLD_OVERFLOW,	/* miss notify: the hold queue is full
				 * (frames per destination, destinations
				 * or memory)
				 */
	PSW_DROP_HOLD_FLUSH,	/* miss notify: held, and its port, PAN or
				 * switch went away
				 */
	PSW_DROP_MCAST_NO_PORT,	/* an arrival on a PAN's multicast group,
				 * and the PAN has no vm port here, nor a
				 * trunk port that carries it
				 */
	PSW_DROP_MCAST_FOREIGN,	/* an arrival on a multicast group that is
				 * not its PAN's
				 */
	PSW_DROP_NO_TENANT,	/* trunk port: no tenant map entry for the
				 * frame's OUI and/or VLAN
				 */
	PSW_DROP_FOREIGN_OUI,	/* vm port with port security: the source
				 * MAC's OUI is another PAN's in the tenant
				 * map
				 */
	PSW_DROP_ARP_SPOOF,	/* vm port with port security and IPv4
				 * pairs allowed: an ARP sender MAC/IPv4
				 * pair not allowed, or its sender MAC not
				 * the frame's source
				 */
	PSW_DROP_ND_SPOOF,	/* vm port with port security and IPv6
				 * pairs allowed: an NS/NA whose link-layer
				 * address option or claimed address is not
				 * allowed
				 */
	PSW_DROP_NO_TEP_TAG,	/* tep port: untagged, or a tag with another
				 * TPID
				 */
	PSW_DROP_UNKNOWN_VNID,	/* tep port: the tag's VNID is no PAN of
				 * the switch
				 */
	PSW_DROP_ISOLATED_NO_UPLINK, /* an isolated port's frame, and the
				      * switch's uplink is gone or down
				      */
	PSW_DROP_VLAN_NO_PORT,	/* uplink: a frame on a VLAN of the pool
				 * that no isolated port holds
				 */
	PSW_DROP_ISOLATED,	/* a frame switched locally (a local entry,
				 * a tunnel or uplink arrival) toward an
				 * isolated port: it takes frames only from
				 * the uplink on its VLAN
				 */
	PSW_DROP_ETHERIP_NO_TENANT, /* EtherIP arrival at the underlay
				     * address of a switch with PANs in OUI
				     * form: its inner source OUI names no
				     * such PAN (switch only)
				     */
	PSW_DROP_ETHERIP_FOREIGN_OUI, /* a frame of a PAN in OUI form leaving
				       * by EtherIP: its source OUI is not
				       * the PAN's in the tenant map
				       */
	PSW_DROP_ETHERIP_BAD_GROUP, /* EtherIP arrival for a PAN in OUI form:
				     * its destination is a tenant's group
				     * MAC that is not its PAN's, or not the
				     * inner IP group's
				     */
	PSW_DROP_PROBE_UNKNOWN,	/* a probe from an address with no remote
				 * object, or an answer to no probe in
				 * flight (switch only)
				 */
	PSW_DROP_PROBE_RATE,	/* a probe not answered: the switch's
				 * answer rate exceeded (switch only)
				 */
	PSW_DROP_PROBE_BAD,	/* a malformed probe or answer (switch
				 * only)
				 */
	__PSW_DROP_MAX
};
#define PSW_DROP_MAX (__PSW_DROP_MAX - 1)

/*
 * What a PAN does with a unicast frame from a vm port whose destination
 * has no entry (PSW_A_MISS).
 */
enum psw_miss {
	PSW_MISS_FLOOD,		/* flood it like a broadcast (default) */
	PSW_MISS_DROP,		/* drop it (PSW_DROP_MISS) */
	PSW_MISS_NOTIFY,	/* hold it, send a PSW_CMD_MISS event */
	PSW_MISS_ANYCAST,	/* rewrite its destination to the PAN's anycast
				 * MAC and send it to the anycast gateway
				 */
	__PSW_MISS_MAX
};
#define PSW_MISS_MAX (__PSW_MISS_MAX - 1)

/* A PAN's miss counters (PSW_A_MISS_STATS): frames, by what was done. */
enum psw_miss_stats_attr {
	PSW_MISS_STATS_UNSPEC,
	PSW_MISS_STATS_PAD,
	PSW_MISS_STATS_FLOOD,	/* u64: flooded */
	PSW_MISS_STATS_DROP,	/* u64: dropped */
	PSW_MISS_STATS_ANYCAST,	/* u64: rewritten, sent to the gateway */
	PSW_MISS_STATS_NOTIFY,	/* u64: misses under miss notify */
	PSW_MISS_STATS_EVENTS,	/* u64: PSW_CMD_MISS events sent */
	PSW_MISS_STATS_LOST,	/* u64: events lost: rate limited, no
				 * memory, or a listener's socket full
				 */
	PSW_MISS_STATS_HOLD_RELEASED,	/* u64: held frames sent on when
					 * their entry came (or the policy
					 * changed)
					 */
	PSW_MISS_STATS_HOLD_TIMEOUT,	/* u64: held frames dropped at
					 * PSW_A_HOLD_TIME
					 */
	PSW_MISS_STATS_HOLD_OVERFLOW,	/* u64: frames not held: the queue
					 * was full
					 */
	PSW_MISS_STATS_HELD,	/* u64: frames held now (a gauge) */
	__PSW_MISS_STATS_MAX
};
#define PSW_MISS_STATS_MAX (__PSW_MISS_STATS_MAX - 1)

/* A PAN's ARP/ND proxy counters (PSW_A_PROXY_STATS). */
enum psw_proxy_stats_attr {
	PSW_PROXY_STATS_UNSPEC,
	PSW_PROXY_STATS_PAD,
	PSW_PROXY_STATS_REPLY,	/* u64: requests answered by the switch */
	PSW_PROXY_STATS_MISS,	/* u64: requests for an unknown address */
	__PSW_PROXY_STATS_MAX
};
#define PSW_PROXY_STATS_MAX (__PSW_PROXY_STATS_MAX - 1)

/* A PAN's multicast group counters (PSW_A_MCAST_STATS). */
enum psw_mcast_stats_attr {
	PSW_MCAST_STATS_UNSPEC,
	PSW_MCAST_STATS_PAD,
	PSW_MCAST_STATS_TX,	/* u64: copies sent to the PAN's group */
	PSW_MCAST_STATS_RX,	/* u64: arrivals on the group delivered */
	__PSW_MCAST_STATS_MAX
};
#define PSW_MCAST_STATS_MAX (__PSW_MCAST_STATS_MAX - 1)
/* A PAN's learning counters (PSW_A_LEARN_STATS). */
enum psw_learn_stats_attr {
	PSW_LEARN_STATS_UNSPEC,
	PSW_LEARN_STATS_PAD,
	PSW_LEARN_STATS_COUNT,	/* u64: learned entries the PAN has now */
	PSW_LEARN_STATS_LEARNED,	/* u64: entries learned */
	PSW_LEARN_STATS_LIMIT,	/* u64: not learned: PSW_A_LEARN_MAX (or the
				 * switch's max-entries) reached
				 */
	PSW_LEARN_STATS_STATIC,	/* u64: not learned: the MAC has a static
				 * entry (user, port) elsewhere
				 */
	PSW_LEARN_STATS_MOVES,	/* u64: learned entries moved */
	PSW_LEARN_STATS_FROZEN,	/* u64: moves refused by damping */
	PSW_LEARN_STATS_AGED,	/* u64: learned entries aged out */
	__PSW_LEARN_STATS_MAX
};
#define PSW_LEARN_STATS_MAX (__PSW_LEARN_STATS_MAX - 1)

/*
 * What a trunk port's frames are classified by (PSW_A_CLASSIFY): the
 * tenant map key they are looked up by (see "Tenant map").
 */
enum psw_classify {
	PSW_CLASSIFY_UNSPEC,
	PSW_CLASSIFY_OUI,	/* untagged frames, by source OUI */
	PSW_CLASSIFY_VLAN,	/* 802.1Q-tagged frames, by VID */
	PSW_CLASSIFY_OUI_VLAN,	/* both: tagged by {OUI, VID} then VID,
				 * untagged by OUI
				 */
	__PSW_CLASSIFY_MAX
};
#define PSW_CLASSIFY_MAX (__PSW_CLASSIFY_MAX - 1)

/* How EtherIP arrivals name a PAN (PSW_A_ETHERIP); see "EtherIP tenancy". */
enum psw_etherip {
	PSW_ETHERIP_ADDR,	/* by its own local address, pan-addr (default) */
	PSW_ETHERIP_OUI,	/* by the inner source MAC's OUI (tenant map) */
	__PSW_ETHERIP_MAX
};
#define PSW_ETHERIP_MAX (__PSW_ETHERIP_MAX - 1)

/* The result of probing one encapsulation (PSW_A_PROBE_STATE). */
enum psw_probe_state {
	PSW_PROBE_NONE,		/* not probed */
	PSW_PROBE_PENDING,	/* probes sent, the timeout not passed */
	PSW_PROBE_OK,		/* answered: PSW_A_PROBE_SIZE is the largest */
	PSW_PROBE_NO_ANSWER,	/* no answer within the timeout */
	__PSW_PROBE_MAX
};
#define PSW_PROBE_MAX (__PSW_PROBE_MAX - 1)

/* A switch's probe counters (PSW_A_PROBE_STATS), u64 each. */
enum psw_probe_stats_attr {
	PSW_PROBE_STATS_UNSPEC,
	PSW_PROBE_STATS_PAD,
	PSW_PROBE_STATS_SENT,		/* probes sent */
	PSW_PROBE_STATS_REPLIES,	/* answers to ours received, matched */
	PSW_PROBE_STATS_REQUESTS,	/* probes from others received */
	PSW_PROBE_STATS_ANSWERED,	/* probes from others answered */
	PSW_PROBE_STATS_DROPPED,	/* probes and answers dropped */
	__PSW_PROBE_STATS_MAX
};
#define PSW_PROBE_STATS_MAX (__PSW_PROBE_STATS_MAX - 1)

/* IFLA_INFO_DATA of a "panswitch" link (see "Link details" above). */
enum psw_link_attr {
	IFLA_PANSWITCH_UNSPEC,
	IFLA_PANSWITCH_UNDERLAY4,	/* u32 (network order), if set */
	IFLA_PANSWITCH_UNDERLAY6,	/* struct in6_addr, if set */
	IFLA_PANSWITCH_VXLAN_PORT,	/* u16 (host order) */
	IFLA_PANSWITCH_PANS,		/* u32: PANs the switch has */
	IFLA_PANSWITCH_PORTS,		/* u32: ports (vm and uplink) */
	__IFLA_PANSWITCH_MAX
};
#define IFLA_PANSWITCH_MAX (__IFLA_PANSWITCH_MAX - 1)

#endif /* _UAPI_LINUX_PANSWITCH_H */
