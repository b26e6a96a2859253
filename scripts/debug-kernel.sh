#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Builds mmlab's debug kernel: Debian's linux-source-6.12 configured from
# allnoconfig plus scripts/kconfig/{guest,debug}.config (merge_config.sh,
# then olddefconfig) -- a minimal QEMU guest with KASAN, UBSAN, kmemleak,
# lockdep, KFENCE and fault injection -- and leaves a tree that out-of-tree
# modules build against (make -C TREE M=... modules).
#
#   debug-kernel.sh           build the kernel unless already built; the
#                             last line on stdout is the tree's path
#   debug-kernel.sh --path    print the tree's path, build nothing (exit 1
#                             if it is not built)
#   debug-kernel.sh --prune   remove the trees of other keys (stale
#                             fragments or package versions) not in use
#
# The tree lives outside the repository, in
#   ${MMLAB_CACHE:-/var/cache/mmlab}/debug-kernel/KEY/linux-source-6.12
# where KEY is the linux-source-6.12 package version plus a hash of the
# fragments, the compiler's version and this script's recipe number: a
# machine builds each combination once, and editing a fragment, upgrading
# the package or the compiler builds a new tree. A second run is instant.
# Runs are serialized by a lock (flock) on the KEY folder, so concurrent
# callers wait for one build instead of racing. The whole build goes to
# KEY/build.log; stderr gets one line of progress per phase.
#
# Environment:
#	MMLAB_CACHE   cache root (default /var/cache/mmlab if writable, else
#	              ${XDG_CACHE_HOME:-$HOME/.cache}/mmlab)
#	JOBS          parallel make jobs (default: number of CPUs)
#	MMLAB_NICE    niceness of the build (default 19: it shares the machine)
set -eu

# Bump when the way the tree is built changes (not the fragments: they are
# hashed), so that every machine rebuilds.
RECIPE=1

top=$(cd "$(dirname "$0")/.." && pwd)
frags="$top/scripts/kconfig/guest.config $top/scripts/kconfig/debug.config"
tarball=/usr/src/linux-source-6.12.tar.xz
pkg=linux-source-6.12
name=linux-source-6.12
jobs=${JOBS:-$(nproc)}
nice=${MMLAB_NICE:-19}

note()
{
	echo "debug-kernel: $*" >&2
}

die()
{
	note "$*"
	exit 1
}

cache_root()
{
	if [ -n "${MMLAB_CACHE:-}" ]; then
		echo "$MMLAB_CACHE"
	elif mkdir -p /var/cache/mmlab 2>/dev/null && [ -w /var/cache/mmlab ]; then
		echo /var/cache/mmlab
	else
		echo "${XDG_CACHE_HOME:-$HOME/.cache}/mmlab"
	fi
}

# The key: "<package version>-<hash>", made safe for a path and for make.
cache_key()
{
	_ver=$(dpkg-query -W -f='${Version}' "$pkg" 2>/dev/null || true)
	if [ -z "$_ver" ] || [ ! -r "$tarball" ]; then
		die "$pkg is not installed ($tarball): run 'make deps'"
	fi
	_hash=$({
		echo "recipe $RECIPE"
		${CC:-gcc} --version | head -n 1
		for _f in $frags; do
			echo "fragment ${_f##*/}"
			cat "$_f"
		done
	} | sha256sum | cut -c 1-12)
	echo "$_ver-$_hash" | tr -c 'A-Za-z0-9.+\n-' '_'
}

mode=build
case "${1:-}" in
"") ;;
--path) mode=path ;;
--prune) mode=prune ;;
*)
	echo "usage: $0 [--path|--prune]" >&2
	exit 2
	;;
esac

for f in $frags; do
	[ -r "$f" ] || die "missing fragment $f"
done
root=$(cache_root)/debug-kernel
key=$(cache_key)
dir=$root/$key
tree=$dir/$name

