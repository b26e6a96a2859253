#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Builds the initramfs of the mmlab test VM for one kernel and prints its
# path (build/vm/KVER/initramfs.cpio). It is rebuilt only when an input
# changed (the list of inputs, sizes and mtimes is kept beside it).
#
#	mkinitramfs.sh KVER
#
# Contents: busybox-static with its applet links, /init (init.sh),
# mmlab.ko for KVER under /lib/modules/KVER/extra, the mmlab tool with the
# shared libraries and loader ldd names, the MMU benchmark of
# tools/testing statically linked as /usr/bin/mmlab-mmu-bench (the bench
# mode replays it beside the module's), the selftests installed in the
# kselftest layout under /selftests (runner.sh, ktap_helpers.sh,
# kselftest-list.txt, mmlab/), the harness's awk scripts and fault test
# under /usr/lib/mmlab-vm, and /etc/passwd and /etc/group with nobody.
#
# Inputs (environment):
#	MMLAB_VM_KO       the module; "@KVER@" is replaced by KVER
#	                  (default build/@KVER@/kmod/mmlab.ko)
#	MMLAB_VM_TOOL     the tool (default tools/mmlab/mmlab; optional)
#	MMLAB_VM_MMU_BENCH
#	                  the static MMU benchmark (default
#	                  build/testing/mmlab-mmu-bench-static, made by
#	                  make -C tools/testing bench-mmu-static; optional)
#	MMLAB_VM_BUSYBOX  a static busybox (default /bin/busybox)

set -eu

[ $# -eq 1 ] || { echo "usage: $0 KVER" >&2; exit 2; }
kver=$1
top=$(cd "$(dirname "$0")/../.." && pwd)
vm=$top/scripts/vm
out=$top/build/vm/$kver
root=$out/root
cpio_out=$out/initramfs.cpio

die()
{
	echo "mkinitramfs: $*" >&2
	exit 1
}

ko_tmpl=${MMLAB_VM_KO:-$top/build/@KVER@/kmod/mmlab.ko}
ko=$(echo "$ko_tmpl" | sed "s|@KVER@|$kver|g")
tool=${MMLAB_VM_TOOL:-$top/tools/mmlab/mmlab}
mmu_bench=${MMLAB_VM_MMU_BENCH:-$top/build/testing/mmlab-mmu-bench-static}
# The debug lane's negative probes (selftests/probe), when built for KVER.
probe=$top/build/$kver/probe/mmlab_probe.ko
[ -r "$probe" ] || probe=
busybox=${MMLAB_VM_BUSYBOX:-/bin/busybox}

[ -r "$ko" ] || die "$ko missing: build it with 'make kmod KVER=$kver'"
[ -x "$busybox" ] || die "$busybox missing: install busybox-static"
if ldd "$busybox" >/dev/null 2>&1; then
	die "$busybox is dynamically linked: install busybox-static"
fi
if [ ! -x "$tool" ]; then
	echo "mkinitramfs: warning: $tool missing: the tool's tests will skip ('make tools')" >&2
	tool=
fi
# Only the bench mode runs it; nothing else misses it.
if [ ! -x "$mmu_bench" ]; then
	mmu_bench=
elif ldd "$mmu_bench" >/dev/null 2>&1; then
	die "$mmu_bench is dynamically linked: build it with 'make -C tools/testing bench-mmu-static'"
fi

ksft=$("$top/scripts/ksrc.sh")/tools/testing/selftests
# Build the selftests (a no-op when up to date); errors stop here.
make -s -C "$top/selftests" KSFT_SRC="$ksft" all >&2

manifest()
{
	{
		echo "$kver $ko $tool $busybox $probe $mmu_bench"
		for f in "$busybox" "$ko" $tool $probe $mmu_bench "$vm"/* "$top"/selftests/* \
			 "$top"/build/selftests/* "$ksft/kselftest/runner.sh" \
			 "$ksft/kselftest/ktap_helpers.sh"; do
			[ -e "$f" ] && stat -L -c '%n %s %a %Y %Z' "$f"
		done
	} 2>/dev/null
}

mkdir -p "$out"
if [ -r "$cpio_out" ] && [ -r "$out/manifest" ] &&
   [ "$(manifest)" = "$(cat "$out/manifest")" ]; then
	echo "$cpio_out"
	exit 0
fi

rm -rf "$root"
mkdir -p "$root"
cd "$root"
mkdir -p bin sbin usr/bin usr/sbin dev proc sys tmp run root etc \
	"lib/modules/$kver/extra" usr/lib/mmlab-vm selftests
chmod 1777 tmp
chmod 0700 root

# busybox and its applets (bin/sh, sbin/insmod, usr/bin/timeout, ...)
cp "$busybox" bin/busybox
"$busybox" --list-full | while read -r app; do
	mkdir -p "$(dirname "$app")"
	[ -e "$app" ] || ln -s /bin/busybox "$app"
done
mknod -m 600 dev/console c 5 1
mknod -m 666 dev/null c 1 3

# The kselftest runner calls GNU "timeout --foreground" and reads exit
# status 124 as a timeout; busybox's timeout has neither.
rm -f usr/bin/timeout
cat > usr/bin/timeout <<'EOF'
#!/bin/sh
# GNU timeout's interface, as kselftest/runner.sh uses it, on busybox.
[ "${1:-}" != --foreground ] || shift
/bin/busybox timeout "$@"
rc=$?
[ "$rc" -ne 143 ] || rc=124
exit "$rc"
EOF
chmod 755 usr/bin/timeout

cp "$vm/init.sh" init
chmod 755 init
cp "$vm/ktap-summary.awk" "$vm/dmesg-scan.awk" "$vm/mmlab_vm_fault.sh" usr/lib/mmlab-vm/

cat > etc/passwd <<'EOF'
root:x:0:0:root:/root:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
EOF
cat > etc/group <<'EOF'
root:x:0:
nogroup:x:65534:
EOF
echo /bin/sh > etc/shells
cat > etc/profile <<'EOF'
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
PS1='mmlab-vm:\w\$ '
EOF

cp "$ko" "lib/modules/$kver/extra/mmlab.ko"
[ -z "$probe" ] || cp "$probe" "lib/modules/$kver/extra/mmlab_probe.ko"
[ -z "$tool" ] || cp "$tool" usr/bin/mmlab
[ -z "$mmu_bench" ] || cp "$mmu_bench" usr/bin/mmlab-mmu-bench

make -s -C "$top/selftests" KSFT_SRC="$ksft" vm_install INSTALL_PATH="$root/selftests" >&2

# Shared libraries (and the loader) of every dynamically linked program.
find . -type f -perm -u+x | while read -r f; do
	[ "$(head -c 4 "$f" | od -An -c | tr -d ' ')" = '177ELF' ] || continue
	ldd "$f" 2>/dev/null | awk '/=> \// { print $3 } /^[ \t]+\// { print $1 }'
done | sort -u | while read -r lib; do
	mkdir -p ".$(dirname "$lib")"
	cp -L "$lib" ".$lib"
done

find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet > "$cpio_out.tmp"
mv "$cpio_out.tmp" "$cpio_out"
manifest > "$out/manifest"
echo "$cpio_out"
