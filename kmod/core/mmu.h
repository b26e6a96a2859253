/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mmu.h - the software MMU: address spaces, their regions and page
 * tables (multi-level or inverted), the TLB, demand paging, shared and
 * copy-on-write pages.
 *
 * See mmu.c for the data structures, their invariants and the lock order.
 */
#ifndef _MMLAB_CORE_MMU_H
#define _MMLAB_CORE_MMU_H

#include "seam.h"
#include "arena.h"
#include "pgtable.h"
#include "ipt.h"
#include "tlb.h"
#include "vma.h"

#define MMLAB_SPACES_MAX	256	/* live address spaces */
#define MMLAB_SHMS_MAX		256	/* live shared objects */
#define MMLAB_SHM_PAGES_MAX	0x100000U /* 4 GiB of pages */
#define MMLAB_MMU_BATCH_MAX	4096	/* references in one batch */
#define MMLAB_RW_MAX		65536	/* bytes one read or write moves */

/*
 * A reference of an access batch: the virtual address in the low 62
 * bits, the kind of access in the top two.
 */
#define MMLAB_REF_KIND_SHIFT	62
#define MMLAB_REF_VA_MASK	((1ULL << MMLAB_REF_KIND_SHIFT) - 1)

/**
 * enum mmlab_acc_kind - what an access does
 * @MMLAB_ACC_READ: a load: needs R
 * @MMLAB_ACC_WRITE: a store: needs W
 * @MMLAB_ACC_EXEC: an instruction fetch: needs X
 * @MMLAB_ACC_NR: number of kinds
 */
enum mmlab_acc_kind {
	MMLAB_ACC_READ,
	MMLAB_ACC_WRITE,
	MMLAB_ACC_EXEC,
	MMLAB_ACC_NR
};

static inline u64 mmlab_ref(u64 va, unsigned int kind)
{
	return (u64)kind << MMLAB_REF_KIND_SHIFT | (va & MMLAB_REF_VA_MASK);
}

/**
 * enum mmlab_pf_kind - how a page fault ended
 * @MMLAB_PF_ZERO: demand paging: a zeroed frame was mapped
 * @MMLAB_PF_SHARED: a shared object's page that exists was mapped (a
 *	minor fault)
 * @MMLAB_PF_COW_COPY: a write to a copy-on-write page copied it
 * @MMLAB_PF_COW_REUSE: a write to a copy-on-write page that no one
 *	else maps any more made it writable, no copy
 * @MMLAB_PF_SEGV: the address is in no region (segmentation fault)
 * @MMLAB_PF_PROT: the region does not allow the access (protection
 *	fault)
 * @MMLAB_PF_OOM: no frame (or table, or inverted entry) could be had
 * @MMLAB_PF_NR: number of kinds
 *
 * The first four are resolved and the access completes; the last three
 * are reported and counted, and the access is dropped.
 */
enum mmlab_pf_kind {
	MMLAB_PF_ZERO,
	MMLAB_PF_SHARED,
	MMLAB_PF_COW_COPY,
	MMLAB_PF_COW_REUSE,
	MMLAB_PF_SEGV,
	MMLAB_PF_PROT,
	MMLAB_PF_OOM,
	MMLAB_PF_NR
};

/* struct mmlab_space.flags */
#define MMLAB_SPACE_PERSISTENT	0x1	/* survives its owner's socket */
#define MMLAB_SPACE_INVERTED	0x2	/* translations in the inverted table */
#define MMLAB_SPACE_FLAGS	0x3

/**
 * struct mmlab_access_stats - what accesses did
 * @accesses: references processed
 * @kinds: of them, per &enum mmlab_acc_kind
 * @tlb_hits: found in the TLB with the rights they needed
 * @tlb_misses: not found (a hit without the rights counts as a hit, then
 *	walks)
 * @walks: page-table walks (TLB misses, rights missing in the TLB, and
 *	the walks that set a dirty bit)
 * @walk_reads: entries those walks read
 * @level_reads: of @walk_reads, per level (inverted: [0] the anchors,
 *	[1] the chain entries)
 * @faults: page faults, per &enum mmlab_pf_kind
 */
