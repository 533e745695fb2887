#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# etcd at scale, host side: start one etcd on 127.0.0.1 (a private data
# directory, stopped at the end), then bench-etcd with AGENTS watches in
# one process (default 1000). Reports, asserts nothing.
# usage: bench-etcd.sh [BENCH-ETCD-BINARY]; BENCH_AGENTS, BENCH_CHANGES
set -uo pipefail
B=${1:-$(dirname "$0")/bench-etcd}
port=${BENCH_ETCD_PORT:-23379}
tmp=$(mktemp -d)
etcd --name bench --data-dir "$tmp/data" \
	--listen-client-urls "http://127.0.0.1:$port" \
	--advertise-client-urls "http://127.0.0.1:$port" \
	--listen-peer-urls "http://127.0.0.1:$((port + 1))" \
	--initial-advertise-peer-urls "http://127.0.0.1:$((port + 1))" \
	--initial-cluster "bench=http://127.0.0.1:$((port + 1))" \
	>"$tmp/etcd.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$tmp"' EXIT
for _ in $(seq 100); do
	"$(dirname "$B")/../panswitch-controller" -s "etcd:http://127.0.0.1:$port" status \
		>/dev/null 2>&1 && break
	sleep 0.1
done
echo "etcd $(etcd --version | head -1 | awk '{print $3}') on 127.0.0.1:$port"
timeout 600 "$B" "http://127.0.0.1:$port" "${BENCH_AGENTS:-1000}" "${BENCH_CHANGES:-50}"
