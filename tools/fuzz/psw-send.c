// SPDX-License-Identifier: GPL-2.0
/*
 * psw-send - send crafted tunnel packets through the local stack, crafted
 * Ethernet frames on a device, and turn the offloads of a device on or
 * off; for selftests/70_decap.sh, which checks the exact drop accounting
 * of the switch's tunnel receive side, and selftests/74_port_policy.sh
 * (control frames, VLAN tags, forged sources, router advertisements from
 * VMs).
 *
 * usage: psw-send udp DST PORT HEX [COUNT]
 *        psw-send raw DST PROTO HEX [COUNT]
 *        psw-send eth DEV HEX [COUNT]
 *        psw-send ethtool DEV gro|tso on|off
 *
 *   udp      one UDP datagram to DST (IPv4 or IPv6) port PORT whose
 *            payload is HEX (hex digits, an even number of them), from an
 *            ephemeral port: the stack adds the UDP and IP headers
 *   raw      one IP packet of protocol (IPv6: next header) PROTO to DST
 *            whose payload is HEX: the stack adds the IP header
 *   eth      one Ethernet frame on DEV (an AF_PACKET raw socket): HEX is
 *            the whole frame from the destination MAC on, no FCS (VLAN
 *            tags are sent in the frame, as written)
 *   COUNT    send it COUNT times (default 1); stops at the first error
 *   ethtool  the SIOCETHTOOL ioctl (the test VM has no ethtool): generic
 *            receive offload, or TCP segmentation offload, of DEV on or off
 *
 * Exit status: 0 when everything was sent, 1 on a system call error
 * (printed), 2 on a usage error.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/ethtool.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/sockios.h>

#include "args.h"

#define PAYLOAD_MAX	65507

static unsigned int hexval(char c)
{
	return isdigit((unsigned char)c) ? c - '0' : (c | 0x20) - 'a' + 10;
}

static int usage(void)
{
	fprintf(stderr,
		"usage: psw-send udp DST PORT HEX [COUNT]\n"
		"       psw-send raw DST PROTO HEX [COUNT]\n"
		"       psw-send eth DEV HEX [COUNT]\n"
		"       psw-send ethtool DEV gro|tso on|off\n");
	return 2;
}

static int set_offload(const char *dev, const char *what, const char *onoff)
{
	struct ethtool_value ev = { 0 };
	struct ifreq ifr;
	int fd;

	if (!strcmp(what, "gro"))
		ev.cmd = ETHTOOL_SGRO;
	else if (!strcmp(what, "tso"))
		ev.cmd = ETHTOOL_STSO;
	else
		return usage();
	if (!strcmp(onoff, "on"))
		ev.data = 1;
	else if (strcmp(onoff, "off"))
		return usage();
	if (strlen(dev) >= IFNAMSIZ)
		return usage();
	memset(&ifr, 0, sizeof(ifr));
	memcpy(ifr.ifr_name, dev, strlen(dev));
	ifr.ifr_data = (void *)&ev;
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0) {
		perror("psw-send: socket");
		return 1;
	}
	if (ioctl(fd, SIOCETHTOOL, &ifr)) {
		perror("psw-send: SIOCETHTOOL");
		close(fd);
		return 1;
	}
	close(fd);
	return 0;
}

/* @hex into @buf (at most @max bytes): its length, or -1 */
static long parse_hex(const char *hex, unsigned char *buf, size_t max)
{
	const char *h;
	size_t len = 0;

	for (h = hex; *h; h += 2) {
		if (!isxdigit((unsigned char)h[0]) ||
		    !isxdigit((unsigned char)h[1]) || len == max)
			return -1;
		buf[len++] = hexval(h[0]) << 4 | hexval(h[1]);
	}
	return len;
}

/* eth DEV HEX [COUNT]: the frame as given, on DEV */
static int send_eth(int argc, char **argv)
{
	static unsigned char frame[ETH_FRAME_LEN + 4 * 4];
	struct sockaddr_ll sll;
	uint64_t count = 1, i;
	unsigned int ifindex;
	long len;
	int fd;

	if (argc == 5 && !arg_u64(argv[4], UINT64_MAX, &count))
		return usage();
	len = parse_hex(argv[3], frame, sizeof(frame));
	if (len < ETH_HLEN) {
		fprintf(stderr, "psw-send: bad hex frame (at least %d bytes)\n",
			ETH_HLEN);
		return 2;
	}
	ifindex = if_nametoindex(argv[2]);
	if (!ifindex) {
		fprintf(stderr, "psw-send: no device \"%s\"\n", argv[2]);
		return 1;
	}
	fd = socket(AF_PACKET, SOCK_RAW, 0);
	if (fd < 0) {
		perror("psw-send: socket");
		return 1;
	}
	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_ifindex = ifindex;
	sll.sll_halen = ETH_ALEN;
	memcpy(sll.sll_addr, frame, ETH_ALEN);
	for (i = 0; i < count; i++) {
		if (sendto(fd, frame, len, 0, (struct sockaddr *)&sll,
			   sizeof(sll)) < 0) {
			perror("psw-send: sendto");
			close(fd);
			return 1;
		}
	}
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	static unsigned char buf[PAYLOAD_MAX];
	struct sockaddr_storage ss;
	struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
	uint64_t num, count = 1, i;
	int fd, fam, raw;
	size_t len;
	socklen_t sl;
	long hlen;

	if (argc == 5 && !strcmp(argv[1], "ethtool"))
		return set_offload(argv[2], argv[3], argv[4]);
	if ((argc == 4 || argc == 5) && !strcmp(argv[1], "eth"))
		return send_eth(argc, argv);
	if ((argc != 5 && argc != 6) ||
	    (strcmp(argv[1], "udp") && strcmp(argv[1], "raw")))
		return usage();
	raw = !strcmp(argv[1], "raw");
	if (!arg_u64(argv[3], raw ? 255 : 65535, &num) || (!raw && !num))
		return usage();
	if (argc == 6 && !arg_u64(argv[5], UINT64_MAX, &count))
		return usage();

	memset(&ss, 0, sizeof(ss));
	if (inet_pton(AF_INET, argv[2], &s4->sin_addr) == 1) {
		fam = AF_INET;
		s4->sin_family = AF_INET;
		s4->sin_port = raw ? 0 : htons(num);
		sl = sizeof(*s4);
	} else if (inet_pton(AF_INET6, argv[2], &s6->sin6_addr) == 1) {
		fam = AF_INET6;
		s6->sin6_family = AF_INET6;
		s6->sin6_port = raw ? 0 : htons(num);
		sl = sizeof(*s6);
	} else {
		fprintf(stderr, "psw-send: \"%s\" is not an IPv4 or IPv6 address\n",
			argv[2]);
		return 2;
	}

	hlen = parse_hex(argv[4], buf, sizeof(buf));
	if (hlen < 0) {
		fprintf(stderr, "psw-send: bad hex payload\n");
		return 2;
	}
	len = hlen;

	fd = socket(fam, raw ? SOCK_RAW : SOCK_DGRAM, raw ? (int)num : 0);
	if (fd < 0) {
		perror("psw-send: socket");
		return 1;
	}
	for (i = 0; i < count; i++) {
		if (sendto(fd, buf, len, 0, (struct sockaddr *)&ss, sl) < 0) {
			perror("psw-send: sendto");
			close(fd);
			return 1;
		}
	}
	close(fd);
	return 0;
}
