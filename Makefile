# SPDX-License-Identifier: GPL-2.0
#
# mmlab developer Makefile: the human targets. Kbuild logic lives in
# kmod/Kbuild; each part has its own Makefile (kmod/, tools/mmlab/,
# tools/testing/, selftests/) and this file only strings them together.
#
#   make help    lists the targets

KVER ?= $(shell scripts/kver.sh newest)
KDIR ?= /lib/modules/$(KVER)/build
BUILD := $(CURDIR)/build
KSRC = $(BUILD)/ksrc/linux-source-6.12
# Every kernel with headers installed, for kmod-all and the VM tests.
KVERS ?= $(shell scripts/kver.sh list)

export KVER KDIR BUILD

ifeq ($(V),1)
Q :=
else
Q := @
endif

.PHONY: all kmod kmod-all tools unit selftests lint vmtest vmtest-memmap vmtest-% vmshell prove-harness \
	vmtest-debug prove-debug \
	demo deps check bench install clean help check-config ksrc debug

all: kmod tools

kmod:
	$(Q)$(MAKE) -C kmod KDIR=$(KDIR) OUT=$(BUILD)/$(KVER)/kmod

debug:
	$(Q)$(MAKE) -C kmod KDIR=$(KDIR) OUT=$(BUILD)/$(KVER)/kmod-debug debug

# W=1 builds for every installed kernel, each in its own output folder.
kmod-all:
	$(Q)set -e; for k in $(KVERS); do \
		echo "  KMOD    $$k"; \
		$(MAKE) -C kmod KDIR=/lib/modules/$$k/build \
			OUT=$(BUILD)/$$k/kmod W=1; \
	done

check-config:
	$(Q)$(MAKE) -C kmod KDIR=$(KDIR) check-config

tools:
	$(Q)$(MAKE) -C tools/mmlab

unit:
	$(Q)$(MAKE) --no-print-directory -C tools/testing run

ksrc:
	$(Q)scripts/ksrc.sh >/dev/null

selftests: ksrc
	$(Q)$(MAKE) -C selftests KSFT_SRC=$(KSRC)/tools/testing/selftests

lint: ksrc
	$(Q)scripts/lint.sh

vmtest: kmod-all tools selftests
	$(Q)scripts/vm/vmtest.sh $(shell scripts/kver.sh boot)

# The memmap backing's selftests alone, one boot per kernel with a range
# reserved at boot (MMLAB_VM_MEMMAP, default 16M$0x10000000).
vmtest-memmap: kmod-all tools selftests
	$(Q)MMLAB_VM_MEMMAP="$${MMLAB_VM_MEMMAP:-yes}" MMLAB_VM_TESTS=memmap \
		scripts/vm/vmtest.sh $(shell scripts/kver.sh boot)

vmtest-%: tools selftests
	$(Q)$(MAKE) -C kmod KDIR=/lib/modules/$*/build OUT=$(BUILD)/$*/kmod
	$(Q)scripts/vm/vmtest.sh $*

# Proves the harness reads a failing test, a panic, a hang and a dirty
# kernel log as failures (about 2.5 minutes a kernel; not part of check).
prove-harness: kmod tools selftests
	$(Q)scripts/vm/prove-harness.sh $(KVER)

# The debug lane (scripts/vm/debug-lane.sh): the debug kernel of
# scripts/debug-kernel.mk, built once and cached outside the tree.
vmtest-debug: tools selftests
	$(Q)scripts/vm/debug-lane.sh build >/dev/null
	$(Q)scripts/vm/debug-lane.sh vmtest

prove-debug: tools selftests
	$(Q)scripts/vm/debug-lane.sh build >/dev/null
	$(Q)scripts/vm/debug-lane.sh probes

vmshell: kmod tools selftests
	$(Q)scripts/vm/vmshell.sh $(KVER)

demo:
	$(Q)scripts/deps.sh --if-missing
	$(Q)$(MAKE) --no-print-directory kmod tools selftests
	$(Q)scripts/vm/demo.sh $(KVER)

