/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * mmlab - a memory-management laboratory on a private page arena.
 *
 * The one ABI header: the generic netlink family "mmlab", its commands,
 * attributes and enums. Used by the module, the mmlab tool and the
 * selftests alike; Documentation/netlink/mmlab.yaml describes the same
 * family as a YNL spec and must be kept in sync with this file.
 *
 * Conventions:
 *  - Every 64-bit attribute is NLA_U64 and aligned with the *_PAD
 *    attribute of its set (nla_put_u64_64bit()).
 *  - Attributes marked "reply" are only sent by the kernel; putting one in
 *    a request is rejected with -EINVAL and an extack message.
 *  - Commands marked "admin" need CAP_SYS_ADMIN, and CAP_NET_ADMIN as
 *    every GENL_ADMIN_PERM operation does (-EPERM otherwise); the others
 *    are open to every user.
 */
#ifndef _UAPI_LINUX_MMLAB_H
#define _UAPI_LINUX_MMLAB_H

#include <linux/types.h>

#define MMLAB_GENL_NAME		"mmlab"
#define MMLAB_GENL_VERSION	1
#define MMLAB_MCGRP_EVENTS	"events"

/**
 * enum mmlab_cmd - generic netlink commands of the "mmlab" family
 * @MMLAB_CMD_UNSPEC: unused
 * @MMLAB_CMD_STATUS_GET: do: reply with %MMLAB_A_VERSION, %MMLAB_A_ARENA,
 *	%MMLAB_A_STATS and %MMLAB_A_MMU. Unprivileged.
 * @MMLAB_CMD_STATS_RESET: do: zero the resettable statistics and send a
 *	%MMLAB_EVENT_STATS_RESET event. Admin.
 * @MMLAB_CMD_VALIDATE: do: run the arena invariant checker; reply with
 *	%MMLAB_A_VALIDATE_ERRORS and send a %MMLAB_EVENT_VALIDATE event. Admin.
 * @MMLAB_CMD_EVENT: notification only, multicast on the "events" group with
 *	%MMLAB_A_EVENT_TYPE, %MMLAB_A_EVENT_SEQ and type-specific attributes.
 *	Not a request (-EOPNOTSUPP).
 * @MMLAB_CMD_BUDDY_GET: do: reply with %MMLAB_A_BUDDY, the buddy
 *	allocator's counters and indices. Unprivileged.
 * @MMLAB_CMD_BUDDY_ALLOC: do: allocate %MMLAB_A_COUNT (default 1) blocks
 *	of %MMLAB_A_ORDER, or of the smallest order holding %MMLAB_A_SIZE
 *	bytes (exactly one of the two), of migratetype %MMLAB_A_MT (default
 *	movable); all or none. The blocks belong to the requesting socket
 *	and are freed when it closes, unless %MMLAB_A_PERSISTENT. Reply: one
 *	%MMLAB_A_BLOCK per block. Admin.
 * @MMLAB_CMD_BUDDY_FREE: do: free the blocks named by the (repeated)
 *	%MMLAB_A_HANDLE attributes; all or none: an unknown, foreign or
 *	repeated handle refuses the request. When the compact_proactive
 *	threshold is passed afterwards, compaction runs and sends a
 *	%MMLAB_EVENT_COMPACT event. Admin.
 * @MMLAB_CMD_BUDDY_COMPACT: do: compact until a free block of
 *	%MMLAB_A_ORDER (default: max order) exists or the scanners meet;
 *	reply with %MMLAB_A_COMPACT, and send a %MMLAB_EVENT_COMPACT
 *	event. Admin.
 * @MMLAB_CMD_FREELIST_GET: dump: one message per free block, in free list
 *	order (order, then migratetype, then list position), each with one
 *	%MMLAB_A_BLOCK. Unprivileged.
 * @MMLAB_CMD_PAGEMAP_GET: dump: one message per block of the arena, free,
 *	allocated or on a per-CPU list, in frame order, each with one
 *	%MMLAB_A_BLOCK. Unprivileged.
 *	Under the fit allocator, its partitions and holes.
 *	Both dumps are resumable; a dump that spans a change of the allocator
 *	is flagged NLM_F_DUMP_INTR.
 * @MMLAB_CMD_ALLOCATOR_GET: do: reply with %MMLAB_A_ALLOCATOR, and under
 *	the fit allocator %MMLAB_A_FIT_POLICY and %MMLAB_A_FIT. Unprivileged.
 * @MMLAB_CMD_ALLOCATOR_SET: do: put the arena under %MMLAB_A_ALLOCATOR;
 *	for the fit allocator with %MMLAB_A_FIT_POLICY (default first fit).
 *	Only while nothing is allocated (-EBUSY), unless nothing changes
 *	(the allocator and policy in force). Under the fit allocator
 *	%MMLAB_CMD_BUDDY_ALLOC and %MMLAB_CMD_BUDDY_FREE allocate and free
 *	its partitions, and the buddy has lent it every frame. Replies as
 *	%MMLAB_CMD_ALLOCATOR_GET; sends a %MMLAB_EVENT_ALLOCATOR event.
 *	Admin.
 * @MMLAB_CMD_CACHE_CREATE: do: create a slab cache named
 *	%MMLAB_A_CACHE_NAME of objects of %MMLAB_A_SIZE bytes (1..1 MiB),
 *	aligned to %MMLAB_A_CACHE_ALIGN (0 or a power of two up to a page),
 *	with %MMLAB_A_CACHE_FLAGS (&enum mmlab_cache_flags), the constructor
 *	byte %MMLAB_A_CACHE_CTOR (sets %MMLAB_CACHE_CTOR), slabs of
 *	%MMLAB_A_MT (unmovable, the default, or reclaimable). The cache
 *	belongs to the socket (destroyed when it closes, if empty) unless
 *	%MMLAB_A_PERSISTENT. Replies with %MMLAB_A_CACHE. Admin.
 * @MMLAB_CMD_CACHE_DESTROY: do: destroy the cache %MMLAB_A_CACHE_NAME;
 *	-EBUSY while objects of it are in use (the kernel log lists them),
 *	-EPERM for a kmalloc class. Admin.
 * @MMLAB_CMD_CACHE_GET: do: reply with %MMLAB_A_CACHE of the cache
 *	%MMLAB_A_CACHE_NAME; dump: one message per cache, newest first
 * @MMLAB_CMD_CACHE_ALLOC: do: allocate %MMLAB_A_COUNT (default 1)
 *	objects of the cache %MMLAB_A_CACHE_NAME, all or none; reply with
 *	one %MMLAB_A_HANDLE per object. Socket-owned unless
 *	%MMLAB_A_PERSISTENT. Admin.
 * @MMLAB_CMD_CACHE_FREE: do: free the objects named by the (repeated)
 *	%MMLAB_A_HANDLE, all checked first; with %MMLAB_A_CACHE_NAME each
 *	must be of that cache. Admin.
 * @MMLAB_CMD_KMALLOC: do: kmalloc %MMLAB_A_COUNT (default 1) times
 *	%MMLAB_A_SIZE bytes (1..1 GiB: above 8 KiB a buddy block each);
 *	reply with the handles, %MMLAB_A_CACHE_NAME (the class, or
 *	"kmalloc-large") and %MMLAB_A_GRANTED. Admin.
 * @MMLAB_CMD_KFREE: do: kfree the kmalloc objects named by the (repeated)
 *	%MMLAB_A_HANDLE, all checked first. Admin.
 * @MMLAB_CMD_OBJECT_WRITE: do: write %MMLAB_A_DATA into the object
 *	%MMLAB_A_HANDLE at %MMLAB_A_OFFSET (from the object's first byte;
 *	negative reaches its left red zone). The write must stay inside the
 *	object's slot (a large kmalloc: its block): a buggy user within
 *	bounds, for the debug checks to catch. Admin.
 * @MMLAB_CMD_OBJECT_READ: do: reply with %MMLAB_A_DATA, %MMLAB_A_LENGTH
 *	bytes of the object %MMLAB_A_HANDLE from %MMLAB_A_OFFSET, within
 *	its slot. Admin.
 * @MMLAB_CMD_SPACE_CREATE: do: create an address space with the
 *	geometry %MMLAB_A_GEOMETRY (default "x86-64"), its translations in
 *	the shared inverted table if %MMLAB_A_INVERTED; socket-owned unless
 *	%MMLAB_A_PERSISTENT. Replies with %MMLAB_A_SPACE. Admin.
 * @MMLAB_CMD_SPACE_DESTROY: do: destroy the space %MMLAB_A_SPACE_ID,
 *	with every page and table. Admin.
 * @MMLAB_CMD_SPACE_GET: do: reply with %MMLAB_A_SPACE of the space
 *	%MMLAB_A_SPACE_ID; dump: one message per space.
 * @MMLAB_CMD_SPACE_CLONE: do: clone the space %MMLAB_A_SPACE_ID (fork:
 *	private pages copy-on-write, shared regions shared); socket-owned
 *	unless %MMLAB_A_PERSISTENT. Replies with the child's %MMLAB_A_SPACE.
 *	Admin.
 * @MMLAB_CMD_MAP: do: add a region [%MMLAB_A_ADDR, + %MMLAB_A_RANGE_LEN)
 *	with %MMLAB_A_PROT and %MMLAB_A_REGION_KIND to the space
 *	%MMLAB_A_SPACE_ID; a shared region maps the shared object
 *	%MMLAB_A_SHM, or a new one. Replies with %MMLAB_A_SHM for a shared
 *	region. Admin.
 * @MMLAB_CMD_UNMAP: do: remove the regions and pages of a range. Admin.
 * @MMLAB_CMD_PROTECT: do: set %MMLAB_A_PROT on a range, which regions
 *	must cover. Admin.
 * @MMLAB_CMD_GROW: do: move the edge of the heap or stack region holding
 *	%MMLAB_A_ADDR by %MMLAB_A_PAGES; replies with %MMLAB_A_ADDR, the
 *	new edge. Admin.
 * @MMLAB_CMD_REGION_GET: dump: one %MMLAB_A_REGION per region of the
 *	space %MMLAB_A_SPACE_ID, in address order.
 * @MMLAB_CMD_ACCESS: do: run the references of %MMLAB_A_REFS in the space
 *	%MMLAB_A_SPACE_ID; replies with %MMLAB_A_ACCESS, what they did.
 *	Admin.
 * @MMLAB_CMD_SPACE_WRITE: do: write %MMLAB_A_DATA at %MMLAB_A_ADDR of the
 *	space %MMLAB_A_SPACE_ID, through the translation. Admin.
 * @MMLAB_CMD_SPACE_READ: do: reply with %MMLAB_A_DATA, %MMLAB_A_LENGTH
 *	bytes at %MMLAB_A_ADDR of the space, through the translation. Admin.
 * @MMLAB_CMD_TRANSLATE: do: walk the page table of the space
 *	%MMLAB_A_SPACE_ID for %MMLAB_A_ADDR; replies with
 *	%MMLAB_A_TRANSLATION. An inspection: no bit, TLB or counter changes.
 * @MMLAB_CMD_TLB_GET: do: reply with %MMLAB_A_TLB, its shape and counters.
 * @MMLAB_CMD_TLB_SET: do: replace the TLB by an empty one of
 *	%MMLAB_A_TLB_ENTRIES entries, %MMLAB_A_TLB_WAYS ways, replacement
 *	%MMLAB_A_TLB_REPL, without ASIDs if %MMLAB_A_TLB_NO_ASID. Admin.
 * @MMLAB_CMD_TLB_ENTRY_GET: dump: one %MMLAB_A_TLB_ENTRY per valid entry.
 * @__MMLAB_CMD_MAX: internal, one past the last command
 * @MMLAB_CMD_MAX: the highest command
 */
