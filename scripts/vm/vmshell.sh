#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# An interactive shell in the mmlab test VM: the same initramfs and kernel
# command line as vmtest.sh, mmlab loaded with default parameters, the
# mmlab tool in PATH, the selftests under /selftests. The console is on
# this terminal (-serial mon:stdio); nothing powers the VM off but you:
# `poweroff -f` or leaving the shell, or Ctrl-A X (QEMU's monitor: Ctrl-A C).
#
#	vmshell.sh [KVER]      default: the newest kernel
#
# The guest's result channel (unused here) goes to build/vm/KVER/shell.log.

set -eu
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

vm_prepare "${1:-}"
echo "vmshell: $kver under $accel; Ctrl-A X quits QEMU, Ctrl-A H lists the keys" >&2
vm_qemu "$accel" "$kver" "$initrd" "$(vm_cmdline "$kver" shell)" 0 \
	mon:stdio "file:$VM_BUILD/$kver/shell.log"
