// SPDX-License-Identifier: GPL-2.0
/*
 * Built by test-pc.sh against an installed libpanswitch through
 * pkg-config only: prints the library's version and checks that it is the
 * one of the header it was compiled with.
 */
#include <stdio.h>
#include <string.h>
#include <libpanswitch.h>

int main(void)
{
	const char *v = pswc_version();
	char mac[PSWC_MAC_STRLEN];
	uint8_t m[PSWC_ETH_ALEN];

	if (!v || strcmp(v, PSWC_VERSION)) {
		fprintf(stderr, "pswc_version() %s, header %s\n",
			v ? v : "(null)", PSWC_VERSION);
		return 1;
	}
	/* one more call through the library, no kernel needed */
	if (pswc_mac_parse("02:00:00:00:00:01", m) ||
	    strcmp(pswc_mac_format(m, mac), "02:00:00:00:00:01"))
		return 1;
	printf("%s\n", v);
	return 0;
}
