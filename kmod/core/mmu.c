// SPDX-License-Identifier: GPL-2.0
/*
 * mmu.c - the software MMU: address spaces with regions and page tables,
 * the access path (TLB, walk, fault), demand paging, shared objects,
 * clone with copy on write, and the data path that reads and writes the
 * frames through the translation.
 *
 * Data structures
 *
 *   struct mmlab_mmu     the spaces and shared objects of one arena, the
 *                        TLB (one, as one CPU's), the inverted table while
 *                        an inverted space lives, and frame_ref[]: per
 *                        frame, the references on it as a data page
 *   struct mmlab_space   an address space (mm_struct): geometry, regions
 *                        (vma.c), and its translations: a multi-level
 *                        table (pgtable.c) of its own, or its entries in
 *                        the shared inverted table (ipt.c), keyed by its id
 *   struct mmlab_shm     a shared object (shmem): its pages by offset
 *
 * The access path, for one reference (address, kind):
 *
 *   TLB lookup (asid = space id) --hit with the rights--> done
 *     | miss, or the rights missing
 *     v
 *   walk the table (entries read are counted, per level)
 *     | present with the rights: set A (and D on a write), fill the TLB
 *     v otherwise: page fault
 *   find the region --none--> SEGV      region lacks the right --> PROT
 *     | leaf none: a zeroed frame (private), or the shared object's page
 *     | leaf present, write, COW: copy the frame (or reuse it if no one
 *     |   else maps it)
 *     v
 *   write the leaf, fill the TLB
 *
 * Where reclaim plugs in (a later issue): frame_get() is the one place
 * that asks for a data frame, so a replacement policy evicting a page
 * goes there when @ops->frame_alloc fails; a non-present leaf that is not
 * none is a swap entry, which fault() refuses until a swap area exists.
 *
 * Invariants (checked by mmlab_mmu_validate())
 *
 *   1. frame_ref[f] is the number of present leaves, over all spaces,
 *      that map f, plus one if a shared object holds f. A frame with a
 *      non-zero count is a data page allocated through @ops; @data_frames
 *      counts them.
 *   2. A present leaf lies inside a region of its space; its R/W/X bits
 *      are the region's, except that a COW leaf has no W. A leaf of a
 *      shared region maps its object's page at that offset.
 *   3. A COW leaf is in a private region; a leaf of a private region
 *      whose frame has more than one reference is COW.
 *   4. @rss of a space is its number of present leaves.
 *   5. The TLB never grants more than the leaf: a valid entry's leaf is
 *      present, maps the same frame and has every right the entry has.
 *   6. A shared object's @refs is the number of regions that map it; an
 *      object lives while that is not 0.
 *   7. The inverted table exists iff an inverted space does.
 *   Plus those of pgtable.c, ipt.c, tlb.c and vma.c.
 *
 * Lock order: none here. The owner serializes every call on the MMU (the
 * module: mmlab.mmu_lock); @ops->frame_alloc/frame_free take the buddy's
 * lock inside it, so the MMU's lock comes first.
 */
#include "seam.h"
#include "mmu.h"

const char *const mmlab_fault_names[MMLAB_PF_NR] = {
	[MMLAB_PF_ZERO] = "zero",
	[MMLAB_PF_SHARED] = "shared",
	[MMLAB_PF_COW_COPY] = "cow_copy",
	[MMLAB_PF_COW_REUSE] = "cow_reuse",
	[MMLAB_PF_SEGV] = "segv",
	[MMLAB_PF_PROT] = "prot",
	[MMLAB_PF_OOM] = "oom",
};

const char *const mmlab_access_names[MMLAB_ACC_NR] = {
	[MMLAB_ACC_READ] = "read",
	[MMLAB_ACC_WRITE] = "write",
	[MMLAB_ACC_EXEC] = "exec",
};

static const u32 access_right[MMLAB_ACC_NR] = {
	[MMLAB_ACC_READ] = MMLAB_PTE_R,
	[MMLAB_ACC_WRITE] = MMLAB_PTE_W,
	[MMLAB_ACC_EXEC] = MMLAB_PTE_X,
};

static bool inverted(const struct mmlab_space *sp)
{
	return sp->flags & MMLAB_SPACE_INVERTED;
}

static u64 va_limit(const struct mmlab_space *sp)
{
	return 1ULL << sp->geom.va_bits;
}

static void *frame_mem(const struct mmlab_mmu *m, u64 frame)
{
	return mmlab_arena_frame_mem(m->arena, frame);
}

/* The page tables' frames come from the owner, counted in the MMU. */
static int table_alloc(void *priv, unsigned int order, u64 *frame)
{
	struct mmlab_mmu *m = priv;
	int err = m->ops->frame_alloc(m->priv, order, frame);

	if (!err)
		m->table_frames += 1ULL << order;
	return err;
}

static void table_free(void *priv, u64 frame, unsigned int order)
{
	struct mmlab_mmu *m = priv;

	m->ops->frame_free(m->priv, frame, order);
	m->table_frames -= 1ULL << order;
}

static const struct mmlab_pt_ops mmu_pt_ops = {
	.table_alloc = table_alloc,
	.table_free = table_free,
};

/*
 * A data frame with one reference, zeroed unless the caller fills it
 * whole (@zero false); -ENOMEM if none.
 */
static int frame_get(struct mmlab_mmu *m, const struct mmlab_space *sp,
		     u64 *frame, bool zero)
{
	int err = m->ops->frame_alloc(m->priv, 0, frame);

	if (err)
		return err;
	if (*frame > mmlab_pt_leaf_max_frame(&sp->geom) ||
	    WARN_ON_ONCE(m->frame_ref[*frame])) {
		m->ops->frame_free(m->priv, *frame, 0);
		return -ENOMEM;
	}
	if (zero)
		memset(frame_mem(m, *frame), 0, MMLAB_PG_SIZE);
	m->frame_ref[*frame] = 1;
	m->data_frames++;
	return 0;
}

static void frame_put(struct mmlab_mmu *m, u64 frame)
{
	if (WARN_ON_ONCE(!m->frame_ref[frame]))
		return;
	if (--m->frame_ref[frame])
		return;
	m->ops->frame_free(m->priv, frame, 0);
	m->data_frames--;
}

/**
 * mmlab_mmu_create - an MMU with no space
 * @m: the MMU
 * @arena: the frames it maps
 * @ops: callbacks
 * @priv: their argument
 * @tlb: the TLB's shape
 *
 * Return: 0, -EINVAL (bad TLB shape) or -ENOMEM.
 */