struct mmlab_access_stats {
	u64 accesses;
	u64 kinds[MMLAB_ACC_NR];
	u64 tlb_hits;
	u64 tlb_misses;
	u64 walks;
	u64 walk_reads;
	u64 level_reads[MMLAB_PT_LEVELS_MAX];
	u64 faults[MMLAB_PF_NR];
};

/**
 * struct mmlab_space - an address space (as mm_struct)
 * @id: its id, 1 and up; also its ASID in the TLB and the inverted table
 * @owner: who created it (the module: the netlink port id)
 * @flags: MMLAB_SPACE_*
 * @geom: its address geometry
 * @pt: multi-level: its page table; unused when inverted
 * @vmas: its regions
 * @rss: pages mapped (present leaves)
 * @stats: what its accesses did
 * @priv: the owner's (the module: its debugfs directory)
 */
struct mmlab_space {
	u32 id;
	u32 owner;
	u32 flags;
	struct mmlab_geom geom;
	struct mmlab_pt pt;
	struct mmlab_vmas vmas;
	u64 rss;
	struct mmlab_access_stats stats;
	void *priv;
};

/**
 * struct mmlab_fault_info - one page fault, as reported to the owner
 * @space: the space's id
 * @kind: &enum mmlab_pf_kind
 * @access: &enum mmlab_acc_kind
 * @va: the faulting address
 * @frame: the frame mapped (resolved kinds), else 0
 */
struct mmlab_fault_info {
	u32 space;
	u32 kind;
	u32 access;
	u64 va;
	u64 frame;
};

/**
 * struct mmlab_mmu_ops - the MMU's calls to its owner
 * @frame_alloc: 2^@order frames, unmovable (data pages and tables are
 *	held by frame number); return 0 and the first, or -ENOMEM
 * @frame_free: give them back
 * @fault: a page fault happened (optional; called with the caller's
 *	serialization held)
 * @space_gone: @sp is about to be freed (optional): the owner lets go
 *	of what @sp->priv holds
 */
struct mmlab_mmu_ops {
	int (*frame_alloc)(void *priv, unsigned int order, u64 *frame);
	void (*frame_free)(void *priv, u64 frame, unsigned int order);
	void (*fault)(void *priv, const struct mmlab_fault_info *f);
	void (*space_gone)(void *priv, struct mmlab_space *sp);
};

/**
 * struct mmlab_mmu - the software MMU of one arena
 * @arena: the frames
 * @ops: callbacks
 * @priv: their argument
 * @frame_ref: per arena frame, the references on it as a data page:
 *	one per leaf that maps it, one if a shared object holds it; 0: not
 *	a data page of the MMU
 * @scratch: per arena frame, mmlab_mmu_validate()'s counts (so that
 *	checking needs no memory)
 * @spaces: the live spaces, unordered (@nr_spaces first entries)
 * @nr_spaces: live spaces
 * @next_id: the id the next space is tried with
 * @shms: the live shared objects (@nr_shms first entries)
 * @nr_shms: live shared objects
 * @next_shm_id: the id the next shared object is tried with
 * @ipt: the inverted table, while an inverted space exists
 * @ipt_users: inverted spaces
 * @tlb: the TLB
 * @data_frames: frames with a non-zero @frame_ref
 * @table_frames: frames of every space's page tables
 * @retired: the stats of the spaces destroyed
 */
struct mmlab_mmu {
	const struct mmlab_arena *arena;
	const struct mmlab_mmu_ops *ops;
	void *priv;
	u32 *frame_ref;
	u32 *scratch;
	struct mmlab_space **spaces;
	u32 nr_spaces;
	u32 next_id;
	struct mmlab_shm **shms;
	u32 nr_shms;
	u32 next_shm_id;
	struct mmlab_ipt ipt;
	u32 ipt_users;
	struct mmlab_tlb tlb;
	u64 data_frames;
	u64 table_frames;
	struct mmlab_access_stats retired;
};

/**
 * struct mmlab_map_req - a region to map
 * @start: first address, page aligned
 * @len: bytes, page aligned, > 0
 * @prot: MMLAB_PTE_R/W/X
 * @kind: &enum mmlab_vma_kind
 * @shm: SHARED: the shared object to map from its first page, 0: a new
 *	one of @len bytes; other kinds: 0
 */
struct mmlab_map_req {
	u64 start;
	u64 len;
	u32 prot;
	u32 kind;
	u32 shm;
};