enum mmlab_cmd {
	MMLAB_CMD_UNSPEC,
	MMLAB_CMD_STATUS_GET,
	MMLAB_CMD_STATS_RESET,
	MMLAB_CMD_VALIDATE,
	MMLAB_CMD_EVENT,
	MMLAB_CMD_BUDDY_GET,
	MMLAB_CMD_BUDDY_ALLOC,
	MMLAB_CMD_BUDDY_FREE,
	MMLAB_CMD_BUDDY_COMPACT,
	MMLAB_CMD_FREELIST_GET,
	MMLAB_CMD_PAGEMAP_GET,
	MMLAB_CMD_ALLOCATOR_GET,
	MMLAB_CMD_ALLOCATOR_SET,
	MMLAB_CMD_CACHE_CREATE,
	MMLAB_CMD_CACHE_DESTROY,
	MMLAB_CMD_CACHE_GET,
	MMLAB_CMD_CACHE_ALLOC,
	MMLAB_CMD_CACHE_FREE,
	MMLAB_CMD_KMALLOC,
	MMLAB_CMD_KFREE,
	MMLAB_CMD_OBJECT_WRITE,
	MMLAB_CMD_OBJECT_READ,
	MMLAB_CMD_SPACE_CREATE,
	MMLAB_CMD_SPACE_DESTROY,
	MMLAB_CMD_SPACE_GET,
	MMLAB_CMD_SPACE_CLONE,
	MMLAB_CMD_MAP,
	MMLAB_CMD_UNMAP,
	MMLAB_CMD_PROTECT,
	MMLAB_CMD_GROW,
	MMLAB_CMD_REGION_GET,
	MMLAB_CMD_ACCESS,
	MMLAB_CMD_SPACE_WRITE,
	MMLAB_CMD_SPACE_READ,
	MMLAB_CMD_TRANSLATE,
	MMLAB_CMD_TLB_GET,
	MMLAB_CMD_TLB_SET,
	MMLAB_CMD_TLB_ENTRY_GET,

	__MMLAB_CMD_MAX,
	MMLAB_CMD_MAX = __MMLAB_CMD_MAX - 1
};

/**
 * enum mmlab_attr - top-level attributes
 * @MMLAB_A_UNSPEC: unused
 * @MMLAB_A_PAD: padding for 64-bit attributes
 * @MMLAB_A_VERSION: reply, string: module version ("0.1.0")
 * @MMLAB_A_ARENA: reply, nest of &enum mmlab_arena_attr
 * @MMLAB_A_STATS: reply, nest of &enum mmlab_stats_attr
 * @MMLAB_A_VALIDATE_ERRORS: reply/event, u32: invariant violations found
 * @MMLAB_A_EVENT_TYPE: event, u32: &enum mmlab_event
 * @MMLAB_A_EVENT_SEQ: event, u64: event sequence number, starts at 1 at
 *	module load and never resets; a gap means events were lost
 * @MMLAB_A_ORDER: request, u32: block order (0..max order)
 * @MMLAB_A_SIZE: request, u64: bytes (1..the size of a max-order block;
 *	under the fit allocator 1..the arena's size, at most 4 GiB - 1)
 * @MMLAB_A_MT: request, u32: &enum mmlab_migratetype (buddy only)
 * @MMLAB_A_COUNT: request, u32: blocks to allocate (1..1024)
 * @MMLAB_A_PERSISTENT: request, flag: the blocks outlive the socket
 * @MMLAB_A_HANDLE: request, u64, repeated: a block to free; 1 to 1024
 *	of them in one request
 * @MMLAB_A_BLOCK: reply, nest of &enum mmlab_block_attr
 * @MMLAB_A_BUDDY: reply, nest of &enum mmlab_buddy_attr
 * @MMLAB_A_COMPACT: reply/event, nest of &enum mmlab_compact_attr
 * @MMLAB_A_ALLOCATOR: request/reply/event, u32: &enum mmlab_allocator
 * @MMLAB_A_FIT_POLICY: request/reply/event, u32: &enum mmlab_placement
 * @MMLAB_A_FIT: reply, nest of &enum mmlab_fit_attr
 * @MMLAB_A_CACHE_NAME: request/reply, string: a slab cache's name,
 *	1..31 printable characters, no space or '/'
 * @MMLAB_A_CACHE_ALIGN: request, u32: object alignment, 0 or a power of
 *	two up to a page
 * @MMLAB_A_CACHE_FLAGS: request, u32: &enum mmlab_cache_flags
 * @MMLAB_A_CACHE_CTOR: request, u32 (0..255): the byte a constructor
 *	fills each new object with
 * @MMLAB_A_CACHE: reply, nest of &enum mmlab_cache_attr
 * @MMLAB_A_OFFSET: request, s32: byte offset from an object's start
 * @MMLAB_A_DATA: request/reply, binary: bytes of an object or of an
 *	address space (1..4096)
 * @MMLAB_A_LENGTH: request, u32: bytes to read (1..4096)
 * @MMLAB_A_GRANTED: reply, u64: bytes each kmalloc object really has
 * @MMLAB_A_SPACE_ID: request, u32: an address space
 * @MMLAB_A_GEOMETRY: request, string: a preset ("x86-32", "x86-64",
 *	"x86-64-la57", "sv39", "sv48", "sv57") or index bits per level, top
 *	first, then the page offset: "10/10/12" (2..5 levels)
 * @MMLAB_A_INVERTED: request, flag: translations in the inverted table
 * @MMLAB_A_SPACE: reply, nest of &enum mmlab_space_attr
 * @MMLAB_A_ADDR: request/reply, u64: a virtual address
 * @MMLAB_A_RANGE_LEN: request, u64: bytes of a range (page multiple)
 * @MMLAB_A_PROT: request, u32: &enum mmlab_prot bits
 * @MMLAB_A_REGION_KIND: request, u32: &enum mmlab_region_kind
 * @MMLAB_A_SHM: request/reply, u32: a shared object's id
 * @MMLAB_A_PAGES: request, s64: pages to grow (negative: shrink a heap)
 * @MMLAB_A_REFS: request, binary: references, u64 each in host order:
 *	the address in the low %MMLAB_ACCESS_KIND_SHIFT bits, the
 *	&enum mmlab_access_kind above; 1..%MMLAB_ACCESS_BATCH_MAX of them
 * @MMLAB_A_ACCESS: reply, nest of &enum mmlab_access_attr
 * @MMLAB_A_REGION: reply, nest of &enum mmlab_region_attr
 * @MMLAB_A_TRANSLATION: reply, nest of &enum mmlab_translation_attr
 * @MMLAB_A_TLB: reply, nest of &enum mmlab_tlb_attr
 * @MMLAB_A_TLB_ENTRY: reply, nest of &enum mmlab_tlb_entry_attr
 * @MMLAB_A_TLB_ENTRIES: request, u32: TLB entries (1..4096)
 * @MMLAB_A_TLB_WAYS: request, u32: ways, dividing the entries
 * @MMLAB_A_TLB_REPL: request, u32: &enum mmlab_tlb_repl
 * @MMLAB_A_TLB_NO_ASID: request, flag: no address-space tags
 * @MMLAB_A_FAULT: event, nest of &enum mmlab_fault_attr
 * @MMLAB_A_MMU: reply, nest of &enum mmlab_mmu_attr
 * @__MMLAB_A_MAX: internal, one past the last attribute
 * @MMLAB_A_MAX: the highest attribute
 */
