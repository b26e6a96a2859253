/* SPDX-License-Identifier: GPL-2.0 */
/*
 * objtab.h - opaque handles for slab objects allocated on behalf of
 * userspace.
 *
 * See objtab.c for the data structures and invariants.
 */
#ifndef _MMLAB_CORE_OBJTAB_H
#define _MMLAB_CORE_OBJTAB_H

#include "seam.h"

/* struct mmlab_obj.flags */
#define MMLAB_OBJ_PERSISTENT	0x1	/* survives its owner's socket */
#define MMLAB_OBJ_KMALLOC	0x2	/* from kmalloc, not a named cache */

/**
 * struct mmlab_obj - one entry of the object table
 * @ptr: IN USE: the object
 * @cache: IN USE: the cache it came from (a class cache for kmalloc;
 *	NULL for a large kmalloc block)
 * @gen: generation, bumped when the entry is given back
 * @owner: the owner's id (the module: the netlink port id)
 * @next: FREE: the next free entry, or ~0
 * @bytes: bytes asked for
 * @in_use: the entry names a live object
 * @flags: MMLAB_OBJ_*
 */
struct mmlab_obj {
	void *ptr;
	void *cache;
	u32 gen;
	u32 owner;
	u32 next;
	u32 bytes;
	u8 in_use;
	u8 flags;
};

/**
 * struct mmlab_objtab - handles of objects, id = gen << 32 | (entry + 1)
 * @objs: the entries, grown by doubling
 * @cap: entries in @objs
 * @used: entries ever handed out
 * @free_head: first free entry below @used, or ~0
 * @live: entries in use
 */
struct mmlab_objtab {
	struct mmlab_obj *objs;
	u32 cap;
	u32 used;
	u32 free_head;
	u32 live;
};

void mmlab_objtab_init(struct mmlab_objtab *t);
void mmlab_objtab_destroy(struct mmlab_objtab *t);
int mmlab_objtab_reserve(struct mmlab_objtab *t, unsigned int n);
u64 mmlab_objtab_add(struct mmlab_objtab *t, const struct mmlab_obj *o);
struct mmlab_obj *mmlab_objtab_get(const struct mmlab_objtab *t, u64 id);
void mmlab_objtab_remove(struct mmlab_objtab *t, u64 id);
u64 mmlab_objtab_id(const struct mmlab_objtab *t, const struct mmlab_obj *o);
unsigned int mmlab_objtab_validate(const struct mmlab_objtab *t);

#endif /* _MMLAB_CORE_OBJTAB_H */
