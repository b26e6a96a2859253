#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Extracts from Debian's linux-source-6.12 package only what mmlab borrows
# at build time -- the kselftest headers, lib.mk and runner, checkpatch.pl
# and its data files, YNL and the netlink specs -- into build/ksrc/.
# Nothing extracted here is ever committed.
#
#   ksrc.sh [DEST]   prints the extracted tree's path (DEST/linux-source-6.12)
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
dest=${1:-$top/build/ksrc}
tarball=$(ls /usr/src/linux-source-6.12.tar.* 2>/dev/null | head -n 1 || true)
if [ -z "$tarball" ]; then
	echo "ksrc: /usr/src/linux-source-6.12.tar.* missing: run 'make deps'" >&2
	exit 1
fi
tree=$dest/linux-source-6.12
stamp=$dest/.stamp
# Re-extract when the package's tarball changes.
want=$(stat -c '%s %Y' "$tarball")
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -d "$tree" ]; then
	echo "$tree"
	exit 0
fi
rm -rf "$dest"
mkdir -p "$dest"
tar -C "$dest" -xf "$tarball" --wildcards \
	'linux-source-6.12/tools/testing/selftests/kselftest*' \
	'linux-source-6.12/tools/testing/selftests/lib.mk' \
	'linux-source-6.12/scripts/checkpatch.pl' \
	'linux-source-6.12/scripts/spelling.txt' \
	'linux-source-6.12/scripts/const_structs.checkpatch' \
	'linux-source-6.12/scripts/kernel-doc' \
	'linux-source-6.12/tools/net/ynl' \
	'linux-source-6.12/Documentation/netlink/*' >&2
echo "$want" > "$stamp"
echo "$tree"
