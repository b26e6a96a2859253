// SPDX-License-Identifier: GPL-2.0
/*
 * ipt.c - an inverted page table: one hashed table for every address
 * space that uses it, keyed by (space id, virtual page), with chains, as
 * PowerPC's hashed page table and the textbooks' inverted table.
 *
 * Data structures
 *
 *   anchor[nr_buckets]  the hash anchor table: the first entry of each
 *                       chain; bucket = hash(asid, vpn)
 *   e[nr_entries]       the translations, one per frame of the arena:
 *                       (asid, vpn) -> pte; chained through @next, in a
 *                       bucket's chain or on the free list
 *
 * The table is sized by frames, not by address spaces: its memory does
 * not grow with the spaces' sizes, only the chains do. A lookup reads
 * the anchor and then one entry per chain link. Unlike the textbook's
 * table indexed by frame, an entry is not tied to one frame: a frame
 * shared by two spaces (a shared region, a page after a clone) needs an
 * entry for each mapping, so a table full of entries refuses a mapping
 * (-ENOMEM) before the arena runs out of frames when pages are shared.
 *
 * Invariants (checked by mmlab_ipt_validate())
 *
 *   1. Every used entry (asid != 0) is on exactly the chain of the bucket
 *      its (asid, vpn) hashes to; every free entry is on the free list;
 *      no chain has a cycle; @used counts the used entries.
 *   2. No two used entries have the same (asid, vpn).
 *
 * Lock order: none; the MMU's caller serializes every call.
 */
#include "seam.h"
#include "ipt.h"

/**
 * mmlab_ipt_init - an empty inverted table
 * @ipt: the table
 * @nr_entries: translations it can hold (the arena's frames), >= 1
 *
 * Return: 0, -EINVAL or -ENOMEM.
 */
int mmlab_ipt_init(struct mmlab_ipt *ipt, u32 nr_entries)
{
	u32 i;

	if (!nr_entries || nr_entries > (1U << 31))
		return -EINVAL;
	memset(ipt, 0, sizeof(*ipt));
	ipt->bucket_bits = nr_entries > 1 ? fls64(nr_entries - 1) : 1;
	ipt->nr_buckets = 1U << ipt->bucket_bits;
	ipt->e = mmlab_kvcalloc(nr_entries, sizeof(*ipt->e));
	ipt->anchor = mmlab_kvcalloc(ipt->nr_buckets, sizeof(*ipt->anchor));
	if (!ipt->e || !ipt->anchor) {
		mmlab_ipt_destroy(ipt);
		return -ENOMEM;
	}
	ipt->nr_entries = nr_entries;
	for (i = 0; i < nr_entries; i++)
		ipt->e[i].next = i + 1 < nr_entries ? i + 1 : MMLAB_IPT_NIL;
	for (i = 0; i < ipt->nr_buckets; i++)
		ipt->anchor[i] = MMLAB_IPT_NIL;
	return 0;
}

/**
 * mmlab_ipt_destroy - free the table (its entries must no longer matter)
 * @ipt: the table
 */
void mmlab_ipt_destroy(struct mmlab_ipt *ipt)
{
	mmlab_kvfree(ipt->e);
	mmlab_kvfree(ipt->anchor);
	memset(ipt, 0, sizeof(*ipt));
}

/**
 * mmlab_ipt_hash - the bucket of (@asid, @vpn)
 * @ipt: the table
 * @asid: the space
 * @vpn: the virtual page
 *
 * Return: the bucket, below @ipt->nr_buckets.
 */
u32 mmlab_ipt_hash(const struct mmlab_ipt *ipt, u32 asid, u64 vpn)
{
	u64 k = (vpn ^ ((u64)asid << 45 | (u64)asid >> 19)) *
		0x9e3779b97f4a7c15ULL;

	return k >> (64 - ipt->bucket_bits);
}

static bool ipt_entry_is(const struct mmlab_ipt_entry *e, u32 asid, u64 vpn)
{
	return e->asid == asid && e->vpn == vpn;
}

/**
 * mmlab_ipt_lookup - find the translation of (@asid, @vpn)
 * @ipt: the table
 * @asid: the space (not 0)
 * @vpn: the virtual page
 * @t: if not NULL, the anchor and each chain entry read are appended
 *
 * Return: the entry's PTE, or one with a NULL @p when there is none.
 */
struct mmlab_ptep mmlab_ipt_lookup(const struct mmlab_ipt *ipt, u32 asid,
				   u64 vpn, struct mmlab_walk_trace *t)
{
	struct mmlab_ptep p = { NULL, 8 };
	u32 b = mmlab_ipt_hash(ipt, asid, vpn), i = ipt->anchor[b];
	struct mmlab_ipt_entry *e;

	if (t) {
		if (t->nr < MMLAB_TRACE_MAX)
			t->step[t->nr++] = (struct mmlab_walk_step){
				.level = 0, .index = b, .entry = i,
			};
		t->reads++;
	}
	for (; i != MMLAB_IPT_NIL; i = e->next) {
		e = &ipt->e[i];
		if (t) {
			if (t->nr < MMLAB_TRACE_MAX)
				t->step[t->nr++] = (struct mmlab_walk_step){
					.level = 1, .index = i,
					.entry = e->pte, .table = e->vpn,
				};
			t->reads++;
		}
		if (ipt_entry_is(e, asid, vpn)) {
			p.p = &e->pte;
			break;
		}
	}
	return p;
}

/**
 * mmlab_ipt_insert - the entry of (@asid, @vpn), made if there is none
 * @ipt: the table
 * @asid: the space (not 0)
 * @vpn: the virtual page
 * @e: its PTE (0 when just made), on success
 *
 * A new entry goes at the head of its chain.
 *
 * Return: 0, or -ENOMEM when every entry is in use.
 */
