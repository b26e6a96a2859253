# SPDX-License-Identifier: GPL-2.0
#
# Shared by vmtest.sh, vmshell.sh, demo.sh and prove-harness.sh (sourced,
# POSIX sh): paths, the kernel command line, the accelerator choice and the
# QEMU command.
#
# Environment knobs (all optional):
#	MMLAB_VM_TIMEOUT   seconds for a whole QEMU run (default 480)
#	MMLAB_VM_ACCEL     tcg or kvm: skip the probe
#	MMLAB_VM_MEM       guest RAM (default 512M; 1G for the debug kernel,
#	                   whose KASAN shadow and quarantine need it)
#	MMLAB_VM_SMP       guest CPUs (default 2)
#	MMLAB_VM_LOGLEVEL  console loglevel (default 7 for tests, 4 otherwise)
#	MMLAB_VM_CMDLINE   extra kernel command line words
#	MMLAB_VM_MEMMAP    a range for the guest kernel to reserve, written
#	                   as its memmap= option writes it: SIZE$ADDR, e.g.
#	                   '16M$0x10000000' (single quotes: the $ is
#	                   literal), or "yes" for that one. Adds
#	                   memmap=SIZE$ADDR to the command line; the range
#	                   must end 64M below the guest's RAM
#	                   (vm_memmap_check): the initramfs is loaded there.
#	MMLAB_VM_KO, MMLAB_VM_TOOL   see mkinitramfs.sh

# shellcheck disable=SC2034 # used by the scripts that source this
VM_TOP=$(cd "$(dirname "$0")/../.." && pwd)
VM_DIR=$VM_TOP/scripts/vm
VM_BUILD=$VM_TOP/build/vm
VM_TIMEOUT=${MMLAB_VM_TIMEOUT:-480}
VM_SMP=${MMLAB_VM_SMP:-2}
VM_QEMU=qemu-system-x86_64
if [ "${MMLAB_VM_MEMMAP:-}" = yes ]; then
	MMLAB_VM_MEMMAP='16M$0x10000000'
fi

vm_die()
{
	echo "${0##*/}: $*" >&2
	exit 1
}

vm_need_tools()
{
	for _t in "$VM_QEMU" timeout cpio; do
		command -v "$_t" >/dev/null 2>&1 ||
			vm_die "$_t not found: run 'make deps'"
	done
}

# vm_debug_tree KVER: the debug kernel's tree (scripts/debug-kernel.sh) if
# KVER is its release, else nothing and status 1.
vm_debug_tree()
{
	_t=$("$VM_TOP/scripts/debug-kernel.sh" --path 2>/dev/null) || return 1
	[ "$(cat "$_t/include/config/kernel.release" 2>/dev/null)" = "$1" ] ||
		return 1
	echo "$_t"
}

# vm_kernel KVER: the kernel image: Debian's in /boot, or the debug
# kernel's bzImage.
vm_kernel()
{
	if [ -r "/boot/vmlinuz-$1" ]; then
		echo "/boot/vmlinuz-$1"
	elif _t=$(vm_debug_tree "$1"); then
		echo "$_t/arch/x86/boot/bzImage"
	else
		return 1
	fi
}

# vm_kconfig KVER: the kernel's .config.
vm_kconfig()
{
	if [ -r "/boot/config-$1" ]; then
		echo "/boot/config-$1"
	elif _t=$(vm_debug_tree "$1"); then
		echo "$_t/.config"
	fi
}

# vm_mem KVER: guest RAM.
vm_mem()
{
	if [ -n "${MMLAB_VM_MEM:-}" ]; then
		echo "$MMLAB_VM_MEM"
	elif grep -qs '^CONFIG_KASAN=y' "$(vm_kconfig "$1")"; then
		echo 1G
	else
		echo 512M
	fi
}

