// SPDX-License-Identifier: GPL-2.0
/*
 * psw-send - send crafted tunnel packets through the local stack or, with
 * forged addresses, as whole frames, crafted Ethernet frames on a device,
 * and turn the offloads of a device on or off; for selftests/70_decap.sh,
 * which checks the exact drop accounting of the switch's tunnel receive
 * side, 72_underlay_trust.sh, which sends what hostile senders would, and
 * 74_port_policy.sh (control frames, VLAN tags, forged sources, router
 * advertisements from VMs).
 *
 * usage: psw-send udp DST PORT HEX [COUNT]
 *        psw-send raw DST PROTO HEX [COUNT]
 *        psw-send frame IFNAME DSTMAC SRC DST PROTO|udp:PORT HEX [COUNT]
 *        psw-send eth DEV HEX [COUNT]
 *        psw-send ethtool DEV gro|tso on|off
 *        psw-send -
 *
 *   udp      one UDP datagram to DST (IPv4 or IPv6) port PORT whose
 *            payload is HEX (hex digits, an even number of them), from an
 *            ephemeral port: the stack adds the UDP and IP headers
 *   raw      one IP packet of protocol (IPv6: next header) PROTO to DST
 *            whose payload is HEX: the stack adds the IP header
 *   frame    one Ethernet frame on IFNAME (an AF_PACKET socket: nothing
 *            of the stack's) to DSTMAC from IFNAME's own MAC, carrying an
 *            IPv4 or IPv6 packet from SRC to DST (any addresses, both of
 *            one family; hop limit 64, header checksum computed) of
 *            protocol PROTO whose payload is HEX; with udp:PORT a UDP
 *            header to PORT from port 49152 comes first (its checksum 0
 *            over IPv4, computed over IPv6). For IPv6 extension headers,
 *            PROTO is the first one's and HEX begins with them
 *   eth      one Ethernet frame on DEV (an AF_PACKET raw socket): HEX is
 *            the whole frame from the destination MAC on, no FCS (VLAN
 *            tags are sent in the frame, as written)
 *   COUNT    send it COUNT times (default 1); stops at the first error
 *   ethtool  the SIOCETHTOOL ioctl (the test VM has no ethtool): generic
 *            receive offload, or TCP segmentation offload, of DEV on or off
 *   -        one command of the above per line of standard input (the
 *            words without "psw-send", separated by blanks; empty lines
 *            are skipped), in one process: selftests/82_attack.sh sends
 *            thousands of different packets this way. Stops at the first
 *            command that fails, naming its line
 *
 * Exit status: 0 when everything was sent, 1 on a system call error
 * (printed), 2 on a usage error.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdint.h>
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
		"       psw-send frame IFNAME DSTMAC SRC DST PROTO|udp:PORT HEX [COUNT]\n"
		"       psw-send eth DEV HEX [COUNT]\n"
		"       psw-send ethtool DEV gro|tso on|off\n"
		"       psw-send - (one of the above per line of standard input)\n");
	return 2;
}

/* @h as bytes into @buf (at most @room): their number, or -1. */
static long parse_hex(const char *h, unsigned char *buf, size_t room)
{
	size_t len = 0;

	for (; *h; h += 2) {
		if (!isxdigit((unsigned char)h[0]) ||
		    !isxdigit((unsigned char)h[1]) || len == room)
			return -1;
		buf[len++] = hexval(h[0]) << 4 | hexval(h[1]);
	}
	return len;
}

/* The 16-bit one's complement sum of @len bytes, added to @sum. */
static uint32_t csum_add(uint32_t sum, const unsigned char *p, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += p[i] << 8 | p[i + 1];
	if (len & 1)
		sum += p[len - 1] << 8;
	return sum;
}

static uint16_t csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return ~sum & 0xffff;
}

static void put16(unsigned char *p, unsigned int v)
{
	p[0] = v >> 8;
	p[1] = v;
}

