// SPDX-License-Identifier: GPL-2.0
/*
 * netlink_slab.c - the slab caches and kmalloc over generic netlink:
 * create, destroy, get and dump caches; allocate and free objects by
 * handle; kmalloc and kfree by size; write and read an object's bytes.
 *
 * House rules are netlink.c's. Every handler here runs under genl_mutex
 * (the family is not parallel) and takes mmlab.slab_mutex: the object
 * table, the set of caches and each handle's object stay as they are
 * for the whole request. Requests are all or nothing: an allocation of
 * n objects that fails part-way frees what it took; a free checks all its
 * handles before freeing any.
 *
 * An object's handle belongs to the socket that allocated it (freed when
 * it closes) unless the request was %MMLAB_A_PERSISTENT; another socket
 * may use a persistent handle, never a socket-owned one of somebody else.
 */
#include <linux/kernel.h>
#include <net/genetlink.h>

#include "mmlab.h"
#include "netlink.h"

#define OBJ_MARK	0x80	/* in struct mmlab_obj.flags: seen by this check */
#define DATA_MAX	4096

static_assert(MMLAB_CACHE_HWCACHE_ALIGN == MMLAB_SLAB_HWCACHE_ALIGN);
static_assert(MMLAB_CACHE_RED_ZONE == MMLAB_SLAB_RED_ZONE);
static_assert(MMLAB_CACHE_POISON == MMLAB_SLAB_POISON);
static_assert(MMLAB_CACHE_CTOR == MMLAB_SLAB_CTOR);
static_assert(MMLAB_CACHE_CHECKS == MMLAB_SLAB_CHECKS);

static int put_u64(struct sk_buff *msg, int attr, u64 v)
{
	return nla_put_u64_64bit(msg, attr, v, MMLAB_A_CACHE_PAD);
}

