/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ipt.h - an inverted (hashed) page table shared by address spaces.
 *
 * See ipt.c for the data structures and invariants.
 */
#ifndef _MMLAB_CORE_IPT_H
#define _MMLAB_CORE_IPT_H

#include "seam.h"
#include "pgtable.h"

/**
 * struct mmlab_ipt_entry - one translation of the inverted table
 * @vpn: virtual page number
 * @pte: the leaf entry (the format of pgtable.h)
 * @asid: the space's id; 0: the entry is free
 * @next: next entry of the same hash chain (or of the free list), or
 *	MMLAB_IPT_NIL
 */
struct mmlab_ipt_entry {
	u64 vpn;
	u64 pte;
	u32 asid;
	u32 next;
};

#define MMLAB_IPT_NIL	((u32)~0U)

/**
 * struct mmlab_ipt - the inverted page table
 * @e: @nr_entries entries
 * @anchor: @nr_buckets chain heads (the hash anchor table)
 * @nr_entries: entries, one per frame of the arena
 * @bucket_bits: log2 of @nr_buckets
 * @nr_buckets: the smallest power of two >= @nr_entries
 * @free_head: first free entry, or MMLAB_IPT_NIL
 * @used: entries in use
 */
struct mmlab_ipt {
	struct mmlab_ipt_entry *e;
	u32 *anchor;
	u32 nr_entries;
	u32 bucket_bits;
	u32 nr_buckets;
	u32 free_head;
	u32 used;
};

int mmlab_ipt_init(struct mmlab_ipt *ipt, u32 nr_entries);
void mmlab_ipt_destroy(struct mmlab_ipt *ipt);
u32 mmlab_ipt_hash(const struct mmlab_ipt *ipt, u32 asid, u64 vpn);
struct mmlab_ptep mmlab_ipt_lookup(const struct mmlab_ipt *ipt, u32 asid,
				   u64 vpn, struct mmlab_walk_trace *t);
int mmlab_ipt_insert(struct mmlab_ipt *ipt, u32 asid, u64 vpn,
		     struct mmlab_ptep *e);
int mmlab_ipt_remove(struct mmlab_ipt *ipt, u32 asid, u64 vpn);
int mmlab_ipt_walk(struct mmlab_ipt *ipt, u32 asid, u64 vpn, u64 nr,
		   int (*fn)(void *priv, u64 vpn, struct mmlab_ptep e),
		   void *priv);
u64 mmlab_ipt_bytes(const struct mmlab_ipt *ipt);
unsigned int mmlab_ipt_validate(const struct mmlab_ipt *ipt);

#endif /* _MMLAB_CORE_IPT_H */