# vm_bytes SIZE: NUMBER[K|M|G] or 0xHEX in bytes, or status 1.
vm_bytes()
{
	case $1 in
	'' | 0[xX]*[!0-9a-fA-F]* | 0[xX]) return 1 ;;
	0[xX]*) echo $(($1)) ;;
	*[!0-9kKmMgG]* | [!0-9]* | *[kKmMgG]?*) return 1 ;;
	*[kK]) echo $((${1%?} << 10)) ;;
	*[mM]) echo $((${1%?} << 20)) ;;
	*[gG]) echo $((${1%?} << 30)) ;;
	*) echo $(($1)) ;;
	esac
}

# vm_memmap_check KVER: MMLAB_VM_MEMMAP, if set, is SIZE$ADDR with both
# parts page aligned, and the guest's RAM extends 64M past its end (the
# kernel and initramfs are loaded up there); else die saying so.
vm_memmap_check()
{
	[ -n "${MMLAB_VM_MEMMAP:-}" ] || return 0
	_mm=$MMLAB_VM_MEMMAP
	case $_mm in
	*'$'*) ;;
	*) vm_die "MMLAB_VM_MEMMAP='$_mm': expected SIZE\$ADDR, e.g. '16M\$0x10000000'" ;;
	esac
	if ! _sz=$(vm_bytes "${_mm%%\$*}") || ! _at=$(vm_bytes "${_mm#*\$}"); then
		vm_die "MMLAB_VM_MEMMAP='$_mm': SIZE is NUMBER[K|M|G], ADDR 0xHEX or NUMBER[K|M|G]"
	fi
	if [ $((_sz % 4096)) -ne 0 ] || [ $((_at % 4096)) -ne 0 ] || [ "$_sz" -eq 0 ]; then
		vm_die "MMLAB_VM_MEMMAP='$_mm': SIZE and ADDR must be page aligned, SIZE not 0"
	fi
	_ram=$(vm_bytes "$(vm_mem "$1")") ||
		vm_die "guest RAM '$(vm_mem "$1")' is not NUMBER[K|M|G]"
	[ $((_at + _sz + (64 << 20))) -le "$_ram" ] ||
		vm_die "MMLAB_VM_MEMMAP='$_mm' ends at $(((_at + _sz) >> 20))M: the guest needs RAM up to $(((_at + _sz) >> 20))M + 64M (MMLAB_VM_MEM=$(vm_mem "$1"))"
}

# vm_prepare [KVER]: the common start of a boot for a person (demo,
# vmshell): sets kver (default: the newest kernel), initrd and accel, or
# dies saying what is missing.
vm_prepare()
{
	vm_need_tools
	kver=${1:-$("$VM_TOP/scripts/kver.sh" newest)}
	vm_kernel "$kver" >/dev/null || vm_die "no kernel image for $kver"
	vm_memmap_check "$kver"
	initrd=$(vm_initramfs "$kver")
	accel=$(vm_accel "$kver" "$initrd")
}

# vm_initramfs KVER: build (or reuse) the initramfs, print its path.
vm_initramfs()
{
	"$VM_DIR/mkinitramfs.sh" "$1"
}

