# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# lib_kmsg.sh - the one definition of a kernel message that means a run is
# broken: a warning, an oops, a sanitizer, lockdep or RCU report, a leak.
# Sourced by lib.sh (check_kernel_log: dmesg since the test started, in
# the guest) and by tools/testvm/common.sh (the whole console log of a VM, on
# kernel lines only). kmemleak: the guest's init turns on kmemleak.verbose
# before its final scan, so each leak is printed with its backtrace.
# shellcheck disable=SC2034	# used by the files that source this one
KERNEL_BAD_RE='WARNING:|BUG:|BUG |kernel BUG|Oops|Call Trace|general protection|Kernel panic|UBSAN:|KASAN:|KFENCE:|refcount_t:|list_(add|del) corruption|use-after-free|unregister_netdevice: waiting|blocked for more than|rcu: INFO|rcu_.*stall|RCU stall|suspicious RCU|lockdep|locking dependency|recursive locking|inconsistent lock state|DEBUG_LOCKS_WARN_ON|soft lockup|hard LOCKUP|stack-protector|kmemleak:'