static int fill_cache(struct sk_buff *msg, const void *arg)
{
	const struct mmlab_slab_cache *c = arg;
	const struct mmlab_kcache *kc = c->priv;
	const struct mmlab_slab_stats *st = &c->stats;
	struct mmlab_slab_info in;
	struct nlattr *nest;

	mmlab_slab_info(c, &in);
	nest = nla_nest_start(msg, MMLAB_A_CACHE);
	if (!nest ||
	    nla_put_string(msg, MMLAB_A_CACHE_C_NAME, c->name) ||
	    nla_put_u32(msg, MMLAB_A_CACHE_OBJECT_SIZE, c->l.object_size) ||
	    nla_put_u32(msg, MMLAB_A_CACHE_C_ALIGN, c->l.align) ||
	    nla_put_u32(msg, MMLAB_A_CACHE_C_FLAGS, c->flags) ||
	    nla_put_u32(msg, MMLAB_A_CACHE_C_CTOR, c->ctor) ||
	    nla_put_u32(msg, MMLAB_A_CACHE_STRIDE, c->l.stride) ||
	    nla_put_u32(msg, MMLAB_A_CACHE_RED_LEFT, c->l.red_left) ||
	    nla_put_u32(msg, MMLAB_A_CACHE_OBJECTS, c->l.objects) ||
	    nla_put_u32(msg, MMLAB_A_CACHE_ORDER, c->l.order) ||
	    nla_put_u32(msg, MMLAB_A_CACHE_WASTE, c->l.waste) ||
	    nla_put_u32(msg, MMLAB_A_CACHE_COLORS, c->l.colors) ||
	    nla_put_u32(msg, MMLAB_A_CACHE_LIMIT, c->limit) ||
	    nla_put_u32(msg, MMLAB_A_CACHE_BATCH, c->batch) ||
	    nla_put_u32(msg, MMLAB_A_CACHE_MIN_EMPTY, c->min_empty) ||
	    put_u64(msg, MMLAB_A_CACHE_ACTIVE_OBJS, in.active_objs) ||
	    put_u64(msg, MMLAB_A_CACHE_NUM_OBJS, in.num_objs) ||
	    put_u64(msg, MMLAB_A_CACHE_ACTIVE_SLABS, in.active_slabs) ||
	    put_u64(msg, MMLAB_A_CACHE_NUM_SLABS, in.num_slabs) ||
	    put_u64(msg, MMLAB_A_CACHE_CPU_OBJS, in.cpu_objs) ||
	    put_u64(msg, MMLAB_A_CACHE_LIVE, in.live) ||
	    put_u64(msg, MMLAB_A_CACHE_REQUESTED, max_t(s64, in.requested, 0)) ||
	    (c->kmalloc && nla_put_flag(msg, MMLAB_A_CACHE_KMALLOC)) ||
	    (!kc->owner && nla_put_flag(msg, MMLAB_A_CACHE_PERSISTENT)) ||
	    put_u64(msg, MMLAB_A_CACHE_ALLOC_FAST, in.alloc_fast) ||
	    put_u64(msg, MMLAB_A_CACHE_ALLOC_SLOW, st->alloc_slow) ||
	    put_u64(msg, MMLAB_A_CACHE_FREE_FAST, in.free_fast) ||
	    put_u64(msg, MMLAB_A_CACHE_FREE_SLOW, st->free_slow) ||
	    put_u64(msg, MMLAB_A_CACHE_REFILLS, st->refills) ||
	    put_u64(msg, MMLAB_A_CACHE_DRAINS, st->drains) ||
	    put_u64(msg, MMLAB_A_CACHE_SLABS_NEW, st->slabs_new) ||
	    put_u64(msg, MMLAB_A_CACHE_SLABS_FREED, st->slabs_freed) ||
	    put_u64(msg, MMLAB_A_CACHE_FAIL, st->fail) ||
	    put_u64(msg, MMLAB_A_CACHE_ERRORS, st->errors)) {
		nla_nest_cancel(msg, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return 0;
}

/*
 * The request's cache name, NUL-terminated in @buf (the policy bounds its
 * length; a string may come with or without its NUL).
 */
static bool get_name(struct genl_info *info, char *buf)
{
	struct nlattr *a = info->attrs[MMLAB_A_CACHE_NAME];

	if (!a)
		return false;
	nla_strscpy(buf, a, MMLAB_SLAB_NAME_MAX);
	return true;
}

/*
 * The cache the request names; else NULL with *@err (-EINVAL: no name,
 * -ENOENT: no such cache) and an extack message.
 */
static struct mmlab_slab_cache *find_cache(struct genl_info *info, int *err)
{
	struct mmlab_slab_cache *c;
	char name[MMLAB_SLAB_NAME_MAX];

	if (!get_name(info, name)) {
		GENL_SET_ERR_MSG(info, "needs a cache name");
		*err = -EINVAL;
		return NULL;
	}
	c = mmlab_slabs_find(&mmlab.slabs, name);
	if (!c) {
		NL_SET_ERR_MSG_ATTR(info->extack,
				    info->attrs[MMLAB_A_CACHE_NAME],
				    "no such cache");
		*err = -ENOENT;
	}
	return c;
}

/**
 * mmlab_nl_cache_get - %MMLAB_CMD_CACHE_GET, do
 * @skb: the request
 * @info: its info
 *
 * Return: 0 or an error with an extack message.
 */
int mmlab_nl_cache_get(struct sk_buff *skb, struct genl_info *info)
{
	struct mmlab_slab_cache *c;
	int ret;

	ret = mmlab_nl_start(skb, info, false, BIT_ULL(MMLAB_A_CACHE_NAME));
	if (ret)
		return ret;
	mutex_lock(&mmlab.slab_mutex);
	c = find_cache(info, &ret);
	if (c)
		ret = mmlab_nl_reply(info, MMLAB_CMD_CACHE_GET, fill_cache, c);
	mutex_unlock(&mmlab.slab_mutex);
	return mmlab_nl_done(ret);
}

/**
 * mmlab_nl_cache_dump - %MMLAB_CMD_CACHE_GET, dump: one message a cache
 * @skb: the message to fill
 * @cb: cb->args[0]: caches sent so far
 *
 * Return: the message's length, 0 when done, or an error.
 */
int mmlab_nl_cache_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	const struct mmlab_slab_cache *c;
	long i = 0;
	void *hdr;
	int ret;

	if (!cb->args[0]) {
		mmlab_stat_add(MMLAB_STAT_NL_REQUESTS, 1);
		ret = mmlab_nl_only(cb->nlh, cb->extack, 0);
		if (ret)
			return mmlab_nl_done(ret);
	}
	mutex_lock(&mmlab.slab_mutex);
	for (c = mmlab.slabs.caches; c; c = c->next, i++) {
		if (i < cb->args[0])
			continue;
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, &mmlab_genl_family,
				  NLM_F_MULTI, MMLAB_CMD_CACHE_GET);
		if (!hdr)
			break;
		if (fill_cache(skb, c)) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
	}
	mutex_unlock(&mmlab.slab_mutex);
	cb->args[0] = i;
	return skb->len;
}

