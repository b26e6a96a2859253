# SPDX-License-Identifier: GPL-2.0
#
# The debug kernel: Debian's linux-source-6.12 built with KASAN, UBSAN,
# kmemleak, lockdep, KFENCE and fault injection from the fragments in
# scripts/kconfig/ (see Documentation/dev-tools/debug-kernel.rst).
# Included by the top Makefile.
#
#   make debug-kernel        build it once per fragments/package/compiler
#                            (~20 min on 2 cores), in a cache outside the
#                            repository (MMLAB_CACHE, default
#                            /var/cache/mmlab); prints the tree's path
#   make check-config-debug  check the built tree's .config against the
#                            fragments
#
# DEBUG_KDIR is the tree, for KDIR=: make kmod KDIR=$(DEBUG_KDIR) ...
# (empty until the kernel is built).

DEBUG_KERNEL_FRAGMENTS := scripts/kconfig/guest.config scripts/kconfig/debug.config
DEBUG_KDIR = $(shell scripts/debug-kernel.sh --path 2>/dev/null)

.PHONY: debug-kernel check-config-debug

debug-kernel:
	$(Q)scripts/debug-kernel.sh

check-config-debug:
	$(Q)t=$$(scripts/debug-kernel.sh --path) || { \
		echo "check-config-debug: the debug kernel for these fragments is not built: make debug-kernel" >&2; \
		exit 1; }; \
	scripts/check-config.sh "$$t/.config" $(DEBUG_KERNEL_FRAGMENTS)