int mmlab_ipt_insert(struct mmlab_ipt *ipt, u32 asid, u64 vpn,
		     struct mmlab_ptep *e)
{
	u32 b, i;

	*e = mmlab_ipt_lookup(ipt, asid, vpn, NULL);
	if (e->p)
		return 0;
	i = ipt->free_head;
	if (i == MMLAB_IPT_NIL)
		return -ENOMEM;
	b = mmlab_ipt_hash(ipt, asid, vpn);
	ipt->free_head = ipt->e[i].next;
	ipt->e[i] = (struct mmlab_ipt_entry){
		.vpn = vpn, .pte = 0, .asid = asid, .next = ipt->anchor[b],
	};
	ipt->anchor[b] = i;
	ipt->used++;
	e->p = &ipt->e[i].pte;
	e->size = 8;
	return 0;
}

/**
 * mmlab_ipt_remove - drop the entry of (@asid, @vpn)
 * @ipt: the table
 * @asid: the space
 * @vpn: the virtual page
 *
 * Return: 0, or -ENOENT when there is none.
 */
int mmlab_ipt_remove(struct mmlab_ipt *ipt, u32 asid, u64 vpn)
{
	u32 *link = &ipt->anchor[mmlab_ipt_hash(ipt, asid, vpn)], i;

	for (i = *link; i != MMLAB_IPT_NIL; link = &ipt->e[i].next, i = *link) {
		if (!ipt_entry_is(&ipt->e[i], asid, vpn))
			continue;
		*link = ipt->e[i].next;
		ipt->e[i] = (struct mmlab_ipt_entry){ .next = ipt->free_head };
		ipt->free_head = i;
		ipt->used--;
		return 0;
	}
	return -ENOENT;
}

/**
 * mmlab_ipt_walk - call @fn for each entry of @asid in [@vpn, @vpn + @nr)
 * @ipt: the table
 * @asid: the space
 * @vpn: first virtual page
 * @nr: pages
 * @fn: called with the page and its PTE; may change the PTE or remove
 *	the entry; non-zero stops the walk
 * @priv: @fn's argument
 *
 * Entries are visited in table order (by slot), not by address: an
 * inverted table has no address order to offer.
 *
 * Return: 0, or the first non-zero value of @fn.
 */
int mmlab_ipt_walk(struct mmlab_ipt *ipt, u32 asid, u64 vpn, u64 nr,
		   int (*fn)(void *priv, u64 vpn, struct mmlab_ptep e),
		   void *priv)
{
	struct mmlab_ptep p = { NULL, 8 };
	struct mmlab_ipt_entry *e;
	int ret;
	u32 i;

	for (i = 0; i < ipt->nr_entries; i++) {
		e = &ipt->e[i];
		if (e->asid != asid || e->vpn < vpn || e->vpn - vpn >= nr)
			continue;
		p.p = &e->pte;
		ret = fn(priv, e->vpn, p);
		if (ret)
			return ret;
		if ((i & 4095) == 4095)
			mmlab_cond_resched();
	}
	return 0;
}

/**
 * mmlab_ipt_bytes - the memory the table takes
 * @ipt: the table
 *
 * Return: bytes of the entries and the anchor table.
 */
u64 mmlab_ipt_bytes(const struct mmlab_ipt *ipt)
{
	return (u64)ipt->nr_entries * sizeof(*ipt->e) +
	       (u64)ipt->nr_buckets * sizeof(*ipt->anchor);
}

/**
 * mmlab_ipt_validate - check the invariants of ipt.c
 * @ipt: the table
 *
 * Counts the chained entries against @used and the free list against
 * the rest, bounding every walk by @nr_entries so that a cycle cannot
 * hang it.
 *
 * Return: the number of violations found (each reported).
 */
unsigned int mmlab_ipt_validate(const struct mmlab_ipt *ipt)
{
	unsigned int errors = 0;
	u32 b, i, n, on_chains = 0, on_free = 0, used = 0;
	const struct mmlab_ipt_entry *e;

	if (!ipt->e)
		return 0;
	for (b = 0; b < ipt->nr_buckets; b++) {
		n = 0;
		for (i = ipt->anchor[b]; i != MMLAB_IPT_NIL; i = e->next) {
			if (i >= ipt->nr_entries || ++n > ipt->nr_entries) {
				mmlab_report("ipt: bucket %u: bad chain\n", b);
				errors++;
				break;
			}
			e = &ipt->e[i];
			if (!e->asid ||
			    mmlab_ipt_hash(ipt, e->asid, e->vpn) != b) {
				mmlab_report("ipt: entry %u in bucket %u\n",
					     i, b);
				errors++;
			}
			if (mmlab_ipt_lookup(ipt, e->asid, e->vpn, NULL).p !=
			    &e->pte) {
				mmlab_report("ipt: asid %u vpn %#llx twice\n",
					     e->asid, e->vpn);
				errors++;
			}
		}
		on_chains += n;
	}
	for (i = ipt->free_head; i != MMLAB_IPT_NIL; i = ipt->e[i].next) {
		if (i >= ipt->nr_entries || ++on_free > ipt->nr_entries ||
		    ipt->e[i].asid) {
			mmlab_report("ipt: bad free list at %u\n", i);
			errors++;
			break;
		}
	}
	for (i = 0; i < ipt->nr_entries; i++)
		used += !!ipt->e[i].asid;
	if (used != ipt->used || on_chains != used ||
	    on_free != ipt->nr_entries - used) {
		mmlab_report("ipt: %u used, %u counted, %u chained, %u free\n",
			     used, ipt->used, on_chains, on_free);
		errors++;
	}
	return errors;
}