/* psw-send frame IFNAME DSTMAC SRC DST PROTO|udp:PORT HEX [COUNT] */
static int send_frame(int argc, char **argv)
{
	static unsigned char f[ETH_HLEN + 40 + 8 + PAYLOAD_MAX];
	unsigned char src[16], dst[16], *ip, *l4;
	uint64_t proto, port = 0, count = 1, i;
	struct sockaddr_ll sll;
	unsigned int mac[6];
	size_t iphl, hl, len;
	struct ifreq ifr;
	int fd, v6, k;
	uint32_t sum;
	long n;

	if (argc != 8 && argc != 9)
		return usage();
	if (strlen(argv[2]) >= IFNAMSIZ ||
	    sscanf(argv[3], "%2x:%2x:%2x:%2x:%2x:%2x%n", &mac[0], &mac[1],
		   &mac[2], &mac[3], &mac[4], &mac[5], &k) != 6 ||
	    argv[3][k])
		return usage();
	if (inet_pton(AF_INET, argv[4], src) == 1 &&
	    inet_pton(AF_INET, argv[5], dst) == 1)
		v6 = 0;
	else if (inet_pton(AF_INET6, argv[4], src) == 1 &&
		 inet_pton(AF_INET6, argv[5], dst) == 1)
		v6 = 1;
	else
		return usage();
	if (!strncmp(argv[6], "udp:", 4)) {
		if (!arg_u64(argv[6] + 4, 65535, &port) || !port)
			return usage();
		proto = IPPROTO_UDP;
	} else if (!arg_u64(argv[6], 255, &proto)) {
		return usage();
	}
	if (argc == 9 && !arg_u64(argv[8], UINT64_MAX, &count))
		return usage();

	iphl = v6 ? 40 : 20;
	hl = ETH_HLEN + iphl + (port ? 8 : 0);
	n = parse_hex(argv[7], f + hl, PAYLOAD_MAX);
	if (n < 0) {
		fprintf(stderr, "psw-send: bad hex payload\n");
		return 2;
	}
	len = hl + n;
	memset(f, 0, hl);
	for (k = 0; k < 6; k++)
		f[k] = mac[k];
	put16(f + 12, v6 ? ETH_P_IPV6 : ETH_P_IP);
	ip = f + ETH_HLEN;
	l4 = ip + iphl;
	if (port) {
		put16(l4, 49152);
		put16(l4 + 2, port);
		put16(l4 + 4, len - ETH_HLEN - iphl);
	}
	if (v6) {
		ip[0] = 0x60;
		put16(ip + 4, len - ETH_HLEN - iphl);
		ip[6] = proto;
		ip[7] = 64;
		memcpy(ip + 8, src, 16);
		memcpy(ip + 24, dst, 16);
		if (port) {	/* pseudo header, then the datagram */
			sum = csum_add(0, src, 16);
			sum = csum_add(sum, dst, 16);
			sum += (len - ETH_HLEN - iphl) + IPPROTO_UDP;
			sum = csum_fold(csum_add(sum, l4, len - ETH_HLEN - iphl));
			put16(l4 + 6, sum ? sum : 0xffff);
		}
	} else {
		ip[0] = 0x45;
		put16(ip + 2, len - ETH_HLEN);
		ip[8] = 64;
		ip[9] = proto;
		memcpy(ip + 12, src, 4);
		memcpy(ip + 16, dst, 4);
		put16(ip + 10, csum_fold(csum_add(0, ip, 20)));
	}

	fd = socket(AF_PACKET, SOCK_RAW, 0);
	if (fd < 0) {
		perror("psw-send: socket");
		return 1;
	}
	memset(&ifr, 0, sizeof(ifr));
	memcpy(ifr.ifr_name, argv[2], strlen(argv[2]));
	if (ioctl(fd, SIOCGIFINDEX, &ifr)) {
		perror("psw-send: SIOCGIFINDEX");
		close(fd);
		return 1;
	}
	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_ifindex = ifr.ifr_ifindex;
	sll.sll_halen = 6;
	memcpy(sll.sll_addr, f, 6);
	if (ioctl(fd, SIOCGIFHWADDR, &ifr)) {
		perror("psw-send: SIOCGIFHWADDR");
		close(fd);
		return 1;
	}
	memcpy(f + 6, ifr.ifr_hwaddr.sa_data, 6);
	for (i = 0; i < count; i++) {
		if (sendto(fd, f, len, 0, (struct sockaddr *)&sll,
			   sizeof(sll)) < 0) {
			perror("psw-send: sendto");
			close(fd);
			return 1;
		}
	}
	close(fd);
	return 0;
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

/* One command: argv[1] names it (argv[0] is not looked at). */
static int send_one(int argc, char **argv)
{
	static unsigned char buf[PAYLOAD_MAX];
	struct sockaddr_storage ss;
	struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
	uint64_t num, count = 1, i;
	int fd, fam, raw;
	size_t len;
	socklen_t sl;
	long n;

	if (argc == 5 && !strcmp(argv[1], "ethtool"))
		return set_offload(argv[2], argv[3], argv[4]);
	if (argc >= 2 && !strcmp(argv[1], "frame"))
		return send_frame(argc, argv);
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

	n = parse_hex(argv[4], buf, sizeof(buf));
	if (n < 0) {
		fprintf(stderr, "psw-send: bad hex payload\n");
		return 2;
	}
	len = n;

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

#define BATCH_WORDS	10

/* "-": the commands of standard input, one per line. */
static int send_batch(void)
{
	char *line = NULL, *argv[BATCH_WORDS + 1], *w;
	unsigned long lineno = 0;
	size_t cap = 0;
	int argc, rc = 0;

	while (getline(&line, &cap, stdin) >= 0) {
		lineno++;
		argv[0] = "psw-send";
		argc = 1;
		for (w = strtok(line, " \t\r\n"); w; w = strtok(NULL, " \t\r\n")) {
			if (argc == BATCH_WORDS) {
				argc = 0;
				break;
			}
			argv[argc++] = w;
		}
		if (argc == 1)
			continue;
		argv[argc] = NULL;
		rc = argc ? send_one(argc, argv) : usage();
		if (rc) {
			fprintf(stderr, "psw-send: standard input, line %lu\n",
				lineno);
			break;
		}
	}
	free(line);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "-"))
		return send_batch();
	return send_one(argc, argv);
}