if [ "$mode" = prune ]; then
	for d in "$root"/*/; do
		d=${d%/}
		if [ ! -d "$d" ] || [ "$d" = "$dir" ]; then
			continue
		fi
		# Skip a tree whose build is running right now.
		if flock -n "$d/.lock" rm -rf "$d/$name" "$d/build.log"; then
			rm -rf "$d"
			note "removed $d"
		else
			note "in use, kept $d"
		fi
	done
	exit 0
fi

built()
{
	[ -f "$dir/.done" ] && [ -f "$tree/Module.symvers" ] &&
		[ -f "$tree/arch/x86/boot/bzImage" ]
}

# Fast path: built before, nothing to lock.
if built; then
	echo "$tree"
	exit 0
fi
[ "$mode" = path ] && { echo "$tree"; exit 1; }

command -v flock >/dev/null || die "flock (util-linux) not found"
for t in make gcc bc flex bison perl; do
	command -v $t >/dev/null || die "$t not found: run 'make deps'"
done
[ -r /usr/include/libelf.h ] || die "libelf-dev missing: run 'make deps'"

mkdir -p "$dir" || die "cannot create $dir (set MMLAB_CACHE)"
exec 9> "$dir/.lock"
if ! flock -n 9; then
	note "another build of $key is running, waiting for it"
	flock 9
fi
# The build we waited for may have finished it.
if built; then
	echo "$tree"
	exit 0
fi
# A tree removed by hand behind its stamps: start over.
if [ ! -f "$tree/Makefile" ]; then
	rm -f "$dir/.done" "$dir/.extracted" "$dir/.configured"
fi
rm -f "$dir/.done"

log=$dir/build.log
start=$(date +%s)
echo "=== $(date -u '+%F %T') debug-kernel.sh: key $key, $jobs jobs" >> "$log"

# run PHASE CMD...: run CMD with its output in the log; on failure show
# the log's tail and stop.
run()
{
	_phase=$1
	shift
	echo "=== $_phase: $*" >> "$log"
	if ! "$@" >> "$log" 2>&1; then
		tail -n 30 "$log" >&2
		die "$_phase failed; full log: $log"
	fi
}

export ARCH=x86_64

# merge_config.sh -n: allnoconfig with the fragments as KCONFIG_ALLCONFIG,
# which also warns about every requested value that did not make it.
merge_fragments()
(
	cd "$tree"
	# shellcheck disable=SC2086 # $frags is a list
	nice -n "$nice" scripts/kconfig/merge_config.sh -n $frags
)

# Stamps let an interrupted build resume where it stopped: make itself is
# incremental, only a half-extracted tree must go.
if [ ! -f "$dir/.extracted" ]; then
	note "extracting $tarball into $dir (log: $log)"
	rm -rf "$tree"
	run extract nice -n "$nice" tar -C "$dir" -xf "$tarball"
	[ -f "$tree/Makefile" ] || die "$tarball did not hold $name/"
	touch "$dir/.extracted"
fi

if [ ! -f "$dir/.configured" ]; then
	note "configuring: allnoconfig + $(echo "$frags" | sed "s|$top/||g")"
	mkdir -p "$dir/fragments"
	# A copy of what the key hashed, to tell later what this tree is.
	# shellcheck disable=SC2086 # $frags is a list
	cp $frags "$dir/fragments/"
	run merge_config merge_fragments
	run olddefconfig nice -n "$nice" make -C "$tree" olddefconfig
	# Kconfig drops an option whose dependency is off without a word:
	# stop here, not after the long build.
	# shellcheck disable=SC2086 # $frags is a list
	if ! "$top/scripts/check-config.sh" "$tree/.config" $frags >> "$log" 2>&1; then
		grep '^check-config:' "$log" | tail -n 20 >&2
		die "fragments not satisfied by $tree/.config; fix scripts/kconfig/"
	fi
	for f in $frags; do
		sed -n 's/^# \(CONFIG_[A-Za-z0-9_]*\) is not set$/\1/p' "$f"
	done | while read -r opt; do
		if grep -q "^$opt=" "$tree/.config"; then
			die "$opt is set, the fragments want it off"
		fi
	done
	touch "$dir/.configured"
fi

note "building $(make -s -C "$tree" kernelrelease 2>/dev/null) with $jobs jobs (about 13 min on 2 cores; log: $log)"
# "all" is vmlinux, bzImage and modules; modules depends on
# modules_prepare, and modpost writes Module.symvers: everything
# "make -C TREE M=DIR modules" needs.
run build nice -n "$nice" make -C "$tree" -j"$jobs" all
for f in arch/x86/boot/bzImage Module.symvers scripts/mod/modpost; do
	[ -e "$tree/$f" ] || die "build left no $f; log: $log"
done

secs=$(($(date +%s) - start))
{
	echo "key $key"
	echo "release $(cat "$tree/include/config/kernel.release")"
	echo "built $(date -u '+%F %T') in ${secs}s"
} > "$dir/.done"
echo "=== done in ${secs}s" >> "$log"
note "built in $((secs / 60))m$((secs % 60))s: $tree/arch/x86/boot/bzImage"
echo "$tree"