enum mmlab_attr {
	MMLAB_A_UNSPEC,
	MMLAB_A_PAD,
	MMLAB_A_VERSION,
	MMLAB_A_ARENA,
	MMLAB_A_STATS,
	MMLAB_A_VALIDATE_ERRORS,
	MMLAB_A_EVENT_TYPE,
	MMLAB_A_EVENT_SEQ,
	MMLAB_A_ORDER,
	MMLAB_A_SIZE,
	MMLAB_A_MT,
	MMLAB_A_COUNT,
	MMLAB_A_PERSISTENT,
	MMLAB_A_HANDLE,
	MMLAB_A_BLOCK,
	MMLAB_A_BUDDY,
	MMLAB_A_COMPACT,
	MMLAB_A_ALLOCATOR,
	MMLAB_A_FIT_POLICY,
	MMLAB_A_FIT,
	MMLAB_A_CACHE_NAME,
	MMLAB_A_CACHE_ALIGN,
	MMLAB_A_CACHE_FLAGS,
	MMLAB_A_CACHE_CTOR,
	MMLAB_A_CACHE,
	MMLAB_A_OFFSET,
	MMLAB_A_DATA,
	MMLAB_A_LENGTH,
	MMLAB_A_GRANTED,
	MMLAB_A_SPACE_ID,
	MMLAB_A_GEOMETRY,
	MMLAB_A_INVERTED,
	MMLAB_A_SPACE,
	MMLAB_A_ADDR,
	MMLAB_A_RANGE_LEN,
	MMLAB_A_PROT,
	MMLAB_A_REGION_KIND,
	MMLAB_A_SHM,
	MMLAB_A_PAGES,
	MMLAB_A_REFS,
	MMLAB_A_ACCESS,
	MMLAB_A_REGION,
	MMLAB_A_TRANSLATION,
	MMLAB_A_TLB,
	MMLAB_A_TLB_ENTRY,
	MMLAB_A_TLB_ENTRIES,
	MMLAB_A_TLB_WAYS,
	MMLAB_A_TLB_REPL,
	MMLAB_A_TLB_NO_ASID,
	MMLAB_A_FAULT,
	MMLAB_A_MMU,

	__MMLAB_A_MAX,
	MMLAB_A_MAX = __MMLAB_A_MAX - 1
};

/**
 * enum mmlab_arena_attr - attributes nested in %MMLAB_A_ARENA (all reply)
 * @MMLAB_A_ARENA_UNSPEC: unused
 * @MMLAB_A_ARENA_PAD: padding for 64-bit attributes
 * @MMLAB_A_ARENA_SIZE: u64, arena size in bytes
 * @MMLAB_A_ARENA_PAGE_SIZE: u32, bytes per frame
 * @MMLAB_A_ARENA_FRAMES: u64, frames in the arena
 * @MMLAB_A_ARENA_FRAMES_FREE: u64, frames not handed out
 * @MMLAB_A_ARENA_MAX_ORDER: u32, largest block order of the arena
 * @MMLAB_A_ARENA_CHUNKS: u32, physically contiguous chunks backing it
 * @MMLAB_A_ARENA_CHUNK_ORDER_MIN: u32, order of the smallest chunk
 * @MMLAB_A_ARENA_CHUNK_ORDER_MAX: u32, order of the largest chunk
 * @MMLAB_A_ARENA_BACKING: u32, &enum mmlab_backing
 * @__MMLAB_A_ARENA_MAX: internal, one past the last attribute
 * @MMLAB_A_ARENA_MAX: the highest attribute
 */
enum mmlab_arena_attr {
	MMLAB_A_ARENA_UNSPEC,
	MMLAB_A_ARENA_PAD,
	MMLAB_A_ARENA_SIZE,
	MMLAB_A_ARENA_PAGE_SIZE,
	MMLAB_A_ARENA_FRAMES,
	MMLAB_A_ARENA_FRAMES_FREE,
	MMLAB_A_ARENA_MAX_ORDER,
	MMLAB_A_ARENA_CHUNKS,
	MMLAB_A_ARENA_CHUNK_ORDER_MIN,
	MMLAB_A_ARENA_CHUNK_ORDER_MAX,
	MMLAB_A_ARENA_BACKING,

	__MMLAB_A_ARENA_MAX,
	MMLAB_A_ARENA_MAX = __MMLAB_A_ARENA_MAX - 1
};

/**
 * enum mmlab_stats_attr - attributes nested in %MMLAB_A_STATS (all reply)
 * @MMLAB_A_STATS_UNSPEC: unused
 * @MMLAB_A_STATS_PAD: padding for 64-bit attributes
 * @MMLAB_A_STATS_NL_REQUESTS: u64, netlink requests that reached mmlab's
 *	handlers; those refused by the genl core or by the attribute policy
 *	(unknown command, missing permission, bad attribute) are not counted
 *	(resettable)
 * @MMLAB_A_STATS_NL_ERRORS: u64, of those, requests that failed
 *	(resettable)
 * @MMLAB_A_STATS_VALIDATE_RUNS: u64, invariant checker runs (resettable)
 * @MMLAB_A_STATS_VALIDATE_ERRORS: u64, violations found over all runs
 *	(resettable)
 * @MMLAB_A_STATS_EVENTS: u64, events multicast (resettable)
 * @MMLAB_A_STATS_RESETS: u64, statistics resets since load (never reset)
 * @__MMLAB_A_STATS_MAX: internal, one past the last attribute
 * @MMLAB_A_STATS_MAX: the highest attribute
 */
enum mmlab_stats_attr {
	MMLAB_A_STATS_UNSPEC,
	MMLAB_A_STATS_PAD,
	MMLAB_A_STATS_NL_REQUESTS,
	MMLAB_A_STATS_NL_ERRORS,
	MMLAB_A_STATS_VALIDATE_RUNS,
	MMLAB_A_STATS_VALIDATE_ERRORS,
	MMLAB_A_STATS_EVENTS,
	MMLAB_A_STATS_RESETS,

	__MMLAB_A_STATS_MAX,
	MMLAB_A_STATS_MAX = __MMLAB_A_STATS_MAX - 1
};

/**
 * enum mmlab_backing - where the arena's frames come from
 * @MMLAB_BACKING_PAGES: physically contiguous chunks from the page allocator
 * @MMLAB_BACKING_MEMMAP: a physical range reserved at boot with memmap=
 */
enum mmlab_backing {
	MMLAB_BACKING_PAGES,
	MMLAB_BACKING_MEMMAP,
};

/**
 * enum mmlab_block_attr - attributes nested in %MMLAB_A_BLOCK (all reply)
 * @MMLAB_A_BLOCK_UNSPEC: unused
 * @MMLAB_A_BLOCK_PAD: padding for 64-bit attributes
 * @MMLAB_A_BLOCK_FRAME: u64, arena index of the block's first frame
 * @MMLAB_A_BLOCK_ORDER: u32, the block holds 2^order frames (buddy only)
 * @MMLAB_A_BLOCK_STATE: u32, &enum mmlab_block_state
 * @MMLAB_A_BLOCK_MT: u32, &enum mmlab_migratetype: the free list it is
 *	on, or the type it was allocated as
 * @MMLAB_A_BLOCK_HANDLE: u64, allocated through netlink: its handle
 * @MMLAB_A_BLOCK_REQUESTED: u32, allocated: bytes asked for (a request
 *	by order asks for the whole block; blocks are at most 4 MiB)
 * @MMLAB_A_BLOCK_OWNER: u32, allocated through netlink: the netlink port
 *	id of the socket that owns it
 * @MMLAB_A_BLOCK_PERSISTENT: flag, allocated persistent
 * @MMLAB_A_BLOCK_FRAMES: u64, frames in the block (2^order for the
 *	buddy; a partition's or a hole's size under the fit allocator, whose
 *	blocks have neither %MMLAB_A_BLOCK_ORDER nor %MMLAB_A_BLOCK_MT)
 * @__MMLAB_A_BLOCK_MAX: internal, one past the last attribute
 * @MMLAB_A_BLOCK_MAX: the highest attribute
 */
enum mmlab_block_attr {
	MMLAB_A_BLOCK_UNSPEC,
	MMLAB_A_BLOCK_PAD,
	MMLAB_A_BLOCK_FRAME,
	MMLAB_A_BLOCK_ORDER,
	MMLAB_A_BLOCK_STATE,
	MMLAB_A_BLOCK_MT,
	MMLAB_A_BLOCK_HANDLE,
	MMLAB_A_BLOCK_REQUESTED,
	MMLAB_A_BLOCK_OWNER,
	MMLAB_A_BLOCK_PERSISTENT,
	MMLAB_A_BLOCK_FRAMES,