int mmlab_mmu_create(struct mmlab_mmu *m, const struct mmlab_arena *arena,
		     const struct mmlab_mmu_ops *ops, void *priv,
		     const struct mmlab_tlb_config *tlb)
{
	int err;

	memset(m, 0, sizeof(*m));
	m->arena = arena;
	m->ops = ops;
	m->priv = priv;
	m->next_id = 1;
	m->next_shm_id = 1;
	err = mmlab_tlb_init(&m->tlb, tlb);
	if (err)
		return err;
	m->frame_ref = mmlab_kvcalloc(arena->nr_frames, sizeof(u32));
	m->scratch = mmlab_kvcalloc(arena->nr_frames, sizeof(u32));
	m->spaces = mmlab_kvcalloc(MMLAB_SPACES_MAX, sizeof(*m->spaces));
	m->shms = mmlab_kvcalloc(MMLAB_SHMS_MAX, sizeof(*m->shms));
	if (!m->frame_ref || !m->scratch || !m->spaces || !m->shms) {
		mmlab_mmu_destroy(m);
		return -ENOMEM;
	}
	return 0;
}

/**
 * mmlab_mmu_destroy - destroy every space, then the MMU
 * @m: the MMU
 */
void mmlab_mmu_destroy(struct mmlab_mmu *m)
{
	while (m->nr_spaces)
		mmlab_space_destroy(m, m->spaces[m->nr_spaces - 1]);
	mmlab_tlb_destroy(&m->tlb);
	mmlab_kvfree(m->frame_ref);
	mmlab_kvfree(m->scratch);
	mmlab_kvfree(m->spaces);
	mmlab_kvfree(m->shms);
	m->frame_ref = NULL;
	m->scratch = NULL;
	m->spaces = NULL;
	m->shms = NULL;
}

/**
 * mmlab_mmu_set_tlb - give the MMU a TLB of another shape (empty)
 * @m: the MMU
 * @c: the shape
 *
 * Return: 0, -EINVAL or -ENOMEM (the old TLB stays).
 */
int mmlab_mmu_set_tlb(struct mmlab_mmu *m, const struct mmlab_tlb_config *c)
{
	struct mmlab_tlb t;
	int err = mmlab_tlb_init(&t, c);

	if (err)
		return err;
	mmlab_tlb_destroy(&m->tlb);
	m->tlb = t;
	return 0;
}

/**
 * mmlab_space_find - a live space by id
 * @m: the MMU
 * @id: its id
 *
 * Return: the space, or NULL.
 */
struct mmlab_space *mmlab_space_find(const struct mmlab_mmu *m, u32 id)
{
	u32 i;

	for (i = 0; i < m->nr_spaces; i++)
		if (m->spaces[i]->id == id)
			return m->spaces[i];
	return NULL;
}

static struct mmlab_shm *shm_find(const struct mmlab_mmu *m, u32 id)
{
	u32 i;

	for (i = 0; i < m->nr_shms; i++)
		if (m->shms[i]->id == id)
			return m->shms[i];
	return NULL;
}

/* The smallest id from *@next on that @used does not know (ids != 0). */
static u32 next_free_id(const struct mmlab_mmu *m, u32 *next,
			bool (*used)(const struct mmlab_mmu *m, u32 id))
{
	u32 id = *next;

	while (!id || used(m, id))
		id++;
	*next = id + 1;
	return id;
}

static bool space_id_used(const struct mmlab_mmu *m, u32 id)
{
	return mmlab_space_find(m, id);
}

static bool shm_id_used(const struct mmlab_mmu *m, u32 id)
{
	return shm_find(m, id);
}

/**
 * mmlab_space_create - an empty address space
 * @m: the MMU
 * @g: its geometry
 * @flags: MMLAB_SPACE_*
 * @owner: its owner
 * @out: the space, on success
 *
 * Return: 0, -EINVAL (bad flags), -ENOSPC (MMLAB_SPACES_MAX spaces
 * live), -E2BIG (a table of @g is larger than the arena's largest block)
 * or -ENOMEM.
 */
int mmlab_space_create(struct mmlab_mmu *m, const struct mmlab_geom *g,
		       u32 flags, u32 owner, struct mmlab_space **out)
{
	struct mmlab_space *sp;
	unsigned int l;
	int err;

	if (flags & ~MMLAB_SPACE_FLAGS)
		return -EINVAL;
	if (m->nr_spaces == MMLAB_SPACES_MAX)
		return -ENOSPC;
	for (l = 0; l < g->levels; l++)
		if (g->table_order[l] > m->arena->max_order ||
		    g->table_order[l] > m->arena->chunk_order_max)
			return -E2BIG;
	sp = mmlab_kvcalloc(1, sizeof(*sp));
	if (!sp)
		return -ENOMEM;
	sp->geom = *g;
	sp->flags = flags;
	sp->owner = owner;
	if (flags & MMLAB_SPACE_INVERTED) {
		if (!m->ipt_users &&
		    mmlab_ipt_init(&m->ipt, m->arena->nr_frames)) {
			mmlab_kvfree(sp);
			return -ENOMEM;
		}
		m->ipt_users++;
	} else {
		err = mmlab_pt_create(&sp->pt, &sp->geom, m->arena,
				      &mmu_pt_ops, m);
		if (err) {
			mmlab_kvfree(sp);
			return err;
		}
	}
	sp->id = next_free_id(m, &m->next_id, space_id_used);
	m->spaces[m->nr_spaces++] = sp;
	*out = sp;
	return 0;
}

/* The leaf of @va, or one with a NULL @p. Counts into @t if given. */
static struct mmlab_ptep lookup(const struct mmlab_mmu *m,
				const struct mmlab_space *sp, u64 va,
				struct mmlab_walk_trace *t)
{
	if (inverted(sp))
		return mmlab_ipt_lookup(&m->ipt, sp->id,
					va >> MMLAB_PAGE_SHIFT, t);
	return mmlab_pt_lookup(&sp->pt, va, t);
}

static int install(struct mmlab_mmu *m, struct mmlab_space *sp, u64 va,
		   struct mmlab_ptep *e)
{
	if (inverted(sp))
		return mmlab_ipt_insert(&m->ipt, sp->id,
					va >> MMLAB_PAGE_SHIFT, e);
	return mmlab_pt_install(&sp->pt, va, e);
}

/* Clear a leaf: an inverted entry goes back to the free list. */
static void clear(struct mmlab_mmu *m, struct mmlab_space *sp, u64 va,
		  struct mmlab_ptep e)
{
	if (inverted(sp))
		mmlab_ipt_remove(&m->ipt, sp->id, va >> MMLAB_PAGE_SHIFT);
	else
		mmlab_ptep_set(e, 0);
}