/*
 * Check a create request's name (into @name), size and alignment, as the
 * core will.
 */
static int parse_create(struct genl_info *info,
			struct mmlab_slab_cache_req *req, char *name)
{
	struct nlattr **tb = info->attrs;

	if (!get_name(info, name) || !tb[MMLAB_A_SIZE]) {
		GENL_SET_ERR_MSG(info, "needs a cache name and an object size");
		return -EINVAL;
	}
	req->name = name;
	if (!mmlab_slab_name_ok(req->name)) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[MMLAB_A_CACHE_NAME],
				    "a cache name is 1..31 printable characters, no space or '/'");
		return -EINVAL;
	}
	if (!nla_get_u64(tb[MMLAB_A_SIZE]) ||
	    nla_get_u64(tb[MMLAB_A_SIZE]) > MMLAB_SLAB_MAX_SIZE) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[MMLAB_A_SIZE],
				    "object size out of range (1..1 MiB)");
		return -EINVAL;
	}
	req->size = nla_get_u64(tb[MMLAB_A_SIZE]);
	if (tb[MMLAB_A_CACHE_ALIGN]) {
		req->align = nla_get_u32(tb[MMLAB_A_CACHE_ALIGN]);
		if (req->align && (!is_power_of_2(req->align) ||
				   req->align > PAGE_SIZE)) {
			NL_SET_ERR_MSG_ATTR(info->extack,
					    tb[MMLAB_A_CACHE_ALIGN],
					    "alignment is 0 or a power of two up to a page");
			return -EINVAL;
		}
	}
	if (tb[MMLAB_A_CACHE_FLAGS])
		req->flags = nla_get_u32(tb[MMLAB_A_CACHE_FLAGS]);
	if (tb[MMLAB_A_CACHE_CTOR]) {
		req->ctor = nla_get_u32(tb[MMLAB_A_CACHE_CTOR]);
		req->flags |= MMLAB_SLAB_CTOR;
	}
	if (tb[MMLAB_A_MT]) {
		req->mt = nla_get_u32(tb[MMLAB_A_MT]);
		if (req->mt == MMLAB_MT_MOVABLE) {
			NL_SET_ERR_MSG_ATTR(info->extack, tb[MMLAB_A_MT],
					    "slabs cannot be movable: objects are held by address");
			return -EINVAL;
		}
	}
	return 0;
}

/**
 * mmlab_nl_cache_create - %MMLAB_CMD_CACHE_CREATE
 * @skb: the request
 * @info: its info
 *
 * Return: 0 or an error with an extack message; nothing is created then.
 */
int mmlab_nl_cache_create(struct sk_buff *skb, struct genl_info *info)
{
	struct mmlab_slab_cache_req req = { 0 };
	char name[MMLAB_SLAB_NAME_MAX];
	struct mmlab_slab_cache *c;
	u32 owner;
	int ret;

	ret = mmlab_nl_start(skb, info, true,
			     BIT_ULL(MMLAB_A_CACHE_NAME) |
			     BIT_ULL(MMLAB_A_SIZE) |
			     BIT_ULL(MMLAB_A_CACHE_ALIGN) |
			     BIT_ULL(MMLAB_A_CACHE_FLAGS) |
			     BIT_ULL(MMLAB_A_CACHE_CTOR) |
			     BIT_ULL(MMLAB_A_MT) |
			     BIT_ULL(MMLAB_A_PERSISTENT));
	if (ret)
		return ret;
	ret = parse_create(info, &req, name);
	if (ret)
		return mmlab_nl_done(ret);
	owner = info->attrs[MMLAB_A_PERSISTENT] ? 0 : info->snd_portid;
	mutex_lock(&mmlab.slab_mutex);
	ret = mmlab_kcache_create(&req, owner, &c);
	if (ret == -EEXIST)
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[MMLAB_A_CACHE_NAME],
				    "a cache of that name exists");
	else if (ret == -E2BIG)
		GENL_SET_ERR_MSG(info, "an object does not fit in the arena's largest block");
	else if (ret)
		GENL_SET_ERR_MSG(info, "no memory for the cache");
	if (!ret) {
		ret = mmlab_nl_reply(info, MMLAB_CMD_CACHE_CREATE, fill_cache,
				     c);
		if (ret)	/* the caller never learns of it */
			mmlab_kcache_destroy(c);
	}
	mutex_unlock(&mmlab.slab_mutex);
	return mmlab_nl_done(ret);
}

