// SPDX-License-Identifier: GPL-2.0
/*
 * tlb.c - a TLB model: set-associative (direct mapped .. fully
 * associative), LRU or random replacement, ASID-tagged entries.
 *
 * Data structures
 *
 *   struct mmlab_tlb   @sets sets of @cfg.ways entries each; a virtual
 *                      page number vpn lives only in set vpn % sets. An
 *                      entry caches what a walk found: the frame and the
 *                      leaf's R/W/X/D bits, tagged with the space's id
 *                      (ASID). Without ASIDs (@cfg.no_asid) the TLB holds
 *                      one space's translations, @cur_asid's, and a switch
 *                      to another space flushes it all.
 *
 * Invariants (checked by mmlab_tlb_validate())
 *
 *   1. A valid entry is in the set of its vpn.
 *   2. No two valid entries have the same (asid, vpn).
 *   3. Without ASIDs, every valid entry belongs to @cur_asid.
 *
 * Coherence is the MMU's job (mmu.c): it flushes an entry whenever the
 * leaf it caches loses a permission or its frame (unmap, protect, a
 * clone's write protection, a copy on write), as Linux's flush_tlb_*()
 * calls do. A cached entry may have fewer rights than its leaf (a write
 * then finds no W and walks again), never more.
 *
 * Lock order: none; the MMU's caller serializes every call.
 */
#include "seam.h"
#include "tlb.h"
#include "pgtable.h"

const char *const mmlab_tlb_repl_names[MMLAB_TLB_REPL_NR] = {
	[MMLAB_TLB_LRU] = "lru",
	[MMLAB_TLB_RANDOM] = "random",
};

/* Fixed, so that the module and the simulator draw the same victims. */
#define TLB_RNG_SEED	0x9e3779b97f4a7c15ULL

/**
 * mmlab_tlb_check - is this a TLB shape mmlab can model?
 * @cfg: the shape
 *
 * Return: 0, or -EINVAL.
 */
int mmlab_tlb_check(const struct mmlab_tlb_config *cfg)
{
	if (!cfg->entries || cfg->entries > MMLAB_TLB_ENTRIES_MAX ||
	    !cfg->ways || cfg->ways > cfg->entries ||
	    cfg->entries % cfg->ways || cfg->repl >= MMLAB_TLB_REPL_NR)
		return -EINVAL;
	return 0;
}

/**
 * mmlab_tlb_init - an empty TLB
 * @t: the TLB
 * @cfg: its shape
 *
 * Return: 0, -EINVAL (bad shape) or -ENOMEM.
 */
int mmlab_tlb_init(struct mmlab_tlb *t, const struct mmlab_tlb_config *cfg)
{
	int err = mmlab_tlb_check(cfg);

	if (err)
		return err;
	memset(t, 0, sizeof(*t));
	t->e = mmlab_kvcalloc(cfg->entries, sizeof(*t->e));
	if (!t->e)
		return -ENOMEM;
	t->cfg = *cfg;
	t->sets = cfg->entries / cfg->ways;
	t->rng = TLB_RNG_SEED;
	return 0;
}

/**
 * mmlab_tlb_destroy - free a TLB's entries
 * @t: the TLB
 */
void mmlab_tlb_destroy(struct mmlab_tlb *t)
{
	mmlab_kvfree(t->e);
	t->e = NULL;
}

static struct mmlab_tlb_entry *set_of(struct mmlab_tlb *t, u64 vpn)
{
	return &t->e[(vpn % t->sets) * t->cfg.ways];
}

static bool tlb_entry_is(const struct mmlab_tlb_entry *e, u32 asid, u64 vpn)
{
	return (e->flags & MMLAB_TLB_VALID) && e->vpn == vpn &&
	       e->asid == asid;
}

/**
 * mmlab_tlb_lookup - look a translation up, counting a hit or a miss
 * @t: the TLB
 * @asid: the space
 * @vpn: the virtual page
 *
 * Return: the entry (its LRU stamp refreshed), or NULL.
 */
