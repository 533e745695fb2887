# SPDX-License-Identifier: GPL-2.0
# usage: awk -v H=HOSTS -v P=PANS -v V=VMS [-v SEED=N] -f gen-topology.awk
#
# gen.awk: a synthetic topology: H hosts on H/50 segments of 50, P PANs,
# V VMs; each PAN's VMs on hosts drawn near each other (a PAN spans a
# few segments), seeded so that runs compare.
BEGIN {
	srand(SEED ? SEED : 1)
	print "version: 1"
	print "ext-mac-pool: {base: \"02:ee:00:00:00:00\", size: 16777216}"
	print "hosts:"
	for (h = 0; h < H; h++)
		printf "  - {name: h%d, segment: s%d, ip4: 198.18.%d.%d, uplink: up0}\n", h, int(h / 50), int((h + 1) / 256) % 256, (h + 1) % 256
	print "pans:"
	for (p = 1; p <= P; p++)
		printf "  - {id: %d}\n", p
	print "vms:"
	for (v = 0; v < V; v++) {
		p = v % P + 1
		# a PAN's VMs within 200 hosts of its home
		home = (p * 7919) % H
		h = (home + int(rand() * 200)) % H
		printf "  - {name: v%d, pan: %d, host: h%d, mac: \"02:00:%02x:%02x:%02x:%02x\"}\n", v, p, h, int(v / 16777216) % 256, int(v / 65536) % 256, int(v / 256) % 256, v % 256
	}
}
