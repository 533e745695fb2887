# SPDX-License-Identifier: GPL-2.0
#
# panswitch: build the module and the CLI, run the tests.
#
#   make [KDIR=DIR]        module against DIR (default: the running kernel)
#                          and the CLI
#   make module | cli      one of the two
#   make check [KVER=VER] [T="60 70"]
#                          W=1 build and selftests in QEMU, every target
#                          kernel (or only VER; only the selftests whose
#                          names start with one of T); prints KTAP
#   make check-long [KVER=VER] [T="..."]
#                          make check plus the cases marked long_case
#   make demo [KVER=VER]   run tools/demo.sh in QEMU (default: oldest kernel):
#                          controller and agents on the embedded store
#   make demo-etcd [KVER=VER]  the same on a real etcd (etcd-server)
#   make bench [ENGINE=qemu|uml] [KVER=VER]
#                          benchmark lane (tools/bench/run.sh): QEMU/TCG on
#                          the oldest kernel (default), or User-Mode Linux
#                          built from linux-source-6.1 (cached in
#                          /var/cache/panswitch); table, build/bench.json,
#                          Documentation/bench/, Documentation/performance.md;
#                          BENCH_SCENARIOS=fanout BENCH_SCALE= make bench
#                          ENGINE=uml runs only issue 16's flood (a broadcast
#                          to 8 remotes: head-end vs multicast group), its
#                          own section, the full tables kept (run.sh lists
#                          the scenarios and the other knobs);
#                          PSW_UML_SRC=6.12: UML from linux-source-6.12
#                          (pktgen's flag !SHARED: BENCH_GENS=...,netif_unshared)
#   make bench-profile     per-function profiles of the bench's paths under
#                          UML, flame graphs in Documentation/bench/profile/
#   make bench-agent [KVER=VER]  panswitchd's apply rate into the kernel vs
#                          panswitch -b, in QEMU (tools/controller/bench)
#   make fuzz [KVER=VER]   long fuzz and stress run in QEMU (tools/fuzz/run.sh:
#                          FUZZ_NL, FUZZ_FRAMES, FUZZ_SEED, FUZZ_DEBUG=1, ...)
#   make check-debug       the selftests under a KASAN/lockdep/kmemleak build
#                          of linux-source-6.1 (cached in /var/cache/panswitch)
#   make fresh-check       the README's two commands in a fresh debootstrap
#                          root (not in CI: for a human before a release)
#   make checkpatch        kernel coding style of kmod/
#   make install [DESTDIR=DIR] [PREFIX=/usr] [KVER=VER]
#                          install-tools, and install-module when
#                          kmod/panswitch.ko was built
#   make install-tools     the programs, man pages, libpanswitch (shared,
#                          static, header, panswitch.pc): tools/Makefile
#   make install-module [KVER=VER] [DESTDIR=DIR] [KO=FILE]
#                          kmod/panswitch.ko (built for VER, default: the
#                          kernel it was built for, its vermagic) into
#                          DIR/lib/modules/VER/updates,
#                          then depmod, so that `modprobe panswitch` loads
#                          udp_tunnel, ip6_udp_tunnel and ip_gre first
#   make deb               Debian packages in build/deb (dpkg-buildpackage,
#                          debian/): panswitch, libpanswitch1,
#                          libpanswitch-dev, panswitch-dkms,
#                          panswitch-iproute2; then lintian
#   make deb-check         those packages in a fresh bookworm root with the
#                          test kernels' headers: DKMS builds the module for
#                          each, which then runs in the test VM (not in CI)
#   make clean

KDIR ?= /lib/modules/$(shell uname -r)/build

# The one version of panswitch: the library's (netlink/libpanswitch.h);
# the CLI, debian/changelog and so the packages and dkms.conf follow it.
VERSION := $(shell sed -n 's/^\#define PSWC_VERSION[[:space:]]*"\(.*\)"$$/\1/p' \
	     netlink/libpanswitch.h)

.PHONY: all module cli install install-tools install-module deb deb-check check check-long check-debug demo demo-etcd bench bench-profile bench-agent fuzz fresh-check checkpatch clean

all: module cli

module:
	@test -d "$(KDIR)" || { echo "error: no kernel build directory $(KDIR)," \
		"pass KDIR=/lib/modules/<version>/build" >&2; exit 1; }
	$(MAKE) -C "$(KDIR)" M="$(CURDIR)" W=1 modules

cli:
	$(MAKE) -C tools

# On a real host `make && make install` installs both; a tree where the
# module was not built (a package build) installs the userspace only.
install: install-tools
	@if [ -e "$(KO)" ]; then $(MAKE) --no-print-directory install-module; \
	else echo "make install: no $(KO), module not installed (make module, or the panswitch-dkms package)"; fi

