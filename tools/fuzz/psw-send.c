// SPDX-License-Identifier: GPL-2.0
/*
 * psw-send - send crafted tunnel packets through the local stack, and turn
 * the offloads of a device on or off; for selftests/70_decap.sh, which
 * checks the exact drop accounting of the switch's tunnel receive side.
 *
 * usage: psw-send udp DST PORT HEX [COUNT]
 *        psw-send raw DST PROTO HEX [COUNT]
 *        psw-send ethtool DEV gro|tso on|off
 *
 *   udp      one UDP datagram to DST (IPv4 or IPv6) port PORT whose
 *            payload is HEX (hex digits, an even number of them), from an
 *            ephemeral port: the stack adds the UDP and IP headers
 *   raw      one IP packet of protocol (IPv6: next header) PROTO to DST
 *            whose payload is HEX: the stack adds the IP header
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

int main(int argc, char **argv)
{
	static unsigned char buf[PAYLOAD_MAX];
	struct sockaddr_storage ss;
	struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
	uint64_t num, count = 1, i;
	int fd, fam, raw;
	size_t len = 0;
	socklen_t sl;
	const char *h;

	if (argc == 5 && !strcmp(argv[1], "ethtool"))
		return set_offload(argv[2], argv[3], argv[4]);
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

	for (h = argv[4]; *h; h += 2) {
		if (!isxdigit((unsigned char)h[0]) ||
		    !isxdigit((unsigned char)h[1]) || len == sizeof(buf)) {
			fprintf(stderr, "psw-send: bad hex payload\n");
			return 2;
		}
		buf[len++] = hexval(h[0]) << 4 | hexval(h[1]);
	}

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