struct mmlab_tlb_entry *mmlab_tlb_lookup(struct mmlab_tlb *t, u32 asid,
					 u64 vpn)
{
	struct mmlab_tlb_entry *set = set_of(t, vpn);
	u32 w;

	for (w = 0; w < t->cfg.ways; w++) {
		if (tlb_entry_is(&set[w], asid, vpn)) {
			set[w].stamp = ++t->clock;
			t->stats.hits++;
			return &set[w];
		}
	}
	t->stats.misses++;
	return NULL;
}

/**
 * mmlab_tlb_peek - does the TLB hold a translation? (no counting, no
 *	LRU update: for the interfaces, not for the modelled CPU)
 * @t: the TLB
 * @asid: the space
 * @vpn: the virtual page
 *
 * Return: the entry, or NULL.
 */
const struct mmlab_tlb_entry *mmlab_tlb_peek(const struct mmlab_tlb *t,
					     u32 asid, u64 vpn)
{
	const struct mmlab_tlb_entry *set = &t->e[(vpn % t->sets) * t->cfg.ways];
	u32 w;

	for (w = 0; w < t->cfg.ways; w++)
		if (tlb_entry_is(&set[w], asid, vpn))
			return &set[w];
	return NULL;
}

static u64 rng_next(struct mmlab_tlb *t)
{
	u64 x = t->rng;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	t->rng = x;
	return x;
}

static struct mmlab_tlb_entry *victim(struct mmlab_tlb *t,
				      struct mmlab_tlb_entry *set)
{
	struct mmlab_tlb_entry *v = &set[0];
	u32 w;

	for (w = 0; w < t->cfg.ways; w++)
		if (!(set[w].flags & MMLAB_TLB_VALID))
			return &set[w];
	if (t->cfg.repl == MMLAB_TLB_RANDOM)
		return &set[rng_next(t) % t->cfg.ways];
	for (w = 1; w < t->cfg.ways; w++)
		if (set[w].stamp < v->stamp)
			v = &set[w];
	return v;
}

/**
 * mmlab_tlb_fill - load a translation a walk found
 * @t: the TLB
 * @asid: the space
 * @vpn: the virtual page
 * @frame: its frame
 * @flags: the leaf's MMLAB_PTE_R/W/X/D bits
 *
 * An entry already holding (@asid, @vpn) is updated in place; else a free
 * way of the set is used, or the policy's victim replaced.
 */
void mmlab_tlb_fill(struct mmlab_tlb *t, u32 asid, u64 vpn, u64 frame,
		    u32 flags)
{
	struct mmlab_tlb_entry *set = set_of(t, vpn), *e = NULL;
	u32 w;

	for (w = 0; w < t->cfg.ways && !e; w++)
		if (tlb_entry_is(&set[w], asid, vpn))
			e = &set[w];
	if (!e) {
		e = victim(t, set);
		if (e->flags & MMLAB_TLB_VALID)
			t->stats.evictions++;
		t->stats.fills++;
	}
	e->vpn = vpn;
	e->frame = frame;
	e->asid = asid;
	e->flags = MMLAB_TLB_VALID |
		   (flags & (MMLAB_PTE_PROT | MMLAB_PTE_D));
	e->stamp = ++t->clock;
}

static void drop(struct mmlab_tlb *t, struct mmlab_tlb_entry *e)
{
	e->flags = 0;
	t->stats.invalidated++;
}

/**
 * mmlab_tlb_flush_all - drop every entry
 * @t: the TLB
 */
void mmlab_tlb_flush_all(struct mmlab_tlb *t)
{
	u32 i;

	for (i = 0; i < t->cfg.entries; i++)
		if (t->e[i].flags & MMLAB_TLB_VALID)
			drop(t, &t->e[i]);
	t->stats.flush_all++;
}