install-tools:
	$(MAKE) -C tools install

# As the kernel's modules_install does for external modules: the module
# under updates/ (it takes precedence over an in-tree module of the same
# name), then depmod for that kernel. With DESTDIR, depmod -b DESTDIR runs
# only when DESTDIR holds that kernel's module tree (an image root); a
# staging directory gets the module alone (its package runs depmod).
KO ?= kmod/panswitch.ko
install-module:
	@ko='$(KO)'; \
	test -e "$$ko" || { echo "error: no $$ko: make module KDIR=/lib/modules/<version>/build" >&2; exit 1; }; \
	vm=$$(modinfo -F vermagic "$$ko" | cut -d' ' -f1); kver='$(or $(KVER),'"$$vm"')'; \
	test -n "$$vm" && test "$$vm" = "$$kver" || { echo "error: $$ko was built for '$$vm', not $$kver: rebuild it (make module KDIR=/lib/modules/$$kver/build)" >&2; exit 1; }; \
	dst='$(DESTDIR)'/lib/modules/$$kver/updates; \
	echo "install -D -m 0644 $$ko $$dst/$${ko##*/}"; \
	install -D -m 0644 "$$ko" "$$dst/$${ko##*/}" || exit 1; \
	if [ -z '$(DESTDIR)' ]; then echo "depmod -a $$kver"; depmod -a "$$kver"; \
	elif [ -e '$(DESTDIR)'/lib/modules/$$kver/modules.order ]; then \
		echo "depmod -a -b $(DESTDIR) $$kver"; depmod -a -b '$(DESTDIR)' "$$kver"; \
	else echo "no module tree of $$kver in $(DESTDIR): depmod not run"; fi

# Debian packages (debian/), built from a copy of the tree (the tracked
# files and the new ones git does not ignore) in build/deb, where
# dpkg-buildpackage leaves them; then lintian (debian/README.source
# explains what it still reports).
deb:
	tools/testvm/install-deps.sh
	@test "$$(dpkg-parsechangelog -S Version)" = "$(VERSION)" || \
		{ echo "error: debian/changelog is at $$(dpkg-parsechangelog -S Version), the tree at $(VERSION) (netlink/libpanswitch.h): add a changelog entry" >&2; exit 1; }
	rm -rf build/deb
	mkdir -p build/deb/panswitch-$(VERSION)
	git ls-files -z --cached --others --exclude-standard | \
		xargs -0 sh -c 'for f; do [ -e "$$f" ] && printf "%s\0" "$$f"; done' sh | \
		cpio -0 -pdm --quiet build/deb/panswitch-$(VERSION)
	cd build/deb/panswitch-$(VERSION) && dpkg-buildpackage -us -uc -b -j2 >../build.log 2>&1 || \
		{ tail -n 30 ../build.log >&2; exit 1; }
	rm -rf build/deb/panswitch-$(VERSION)
	ls build/deb/*.deb
	runuser -u nobody -- lintian --display-info --fail-on error,warning build/deb/*.changes

deb-check: deb
	tools/testvm/deb-check.sh

check:
	tools/testvm/install-deps.sh
	$(if $(T),PSW_TESTS="$(T)") tools/testvm/check.sh

check-long:
	tools/testvm/install-deps.sh
	PSW_LONG=1 $(if $(T),PSW_TESTS="$(T)") tools/testvm/check.sh

check-debug:
	tools/testvm/install-deps.sh
	$(if $(T),PSW_TESTS="$(T)") tools/testvm/check-debug.sh

demo:
	tools/testvm/install-deps.sh
	tools/testvm/run-demo.sh dir

demo-etcd:
	tools/testvm/install-deps.sh
	tools/testvm/run-demo.sh etcd

bench:
	tools/testvm/install-deps.sh
	tools/bench/run.sh

bench-profile:
	tools/testvm/install-deps.sh
	ENGINE=uml BENCH_PROFILE=1 tools/bench/run.sh

# the demo VM running the agent's apply benchmark instead of the demo
bench-agent:
	tools/testvm/install-deps.sh
	PSW_DEMO=$(CURDIR)/tools/controller/bench/bench-apply.sh tools/testvm/run-demo.sh

fuzz:
	tools/testvm/install-deps.sh
	tools/fuzz/run.sh

fresh-check:
	tools/testvm/fresh-check.sh

checkpatch:
	tools/testvm/checkpatch.sh

clean:
	if [ -d "$(KDIR)" ]; then $(MAKE) -C "$(KDIR)" M="$(CURDIR)" clean; fi
	if [ -e tools/Makefile ]; then $(MAKE) -C tools clean; fi
	rm -rf build
