/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tlb.h - a model of a translation lookaside buffer.
 *
 * See tlb.c for the data structures and invariants.
 */
#ifndef _MMLAB_CORE_TLB_H
#define _MMLAB_CORE_TLB_H

#include "seam.h"

#define MMLAB_TLB_ENTRIES_MAX	4096

/* The TLB's defaults: a 64-entry, 4-way L1 dTLB with ASIDs, LRU. */
#define MMLAB_TLB_ENTRIES_DFL	64
#define MMLAB_TLB_WAYS_DFL	4

/**
 * enum mmlab_tlb_policy - which entry of a full set a fill replaces
 * @MMLAB_TLB_LRU: the least recently used
 * @MMLAB_TLB_RANDOM: one drawn from a seeded generator (reproducible)
 * @MMLAB_TLB_REPL_NR: number of policies
 */
enum mmlab_tlb_policy {
	MMLAB_TLB_LRU,
	MMLAB_TLB_RANDOM,
	MMLAB_TLB_REPL_NR
};

/* struct mmlab_tlb_entry.flags: the PTE's R, W, X, D bits, and: */
#define MMLAB_TLB_VALID		0x100

/**
 * struct mmlab_tlb_entry - one cached translation
 * @vpn: virtual page number
 * @frame: the frame it maps to
 * @stamp: LRU: the TLB's clock at the last use
 * @asid: the address space it belongs to
 * @flags: MMLAB_TLB_VALID and the PTE's MMLAB_PTE_R/W/X/D bits
 */
struct mmlab_tlb_entry {
	u64 vpn;
	u64 frame;
	u64 stamp;
	u32 asid;
	u32 flags;
};

/**
 * struct mmlab_tlb_config - the shape of a TLB
 * @entries: 1..MMLAB_TLB_ENTRIES_MAX
 * @ways: associativity: 1 (direct mapped) .. @entries (fully
 *	associative); must divide @entries
 * @repl: &enum mmlab_tlb_policy
 * @no_asid: entries carry no address-space tag: switching spaces flushes
 *	the whole TLB (as x86 without PCID)
 */
struct mmlab_tlb_config {
	u32 entries;
	u32 ways;
	u32 repl;
	bool no_asid;
};

/**
 * struct mmlab_tlb_stats - what the TLB did
 * @hits: lookups that found their translation
 * @misses: lookups that did not
 * @fills: translations loaded after a walk
 * @evictions: valid entries a fill replaced
 * @flush_all: whole-TLB flushes (a space switch without ASIDs included)
 * @flush_asid: flushes of one address space
 * @flush_range: flushes of a range of one address space (a page included)
 * @switch_flushes: of @flush_all, those a space switch caused
 * @invalidated: valid entries all flushes dropped
 */
struct mmlab_tlb_stats {
	u64 hits;
	u64 misses;
	u64 fills;
	u64 evictions;
	u64 flush_all;
	u64 flush_asid;
	u64 flush_range;
	u64 switch_flushes;
	u64 invalidated;
};

/**
 * struct mmlab_tlb - a set-associative TLB
 * @cfg: its shape
 * @sets: @cfg.entries / @cfg.ways
 * @e: the entries, set after set: set s is e[s * ways .. s * ways + ways)
 * @clock: advanced on every use, for LRU stamps
 * @rng: the random policy's generator state
 * @cur_asid: the space whose translations it holds (without ASIDs)
 * @stats: counters
 */
struct mmlab_tlb {
	struct mmlab_tlb_config cfg;
	u32 sets;
	struct mmlab_tlb_entry *e;
	u64 clock;
	u64 rng;
	u32 cur_asid;
	struct mmlab_tlb_stats stats;
};

extern const char *const mmlab_tlb_repl_names[MMLAB_TLB_REPL_NR];

int mmlab_tlb_check(const struct mmlab_tlb_config *cfg);
int mmlab_tlb_init(struct mmlab_tlb *t, const struct mmlab_tlb_config *cfg);
void mmlab_tlb_destroy(struct mmlab_tlb *t);
struct mmlab_tlb_entry *mmlab_tlb_lookup(struct mmlab_tlb *t, u32 asid,
					 u64 vpn);
const struct mmlab_tlb_entry *mmlab_tlb_peek(const struct mmlab_tlb *t,
					     u32 asid, u64 vpn);
void mmlab_tlb_fill(struct mmlab_tlb *t, u32 asid, u64 vpn, u64 frame,
		    u32 flags);
void mmlab_tlb_switch(struct mmlab_tlb *t, u32 asid);
void mmlab_tlb_flush_all(struct mmlab_tlb *t);
void mmlab_tlb_flush_asid(struct mmlab_tlb *t, u32 asid);
void mmlab_tlb_flush_range(struct mmlab_tlb *t, u32 asid, u64 vpn,
			   u64 nr);
u32 mmlab_tlb_valid(const struct mmlab_tlb *t);
unsigned int mmlab_tlb_validate(const struct mmlab_tlb *t);

#endif /* _MMLAB_CORE_TLB_H */