deps:
	$(Q)scripts/deps.sh

check:
	$(Q)scripts/deps.sh --if-missing
	$(Q)scripts/check.sh

# Benchmarks, never part of check (Documentation/dev-tools/benchmarks.rst):
# the portable core in userspace at -O2 (16 MiB and 4 GiB arenas; the slab
# caches against glibc, jemalloc and tcmalloc), then
# mmlab against the kernel's page allocator in the VM, on BENCH_KVERS
# (default: KVER, the newest kernel; "all": every bootable kernel).
BENCH_KVERS ?= $(KVER)
bench_kvers = $(if $(filter all,$(BENCH_KVERS)),$(shell scripts/kver.sh boot),$(BENCH_KVERS))

bench:
	$(Q)scripts/deps.sh --if-missing
	$(Q)set -e; for k in $(bench_kvers); do \
		$(MAKE) -C kmod KDIR=/lib/modules/$$k/build OUT=$(BUILD)/$$k/kmod; \
	done
	$(Q)$(MAKE) --no-print-directory tools selftests
	$(Q)$(MAKE) --no-print-directory -C tools/testing bench
	$(Q)$(MAKE) --no-print-directory -C tools/testing bench-slab
	$(Q)$(MAKE) --no-print-directory -C tools/testing bench-mmu
	$(Q)scripts/vm/bench.sh $(bench_kvers)

install: kmod tools
	$(Q)$(MAKE) -C kmod KDIR=$(KDIR) OUT=$(BUILD)/$(KVER)/kmod install
	$(Q)$(MAKE) -C tools/mmlab install

clean:
	$(Q)$(MAKE) -C kmod clean
	$(Q)$(MAKE) -C tools/mmlab clean
	$(Q)$(MAKE) -C tools/testing clean
	$(Q)rm -rf $(BUILD)

include scripts/debug-kernel.mk

help:
	@echo 'mmlab targets:'
	@echo '  all          module (newest kernel) and tools (default)'
	@echo '  kmod         the module for KVER=$(KVER) (or KDIR=...)'
	@echo '  kmod-all     the module for every kernel with headers, W=1'
	@echo '  debug        the module with MMLAB_DEBUG (extra checks, self-tests)'
	@echo '  check-config check a kernel .config for what mmlab needs'
	@echo '  tools        the mmlab command-line tool'
	@echo '  unit         the portable core in userspace under ASan+UBSan'
	@echo '  selftests    build the kselftests'
	@echo '  lint         checkpatch and kernel-doc on all sources'
	@echo '  vmtest       selftests in a QEMU VM on each kernel ($(KVERS))'
	@echo '  vmtest-KVER  the same on one kernel'
	@echo '  vmtest-memmap  the memmap= backing tests, booted with a reserved range'
	@echo '  prove-harness  show a failing test, panic, hang, dirty dmesg read as failures'
	@echo '  debug-kernel   build the KASAN/kmemleak/lockdep kernel (cached, once)'
	@echo '  vmtest-debug   the selftests on the debug kernel + kmemleak scan'
	@echo '  prove-debug    one boot per deliberate bug: each detector must report'
	@echo '  vmshell      a shell in the test VM with mmlab loaded (KVER=...)'
	@echo '  demo         boot the VM and show what mmlab does'
	@echo '  deps         install build and test dependencies (Debian 12)'
	@echo '  check        lint + kmod-all + unit + vmtest; ends "N passed, N failed"'
	@echo '  bench        benchmarks, never part of check: the core in userspace'
	@echo '               (-O2, 16 MiB vs 4 GiB arena, metadata per frame; slab'
	@echo '               caches vs glibc, jemalloc, tcmalloc), then'
	@echo '               mmlab vs alloc_pages() per order in the VM, same boot'
	@echo '               (BENCH_KVERS=KVER... or all; TCG: only ratios count)'
	@echo '  install      install module and tool on this machine'
	@echo '  clean        remove build products'
	@echo 'Variables: KVER, KDIR, BENCH_KVERS, V=1 (verbose)'