static void log_live(void *arg, const struct mmlab_slab *s, u64 index)
{
	unsigned int *n = arg;
	u64 frame;

	if (++*n > 16 || mmlab_arena_mem_frame(&mmlab.arena, s->mem, &frame))
		return;
	pr_info("slab %s: object %llu of the slab at frame %llu in use\n",
		s->cache->name, index, frame);
}

/**
 * mmlab_nl_cache_destroy - %MMLAB_CMD_CACHE_DESTROY
 * @skb: the request
 * @info: its info
 *
 * Return: 0 or an error with an extack message; with objects in use the
 * kernel log lists (up to 16 of) them.
 */
int mmlab_nl_cache_destroy(struct sk_buff *skb, struct genl_info *info)
{
	unsigned int n = 0;
	struct mmlab_slab_walk w = { log_live, &n };
	struct mmlab_slab_cache *c;
	struct mmlab_kcache *kc;
	int ret;

	ret = mmlab_nl_start(skb, info, true,
			     BIT_ULL(MMLAB_A_CACHE_NAME));
	if (ret)
		return ret;
	mutex_lock(&mmlab.slab_mutex);
	c = find_cache(info, &ret);
	if (!c) {
		/* find_cache() said why */
	} else if (c->kmalloc) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[MMLAB_A_CACHE_NAME],
				    "the kmalloc classes belong to the module");
		ret = -EPERM;
	} else {
		ret = mmlab_kcache_destroy(c);
	}
	if (ret == -EBUSY) {
		kc = c->priv;
		mutex_lock(&kc->lock);
		mmlab_slab_walk_live(c, &w);
		mutex_unlock(&kc->lock);
		GENL_SET_ERR_MSG(info, "objects in use (the kernel log lists them)");
	}
	mutex_unlock(&mmlab.slab_mutex);
	return mmlab_nl_done(ret);
}

struct handles_reply {
	const u64 *ids;
	unsigned int n;
	const char *class;
	u64 granted;
};

static int fill_handles(struct sk_buff *msg, const void *arg)
{
	const struct handles_reply *r = arg;
	unsigned int i;

	for (i = 0; i < r->n; i++)
		if (nla_put_u64_64bit(msg, MMLAB_A_HANDLE, r->ids[i],
				      MMLAB_A_PAD))
			return -EMSGSIZE;
	if (r->class &&
	    (nla_put_string(msg, MMLAB_A_CACHE_NAME, r->class) ||
	     nla_put_u64_64bit(msg, MMLAB_A_GRANTED, r->granted, MMLAB_A_PAD)))
		return -EMSGSIZE;
	return 0;
}

/*
 * Allocate @n objects, from @c or (NULL) by kmalloc of @size, and name
 * them in mmlab.objs for @owner; all or nothing. slab_mutex held.
 */
static int alloc_objects(struct genl_info *info, struct mmlab_slab_cache *c,
			 u64 size, unsigned int n, u32 owner, u64 *ids)
{
	struct mmlab_obj o = {
		.cache = c,
		.owner = owner,
		.bytes = (u32)size,
		.flags = owner ? 0 : MMLAB_OBJ_PERSISTENT,
	};
	unsigned int i;

	if (mmlab_objtab_reserve(&mmlab.objs, n)) {
		GENL_SET_ERR_MSG(info, "no memory for the handle table");
		return -ENOMEM;
	}
	if (!c)
		o.flags |= MMLAB_OBJ_KMALLOC;
	for (i = 0; i < n; i++) {
		o.ptr = c ? mmlab_kcache_alloc(c, size) :
			    mmlab_kmalloc_obj(size);
		if (!o.ptr)
			break;
		ids[i] = mmlab_objtab_add(&mmlab.objs, &o);
	}
	if (i == n)
		return 0;
	while (i--)
		mmlab_obj_free(mmlab_objtab_get(&mmlab.objs, ids[i]));
	GENL_SET_ERR_MSG(info, "no memory for the objects: the arena is full");
	return -ENOMEM;
}