	__MMLAB_A_BLOCK_MAX,
	MMLAB_A_BLOCK_MAX = __MMLAB_A_BLOCK_MAX - 1
};

/**
 * enum mmlab_buddy_attr - attributes nested in %MMLAB_A_BUDDY (all reply)
 * @MMLAB_A_BUDDY_UNSPEC: unused
 * @MMLAB_A_BUDDY_PAD: padding for 64-bit attributes
 * @MMLAB_A_BUDDY_MAX_ORDER: u32, largest block order
 * @MMLAB_A_BUDDY_PAGEBLOCK_ORDER: u32, order of a pageblock
 * @MMLAB_A_BUDDY_FREE: u64, frames on the free lists
 * @MMLAB_A_BUDDY_PCP: u64, frames on the per-CPU lists
 * @MMLAB_A_BUDDY_PCP_BATCH: u32, per-CPU batch (0: no per-CPU lists)
 * @MMLAB_A_BUDDY_PCP_HIGH: u32, per-CPU high mark
 * @MMLAB_A_BUDDY_STEALS: u64, allocations served from another
 *	migratetype's lists
 * @MMLAB_A_BUDDY_CLAIMS: u64, pageblocks whose type a steal changed
 * @MMLAB_A_BUDDY_PCP_REFILLS: u64, per-CPU batch refills
 * @MMLAB_A_BUDDY_PCP_DRAINS: u64, per-CPU batch drains
 * @MMLAB_A_BUDDY_PCP_HITS: u64, order-0 allocations a per-CPU list served
 * @MMLAB_A_BUDDY_COMPACTIONS: u64, compaction runs
 * @MMLAB_A_BUDDY_COMPACT_SCANNED: u64, frames scanned by them
 * @MMLAB_A_BUDDY_COMPACT_MOVED: u64, frames they moved
 * @MMLAB_A_BUDDY_LARGEST: s32, order of the largest free block, -1: none
 * @MMLAB_A_BUDDY_INTERNAL_FRAG: u64, bytes granted but not requested
 * @MMLAB_A_BUDDY_HANDLES: u32, blocks allocated through netlink
 * @MMLAB_A_BUDDY_LAST_FAIL_ORDER: s32, order of the last refused
 *	request, -1: none
 * @MMLAB_A_BUDDY_LAST_FAIL_EXTFRAG: s32, its fragmentation index in
 *	thousandths
 * @MMLAB_A_BUDDY_PAGEBLOCKS: u64, repeated: pageblocks per migratetype,
 *	in &enum mmlab_migratetype order
 * @MMLAB_A_BUDDY_ORDER: nest of &enum mmlab_order_attr, repeated: one per
 *	order, 0..max order
 * @__MMLAB_A_BUDDY_MAX: internal, one past the last attribute
 * @MMLAB_A_BUDDY_MAX: the highest attribute
 */
enum mmlab_buddy_attr {
	MMLAB_A_BUDDY_UNSPEC,
	MMLAB_A_BUDDY_PAD,
	MMLAB_A_BUDDY_MAX_ORDER,
	MMLAB_A_BUDDY_PAGEBLOCK_ORDER,
	MMLAB_A_BUDDY_FREE,
	MMLAB_A_BUDDY_PCP,
	MMLAB_A_BUDDY_PCP_BATCH,
	MMLAB_A_BUDDY_PCP_HIGH,
	MMLAB_A_BUDDY_STEALS,
	MMLAB_A_BUDDY_CLAIMS,
	MMLAB_A_BUDDY_PCP_REFILLS,
	MMLAB_A_BUDDY_PCP_DRAINS,
	MMLAB_A_BUDDY_PCP_HITS,
	MMLAB_A_BUDDY_COMPACTIONS,
	MMLAB_A_BUDDY_COMPACT_SCANNED,
	MMLAB_A_BUDDY_COMPACT_MOVED,
	MMLAB_A_BUDDY_LARGEST,
	MMLAB_A_BUDDY_INTERNAL_FRAG,
	MMLAB_A_BUDDY_HANDLES,
	MMLAB_A_BUDDY_LAST_FAIL_ORDER,
	MMLAB_A_BUDDY_LAST_FAIL_EXTFRAG,
	MMLAB_A_BUDDY_PAGEBLOCKS,
	MMLAB_A_BUDDY_ORDER,

	__MMLAB_A_BUDDY_MAX,
	MMLAB_A_BUDDY_MAX = __MMLAB_A_BUDDY_MAX - 1
};

/**
 * enum mmlab_order_attr - attributes nested in %MMLAB_A_BUDDY_ORDER
 * @MMLAB_A_ORDER_UNSPEC: unused
 * @MMLAB_A_ORDER_PAD: padding for 64-bit attributes
 * @MMLAB_A_ORDER_ORDER: u32, the order
 * @MMLAB_A_ORDER_FREE: u64, free blocks (/proc/buddyinfo's column)
 * @MMLAB_A_ORDER_FREE_MT: u64, repeated: free blocks per migratetype, in
 *	&enum mmlab_migratetype order
 * @MMLAB_A_ORDER_ALLOCS: u64, blocks handed out
 * @MMLAB_A_ORDER_FREES: u64, blocks given back
 * @MMLAB_A_ORDER_SPLITS: u64, blocks split
 * @MMLAB_A_ORDER_MERGES: u64, buddy pairs merged
 * @MMLAB_A_ORDER_FAIL_NOMEM: u64, requests refused for lack of memory
 * @MMLAB_A_ORDER_FAIL_FRAG: u64, requests refused for fragmentation
 * @MMLAB_A_ORDER_USED: u64, blocks allocated now
 * @MMLAB_A_ORDER_INTERNAL_FRAG: u64, bytes granted but not requested
 * @MMLAB_A_ORDER_UNUSABLE: s32, unusable free index, thousandths
 * @MMLAB_A_ORDER_EXTFRAG: s32, fragmentation index, thousandths (-1000:
 *	a request of this order would succeed)
 * @__MMLAB_A_ORDER_MAX: internal, one past the last attribute
 * @MMLAB_A_ORDER_MAX: the highest attribute
 */
enum mmlab_order_attr {
	MMLAB_A_ORDER_UNSPEC,
	MMLAB_A_ORDER_PAD,
	MMLAB_A_ORDER_ORDER,
	MMLAB_A_ORDER_FREE,
	MMLAB_A_ORDER_FREE_MT,
	MMLAB_A_ORDER_ALLOCS,
	MMLAB_A_ORDER_FREES,
	MMLAB_A_ORDER_SPLITS,
	MMLAB_A_ORDER_MERGES,
	MMLAB_A_ORDER_FAIL_NOMEM,
	MMLAB_A_ORDER_FAIL_FRAG,
	MMLAB_A_ORDER_USED,
	MMLAB_A_ORDER_INTERNAL_FRAG,
	MMLAB_A_ORDER_UNUSABLE,
	MMLAB_A_ORDER_EXTFRAG,

	__MMLAB_A_ORDER_MAX,
	MMLAB_A_ORDER_MAX = __MMLAB_A_ORDER_MAX - 1
};

/**
 * enum mmlab_compact_attr - attributes nested in %MMLAB_A_COMPACT
 * @MMLAB_A_COMPACT_UNSPEC: unused
 * @MMLAB_A_COMPACT_PAD: padding for 64-bit attributes
 * @MMLAB_A_COMPACT_ORDER: u32, the order compaction worked for
 * @MMLAB_A_COMPACT_SCANNED: u64, frames the migration scanner looked at
 * @MMLAB_A_COMPACT_MOVED: u64, frames copied
 * @MMLAB_A_COMPACT_BLOCKS: u64, blocks moved
 * @MMLAB_A_COMPACT_UNUSABLE_BEFORE: s32, unusable index at the order
 * @MMLAB_A_COMPACT_UNUSABLE_AFTER: s32, and after
 * @MMLAB_A_COMPACT_LARGEST_BEFORE: s32, largest free order (-1: none)
 * @MMLAB_A_COMPACT_LARGEST_AFTER: s32, and after
 * @MMLAB_A_COMPACT_PROACTIVE: flag, run by the proactive threshold
 * @__MMLAB_A_COMPACT_MAX: internal, one past the last attribute
 * @MMLAB_A_COMPACT_MAX: the highest attribute
 */
enum mmlab_compact_attr {
	MMLAB_A_COMPACT_UNSPEC,
	MMLAB_A_COMPACT_PAD,
	MMLAB_A_COMPACT_ORDER,
	MMLAB_A_COMPACT_SCANNED,
	MMLAB_A_COMPACT_MOVED,
	MMLAB_A_COMPACT_BLOCKS,
	MMLAB_A_COMPACT_UNUSABLE_BEFORE,
	MMLAB_A_COMPACT_UNUSABLE_AFTER,
	MMLAB_A_COMPACT_LARGEST_BEFORE,
	MMLAB_A_COMPACT_LARGEST_AFTER,
	MMLAB_A_COMPACT_PROACTIVE,

	__MMLAB_A_COMPACT_MAX,
	MMLAB_A_COMPACT_MAX = __MMLAB_A_COMPACT_MAX - 1
};