/* A range walk over the leaves of either kind of table. */
struct leaf_walk {
	struct mmlab_mmu *m;
	struct mmlab_space *sp;
	int (*fn)(struct leaf_walk *lw, u64 va, struct mmlab_ptep e);
	void *priv;
};

static int leaf_pt(struct mmlab_pt_walk *w, u64 va, struct mmlab_ptep e)
{
	struct leaf_walk *lw = w->priv;

	return lw->fn(lw, va, e);
}

static int leaf_ipt(void *priv, u64 vpn, struct mmlab_ptep e)
{
	struct leaf_walk *lw = priv;

	return lw->fn(lw, vpn << MMLAB_PAGE_SHIFT, e);
}

static const struct mmlab_pt_walk_ops leaf_walk_ops = {
	.pte = leaf_pt,
};

static int walk_leaves(struct leaf_walk *lw, u64 start, u64 end)
{
	struct mmlab_pt_walk w = {
		.pt = &lw->sp->pt, .ops = &leaf_walk_ops, .priv = lw,
	};

	if (start >= end)
		return 0;
	if (inverted(lw->sp))
		return mmlab_ipt_walk(&lw->m->ipt, lw->sp->id,
				      start >> MMLAB_PAGE_SHIFT,
				      (end - start) >> MMLAB_PAGE_SHIFT,
				      leaf_ipt, lw);
	return mmlab_pt_walk_range(&w, start, end);
}

/* Drop a leaf's page: its reference, the TLB's copy comes after. */
static int zap_leaf(struct leaf_walk *lw, u64 va, struct mmlab_ptep e)
{
	u64 pte = mmlab_ptep_get(e);

	if (mmlab_pte_present(pte)) {
		frame_put(lw->m, mmlab_pte_frame(pte));
		lw->sp->rss--;
	}
	clear(lw->m, lw->sp, va, e);
	return 0;
}

static void zap_range(struct mmlab_mmu *m, struct mmlab_space *sp,
		      u64 start, u64 end)
{
	struct leaf_walk lw = { .m = m, .sp = sp, .fn = zap_leaf };

	walk_leaves(&lw, start, end);
	mmlab_tlb_flush_range(&m->tlb, sp->id, start >> MMLAB_PAGE_SHIFT,
			      (end - start) >> MMLAB_PAGE_SHIFT);
	if (!inverted(sp))
		mmlab_pt_prune(&sp->pt, start, end);
}

static void shm_put(struct mmlab_mmu *m, struct mmlab_shm *shm)
{
	u64 i;
	u32 k;

	if (--shm->refs)
		return;
	for (i = 0; i < shm->nr_pages; i++)
		if (shm->frames[i] != MMLAB_SHM_NONE)
			frame_put(m, shm->frames[i]);
	for (k = 0; k < m->nr_shms; k++) {
		if (m->shms[k] == shm) {
			m->shms[k] = m->shms[--m->nr_shms];
			break;
		}
	}
	mmlab_kvfree(shm->frames);
	mmlab_kvfree(shm);
}

/* Forget the regions wholly inside [@start, @end) (pages zapped). */
static void drop_vmas(struct mmlab_mmu *m, struct mmlab_space *sp,
		      u64 start, u64 end)
{
	struct mmlab_vmas *vs = &sp->vmas;
	u32 i = mmlab_vma_first_end_above(vs, start);

	while (i < vs->nr && vs->v[i].start < end) {
		if (vs->v[i].shm)
			shm_put(m, vs->v[i].shm);
		mmlab_vma_delete(vs, i);
	}
}

/**
 * mmlab_space_destroy - tear a space down: every page, table, region
 * @m: the MMU
 * @sp: the space (freed)
 */
void mmlab_space_destroy(struct mmlab_mmu *m, struct mmlab_space *sp)
{
	u32 i;

	if (m->ops->space_gone)
		m->ops->space_gone(m->priv, sp);
	zap_range(m, sp, 0, va_limit(sp));
	drop_vmas(m, sp, 0, va_limit(sp));
	mmlab_vmas_destroy(&sp->vmas);
	mmlab_tlb_flush_asid(&m->tlb, sp->id);
	if (inverted(sp)) {
		if (!--m->ipt_users)
			mmlab_ipt_destroy(&m->ipt);
	} else {
		mmlab_pt_destroy(&sp->pt);
	}
	mmlab_access_stats_add(&m->retired, &sp->stats);
	for (i = 0; i < m->nr_spaces; i++) {
		if (m->spaces[i] == sp) {
			m->spaces[i] = m->spaces[--m->nr_spaces];
			break;
		}
	}
	mmlab_kvfree(sp);
}

/**
 * mmlab_mmu_release - destroy the spaces an owner leaves behind
 * @m: the MMU
 * @owner: the owner (its socket closed)
 *
 * Spaces created persistent stay.
 *
 * Return: spaces destroyed.
 */
unsigned int mmlab_mmu_release(struct mmlab_mmu *m, u32 owner)
{
	unsigned int n = 0;
	u32 i = 0;

	while (i < m->nr_spaces) {
		struct mmlab_space *sp = m->spaces[i];

		if (sp->owner != owner || (sp->flags & MMLAB_SPACE_PERSISTENT)) {
			i++;
			continue;
		}
		mmlab_space_destroy(m, sp); /* moves the last one to i */
		n++;
	}
	return n;
}

/* Room for the regions that cutting at @start and @end adds. */
static int reserve_cuts(struct mmlab_space *sp, u64 start, u64 end)
{
	const struct mmlab_vma *a = mmlab_vma_find(&sp->vmas, start);
	const struct mmlab_vma *b = mmlab_vma_find(&sp->vmas, end);

	return mmlab_vmas_reserve(&sp->vmas, (a && a->start != start) +
				  (b && b->start != end));
}

/* A page-aligned, non-empty range inside the space's addresses. */
static int check_range(const struct mmlab_space *sp, u64 start, u64 len)
{
	if ((start | len) & MMLAB_PG_OFFSET || !len)
		return -EINVAL;
	if (start >= va_limit(sp) || len > va_limit(sp) - start)
		return -ERANGE;
	return 0;
}