/* Allocate and reply; takes back what the caller will never learn of. */
static int alloc_and_reply(struct genl_info *info, u8 cmd,
			   struct mmlab_slab_cache *c, u64 size,
			   struct handles_reply *r)
{
	u32 owner = info->attrs[MMLAB_A_PERSISTENT] ? 0 : info->snd_portid;
	u64 *ids;
	int ret;

	r->n = info->attrs[MMLAB_A_COUNT] ?
	       nla_get_u32(info->attrs[MMLAB_A_COUNT]) : 1;
	ids = kvcalloc(r->n, sizeof(*ids), GFP_KERNEL);
	if (!ids) {
		GENL_SET_ERR_MSG(info, "no memory for the request");
		return -ENOMEM;
	}
	ret = alloc_objects(info, c, size, r->n, owner, ids);
	if (!ret) {
		r->ids = ids;
		ret = mmlab_nl_reply_size(info, cmd,
					  NLMSG_GOODSIZE + (size_t)r->n * 16,
					  fill_handles, r);
		while (ret && r->n--)
			mmlab_obj_free(mmlab_objtab_get(&mmlab.objs,
							ids[r->n]));
	}
	kvfree(ids);
	return ret;
}

/**
 * mmlab_nl_cache_alloc - %MMLAB_CMD_CACHE_ALLOC
 * @skb: the request
 * @info: its info
 *
 * Return: 0 or an error with an extack message; nothing is allocated then.
 */
int mmlab_nl_cache_alloc(struct sk_buff *skb, struct genl_info *info)
{
	struct handles_reply r = { 0 };
	struct mmlab_slab_cache *c;
	int ret;

	ret = mmlab_nl_start(skb, info, true,
			     BIT_ULL(MMLAB_A_CACHE_NAME) |
			     BIT_ULL(MMLAB_A_COUNT) |
			     BIT_ULL(MMLAB_A_PERSISTENT));
	if (ret)
		return ret;
	mutex_lock(&mmlab.slab_mutex);
	c = find_cache(info, &ret);
	if (c)
		ret = alloc_and_reply(info, MMLAB_CMD_CACHE_ALLOC, c,
				      c->l.object_size, &r);
	mutex_unlock(&mmlab.slab_mutex);
	return mmlab_nl_done(ret);
}

/**
 * mmlab_nl_kmalloc - %MMLAB_CMD_KMALLOC
 * @skb: the request
 * @info: its info
 *
 * Return: 0 or an error with an extack message; nothing is allocated then.
 */
int mmlab_nl_kmalloc(struct sk_buff *skb, struct genl_info *info)
{
	struct handles_reply r = { 0 };
	int ret, i;
	u64 size;

	ret = mmlab_nl_start(skb, info, true,
			     BIT_ULL(MMLAB_A_SIZE) |
			     BIT_ULL(MMLAB_A_COUNT) |
			     BIT_ULL(MMLAB_A_PERSISTENT));
	if (ret)
		return ret;
	if (!info->attrs[MMLAB_A_SIZE]) {
		GENL_SET_ERR_MSG(info, "needs a size");
		return mmlab_nl_done(-EINVAL);
	}
	size = nla_get_u64(info->attrs[MMLAB_A_SIZE]);
	i = mmlab_kmalloc_class(size);
	if (i < 0) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[MMLAB_A_SIZE],
				    "size out of range (1..1 GiB)");
		return mmlab_nl_done(-EINVAL);
	}
	if (i == MMLAB_KMALLOC_CLASSES &&
	    get_order(size) > min(mmlab.arena.max_order,
				  mmlab.arena.chunk_order_max)) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[MMLAB_A_SIZE],
				    "larger than the arena's largest block");
		return mmlab_nl_done(-E2BIG);
	}
	if (i < MMLAB_KMALLOC_CLASSES && !mmlab.kmalloc.cls[i]) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[MMLAB_A_SIZE],
				    "this arena's blocks are too small for that class");
		return mmlab_nl_done(-ENOMEM);
	}
	mutex_lock(&mmlab.slab_mutex);
	if (i < MMLAB_KMALLOC_CLASSES) {
		r.class = mmlab.kmalloc.cls[i]->name;
		r.granted = mmlab_kmalloc_sizes[i];
	} else {
		r.class = "kmalloc-large";
		r.granted = PAGE_SIZE << get_order(size);
	}
	ret = alloc_and_reply(info, MMLAB_CMD_KMALLOC, NULL, size, &r);
	mutex_unlock(&mmlab.slab_mutex);
	return mmlab_nl_done(ret);
}