/**
 * enum mmlab_fit_attr - attributes nested in %MMLAB_A_FIT (all reply)
 * @MMLAB_A_FIT_UNSPEC: unused
 * @MMLAB_A_FIT_PAD: padding for 64-bit attributes
 * @MMLAB_A_FIT_FRAMES: u64, frames managed (the arena's)
 * @MMLAB_A_FIT_FREE: u64, frames in holes
 * @MMLAB_A_FIT_HOLES: u64, holes
 * @MMLAB_A_FIT_USED: u64, partitions allocated
 * @MMLAB_A_FIT_LARGEST: u64, frames in the largest hole
 * @MMLAB_A_FIT_ALLOCS: u64, partitions handed out
 * @MMLAB_A_FIT_FREES: u64, partitions given back
 * @MMLAB_A_FIT_FAILURES: u64, requests no hole could serve
 * @MMLAB_A_FIT_FAIL_FRAG: u64, of those, the ones refused although the
 *	holes held enough frames in all (external fragmentation); the
 *	others lacked memory
 * @MMLAB_A_FIT_SEARCH_STEPS: u64, holes examined by allocations
 * @MMLAB_A_FIT_INSERT_STEPS: u64, blocks stepped over by frees to place
 *	a new hole in the address-ordered list
 * @MMLAB_A_FIT_SPLITS: u64, allocations that cut a hole in two
 * @MMLAB_A_FIT_COALESCES: u64, merges of a freed partition with a hole
 * @MMLAB_A_FIT_INTERNAL_FRAG: u64, bytes of the partitions not asked for
 * @MMLAB_A_FIT_CLASS: nest of &enum mmlab_fit_class_attr, repeated: one
 *	per size class 0..log2(frames), as buddyinfo has one per order
 * @__MMLAB_A_FIT_MAX: internal, one past the last attribute
 * @MMLAB_A_FIT_MAX: the highest attribute
 */
enum mmlab_fit_attr {
	MMLAB_A_FIT_UNSPEC,
	MMLAB_A_FIT_PAD,
	MMLAB_A_FIT_FRAMES,
	MMLAB_A_FIT_FREE,
	MMLAB_A_FIT_HOLES,
	MMLAB_A_FIT_USED,
	MMLAB_A_FIT_LARGEST,
	MMLAB_A_FIT_ALLOCS,
	MMLAB_A_FIT_FREES,
	MMLAB_A_FIT_FAILURES,
	MMLAB_A_FIT_FAIL_FRAG,
	MMLAB_A_FIT_SEARCH_STEPS,
	MMLAB_A_FIT_INSERT_STEPS,
	MMLAB_A_FIT_SPLITS,
	MMLAB_A_FIT_COALESCES,
	MMLAB_A_FIT_INTERNAL_FRAG,
	MMLAB_A_FIT_CLASS,

	__MMLAB_A_FIT_MAX,
	MMLAB_A_FIT_MAX = __MMLAB_A_FIT_MAX - 1
};

/**
 * enum mmlab_fit_class_attr - attributes nested in %MMLAB_A_FIT_CLASS
 * @MMLAB_A_FIT_CLASS_UNSPEC: unused
 * @MMLAB_A_FIT_CLASS_PAD: padding for 64-bit attributes
 * @MMLAB_A_FIT_CLASS_ORDER: u32, k: the class of holes of 2^k to
 *	2^(k+1) - 1 frames, and of requests of 2^k frames
 * @MMLAB_A_FIT_CLASS_HOLES: u64, holes of the class
 * @MMLAB_A_FIT_CLASS_HOLE_FRAMES: u64, frames in them
 * @MMLAB_A_FIT_CLASS_UNUSABLE: s32, unusable free space index for a
 *	request of 2^k frames, thousandths (as the buddy's per order)
 * @MMLAB_A_FIT_CLASS_EXTFRAG: s32, fragmentation index for it,
 *	thousandths; -1000 when such a request would succeed
 * @__MMLAB_A_FIT_CLASS_MAX: internal, one past the last attribute
 * @MMLAB_A_FIT_CLASS_MAX: the highest attribute
 */
enum mmlab_fit_class_attr {
	MMLAB_A_FIT_CLASS_UNSPEC,
	MMLAB_A_FIT_CLASS_PAD,
	MMLAB_A_FIT_CLASS_ORDER,
	MMLAB_A_FIT_CLASS_HOLES,
	MMLAB_A_FIT_CLASS_HOLE_FRAMES,
	MMLAB_A_FIT_CLASS_UNUSABLE,
	MMLAB_A_FIT_CLASS_EXTFRAG,

	__MMLAB_A_FIT_CLASS_MAX,
	MMLAB_A_FIT_CLASS_MAX = __MMLAB_A_FIT_CLASS_MAX - 1
};

/**
 * enum mmlab_cache_attr - attributes nested in %MMLAB_A_CACHE (all reply)
 * @MMLAB_A_CACHE_UNSPEC: unused
 * @MMLAB_A_CACHE_PAD: padding for 64-bit attributes
 * @MMLAB_A_CACHE_C_NAME: string, the cache's name
 * @MMLAB_A_CACHE_OBJECT_SIZE: u32, bytes an object's user may touch
 * @MMLAB_A_CACHE_C_ALIGN: u32, the alignment in force
 * @MMLAB_A_CACHE_C_FLAGS: u32, &enum mmlab_cache_flags in force
 * @MMLAB_A_CACHE_C_CTOR: u32, the constructor's byte (with CTOR)
 * @MMLAB_A_CACHE_STRIDE: u32, bytes from one object to the next
 *	(slabinfo's objsize)
 * @MMLAB_A_CACHE_RED_LEFT: u32, red zone bytes before each object
 * @MMLAB_A_CACHE_OBJECTS: u32, objects per slab
 * @MMLAB_A_CACHE_ORDER: u32, a slab is 2^order frames
 * @MMLAB_A_CACHE_WASTE: u32, bytes of a slab no object uses
 * @MMLAB_A_CACHE_COLORS: u32, distinct first-object offsets of slabs
 * @MMLAB_A_CACHE_LIMIT: u32, objects a per-CPU array holds (0: none)
 * @MMLAB_A_CACHE_BATCH: u32, objects a refill or drain moves
 * @MMLAB_A_CACHE_MIN_EMPTY: u32, empty slabs kept
 * @MMLAB_A_CACHE_ACTIVE_OBJS: u64, objects in use or on per-CPU arrays
 * @MMLAB_A_CACHE_NUM_OBJS: u64, objects the slabs hold
 * @MMLAB_A_CACHE_ACTIVE_SLABS: u64, slabs with an object in use
 * @MMLAB_A_CACHE_NUM_SLABS: u64, slabs
 * @MMLAB_A_CACHE_CPU_OBJS: u64, free objects on per-CPU arrays
 * @MMLAB_A_CACHE_LIVE: u64, objects handed out and not freed
 * @MMLAB_A_CACHE_REQUESTED: u64, kmalloc classes: bytes asked for by the
 *	objects in use
 * @MMLAB_A_CACHE_KMALLOC: flag, a kmalloc class
 * @MMLAB_A_CACHE_PERSISTENT: flag, no socket owns it
 * @MMLAB_A_CACHE_ALLOC_FAST: u64, allocations from a per-CPU array
 * @MMLAB_A_CACHE_ALLOC_SLOW: u64, allocations that took the cache lock
 * @MMLAB_A_CACHE_FREE_FAST: u64, frees to a per-CPU array
 * @MMLAB_A_CACHE_FREE_SLOW: u64, frees that took the cache lock
 * @MMLAB_A_CACHE_REFILLS: u64, batches moved to per-CPU arrays
 * @MMLAB_A_CACHE_DRAINS: u64, batches moved back to the slabs
 * @MMLAB_A_CACHE_SLABS_NEW: u64, slabs taken from the buddy
 * @MMLAB_A_CACHE_SLABS_FREED: u64, slabs given back
 * @MMLAB_A_CACHE_FAIL: u64, allocations refused (no page)
 * @MMLAB_A_CACHE_ERRORS: u64, debug detections (corruption, bad frees)
 * @__MMLAB_A_CACHE_MAX: internal, one past the last attribute
 * @MMLAB_A_CACHE_MAX: the highest attribute
 */
enum mmlab_cache_attr {
	MMLAB_A_CACHE_UNSPEC,
	MMLAB_A_CACHE_PAD,
	MMLAB_A_CACHE_C_NAME,
	MMLAB_A_CACHE_OBJECT_SIZE,
	MMLAB_A_CACHE_C_ALIGN,
	MMLAB_A_CACHE_C_FLAGS,
	MMLAB_A_CACHE_C_CTOR,
	MMLAB_A_CACHE_STRIDE,
	MMLAB_A_CACHE_RED_LEFT,
	MMLAB_A_CACHE_OBJECTS,
	MMLAB_A_CACHE_ORDER,
	MMLAB_A_CACHE_WASTE,
	MMLAB_A_CACHE_COLORS,
	MMLAB_A_CACHE_LIMIT,
	MMLAB_A_CACHE_BATCH,
	MMLAB_A_CACHE_MIN_EMPTY,
	MMLAB_A_CACHE_ACTIVE_OBJS,
	MMLAB_A_CACHE_NUM_OBJS,
	MMLAB_A_CACHE_ACTIVE_SLABS,
	MMLAB_A_CACHE_NUM_SLABS,
	MMLAB_A_CACHE_CPU_OBJS,
	MMLAB_A_CACHE_LIVE,
	MMLAB_A_CACHE_REQUESTED,
	MMLAB_A_CACHE_KMALLOC,
	MMLAB_A_CACHE_PERSISTENT,
	MMLAB_A_CACHE_ALLOC_FAST,
	MMLAB_A_CACHE_ALLOC_SLOW,
	MMLAB_A_CACHE_FREE_FAST,
	MMLAB_A_CACHE_FREE_SLOW,
	MMLAB_A_CACHE_REFILLS,
	MMLAB_A_CACHE_DRAINS,
	MMLAB_A_CACHE_SLABS_NEW,
	MMLAB_A_CACHE_SLABS_FREED,
	MMLAB_A_CACHE_FAIL,
	MMLAB_A_CACHE_ERRORS,