/**
 * mmlab_space_map - add a region
 * @m: the MMU
 * @sp: the space
 * @req: the region
 * @shm: SHARED: the shared object's id, on success
 *
 * No page is mapped yet: the first touch of each faults it in.
 *
 * Return: 0; -EINVAL (unaligned or empty range, bad protections or kind,
 * an object given for a private region), -ERANGE (beyond the space's
 * addresses), -EEXIST (overlaps a region), -ENOENT (no such shared
 * object), -E2BIG (a new shared object over MMLAB_SHM_PAGES_MAX pages,
 * or a region longer than its object), -ENOSPC (too many regions or
 * shared objects) or -ENOMEM. Nothing changes on failure.
 */
int mmlab_space_map(struct mmlab_mmu *m, struct mmlab_space *sp,
		    const struct mmlab_map_req *req, u32 *shm)
{
	struct mmlab_vma v = {
		.start = req->start, .end = req->start + req->len,
		.prot = req->prot, .kind = req->kind,
	};
	struct mmlab_shm *s = NULL;
	u64 pages = req->len >> MMLAB_PAGE_SHIFT, i;
	int err = check_range(sp, req->start, req->len);

	if (err)
		return err;
	if ((req->prot & ~(u32)MMLAB_PTE_PROT) ||
	    req->kind >= MMLAB_VMA_KIND_NR ||
	    (req->kind != MMLAB_VMA_SHARED && req->shm))
		return -EINVAL;
	if (mmlab_vma_overlaps(&sp->vmas, v.start, v.end))
		return -EEXIST;
	if (req->kind == MMLAB_VMA_SHARED && req->shm) {
		s = shm_find(m, req->shm);
		if (!s)
			return -ENOENT;
		if (pages > s->nr_pages)
			return -E2BIG;
		s->refs++;
	} else if (req->kind == MMLAB_VMA_SHARED) {
		if (pages > MMLAB_SHM_PAGES_MAX)
			return -E2BIG;
		if (m->nr_shms == MMLAB_SHMS_MAX)
			return -ENOSPC;
		s = mmlab_kvcalloc(1, sizeof(*s));
		if (!s)
			return -ENOMEM;
		s->frames = mmlab_kvcalloc(pages, sizeof(*s->frames));
		if (!s->frames) {
			mmlab_kvfree(s);
			return -ENOMEM;
		}
		for (i = 0; i < pages; i++)
			s->frames[i] = MMLAB_SHM_NONE;
		s->nr_pages = pages;
		s->refs = 1;
		s->id = next_free_id(m, &m->next_shm_id, shm_id_used);
		m->shms[m->nr_shms++] = s;
	}
	v.shm = s;
	err = mmlab_vma_insert(&sp->vmas, &v);
	if (err) {
		if (s)
			shm_put(m, s);
		return err;
	}
	if (shm)
		*shm = s ? s->id : 0;
	return 0;
}

/**
 * mmlab_space_unmap - remove every region and page of a range
 * @m: the MMU
 * @sp: the space
 * @start: first address, page aligned
 * @len: bytes, page aligned, > 0
 *
 * Regions straddling the range's ends are cut; tables left empty are
 * given back; the TLB forgets the range. A range with nothing in it is
 * not an error (munmap()).
 *
 * Return: 0, -EINVAL, -ERANGE, or -ENOSPC/-ENOMEM when a region would
 * have to be cut in two and cannot (nothing changes).
 */
int mmlab_space_unmap(struct mmlab_mmu *m, struct mmlab_space *sp,
		      u64 start, u64 len)
{
	int err = check_range(sp, start, len);

	if (!err)
		err = reserve_cuts(sp, start, start + len);
	if (err)
		return err;
	mmlab_vma_split(&sp->vmas, start);
	mmlab_vma_split(&sp->vmas, start + len);
	zap_range(m, sp, start, start + len);
	drop_vmas(m, sp, start, start + len);
	return 0;
}

/* The R/W/X bits a leaf of a region with @prot gets. */
static u64 leaf_prot(u64 pte, u32 prot)
{
	u64 p = prot;

	if (pte & MMLAB_PTE_COW)
		p &= ~MMLAB_PTE_W;
	return (pte & ~MMLAB_PTE_PROT) | p;
}

static int protect_leaf(struct leaf_walk *lw, u64 va, struct mmlab_ptep e)
{
	u64 pte = mmlab_ptep_get(e);

	(void)va;

	if (mmlab_pte_present(pte))
		mmlab_ptep_set(e, leaf_prot(pte, *(u32 *)lw->priv));
	return 0;
}

/**
 * mmlab_space_protect - change the protections of a range
 * @m: the MMU
 * @sp: the space
 * @start: first address, page aligned
 * @len: bytes, page aligned, > 0
 * @prot: MMLAB_PTE_R/W/X
 *
 * Regions are cut at the range's ends, then merged with like neighbours;
 * the mapped leaves take the new rights (a COW leaf stays without W) and
 * the TLB forgets the range.
 *
 * Return: 0, -EINVAL, -ERANGE, -EFAULT (a hole in the range: no region
 * there), -ENOSPC or -ENOMEM. Nothing changes on failure.
 */
int mmlab_space_protect(struct mmlab_mmu *m, struct mmlab_space *sp,
			u64 start, u64 len, u32 prot)
{
	struct leaf_walk lw = {
		.m = m, .sp = sp, .fn = protect_leaf, .priv = &prot,
	};
	struct mmlab_vmas *vs = &sp->vmas;
	int err = check_range(sp, start, len);
	u32 i;

	if (err)
		return err;
	if (prot & ~(u32)MMLAB_PTE_PROT)
		return -EINVAL;
	if (!mmlab_vma_covered(vs, start, start + len))
		return -EFAULT;
	err = reserve_cuts(sp, start, start + len);
	if (err)
		return err;
	mmlab_vma_split(vs, start);
	mmlab_vma_split(vs, start + len);
	for (i = mmlab_vma_first_end_above(vs, start);
	     i < vs->nr && vs->v[i].start < start + len; i++)
		vs->v[i].prot = prot;
	walk_leaves(&lw, start, start + len);
	mmlab_tlb_flush_range(&m->tlb, sp->id, start >> MMLAB_PAGE_SHIFT,
			      len >> MMLAB_PAGE_SHIFT);
	mmlab_vma_merge(vs);
	return 0;
}

/**
 * mmlab_space_grow - move the growing edge of a heap or stack region
 * @m: the MMU
 * @sp: the space
 * @va: an address in the region
 * @pages: pages to add (a heap may shrink: negative; a stack only grows,
 *	down)
 * @edge: the new edge (heap: its end; stack: its start), on success
 *
 * Return: 0, -EFAULT (no region at @va), -EINVAL (not a heap or stack, a
 * stack asked to shrink, a heap to shrink to nothing, or 0 pages),
 * -ERANGE (past the space's addresses) or -EEXIST (into another region).
 * Nothing changes on failure.
 */