/*
 * The object @id names, if @port may use it: its own, or persistent.
 * extack says why not, pointing at the @i-th handle.
 */
static struct mmlab_obj *get_obj(struct genl_info *info, u64 id,
				 unsigned int i)
{
	struct mmlab_obj *o = mmlab_objtab_get(&mmlab.objs, id);

	if (!o) {
		NL_SET_ERR_MSG_ATTR(info->extack, mmlab_nl_nth_handle(info, i),
				    "no such object (never allocated, or freed)");
		return NULL;
	}
	if (!(o->flags & MMLAB_OBJ_PERSISTENT) &&
	    o->owner != info->snd_portid) {
		NL_SET_ERR_MSG_ATTR(info->extack, mmlab_nl_nth_handle(info, i),
				    "object belongs to another socket");
		return NULL;
	}
	return o;
}

/* Check every handle of a free request, then free them all. */
static int free_objects(struct genl_info *info, bool kmalloc,
			const struct mmlab_slab_cache *c)
{
	unsigned int n, i, bad = 0, refused = 0;
	struct mmlab_obj *o;
	u64 *ids;
	int ret;

	ret = mmlab_nl_handles(info, &ids, &n);
	if (ret)
		return ret;
	for (i = 0; i < n && !ret; i++) {
		o = get_obj(info, ids[i], i);
		if (!o) {
			ret = -ENOENT;
		} else if (o->flags & OBJ_MARK) {
			NL_SET_ERR_MSG_ATTR(info->extack,
					    mmlab_nl_nth_handle(info, i),
					    "handle given twice");
			ret = -EINVAL;
		} else if (kmalloc && !(o->flags & MMLAB_OBJ_KMALLOC)) {
			NL_SET_ERR_MSG_ATTR(info->extack,
					    mmlab_nl_nth_handle(info, i),
					    "not a kmalloc object (cache-free frees it)");
			ret = -EINVAL;
		} else if (!kmalloc && ((o->flags & MMLAB_OBJ_KMALLOC) ||
					(c && o->cache != c))) {
			NL_SET_ERR_MSG_ATTR(info->extack,
					    mmlab_nl_nth_handle(info, i),
					    "object of another cache");
			ret = -EINVAL;
		} else {
			o->flags |= OBJ_MARK;
		}
		bad = i;
	}
	for (i = 0; i < (ret ? bad : n); i++) {
		o = mmlab_objtab_get(&mmlab.objs, ids[i]);
		o->flags &= ~OBJ_MARK;
		/*
		 * Only a checked cache refuses the free of a live object:
		 * its red zone was written over to look free. The object
		 * and its handle stay; the others are freed.
		 */
		if (!ret && mmlab_obj_free(o))
			refused++;
	}
	kvfree(ids);
	if (refused) {
		GENL_SET_ERR_MSG(info, "a free refused by debug checks (see the kernel log)");
		ret = -EINVAL;
	}
	return ret;
}

/**
 * mmlab_nl_cache_free - %MMLAB_CMD_CACHE_FREE
 * @skb: the request
 * @info: its info
 *
 * Return: 0 or an error with an extack message pointing at the first bad
 * handle; nothing is freed then.
 */
int mmlab_nl_cache_free(struct sk_buff *skb, struct genl_info *info)
{
	struct mmlab_slab_cache *c = NULL;
	int ret;

	ret = mmlab_nl_start(skb, info, true,
			     BIT_ULL(MMLAB_A_CACHE_NAME) |
			     BIT_ULL(MMLAB_A_HANDLE));
	if (ret)
		return ret;
	mutex_lock(&mmlab.slab_mutex);
	if (info->attrs[MMLAB_A_CACHE_NAME])
		c = find_cache(info, &ret);
	if (!ret)
		ret = free_objects(info, false, c);
	mutex_unlock(&mmlab.slab_mutex);
	return mmlab_nl_done(ret);
}

/**
 * mmlab_nl_kfree - %MMLAB_CMD_KFREE
 * @skb: the request
 * @info: its info
 *
 * Return: 0 or an error with an extack message pointing at the first bad
 * handle; nothing is freed then.
 */
int mmlab_nl_kfree(struct sk_buff *skb, struct genl_info *info)
{
	int ret;

	ret = mmlab_nl_start(skb, info, true,
			     BIT_ULL(MMLAB_A_HANDLE));
	if (ret)
		return ret;
	mutex_lock(&mmlab.slab_mutex);
	ret = free_objects(info, true, NULL);
	mutex_unlock(&mmlab.slab_mutex);
	return mmlab_nl_done(ret);
}

