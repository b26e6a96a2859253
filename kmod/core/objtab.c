// SPDX-License-Identifier: GPL-2.0
/*
 * objtab.c - the slab objects userspace holds, by opaque handle.
 *
 * As handle.c does for buddy blocks: a 64-bit id that is neither an
 * address nor an index userspace could forge into another object,
 *
 *	id = gen << 32 | (entry + 1)
 *
 * Data structures
 *
 *   objs[cap]      struct mmlab_obj; entry e names the object objs[e].ptr
 *   free_head ──▶ e1 ──▶ e2 ──▶ ~0   free entries below @used, through .next
 *   [used, cap)    never handed out yet
 *
 * Invariants (checked by mmlab_objtab_validate()):
 *   1. The free list holds exactly the entries below @used not in use,
 *      each once.
 *   2. @live counts the entries in use; each has an object.
 *   3. An id is valid iff its entry is in use with the id's generation;
 *      generations only grow, so a freed handle stays invalid after its
 *      entry is reused (until the 32-bit generation wraps).
 *
 * The table holds no reference of its own: the caller frees the object
 * and then removes its entry. Requests are all or nothing: the caller
 * reserves room for n entries before allocating n objects.
 *
 * Lock order: none here; the caller serializes the table.
 */
#include "seam.h"
#include "objtab.h"

#define NO_ENTRY	(~0U)
#define MAX_ENTRIES	BIT(30)

/**
 * mmlab_objtab_init - an empty table
 * @t: the table
 */
void mmlab_objtab_init(struct mmlab_objtab *t)
{
	memset(t, 0, sizeof(*t));
	t->free_head = NO_ENTRY;
}

/**
 * mmlab_objtab_destroy - free the table (not the objects)
 * @t: the table
 */
void mmlab_objtab_destroy(struct mmlab_objtab *t)
{
	mmlab_kvfree(t->objs);
	mmlab_objtab_init(t);
}

/**
 * mmlab_objtab_reserve - room for @n more entries
 * @t: the table
 * @n: entries the caller is about to add
 *
 * Return: 0, or -ENOMEM (the table is unchanged).
 */
int mmlab_objtab_reserve(struct mmlab_objtab *t, unsigned int n)
{
	u64 room = (u64)(t->cap - t->used) + (t->used - t->live);
	u64 cap = t->cap ? t->cap : 64;
	struct mmlab_obj *o;

	if (room >= n)
		return 0;
	while (cap - t->live < n)
		cap *= 2;
	if (cap > MAX_ENTRIES)
		return -ENOMEM;
	o = mmlab_kvcalloc(cap, sizeof(*o));
	if (!o)
		return -ENOMEM;
	if (t->used)
		memcpy(o, t->objs, (size_t)t->used * sizeof(*o));
	mmlab_kvfree(t->objs);
	t->objs = o;
	t->cap = (u32)cap;
	return 0;
}

/**
 * mmlab_objtab_id - the handle of an entry in use
 * @t: the table
 * @o: the entry
 *
 * Return: its id.
 */
u64 mmlab_objtab_id(const struct mmlab_objtab *t, const struct mmlab_obj *o)
{
	return (u64)o->gen << 32 | (u64)(o - t->objs + 1);
}

/**
 * mmlab_objtab_add - name an object
 * @t: the table, with room reserved
 * @o: what the entry holds (@ptr, @cache, @owner, @bytes, @flags)
 *
 * Return: the new handle, or 0 when no room was reserved.
 */
u64 mmlab_objtab_add(struct mmlab_objtab *t, const struct mmlab_obj *o)
{
	struct mmlab_obj *e;
	u32 i, gen;

	if (t->free_head != NO_ENTRY) {
		i = t->free_head;
		t->free_head = t->objs[i].next;
	} else if (t->used < t->cap) {
		i = t->used++;
	} else {
		return 0;
	}
	e = &t->objs[i];
	gen = e->gen ? e->gen : 1;
	*e = *o;
	e->gen = gen;
	e->next = NO_ENTRY;
	e->in_use = 1;
	t->live++;
	return mmlab_objtab_id(t, e);
}

/**
 * mmlab_objtab_get - the entry a handle names
 * @t: the table
 * @id: a handle from userspace (anything)
 *
 * Return: the entry, or NULL when @id names no live object.
 */
struct mmlab_obj *mmlab_objtab_get(const struct mmlab_objtab *t, u64 id)
{
	u64 i = (id & 0xffffffffULL) - 1;

	if (i >= t->used || !t->objs[i].in_use || t->objs[i].gen != id >> 32)
		return NULL;
	return &t->objs[i];
}

/**
 * mmlab_objtab_remove - forget a handle (its object already freed)
 * @t: the table
 * @id: a valid handle
 */
void mmlab_objtab_remove(struct mmlab_objtab *t, u64 id)
{
	struct mmlab_obj *e = mmlab_objtab_get(t, id);
	u32 gen;

	if (WARN_ON_ONCE(!e))
		return;
	gen = e->gen + 1;
	memset(e, 0, sizeof(*e));
	e->gen = gen;
	e->next = t->free_head;
	t->free_head = (u32)(e - t->objs);
	t->live--;
}

/**
 * mmlab_objtab_validate - check the invariants
 * @t: the table
 *
 * Return: the number of violations (each reported).
 */
unsigned int mmlab_objtab_validate(const struct mmlab_objtab *t)
{
	unsigned int bad = 0;
	u64 free = 0, live = 0, i;
	u32 e;

	for (e = t->free_head; e != NO_ENTRY && free <= t->used;
	     e = t->objs[e].next, free++)
		if (e >= t->used || t->objs[e].in_use) {
			mmlab_report("objtab: entry %u on the free list is not free\n",
				     e);
			return bad + 1;
		}
	for (i = 0; i < t->used; i++)
		if (t->objs[i].in_use) {
			live++;
			if (!t->objs[i].ptr) {
				mmlab_report("objtab: entry %llu has no object\n",
					     i);
				bad++;
			}
		}
	if (live != t->live || live + free != t->used) {
		mmlab_report("objtab: %llu live and %llu free of %u, counted %u live\n",
			     live, free, t->used, t->live);
		bad++;
	}
	return bad;
}