	__MMLAB_A_CACHE_MAX,
	MMLAB_A_CACHE_MAX = __MMLAB_A_CACHE_MAX - 1
};

/**
 * enum mmlab_cache_flags - bits of %MMLAB_A_CACHE_FLAGS, as the kernel's
 *	SLAB_* flags
 * @MMLAB_CACHE_HWCACHE_ALIGN: align objects to cache lines
 * @MMLAB_CACHE_RED_ZONE: guard bytes around each object, checked
 * @MMLAB_CACHE_POISON: fill free objects with a pattern, checked
 * @MMLAB_CACHE_CTOR: a constructor fills new objects with a byte
 * @MMLAB_CACHE_CHECKS: consistency checks on every allocation and free
 *	(foreign pointers, double frees, free pointers); no per-CPU arrays
 */
enum mmlab_cache_flags {
	MMLAB_CACHE_HWCACHE_ALIGN = 0x1,
	MMLAB_CACHE_RED_ZONE = 0x2,
	MMLAB_CACHE_POISON = 0x4,
	MMLAB_CACHE_CTOR = 0x8,
	MMLAB_CACHE_CHECKS = 0x10,
};

/**
 * enum mmlab_allocator - value of %MMLAB_A_ALLOCATOR
 * @MMLAB_ALLOCATOR_BUDDY: the buddy allocator (the default)
 * @MMLAB_ALLOCATOR_FIT: variable partitions, placed by a fit policy
 */
enum mmlab_allocator {
	MMLAB_ALLOCATOR_BUDDY = 1,
	MMLAB_ALLOCATOR_FIT,
};

/**
 * enum mmlab_placement - value of %MMLAB_A_FIT_POLICY: the fit policy
 * @MMLAB_FIT_POLICY_FIRST: the lowest hole big enough
 * @MMLAB_FIT_POLICY_NEXT: first fit from where the last search ended
 * @MMLAB_FIT_POLICY_BEST: the smallest hole big enough
 * @MMLAB_FIT_POLICY_WORST: the largest hole
 * @MMLAB_FIT_POLICY_QUICK: a hole of exactly the size from its own list
 *	(sizes up to 8 frames), else first fit
 */
enum mmlab_placement {
	MMLAB_FIT_POLICY_FIRST,
	MMLAB_FIT_POLICY_NEXT,
	MMLAB_FIT_POLICY_BEST,
	MMLAB_FIT_POLICY_WORST,
	MMLAB_FIT_POLICY_QUICK,
};

/**
 * enum mmlab_migratetype - value of %MMLAB_A_MT, as Linux numbers them
 * @MMLAB_MIGRATE_UNMOVABLE: kernel memory that cannot move
 * @MMLAB_MIGRATE_MOVABLE: may be moved by compaction (user pages)
 * @MMLAB_MIGRATE_RECLAIMABLE: may be freed on demand (caches)
 */
enum mmlab_migratetype {
	MMLAB_MIGRATE_UNMOVABLE,
	MMLAB_MIGRATE_MOVABLE,
	MMLAB_MIGRATE_RECLAIMABLE,
};

/**
 * enum mmlab_block_state - value of %MMLAB_A_BLOCK_STATE
 * @MMLAB_BLOCK_FREE: on a free list
 * @MMLAB_BLOCK_USED: allocated
 * @MMLAB_BLOCK_PCP: an order-0 block parked on a per-CPU list
 */
enum mmlab_block_state {
	MMLAB_BLOCK_FREE = 1,
	MMLAB_BLOCK_USED,
	MMLAB_BLOCK_PCP,
};

/**
 * enum mmlab_event - value of %MMLAB_A_EVENT_TYPE
 * @MMLAB_EVENT_UNSPEC: unused
 * @MMLAB_EVENT_STATS_RESET: statistics were reset
 * @MMLAB_EVENT_VALIDATE: the invariant checker ran; carries
 *	%MMLAB_A_VALIDATE_ERRORS
 * @MMLAB_EVENT_COMPACT: compaction ran (by command, debugfs or the
 *	proactive threshold); carries %MMLAB_A_COMPACT
 * @MMLAB_EVENT_ALLOCATOR: the arena changed allocator or fit policy;
 *	carries %MMLAB_A_ALLOCATOR, and %MMLAB_A_FIT_POLICY for the fit one
 * @MMLAB_EVENT_FAULT: a page fault in an address space; carries
 *	%MMLAB_A_FAULT. At most %MMLAB_FAULT_EVENTS_MAX per request: the
 *	rest are counted in the reply (%MMLAB_A_ACCESS_EVENTS_DROPPED)
 */
enum mmlab_event {
	MMLAB_EVENT_UNSPEC,
	MMLAB_EVENT_STATS_RESET,
	MMLAB_EVENT_VALIDATE,
	MMLAB_EVENT_COMPACT,
	MMLAB_EVENT_ALLOCATOR,
	MMLAB_EVENT_FAULT,
};

#define MMLAB_ACCESS_KIND_SHIFT		62
#define MMLAB_ACCESS_BATCH_MAX		4096
#define MMLAB_FAULT_EVENTS_MAX		32

/**
 * enum mmlab_prot - bits of %MMLAB_A_PROT, as mmap()'s PROT_*
 * @MMLAB_PROT_READ: loads allowed
 * @MMLAB_PROT_WRITE: stores allowed
 * @MMLAB_PROT_EXEC: instruction fetches allowed
 */
enum mmlab_prot {
	MMLAB_PROT_READ = 1,
	MMLAB_PROT_WRITE = 2,
	MMLAB_PROT_EXEC = 4,
};

/**
 * enum mmlab_region_kind - value of %MMLAB_A_REGION_KIND
 * @MMLAB_REGION_CODE: program text
 * @MMLAB_REGION_DATA: data
 * @MMLAB_REGION_HEAP: the heap, grows up
 * @MMLAB_REGION_STACK: a stack, grows down
 * @MMLAB_REGION_SHARED: pages of a shared object, shared with every
 *	space that maps it (and with clones)
 */
enum mmlab_region_kind {
	MMLAB_REGION_CODE,
	MMLAB_REGION_DATA,
	MMLAB_REGION_HEAP,
	MMLAB_REGION_STACK,
	MMLAB_REGION_SHARED,
};

/**
 * enum mmlab_access_kind - what a reference of %MMLAB_A_REFS does
 * @MMLAB_ACCESS_READ: a load
 * @MMLAB_ACCESS_WRITE: a store
 * @MMLAB_ACCESS_EXEC: an instruction fetch
 */
enum mmlab_access_kind {
	MMLAB_ACCESS_READ,
	MMLAB_ACCESS_WRITE,
	MMLAB_ACCESS_EXEC,
};

/**
 * enum mmlab_fault_kind - value of %MMLAB_A_FAULT_KIND
 * @MMLAB_FAULT_ZERO: a zeroed frame was mapped (demand paging)
 * @MMLAB_FAULT_SHARED: an existing page of a shared object was mapped
 * @MMLAB_FAULT_COW_COPY: a write copied a copy-on-write page
 * @MMLAB_FAULT_COW_REUSE: a write took back a copy-on-write page no one
 *	else maps
 * @MMLAB_FAULT_SEGV: no region holds the address; the access is dropped
 * @MMLAB_FAULT_PROT: the region forbids the access; dropped
 * @MMLAB_FAULT_OOM: no frame, table or inverted entry; dropped
 */
enum mmlab_fault_kind {
	MMLAB_FAULT_ZERO,
	MMLAB_FAULT_SHARED,
	MMLAB_FAULT_COW_COPY,
	MMLAB_FAULT_COW_REUSE,
	MMLAB_FAULT_SEGV,
	MMLAB_FAULT_PROT,
	MMLAB_FAULT_OOM,
};

/**
 * enum mmlab_tlb_repl - value of %MMLAB_A_TLB_REPL
 * @MMLAB_TLB_REPL_LRU: the least recently used entry of the set
 * @MMLAB_TLB_REPL_RANDOM: an entry of the set drawn from a seeded
 *	generator (reproducible)
 */
enum mmlab_tlb_repl {
	MMLAB_TLB_REPL_LRU,
	MMLAB_TLB_REPL_RANDOM,
};