int mmlab_space_grow(struct mmlab_mmu *m, struct mmlab_space *sp, u64 va,
		     s64 pages, u64 *edge)
{
	struct mmlab_vma *v = va < va_limit(sp) ?
			      mmlab_vma_find(&sp->vmas, va) : NULL;
	u64 bytes, cut;

	if (!v)
		return -EFAULT;
	if (!pages || (v->kind != MMLAB_VMA_HEAP && v->kind != MMLAB_VMA_STACK) ||
	    (v->kind == MMLAB_VMA_STACK && pages < 0))
		return -EINVAL;
	if (pages < 0) {
		bytes = (u64)-pages << MMLAB_PAGE_SHIFT;
		if (-pages > (s64)((v->end - v->start) >> MMLAB_PAGE_SHIFT) - 1)
			return -EINVAL;
		cut = v->end - bytes;
		zap_range(m, sp, cut, v->end);
		v->end = cut;
		*edge = cut;
		return 0;
	}
	if ((u64)pages > va_limit(sp) >> MMLAB_PAGE_SHIFT)
		return -ERANGE;
	bytes = (u64)pages << MMLAB_PAGE_SHIFT;
	if (v->kind == MMLAB_VMA_HEAP) {
		if (bytes > va_limit(sp) - v->end)
			return -ERANGE;
		if (mmlab_vma_overlaps(&sp->vmas, v->end, v->end + bytes))
			return -EEXIST;
		v->end += bytes;
		*edge = v->end;
		return 0;
	}
	if (bytes > v->start)
		return -ERANGE;
	if (mmlab_vma_overlaps(&sp->vmas, v->start - bytes, v->start))
		return -EEXIST;
	v->start -= bytes;
	*edge = v->start;
	return 0;
}

/* Count one walk's reads, per level. */
static void count_walk(struct mmlab_access_stats *t,
		       const struct mmlab_space *sp,
		       const struct mmlab_walk_trace *tr)
{
	u32 i;

	t->walks++;
	t->walk_reads += tr->reads;
	if (inverted(sp)) {
		t->level_reads[0]++;
		t->level_reads[1] += tr->reads - 1;
		return;
	}
	for (i = 0; i < tr->nr; i++)
		t->level_reads[tr->step[i].level]++;
}

static void report_fault(struct mmlab_mmu *m, const struct mmlab_space *sp,
			 unsigned int kind, unsigned int access, u64 va,
			 u64 frame)
{
	struct mmlab_fault_info f = {
		.space = sp->id, .kind = kind, .access = access, .va = va,
		.frame = frame,
	};

	if (m->ops->fault)
		m->ops->fault(m->priv, &f);
}

/*
 * A private page after a clone: copy it for this space, or take it back
 * whole when no one else maps it any more. Returns the fault kind.
 */
static unsigned int cow(struct mmlab_mmu *m, struct mmlab_space *sp,
			const struct mmlab_vma *v, u64 *pte)
{
	u64 old = mmlab_pte_frame(*pte), frame;

	if (m->frame_ref[old] == 1) {
		*pte = (*pte & ~MMLAB_PTE_COW) | MMLAB_PTE_W;
		return MMLAB_PF_COW_REUSE;
	}
	if (frame_get(m, sp, &frame, false))
		return MMLAB_PF_OOM;
	memcpy(frame_mem(m, frame), frame_mem(m, old), MMLAB_PG_SIZE);
	frame_put(m, old);
	*pte = mmlab_pte_mk(frame, v->prot);
	return MMLAB_PF_COW_COPY;
}

/*
 * The page fault handler: make the leaf of @va allow @access, or say why
 * not. On a resolved fault the new leaf is in *@pte (A set, D on a
 * write). Returns the &enum mmlab_pf_kind.
 */
static unsigned int fault(struct mmlab_mmu *m, struct mmlab_space *sp,
			  u64 va, unsigned int access, u64 *pte)
{
	const struct mmlab_vma *v = mmlab_vma_find(&sp->vmas, va);
	u32 need = access_right[access];
	struct mmlab_ptep e;
	unsigned int kind;
	u64 frame, *slot;

	if (!v)
		return MMLAB_PF_SEGV;
	if (!(v->prot & need))
		return MMLAB_PF_PROT;
	if (install(m, sp, va, &e))
		return MMLAB_PF_OOM;
	*pte = mmlab_ptep_get(e);
	if (mmlab_pte_present(*pte)) {
		if (access != MMLAB_ACC_WRITE || !(*pte & MMLAB_PTE_COW))
			return MMLAB_PF_PROT;
		kind = cow(m, sp, v, pte);
		if (kind == MMLAB_PF_OOM)
			return kind;
	} else if (WARN_ON_ONCE(*pte)) {
		/* a swap entry, and no swap area to read it from */
		return MMLAB_PF_OOM;
	} else if (v->shm) {
		slot = &v->shm->frames[v->pgoff +
				       ((va - v->start) >> MMLAB_PAGE_SHIFT)];
		kind = MMLAB_PF_SHARED;
		if (*slot == MMLAB_SHM_NONE) {
			if (frame_get(m, sp, &frame, true))
				goto oom;
			*slot = frame;
			kind = MMLAB_PF_ZERO;
		}
		m->frame_ref[*slot]++;
		*pte = mmlab_pte_mk(*slot, v->prot);
		sp->rss++;
	} else {
		if (frame_get(m, sp, &frame, true))
			goto oom;
		*pte = mmlab_pte_mk(frame, v->prot);
		kind = MMLAB_PF_ZERO;
		sp->rss++;
	}
	*pte |= MMLAB_PTE_A;
	if (access == MMLAB_ACC_WRITE)
		*pte |= MMLAB_PTE_D;
	mmlab_ptep_set(e, *pte);
	return kind;
oom:
	/* an inverted entry made for nothing goes back */
	if (inverted(sp))
		clear(m, sp, va, e);
	return MMLAB_PF_OOM;
}

/*
 * The walk of a TLB miss, counted into @t. Not inlined: its trace would
 * then live in access_one()'s frame, which kernels built with
 * CONFIG_INIT_STACK_ALL_ZERO clear on every reference, hits included.
 */
static noinline struct mmlab_ptep walk(const struct mmlab_mmu *m,
				       const struct mmlab_space *sp, u64 va,
				       struct mmlab_access_stats *t)
{
	struct mmlab_walk_trace tr;
	struct mmlab_ptep e;