/**
 * struct mmlab_translation - what translating an address found
 * @trace: the entries the walk read
 * @pte: the leaf (0: none, or no table on the way)
 * @frame: PRESENT: the frame
 * @offset: the offset in the page
 * @present: the page is mapped
 * @tlb_cached: the TLB holds the translation
 */
struct mmlab_translation {
	struct mmlab_walk_trace trace;
	u64 pte;
	u64 frame;
	u32 offset;
	bool present;
	bool tlb_cached;
};

/**
 * struct mmlab_mmu_usage - the memory the MMU takes
 * @spaces: live spaces
 * @shms: live shared objects
 * @data_frames: frames holding pages
 * @table_frames: frames holding multi-level page tables
 * @ipt_bytes: bytes of the inverted table (0 when there is none)
 * @ipt_used: its entries in use
 * @mapped: present leaves of every space (a shared frame counts once
 *	per mapping)
 */
struct mmlab_mmu_usage {
	u32 spaces;
	u32 shms;
	u64 data_frames;
	u64 table_frames;
	u64 ipt_bytes;
	u64 ipt_used;
	u64 mapped;
};

/* The callback of mmlab_space_walk(): a leaf that is not none. */
typedef int (*mmlab_leaf_fn)(void *priv, u64 va, u64 pte);

extern const char *const mmlab_fault_names[MMLAB_PF_NR];
extern const char *const mmlab_access_names[MMLAB_ACC_NR];

int mmlab_mmu_create(struct mmlab_mmu *m, const struct mmlab_arena *arena,
		     const struct mmlab_mmu_ops *ops, void *priv,
		     const struct mmlab_tlb_config *tlb);
void mmlab_mmu_destroy(struct mmlab_mmu *m);
int mmlab_mmu_set_tlb(struct mmlab_mmu *m, const struct mmlab_tlb_config *c);
int mmlab_space_create(struct mmlab_mmu *m, const struct mmlab_geom *g,
		       u32 flags, u32 owner, struct mmlab_space **out);
void mmlab_space_destroy(struct mmlab_mmu *m, struct mmlab_space *sp);
struct mmlab_space *mmlab_space_find(const struct mmlab_mmu *m, u32 id);
unsigned int mmlab_mmu_release(struct mmlab_mmu *m, u32 owner);
int mmlab_space_map(struct mmlab_mmu *m, struct mmlab_space *sp,
		    const struct mmlab_map_req *req, u32 *shm);
int mmlab_space_unmap(struct mmlab_mmu *m, struct mmlab_space *sp,
		      u64 start, u64 len);
int mmlab_space_protect(struct mmlab_mmu *m, struct mmlab_space *sp,
			u64 start, u64 len, u32 prot);
int mmlab_space_grow(struct mmlab_mmu *m, struct mmlab_space *sp, u64 va,
		     s64 pages, u64 *edge);
int mmlab_space_clone(struct mmlab_mmu *m, struct mmlab_space *sp,
		      u32 flags, u32 owner, struct mmlab_space **out);
int mmlab_mmu_access(struct mmlab_mmu *m, struct mmlab_space *sp,
		     const u64 *refs, u32 n, struct mmlab_access_stats *t,
		     u32 *bad);
int mmlab_mmu_rw(struct mmlab_mmu *m, struct mmlab_space *sp, u64 va,
		 void *buf, u32 len, bool write, u64 *fault_va);
int mmlab_mmu_translate(const struct mmlab_mmu *m,
			const struct mmlab_space *sp, u64 va,
			struct mmlab_translation *x);
int mmlab_space_walk(struct mmlab_mmu *m, struct mmlab_space *sp,
		     u64 start, u64 end, mmlab_leaf_fn fn, void *priv);
u64 mmlab_space_table_frames(const struct mmlab_space *sp);
void mmlab_mmu_usage(const struct mmlab_mmu *m, struct mmlab_mmu_usage *u);
void mmlab_mmu_totals(const struct mmlab_mmu *m,
		      struct mmlab_access_stats *t);
void mmlab_access_stats_add(struct mmlab_access_stats *to,
			    const struct mmlab_access_stats *from);
unsigned int mmlab_mmu_validate(struct mmlab_mmu *m);

#endif /* _MMLAB_CORE_MMU_H */