/**
 * enum mmlab_space_attr - attributes nested in %MMLAB_A_SPACE (all reply)
 * @MMLAB_A_SPACE_UNSPEC: unused
 * @MMLAB_A_SPACE_PAD: padding for 64-bit attributes
 * @MMLAB_A_SPACE_S_ID: u32, the space's id (also its ASID)
 * @MMLAB_A_SPACE_OWNER: u32, the netlink port that owns it; 0: persistent
 * @MMLAB_A_SPACE_S_INVERTED: flag, translations in the inverted table
 * @MMLAB_A_SPACE_S_GEOMETRY: string, the geometry's name
 * @MMLAB_A_SPACE_LEVELS: u32, page-table levels
 * @MMLAB_A_SPACE_BITS: u32, repeated: index bits of each level, top first
 * @MMLAB_A_SPACE_VA_BITS: u32, addresses are below 2^this
 * @MMLAB_A_SPACE_PTE_SIZE: u32, bytes of an entry
 * @MMLAB_A_SPACE_REGIONS: u32, regions
 * @MMLAB_A_SPACE_RSS: u64, pages mapped
 * @MMLAB_A_SPACE_TABLE_FRAMES: u64, frames of its page tables
 * @MMLAB_A_SPACE_S_ACCESS: nest of &enum mmlab_access_attr: what its
 *	accesses did since it was created
 * @__MMLAB_A_SPACE_MAX: internal, one past the last attribute
 * @MMLAB_A_SPACE_MAX: the highest attribute
 */
enum mmlab_space_attr {
	MMLAB_A_SPACE_UNSPEC,
	MMLAB_A_SPACE_PAD,
	MMLAB_A_SPACE_S_ID,
	MMLAB_A_SPACE_OWNER,
	MMLAB_A_SPACE_S_INVERTED,
	MMLAB_A_SPACE_S_GEOMETRY,
	MMLAB_A_SPACE_LEVELS,
	MMLAB_A_SPACE_BITS,
	MMLAB_A_SPACE_VA_BITS,
	MMLAB_A_SPACE_PTE_SIZE,
	MMLAB_A_SPACE_REGIONS,
	MMLAB_A_SPACE_RSS,
	MMLAB_A_SPACE_TABLE_FRAMES,
	MMLAB_A_SPACE_S_ACCESS,

	__MMLAB_A_SPACE_MAX,
	MMLAB_A_SPACE_MAX = __MMLAB_A_SPACE_MAX - 1
};

/**
 * enum mmlab_access_attr - attributes nested in %MMLAB_A_ACCESS (all
 *	reply, u64 counters)
 * @MMLAB_A_ACCESS_UNSPEC: unused
 * @MMLAB_A_ACCESS_PAD: padding for 64-bit attributes
 * @MMLAB_A_ACCESS_ACCESSES: references run
 * @MMLAB_A_ACCESS_READS: of them, loads
 * @MMLAB_A_ACCESS_WRITES: stores
 * @MMLAB_A_ACCESS_EXECS: instruction fetches
 * @MMLAB_A_ACCESS_TLB_HITS: found in the TLB
 * @MMLAB_A_ACCESS_TLB_MISSES: not found
 * @MMLAB_A_ACCESS_WALKS: page-table walks
 * @MMLAB_A_ACCESS_WALK_READS: entries the walks read
 * @MMLAB_A_ACCESS_LEVEL_READS: repeated, one per level from the top:
 *	entries read at that level (inverted: anchors, then chain entries)
 * @MMLAB_A_ACCESS_FAULTS_ZERO: faults that mapped a zeroed frame
 * @MMLAB_A_ACCESS_FAULTS_SHARED: faults that mapped a shared page
 * @MMLAB_A_ACCESS_FAULTS_COW_COPY: copy-on-write copies
 * @MMLAB_A_ACCESS_FAULTS_COW_REUSE: copy-on-write pages taken back
 * @MMLAB_A_ACCESS_FAULTS_SEGV: segmentation faults
 * @MMLAB_A_ACCESS_FAULTS_PROT: protection faults
 * @MMLAB_A_ACCESS_FAULTS_OOM: faults with no frame to map
 * @MMLAB_A_ACCESS_EVENTS_DROPPED: %MMLAB_CMD_ACCESS: faults past
 *	%MMLAB_FAULT_EVENTS_MAX, not multicast
 * @__MMLAB_A_ACCESS_MAX: internal, one past the last attribute
 * @MMLAB_A_ACCESS_MAX: the highest attribute
 */
enum mmlab_access_attr {
	MMLAB_A_ACCESS_UNSPEC,
	MMLAB_A_ACCESS_PAD,
	MMLAB_A_ACCESS_ACCESSES,
	MMLAB_A_ACCESS_READS,
	MMLAB_A_ACCESS_WRITES,
	MMLAB_A_ACCESS_EXECS,
	MMLAB_A_ACCESS_TLB_HITS,
	MMLAB_A_ACCESS_TLB_MISSES,
	MMLAB_A_ACCESS_WALKS,
	MMLAB_A_ACCESS_WALK_READS,
	MMLAB_A_ACCESS_LEVEL_READS,
	MMLAB_A_ACCESS_FAULTS_ZERO,
	MMLAB_A_ACCESS_FAULTS_SHARED,
	MMLAB_A_ACCESS_FAULTS_COW_COPY,
	MMLAB_A_ACCESS_FAULTS_COW_REUSE,
	MMLAB_A_ACCESS_FAULTS_SEGV,
	MMLAB_A_ACCESS_FAULTS_PROT,
	MMLAB_A_ACCESS_FAULTS_OOM,
	MMLAB_A_ACCESS_EVENTS_DROPPED,

	__MMLAB_A_ACCESS_MAX,
	MMLAB_A_ACCESS_MAX = __MMLAB_A_ACCESS_MAX - 1
};

/**
 * enum mmlab_region_attr - attributes nested in %MMLAB_A_REGION (all
 *	reply)
 * @MMLAB_A_REGION_UNSPEC: unused
 * @MMLAB_A_REGION_PAD: padding for 64-bit attributes
 * @MMLAB_A_REGION_START: u64, first address
 * @MMLAB_A_REGION_END: u64, end address (exclusive)
 * @MMLAB_A_REGION_R_PROT: u32, &enum mmlab_prot bits
 * @MMLAB_A_REGION_R_KIND: u32, &enum mmlab_region_kind
 * @MMLAB_A_REGION_R_SHM: u32, shared: the shared object's id
 * @MMLAB_A_REGION_PGOFF: u64, shared: the object's page at the start
 * @MMLAB_A_REGION_RSS: u64, pages of the region mapped
 * @__MMLAB_A_REGION_MAX: internal, one past the last attribute
 * @MMLAB_A_REGION_MAX: the highest attribute
 */
enum mmlab_region_attr {
	MMLAB_A_REGION_UNSPEC,
	MMLAB_A_REGION_PAD,
	MMLAB_A_REGION_START,
	MMLAB_A_REGION_END,
	MMLAB_A_REGION_R_PROT,
	MMLAB_A_REGION_R_KIND,
	MMLAB_A_REGION_R_SHM,
	MMLAB_A_REGION_PGOFF,
	MMLAB_A_REGION_RSS,

	__MMLAB_A_REGION_MAX,
	MMLAB_A_REGION_MAX = __MMLAB_A_REGION_MAX - 1
};

/**
 * enum mmlab_translation_attr - attributes nested in
 *	%MMLAB_A_TRANSLATION (all reply)
 * @MMLAB_A_TRANSLATION_UNSPEC: unused
 * @MMLAB_A_TRANSLATION_PAD: padding for 64-bit attributes
 * @MMLAB_A_TRANSLATION_T_ADDR: u64, the address translated
 * @MMLAB_A_TRANSLATION_PTE: u64, the leaf entry (0: none, or no table)
 * @MMLAB_A_TRANSLATION_PRESENT: flag, the page is mapped
 * @MMLAB_A_TRANSLATION_FRAME: u64, present: the arena frame
 * @MMLAB_A_TRANSLATION_OFFSET: u32, the offset in the page
 * @MMLAB_A_TRANSLATION_TLB_CACHED: flag, the TLB holds it
 * @MMLAB_A_TRANSLATION_READS: u32, entries the walk read
 * @MMLAB_A_TRANSLATION_STEP: repeated nest of &enum mmlab_step_attr, in
 *	the order read (at most 8)
 * @__MMLAB_A_TRANSLATION_MAX: internal, one past the last attribute
 * @MMLAB_A_TRANSLATION_MAX: the highest attribute
 */
enum mmlab_translation_attr {
	MMLAB_A_TRANSLATION_UNSPEC,
	MMLAB_A_TRANSLATION_PAD,
	MMLAB_A_TRANSLATION_T_ADDR,
	MMLAB_A_TRANSLATION_PTE,
	MMLAB_A_TRANSLATION_PRESENT,
	MMLAB_A_TRANSLATION_FRAME,
	MMLAB_A_TRANSLATION_OFFSET,
	MMLAB_A_TRANSLATION_TLB_CACHED,
	MMLAB_A_TRANSLATION_READS,
	MMLAB_A_TRANSLATION_STEP,

	__MMLAB_A_TRANSLATION_MAX,
	MMLAB_A_TRANSLATION_MAX = __MMLAB_A_TRANSLATION_MAX - 1
};