	tr.nr = 0;
	tr.reads = 0;
	e = lookup(m, sp, va, &tr);
	count_walk(t, sp, &tr);
	return e;
}

/*
 * One reference: TLB, walk, fault. Counts into @t. Returns 0 and the
 * frame, or the fault kind that dropped the access (> 0).
 */
static int access_one(struct mmlab_mmu *m, struct mmlab_space *sp, u64 va,
		      unsigned int access, struct mmlab_access_stats *t,
		      u64 *frame)
{
	u64 vpn = va >> MMLAB_PAGE_SHIFT, pte;
	u32 need = access_right[access];
	struct mmlab_tlb_entry *te;
	struct mmlab_ptep e;
	unsigned int kind;

	t->accesses++;
	t->kinds[access]++;
	te = mmlab_tlb_lookup(&m->tlb, sp->id, vpn);
	if (te) {
		t->tlb_hits++;
		if ((te->flags & need) &&
		    (access != MMLAB_ACC_WRITE || (te->flags & MMLAB_PTE_D))) {
			*frame = te->frame;
			return 0;
		}
	} else {
		t->tlb_misses++;
	}
	e = walk(m, sp, va, t);
	pte = e.p ? mmlab_ptep_get(e) : 0;
	if (mmlab_pte_present(pte) && (pte & need)) {
		pte |= MMLAB_PTE_A;
		if (access == MMLAB_ACC_WRITE)
			pte |= MMLAB_PTE_D;
		mmlab_ptep_set(e, pte);
	} else {
		kind = fault(m, sp, va, access, &pte);
		t->faults[kind]++;
		report_fault(m, sp, kind, access, va,
			     kind < MMLAB_PF_SEGV ? mmlab_pte_frame(pte) : 0);
		if (kind >= MMLAB_PF_SEGV)
			return kind;
	}
	*frame = mmlab_pte_frame(pte);
	mmlab_tlb_fill(&m->tlb, sp->id, vpn, *frame, pte);
	return 0;
}

/**
 * mmlab_mmu_access - run a batch of references, as a CPU would
 * @m: the MMU
 * @sp: the space (the CPU switches to it first)
 * @refs: mmlab_ref(address, kind) each
 * @n: 1..MMLAB_MMU_BATCH_MAX
 * @t: zeroed by the caller; what the batch did is added (and to @sp's
 *	stats)
 * @bad: on -ERANGE/-EINVAL, the index of the first bad reference
 *
 * Every reference is checked before any runs. Faults that cannot be
 * resolved (SEGV, PROT, OOM) drop their access and are counted; the
 * batch goes on.
 *
 * Return: 0, -EINVAL (@n, or a bad kind) or -ERANGE (an address beyond
 * the space's); nothing runs on failure.
 */
int mmlab_mmu_access(struct mmlab_mmu *m, struct mmlab_space *sp,
		     const u64 *refs, u32 n, struct mmlab_access_stats *t,
		     u32 *bad)
{
	u64 limit = va_limit(sp), frame;
	u32 i;

	if (!n || n > MMLAB_MMU_BATCH_MAX)
		return -EINVAL;
	for (i = 0; i < n; i++) {
		*bad = i;
		if ((refs[i] >> MMLAB_REF_KIND_SHIFT) >= MMLAB_ACC_NR)
			return -EINVAL;
		if ((refs[i] & MMLAB_REF_VA_MASK) >= limit)
			return -ERANGE;
	}
	mmlab_tlb_switch(&m->tlb, sp->id);
	for (i = 0; i < n; i++)
		access_one(m, sp, refs[i] & MMLAB_REF_VA_MASK,
			   refs[i] >> MMLAB_REF_KIND_SHIFT, t, &frame);
	mmlab_access_stats_add(&sp->stats, t);
	return 0;
}

/**
 * mmlab_mmu_rw - read or write bytes at a virtual address
 * @m: the MMU
 * @sp: the space
 * @va: first address
 * @buf: the bytes
 * @len: 1..MMLAB_RW_MAX
 * @write: write @buf to the space, else read into it
 * @fault_va: on -EFAULT, the first address that cannot be accessed
 *
 * Each page is one access (TLB, walk, fault as for a batch), so a write
 * faults pages in and copies copy-on-write pages. The whole range is
 * checked against the regions first.
 *
 * Return: 0, -EINVAL (@len), -ERANGE (beyond the space's addresses),
 * -EFAULT (no region, or one without the right: nothing moved) or
 * -ENOMEM (no frame: the pages before it were moved).
 */
int mmlab_mmu_rw(struct mmlab_mmu *m, struct mmlab_space *sp, u64 va,
		 void *buf, u32 len, bool write, u64 *fault_va)
{
	unsigned int access = write ? MMLAB_ACC_WRITE : MMLAB_ACC_READ;
	struct mmlab_access_stats t = { 0 };
	const struct mmlab_vma *v;
	u64 at, frame, chunk;
	u8 *p = buf, *mem;
	int ret = 0;

	if (!len || len > MMLAB_RW_MAX)
		return -EINVAL;
	if (va >= va_limit(sp) || len > va_limit(sp) - va)
		return -ERANGE;
	for (at = va & ~MMLAB_PG_OFFSET; at < va + len; at += MMLAB_PG_SIZE) {
		v = mmlab_vma_find(&sp->vmas, at);
		if (!v || !(v->prot & access_right[access])) {
			*fault_va = max(at, va);
			return -EFAULT;
		}
	}
	mmlab_tlb_switch(&m->tlb, sp->id);
	for (at = va; at < va + len; at += chunk, p += chunk) {
		chunk = min(MMLAB_PG_SIZE - (at & MMLAB_PG_OFFSET), va + len - at);
		if (access_one(m, sp, at, access, &t, &frame)) {
			ret = -ENOMEM;
			break;
		}
		mem = (u8 *)frame_mem(m, frame) + (at & MMLAB_PG_OFFSET);
		if (write)
			memcpy(mem, p, chunk);
		else
			memcpy(p, mem, chunk);
	}
	mmlab_access_stats_add(&sp->stats, &t);
	return ret;
}

/**
 * mmlab_mmu_translate - walk the table for @va and say what it found
 * @m: the MMU
 * @sp: the space
 * @va: the address
 * @x: the result
 *
 * An inspection, not an access: no bit set, no TLB change, nothing
 * counted.
 *
 * Return: 0, or -ERANGE (beyond the space's addresses).
 */
int mmlab_mmu_translate(const struct mmlab_mmu *m,
			const struct mmlab_space *sp, u64 va,
			struct mmlab_translation *x)
{
	struct mmlab_ptep e;