/*
 * Where the request's bytes of one object are: its handle, offset and
 * length, checked to stay inside the object's slot. slab_mutex held.
 */
static int object_span(struct genl_info *info, u32 len, u8 **p)
{
	struct nlattr **tb = info->attrs;
	const struct mmlab_slab *s;
	struct mmlab_obj *o;
	s64 off, lo, hi;
	unsigned int n;
	u64 *ids;
	int ret;

	if (!tb[MMLAB_A_HANDLE]) {
		GENL_SET_ERR_MSG(info, "needs the object's handle");
		return -EINVAL;
	}
	ret = mmlab_nl_handles(info, &ids, &n);
	if (ret)
		return ret;
	if (n != 1) {
		GENL_SET_ERR_MSG(info, "needs exactly one handle");
		kvfree(ids);
		return -EINVAL;
	}
	o = get_obj(info, ids[0], 0);
	kvfree(ids);
	if (!o)
		return -ENOENT;
	off = tb[MMLAB_A_OFFSET] ? nla_get_s32(tb[MMLAB_A_OFFSET]) : 0;
	s = mmlab_slabs_slab_of(&mmlab.slabs, o->ptr);
	if (s->cache) {
		lo = -(s64)s->cache->l.red_left;
		hi = lo + s->cache->l.stride;
	} else {
		lo = 0;
		hi = PAGE_SIZE << s->color;
	}
	if (off < lo || off + len > hi) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[MMLAB_A_OFFSET],
				    "outside the object's slot");
		return -ERANGE;
	}
	*p = (u8 *)o->ptr + off;
	return 0;
}

/**
 * mmlab_nl_object_write - %MMLAB_CMD_OBJECT_WRITE
 * @skb: the request
 * @info: its info
 *
 * Return: 0 or an error with an extack message; nothing is written then.
 */
int mmlab_nl_object_write(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *data = info->attrs[MMLAB_A_DATA];
	u8 *p;
	int ret;

	ret = mmlab_nl_start(skb, info, true,
			     BIT_ULL(MMLAB_A_HANDLE) |
			     BIT_ULL(MMLAB_A_OFFSET) |
			     BIT_ULL(MMLAB_A_DATA));
	if (ret)
		return ret;
	if (!data) {
		GENL_SET_ERR_MSG(info, "needs data to write");
		return mmlab_nl_done(-EINVAL);
	}
	mutex_lock(&mmlab.slab_mutex);
	ret = object_span(info, nla_len(data), &p);
	if (!ret)
		memcpy(p, nla_data(data), nla_len(data));
	mutex_unlock(&mmlab.slab_mutex);
	return mmlab_nl_done(ret);
}

struct read_reply {
	const u8 *p;
	u32 len;
};

static int fill_read(struct sk_buff *msg, const void *arg)
{
	const struct read_reply *r = arg;

	return nla_put(msg, MMLAB_A_DATA, r->len, r->p);
}

/**
 * mmlab_nl_object_read - %MMLAB_CMD_OBJECT_READ
 * @skb: the request
 * @info: its info
 *
 * Return: 0 or an error with an extack message.
 */
int mmlab_nl_object_read(struct sk_buff *skb, struct genl_info *info)
{
	struct read_reply r = { 0 };
	u8 *p;
	int ret;

	ret = mmlab_nl_start(skb, info, true,
			     BIT_ULL(MMLAB_A_HANDLE) |
			     BIT_ULL(MMLAB_A_OFFSET) |
			     BIT_ULL(MMLAB_A_LENGTH));
	if (ret)
		return ret;
	if (!info->attrs[MMLAB_A_LENGTH]) {
		GENL_SET_ERR_MSG(info, "needs a length to read");
		return mmlab_nl_done(-EINVAL);
	}
	r.len = nla_get_u32(info->attrs[MMLAB_A_LENGTH]);
	mutex_lock(&mmlab.slab_mutex);
	ret = object_span(info, r.len, &p);
	if (!ret) {
		r.p = p;
		ret = mmlab_nl_reply_size(info, MMLAB_CMD_OBJECT_READ,
					  NLMSG_GOODSIZE + r.len, fill_read,
					  &r);
	}
	mutex_unlock(&mmlab.slab_mutex);
	return mmlab_nl_done(ret);
}