/**
 * enum mmlab_step_attr - attributes nested in %MMLAB_A_TRANSLATION_STEP
 *	(all reply): one entry a walk read
 * @MMLAB_A_STEP_UNSPEC: unused
 * @MMLAB_A_STEP_PAD: padding for 64-bit attributes
 * @MMLAB_A_STEP_LEVEL: u32, multi-level: the level (0 is the top);
 *	inverted: 0 for the hash anchor, 1 for a chain entry
 * @MMLAB_A_STEP_INDEX: u32, the index in the level's table; inverted:
 *	the bucket, or the entry's slot
 * @MMLAB_A_STEP_ENTRY: u64, the entry read (inverted anchor: the first
 *	slot of the chain, 0xffffffff for none)
 * @MMLAB_A_STEP_TABLE: u64, multi-level: the frame of the table read;
 *	inverted chain entry: its virtual page number
 * @MMLAB_A_STEP_SHIFT: u32, multi-level: where the level's index starts
 *	in the address
 * @MMLAB_A_STEP_BITS: u32, multi-level: the index's width
 * @__MMLAB_A_STEP_MAX: internal, one past the last attribute
 * @MMLAB_A_STEP_MAX: the highest attribute
 */
enum mmlab_step_attr {
	MMLAB_A_STEP_UNSPEC,
	MMLAB_A_STEP_PAD,
	MMLAB_A_STEP_LEVEL,
	MMLAB_A_STEP_INDEX,
	MMLAB_A_STEP_ENTRY,
	MMLAB_A_STEP_TABLE,
	MMLAB_A_STEP_SHIFT,
	MMLAB_A_STEP_BITS,

	__MMLAB_A_STEP_MAX,
	MMLAB_A_STEP_MAX = __MMLAB_A_STEP_MAX - 1
};

/**
 * enum mmlab_tlb_attr - attributes nested in %MMLAB_A_TLB (all reply)
 * @MMLAB_A_TLB_UNSPEC: unused
 * @MMLAB_A_TLB_PAD: padding for 64-bit attributes
 * @MMLAB_A_TLB_T_ENTRIES: u32, entries
 * @MMLAB_A_TLB_T_WAYS: u32, ways (associativity)
 * @MMLAB_A_TLB_SETS: u32, sets
 * @MMLAB_A_TLB_T_REPL: u32, &enum mmlab_tlb_repl
 * @MMLAB_A_TLB_T_NO_ASID: flag, entries carry no address-space tag
 * @MMLAB_A_TLB_VALID: u32, entries in use
 * @MMLAB_A_TLB_HITS: u64, lookups that hit
 * @MMLAB_A_TLB_MISSES: u64, lookups that missed
 * @MMLAB_A_TLB_FILLS: u64, translations loaded
 * @MMLAB_A_TLB_EVICTIONS: u64, valid entries replaced
 * @MMLAB_A_TLB_FLUSH_ALL: u64, whole flushes
 * @MMLAB_A_TLB_FLUSH_ASID: u64, flushes of one space
 * @MMLAB_A_TLB_FLUSH_RANGE: u64, flushes of a range of one space
 * @MMLAB_A_TLB_SWITCH_FLUSHES: u64, of the whole flushes, those a space
 *	switch without ASIDs caused
 * @MMLAB_A_TLB_INVALIDATED: u64, valid entries the flushes dropped
 * @__MMLAB_A_TLB_MAX: internal, one past the last attribute
 * @MMLAB_A_TLB_MAX: the highest attribute
 */
enum mmlab_tlb_attr {
	MMLAB_A_TLB_UNSPEC,
	MMLAB_A_TLB_PAD,
	MMLAB_A_TLB_T_ENTRIES,
	MMLAB_A_TLB_T_WAYS,
	MMLAB_A_TLB_SETS,
	MMLAB_A_TLB_T_REPL,
	MMLAB_A_TLB_T_NO_ASID,
	MMLAB_A_TLB_VALID,
	MMLAB_A_TLB_HITS,
	MMLAB_A_TLB_MISSES,
	MMLAB_A_TLB_FILLS,
	MMLAB_A_TLB_EVICTIONS,
	MMLAB_A_TLB_FLUSH_ALL,
	MMLAB_A_TLB_FLUSH_ASID,
	MMLAB_A_TLB_FLUSH_RANGE,
	MMLAB_A_TLB_SWITCH_FLUSHES,
	MMLAB_A_TLB_INVALIDATED,

	__MMLAB_A_TLB_MAX,
	MMLAB_A_TLB_MAX = __MMLAB_A_TLB_MAX - 1
};

/**
 * enum mmlab_tlb_entry_attr - attributes nested in %MMLAB_A_TLB_ENTRY
 *	(all reply)
 * @MMLAB_A_TLB_ENTRY_UNSPEC: unused
 * @MMLAB_A_TLB_ENTRY_PAD: padding for 64-bit attributes
 * @MMLAB_A_TLB_ENTRY_SET: u32, its set
 * @MMLAB_A_TLB_ENTRY_WAY: u32, its way in the set
 * @MMLAB_A_TLB_ENTRY_SPACE: u32, the space (ASID)
 * @MMLAB_A_TLB_ENTRY_VPN: u64, the virtual page number
 * @MMLAB_A_TLB_ENTRY_FRAME: u64, the frame
 * @MMLAB_A_TLB_ENTRY_E_PROT: u32, &enum mmlab_prot bits it grants
 * @MMLAB_A_TLB_ENTRY_DIRTY: flag, writes need no walk to set D
 * @__MMLAB_A_TLB_ENTRY_MAX: internal, one past the last attribute
 * @MMLAB_A_TLB_ENTRY_MAX: the highest attribute
 */
enum mmlab_tlb_entry_attr {
	MMLAB_A_TLB_ENTRY_UNSPEC,
	MMLAB_A_TLB_ENTRY_PAD,
	MMLAB_A_TLB_ENTRY_SET,
	MMLAB_A_TLB_ENTRY_WAY,
	MMLAB_A_TLB_ENTRY_SPACE,
	MMLAB_A_TLB_ENTRY_VPN,
	MMLAB_A_TLB_ENTRY_FRAME,
	MMLAB_A_TLB_ENTRY_E_PROT,
	MMLAB_A_TLB_ENTRY_DIRTY,

	__MMLAB_A_TLB_ENTRY_MAX,
	MMLAB_A_TLB_ENTRY_MAX = __MMLAB_A_TLB_ENTRY_MAX - 1
};

/**
 * enum mmlab_fault_attr - attributes nested in %MMLAB_A_FAULT (event)
 * @MMLAB_A_FAULT_UNSPEC: unused
 * @MMLAB_A_FAULT_PAD: padding for 64-bit attributes
 * @MMLAB_A_FAULT_SPACE: u32, the space
 * @MMLAB_A_FAULT_KIND: u32, &enum mmlab_fault_kind
 * @MMLAB_A_FAULT_ACCESS_KIND: u32, &enum mmlab_access_kind
 * @MMLAB_A_FAULT_F_ADDR: u64, the faulting address
 * @MMLAB_A_FAULT_FRAME: u64, resolved faults: the frame mapped
 * @__MMLAB_A_FAULT_MAX: internal, one past the last attribute
 * @MMLAB_A_FAULT_MAX: the highest attribute
 */
enum mmlab_fault_attr {
	MMLAB_A_FAULT_UNSPEC,
	MMLAB_A_FAULT_PAD,
	MMLAB_A_FAULT_SPACE,
	MMLAB_A_FAULT_KIND,
	MMLAB_A_FAULT_ACCESS_KIND,
	MMLAB_A_FAULT_F_ADDR,
	MMLAB_A_FAULT_FRAME,

	__MMLAB_A_FAULT_MAX,
	MMLAB_A_FAULT_MAX = __MMLAB_A_FAULT_MAX - 1
};

/**
 * enum mmlab_mmu_attr - attributes nested in %MMLAB_A_MMU (all reply)
 * @MMLAB_A_MMU_UNSPEC: unused
 * @MMLAB_A_MMU_PAD: padding for 64-bit attributes
 * @MMLAB_A_MMU_SPACES: u32, address spaces
 * @MMLAB_A_MMU_SHMS: u32, shared objects
 * @MMLAB_A_MMU_DATA_FRAMES: u64, frames holding pages
 * @MMLAB_A_MMU_TABLE_FRAMES: u64, frames holding multi-level page tables
 * @MMLAB_A_MMU_IPT_BYTES: u64, bytes of the inverted table (0: none)
 * @MMLAB_A_MMU_IPT_USED: u64, its entries in use
 * @MMLAB_A_MMU_MAPPED: u64, pages mapped over all spaces
 * @MMLAB_A_MMU_M_ACCESS: nest of &enum mmlab_access_attr: every space's
 *	accesses, live or destroyed
 * @__MMLAB_A_MMU_MAX: internal, one past the last attribute
 * @MMLAB_A_MMU_MAX: the highest attribute
 */
enum mmlab_mmu_attr {
	MMLAB_A_MMU_UNSPEC,
	MMLAB_A_MMU_PAD,
	MMLAB_A_MMU_SPACES,
	MMLAB_A_MMU_SHMS,
	MMLAB_A_MMU_DATA_FRAMES,
	MMLAB_A_MMU_TABLE_FRAMES,
	MMLAB_A_MMU_IPT_BYTES,
	MMLAB_A_MMU_IPT_USED,
	MMLAB_A_MMU_MAPPED,
	MMLAB_A_MMU_M_ACCESS,

	__MMLAB_A_MMU_MAX,
	MMLAB_A_MMU_MAX = __MMLAB_A_MMU_MAX - 1
};

#endif /* _UAPI_LINUX_MMLAB_H */