	if (va >= va_limit(sp))
		return -ERANGE;
	memset(x, 0, sizeof(*x));
	e = lookup(m, sp, va, &x->trace);
	x->pte = e.p ? mmlab_ptep_get(e) : 0;
	x->present = mmlab_pte_present(x->pte);
	x->frame = x->present ? mmlab_pte_frame(x->pte) : 0;
	x->offset = va & MMLAB_PG_OFFSET;
	x->tlb_cached = mmlab_tlb_peek(&m->tlb, sp->id, va >> MMLAB_PAGE_SHIFT);
	return 0;
}

struct clone_ctx {
	struct mmlab_space *child;
	int err;
};

static int clone_leaf(struct leaf_walk *lw, u64 va, struct mmlab_ptep e)
{
	struct clone_ctx *c = lw->priv;
	const struct mmlab_vma *v = mmlab_vma_find(&lw->sp->vmas, va);
	u64 pte = mmlab_ptep_get(e);
	struct mmlab_ptep ce;

	/* shared pages fault into the child from their object */
	if (!mmlab_pte_present(pte) || !v || v->shm)
		return 0;
	c->err = install(lw->m, c->child, va, &ce);
	if (c->err)
		return c->err;
	/*
	 * Every private page, writable or not: a later protect may make it
	 * writable in one of the spaces, whose writes must then copy.
	 */
	pte = (pte & ~MMLAB_PTE_W) | MMLAB_PTE_COW;
	mmlab_ptep_set(e, pte);
	mmlab_ptep_set(ce, pte & ~MMLAB_PTE_A);
	lw->m->frame_ref[mmlab_pte_frame(pte)]++;
	c->child->rss++;
	return 0;
}

/**
 * mmlab_space_clone - a copy of a space (fork()): the same regions;
 *	private pages shared copy-on-write, shared regions shared
 * @m: the MMU
 * @sp: the parent
 * @flags: the child's MMLAB_SPACE_PERSISTENT (the table kind is the
 *	parent's)
 * @owner: the child's owner
 * @out: the child, on success
 *
 * The parent's private leaves lose W and gain COW (the read-only ones
 * too: a protect may make them writable later), and its TLB entries are
 * flushed; both spaces then copy a page on their first write to it. The
 * child's leaves start not accessed.
 *
 * Return: 0, or an error of mmlab_space_create(), -ENOSPC, -ENOMEM (the
 * child is gone; the parent's pages may stay COW, which costs one fault
 * each and no copy).
 */
int mmlab_space_clone(struct mmlab_mmu *m, struct mmlab_space *sp,
		      u32 flags, u32 owner, struct mmlab_space **out)
{
	struct clone_ctx c = { 0 };
	struct leaf_walk lw = { .m = m, .sp = sp, .fn = clone_leaf, .priv = &c };
	struct mmlab_space *child;
	u32 i;
	int err;

	if (flags & ~MMLAB_SPACE_PERSISTENT)
		return -EINVAL;
	err = mmlab_space_create(m, &sp->geom,
				 flags | (sp->flags & MMLAB_SPACE_INVERTED),
				 owner, &child);
	if (err)
		return err;
	err = mmlab_vmas_reserve(&child->vmas, sp->vmas.nr);
	if (err) {
		mmlab_space_destroy(m, child);
		return err;
	}
	for (i = 0; i < sp->vmas.nr; i++) {
		child->vmas.v[i] = sp->vmas.v[i];
		if (sp->vmas.v[i].shm)
			sp->vmas.v[i].shm->refs++;
	}
	child->vmas.nr = sp->vmas.nr;
	c.child = child;
	walk_leaves(&lw, 0, va_limit(sp));
	mmlab_tlb_flush_asid(&m->tlb, sp->id);
	if (c.err) {
		mmlab_space_destroy(m, child);
		return c.err;
	}
	*out = child;
	return 0;
}

struct walk_ctx {
	mmlab_leaf_fn fn;
	void *priv;
};

static int walk_cb(struct leaf_walk *lw, u64 va, struct mmlab_ptep e)
{
	struct walk_ctx *c = lw->priv;

	return c->fn(c->priv, va, mmlab_ptep_get(e));
}

/**
 * mmlab_space_walk - call @fn for every leaf that is not none in
 *	[@start, @end): multi-level spaces in address order, inverted ones
 *	in table order
 * @m: the MMU
 * @sp: the space
 * @start: first address (page aligned)
 * @end: end, exclusive (page aligned, at most 2^va_bits)
 * @fn: called with @priv, the address and the leaf; non-zero stops
 * @priv: @fn's argument
 *
 * Return: 0, -ERANGE (a bad range), or what @fn returned to stop.
 */
int mmlab_space_walk(struct mmlab_mmu *m, struct mmlab_space *sp,
		     u64 start, u64 end, mmlab_leaf_fn fn, void *priv)
{
	struct walk_ctx c = { fn, priv };
	struct leaf_walk lw = { .m = m, .sp = sp, .fn = walk_cb, .priv = &c };

	if ((start | end) & MMLAB_PG_OFFSET || start > end || end > va_limit(sp))
		return -ERANGE;
	return walk_leaves(&lw, start, end);
}

/**
 * mmlab_space_table_frames - frames of a space's own page tables
 * @sp: the space
 *
 * Return: the frames (0 for an inverted space: its entries are in the
 * shared table).
 */
u64 mmlab_space_table_frames(const struct mmlab_space *sp)
{
	return inverted(sp) ? 0 : mmlab_pt_table_frames(&sp->pt);
}

/**
 * mmlab_mmu_usage - what the MMU holds
 * @m: the MMU
 * @u: the answer
 */
void mmlab_mmu_usage(const struct mmlab_mmu *m, struct mmlab_mmu_usage *u)
{
	u32 i;

	memset(u, 0, sizeof(*u));
	u->spaces = m->nr_spaces;
	u->shms = m->nr_shms;
	u->data_frames = m->data_frames;
	u->table_frames = m->table_frames;
	if (m->ipt_users) {
		u->ipt_bytes = mmlab_ipt_bytes(&m->ipt);
		u->ipt_used = m->ipt.used;
	}
	for (i = 0; i < m->nr_spaces; i++)
		u->mapped += m->spaces[i]->rss;
}

/**
 * mmlab_access_stats_add - add counters
 * @to: the sum
 * @from: what to add
 */