# vm_cmdline KVER MODE: the kernel command line.
#
# panic=-1 reboots at once on a panic and -no-reboot turns the reboot into
# QEMU's exit; panic_on_warn and oops=panic make every WARN and oops such a
# panic. printk.devkmsg=on keeps the selftests' /dev/kmsg markers from
# being rate limited; log_buf_len keeps the whole run for the dmesg scan.
# slub_debug, page_poison and (where built in) KFENCE catch memory
# misuse the stock kernels would not notice. The bench mode leaves them
# out, as they tax only the kernel's page allocator, and boots with
# init_on_alloc=0: mmlab never clears a frame, so the kernel's side must
# not clear its pages either (Debian turns init_on_alloc on by default).
vm_cmdline()
{
	_kver=$1 _mode=$2
	case $_mode in
	test) _ll=${MMLAB_VM_LOGLEVEL:-7} ;;
	*) _ll=${MMLAB_VM_LOGLEVEL:-4} ;;
	esac
	_c="console=ttyS0 panic=-1 panic_on_warn=1 oops=panic loglevel=$_ll"
	_c="$_c printk.devkmsg=on log_buf_len=4M"
	if [ "$_mode" = bench ]; then
		_c="$_c init_on_alloc=0"
	else
		_c="$_c slub_debug=FZPU page_poison=1"
		if grep -qs '^CONFIG_KFENCE=y' "$(vm_kconfig "$_kver")"; then
			_c="$_c kfence.sample_interval=10"
		fi
	fi
	_c="$_c mmlabvm.mode=$_mode"
	# memmap=SIZE$ADDR reaches QEMU's -append as one quoted word: no
	# shell between here and the guest kernel expands the $.
	_c="$_c${MMLAB_VM_MEMMAP:+ memmap=$MMLAB_VM_MEMMAP}"
	echo "$_c${MMLAB_VM_CMDLINE:+ $MMLAB_VM_CMDLINE}"
}

# vm_qemu ACCEL KVER INITRD CMDLINE TIMEOUT SERIAL0 SERIAL1: run the VM
# (under a host timeout unless TIMEOUT is 0), return QEMU's or timeout's
# exit status (124: timed out). With VM_EXEC set it execs instead, so that
# a caller running it in the background (`VM_EXEC=1 vm_qemu ... &`) holds
# the pid of timeout itself, which passes a SIGTERM on to QEMU.
vm_qemu()
{
	_accel=$1 _kver=$2 _initrd=$3 _cmdline=$4 _timeout=$5 _s0=$6 _s1=$7
	set -- "$VM_QEMU" -nodefaults -no-user-config -machine pc \
		-accel "$_accel" -m "$(vm_mem "$_kver")" -smp "$VM_SMP" \
		-display none -no-reboot \
		-kernel "$(vm_kernel "$_kver")" -initrd "$_initrd" \
		-append "$_cmdline" -serial "$_s0" -serial "$_s1"
	if [ "$_accel" = kvm ]; then
		set -- "$@" -cpu host
	fi
	if [ "$_timeout" -gt 0 ]; then
		set -- timeout -k 10 "$_timeout" "$@"
	fi
	if [ -n "${VM_EXEC:-}" ]; then
		exec "$@"
	fi
	"$@"
}

# vm_accel KVER INITRD: "kvm" if /dev/kvm is usable and a short probe boot
# under KVM reaches userspace and reports on the channel, else "tcg". KVM
# on some hosts aborts or hangs after decompression, hence the probe (with
# a timeout) instead of trusting /dev/kvm. The answer is cached per host
# kernel, QEMU and guest kernel in build/vm/KVER/accel.
vm_accel()
{
	if [ -n "${MMLAB_VM_ACCEL:-}" ]; then
		echo "$MMLAB_VM_ACCEL"
		return
	fi
	if [ ! -c /dev/kvm ] || [ ! -r /dev/kvm ] || [ ! -w /dev/kvm ]; then
		echo tcg
		return
	fi
	_cache=$VM_BUILD/$1/accel
	_key="$(uname -r) $($VM_QEMU --version | head -n 1) $1"
	if [ -r "$_cache" ] && [ "$(head -n 1 "$_cache")" = "$_key" ]; then
		sed -n 2p "$_cache"
		return
	fi
	_probe=$VM_BUILD/$1/probe.log
	rm -f "$_probe"
	vm_qemu kvm "$1" "$2" "$(vm_cmdline "$1" probe)" 60 null "file:$_probe" \
		>/dev/null 2>&1 || true
	if grep -qs mmlab-vm-probe-ok "$_probe"; then
		_a=kvm
	else
		_a=tcg
	fi
	printf '%s\n%s\n' "$_key" "$_a" > "$_cache"
	echo "$_a"
}
