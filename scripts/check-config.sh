#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Checks a kernel's .config for what mmlab needs.
#
#   check-config.sh KERNEL_CONFIG [FRAGMENT...]
#
# The fragments (default: selftests/config, the kselftest config fragment
# that lists what mmlab and its tests need) hold CONFIG_X=y|m|value lines;
# each must be matched by the kernel's .config ("=m" in a fragment also
# accepts "=y"). Prints one line per missing option and exits 1 if any.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
[ $# -ge 1 ] || { echo "usage: $0 KERNEL_CONFIG [FRAGMENT...]" >&2; exit 2; }
cfg=$1
shift
[ -r "$cfg" ] || { echo "check-config: cannot read $cfg" >&2; exit 2; }
[ $# -gt 0 ] || set -- "$top/selftests/config"

bad=0
ok=0
for frag in "$@"; do
	while IFS= read -r line; do
		case "$line" in
		CONFIG_*=*) ;;
		*) continue ;;
		esac
		opt=${line%%=*}
		want=${line#*=}
		have=$(sed -n "s/^$opt=//p" "$cfg" | tail -n 1)
		if [ "$have" = "$want" ] || { [ "$want" = m ] && [ "$have" = y ]; }; then
			ok=$((ok + 1))
		else
			echo "check-config: $opt=${have:-unset}, mmlab needs $want ($frag)"
			bad=$((bad + 1))
		fi
	done < "$frag"
done
echo "check-config: $cfg: $ok options ok, $bad missing"
[ "$bad" -eq 0 ]