void mmlab_access_stats_add(struct mmlab_access_stats *to,
			    const struct mmlab_access_stats *from)
{
	u64 *d = (u64 *)to;
	const u64 *s = (const u64 *)from;
	size_t i;

	BUILD_BUG_ON(sizeof(*to) % sizeof(u64));
	for (i = 0; i < sizeof(*to) / sizeof(u64); i++)
		d[i] += s[i];
}

/**
 * mmlab_mmu_totals - the stats of every space, live or destroyed
 * @m: the MMU
 * @t: the sum
 */
void mmlab_mmu_totals(const struct mmlab_mmu *m,
		      struct mmlab_access_stats *t)
{
	u32 i;

	*t = m->retired;
	for (i = 0; i < m->nr_spaces; i++)
		mmlab_access_stats_add(t, &m->spaces[i]->stats);
}

struct check_ctx {
	unsigned int errors;
	u64 rss;
};

static int check_leaf(struct leaf_walk *lw, u64 va, struct mmlab_ptep e)
{
	const struct mmlab_vma *v = mmlab_vma_find(&lw->sp->vmas, va);
	struct check_ctx *c = lw->priv;
	u64 pte = mmlab_ptep_get(e), frame = mmlab_pte_frame(pte);
	u64 want;

	if (!mmlab_pte_present(pte)) {
		mmlab_report("space %u: %#llx: swap entry %#llx, no swap\n",
			     lw->sp->id, va, pte);
		c->errors++;
		return 0;
	}
	c->rss++;
	if (frame >= lw->m->arena->nr_frames) {
		mmlab_report("space %u: %#llx: frame %llu beyond the arena\n",
			     lw->sp->id, va, frame);
		c->errors++;
		return 0;
	}
	lw->m->scratch[frame]++;
	if (!v) {
		mmlab_report("space %u: %#llx mapped outside regions\n",
			     lw->sp->id, va);
		c->errors++;
		return 0;
	}
	want = leaf_prot(pte, v->prot);
	if ((pte & MMLAB_PTE_PROT) != (want & MMLAB_PTE_PROT) ||
	    ((pte & MMLAB_PTE_COW) && v->shm) ||
	    (!v->shm && !(pte & MMLAB_PTE_COW) &&
	     lw->m->frame_ref[frame] > 1) ||
	    (v->shm && v->shm->frames[v->pgoff + ((va - v->start) >>
						   MMLAB_PAGE_SHIFT)] != frame)) {
		mmlab_report("space %u: %#llx: leaf %#llx vs region prot %#x\n",
			     lw->sp->id, va, pte, v->prot);
		c->errors++;
	}
	return 0;
}

static unsigned int check_space(struct mmlab_mmu *m, struct mmlab_space *sp)
{
	struct check_ctx c = { 0 };
	struct leaf_walk lw = { .m = m, .sp = sp, .fn = check_leaf, .priv = &c };

	c.errors = mmlab_vma_validate(&sp->vmas, va_limit(sp));
	walk_leaves(&lw, 0, va_limit(sp));
	if (c.rss != sp->rss) {
		mmlab_report("space %u: rss %llu, %llu leaves\n", sp->id,
			     sp->rss, c.rss);
		c.errors++;
	}
	return c.errors;
}

static unsigned int check_tlb(const struct mmlab_mmu *m)
{
	const struct mmlab_tlb_entry *te;
	const struct mmlab_space *sp;
	unsigned int errors = mmlab_tlb_validate(&m->tlb);
	struct mmlab_ptep e;
	u64 pte;
	u32 i;

	for (i = 0; i < m->tlb.cfg.entries; i++) {
		te = &m->tlb.e[i];
		if (!(te->flags & MMLAB_TLB_VALID))
			continue;
		sp = mmlab_space_find(m, te->asid);
		e.p = NULL;
		if (sp)
			e = lookup(m, sp, te->vpn << MMLAB_PAGE_SHIFT, NULL);
		pte = e.p ? mmlab_ptep_get(e) : 0;
		if (!mmlab_pte_present(pte) || mmlab_pte_frame(pte) != te->frame ||
		    (te->flags & (MMLAB_PTE_PROT | MMLAB_PTE_D) & ~pte)) {
			mmlab_report("tlb: asid %u vpn %#llx flags %#x, leaf %#llx\n",
				     te->asid, te->vpn, te->flags, pte);
			errors++;
		}
	}
	return errors;
}

/**
 * mmlab_mmu_validate - check the invariants of mmu.c and of the tables,
 *	regions and TLB it uses
 * @m: the MMU (its scratch counters are overwritten)
 *
 * Return: the number of violations found (each reported).
 */
unsigned int mmlab_mmu_validate(struct mmlab_mmu *m)
{
	unsigned int errors = 0, inv = 0;
	u64 f, data = 0, tables = 0, i;
	struct mmlab_space *sp;
	struct mmlab_shm *shm;
	u32 k, j, refs;

	memset(m->scratch, 0, m->arena->nr_frames * sizeof(u32));
	for (k = 0; k < m->nr_spaces; k++) {
		sp = m->spaces[k];
		errors += check_space(m, sp);
		tables += mmlab_space_table_frames(sp);
		inv += inverted(sp);
	}
	for (k = 0; k < m->nr_shms; k++) {
		shm = m->shms[k];
		for (i = 0; i < shm->nr_pages; i++)
			if (shm->frames[i] != MMLAB_SHM_NONE)
				m->scratch[shm->frames[i]]++;
		refs = 0;
		for (j = 0; j < m->nr_spaces; j++)
			for (i = 0; i < m->spaces[j]->vmas.nr; i++)
				refs += m->spaces[j]->vmas.v[i].shm == shm;
		if (refs != shm->refs || !refs) {
			mmlab_report("shm %u: %u refs, %u regions\n", shm->id,
				     shm->refs, refs);
			errors++;
		}
	}
	for (f = 0; f < m->arena->nr_frames; f++) {
		data += !!m->frame_ref[f];
		if (m->scratch[f] != m->frame_ref[f]) {
			mmlab_report("frame %llu: %u refs, %u mappings\n", f,
				     m->frame_ref[f], m->scratch[f]);
			errors++;
		}
	}
	if (data != m->data_frames || tables != m->table_frames) {
		mmlab_report("mmu: %llu/%llu data, %llu/%llu table frames\n",
			     data, m->data_frames, tables, m->table_frames);
		errors++;
	}
	if (inv != m->ipt_users || !!m->ipt.e != !!inv) {
		mmlab_report("mmu: %u inverted spaces, %u users\n", inv,
			     m->ipt_users);
		errors++;
	}
	if (m->ipt.e)
		errors += mmlab_ipt_validate(&m->ipt);
	return errors + check_tlb(m);
}