/**
 * mmlab_tlb_switch - the CPU now runs @asid's accesses
 * @t: the TLB
 * @asid: the space
 *
 * Without ASIDs a switch to another space flushes the TLB (not the first
 * one: nothing is cached before); with them it costs nothing.
 */
void mmlab_tlb_switch(struct mmlab_tlb *t, u32 asid)
{
	if (asid == t->cur_asid)
		return;
	if (t->cfg.no_asid && t->cur_asid) {
		mmlab_tlb_flush_all(t);
		t->stats.switch_flushes++;
	}
	t->cur_asid = asid;
}

/**
 * mmlab_tlb_flush_asid - drop every entry of one space
 * @t: the TLB
 * @asid: the space
 */
void mmlab_tlb_flush_asid(struct mmlab_tlb *t, u32 asid)
{
	u32 i;

	for (i = 0; i < t->cfg.entries; i++)
		if ((t->e[i].flags & MMLAB_TLB_VALID) && t->e[i].asid == asid)
			drop(t, &t->e[i]);
	t->stats.flush_asid++;
}

/**
 * mmlab_tlb_flush_range - drop one space's entries of @nr pages from @vpn
 * @t: the TLB
 * @asid: the space
 * @vpn: first virtual page
 * @nr: pages
 *
 * Looks in each page's set when there are fewer pages than sets, else
 * at every entry.
 */
void mmlab_tlb_flush_range(struct mmlab_tlb *t, u32 asid, u64 vpn, u64 nr)
{
	struct mmlab_tlb_entry *set;
	u64 i;
	u32 w;

	t->stats.flush_range++;
	if (nr < t->sets) {
		for (i = vpn; i < vpn + nr; i++) {
			set = set_of(t, i);
			for (w = 0; w < t->cfg.ways; w++)
				if (tlb_entry_is(&set[w], asid, i))
					drop(t, &set[w]);
		}
		return;
	}
	for (i = 0; i < t->cfg.entries; i++)
		if ((t->e[i].flags & MMLAB_TLB_VALID) &&
		    t->e[i].asid == asid && t->e[i].vpn >= vpn &&
		    t->e[i].vpn - vpn < nr)
			drop(t, &t->e[i]);
}

/**
 * mmlab_tlb_valid - entries in use
 * @t: the TLB
 *
 * Return: the number of valid entries.
 */
u32 mmlab_tlb_valid(const struct mmlab_tlb *t)
{
	u32 i, n = 0;

	for (i = 0; i < t->cfg.entries; i++)
		n += !!(t->e[i].flags & MMLAB_TLB_VALID);
	return n;
}

/**
 * mmlab_tlb_validate - check the invariants of tlb.c
 * @t: the TLB
 *
 * Return: the number of violations found (each reported).
 */
unsigned int mmlab_tlb_validate(const struct mmlab_tlb *t)
{
	const struct mmlab_tlb_entry *e, *o;
	unsigned int errors = 0;
	u32 i, w, set;

	for (i = 0; i < t->cfg.entries; i++) {
		e = &t->e[i];
		if (!(e->flags & MMLAB_TLB_VALID))
			continue;
		set = i / t->cfg.ways;
		if (e->vpn % t->sets != set) {
			mmlab_report("tlb: vpn %#llx in set %u\n", e->vpn, set);
			errors++;
		}
		for (w = i + 1; w < (set + 1) * t->cfg.ways; w++) {
			o = &t->e[w];
			if (tlb_entry_is(o, e->asid, e->vpn)) {
				mmlab_report("tlb: asid %u vpn %#llx twice\n",
					     e->asid, e->vpn);
				errors++;
			}
		}
		if (t->cfg.no_asid && e->asid != t->cur_asid) {
			mmlab_report("tlb: asid %u cached, %u current\n",
				     e->asid, t->cur_asid);
			errors++;
		}
	}
	return errors;
}
