// SPDX-License-Identifier: GPL-2.0
/*
 * slab.c - the slab allocator in the module: its locks, its pages, the
 * kmemleak registration of objects, draining the per-CPU arrays of every
 * CPU, the objects held through netlink and their release when a socket
 * closes. The allocator itself is core/slab.c and core/kmalloc.c; the
 * handles are core/objtab.c.
 *
 * Lock order (see mmlab.h):
 *   genl_mutex -> mmlab.slab_mutex -> drain_mutex -> a cache's lock
 *   -> mmlab.buddy_lock
 * debugfs files of a cache take no slab_mutex: destroying the cache
 * removes them first, which waits for their readers and writers.
 * mmlab.slab_mutex serializes the set of caches (create, destroy, the
 * walks of /proc/mmlab/slabinfo and debugfs), the object table and the
 * kmalloc classes' table. A cache's lock is a mutex (its slabs come from
 * mmlab_page_alloc_untracked(), which sleeps); the fast paths take no
 * lock at all: they pin the task to its CPU with get_cpu(), which makes
 * that CPU's array theirs, as SLUB's this_cpu fast path does.
 *
 * Draining another CPU's array (shrink, destroy) runs on that CPU as a
 * work item (schedule_on_each_cpu(), as SLUB's flush_all()),
 * pinned there; offline CPUs, which run no fast path, are drained from
 * here.
 *
 * kmemleak: slab blocks are not registered (mmlab_page_alloc_untracked),
 * objects are, one by one, from allocation to free, so a leaked arena
 * object is reported like any kernel leak.
 */
#include <linux/cpu.h>
#include <linux/kmemleak.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/netlink.h>
#include <linux/notifier.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/workqueue.h>
#include <net/net_namespace.h>

#include "mmlab.h"

/* slab_debug=1: every cache gets red zones, poisoning and checks */
static bool slab_debug;
module_param(slab_debug, bool, 0444);
MODULE_PARM_DESC(slab_debug,
		 "Red zones, poisoning and consistency checks on every slab cache (default: off)");

static void *kc_page_alloc(void *priv, unsigned int order, unsigned int mt)
{
	return mmlab_page_alloc_untracked(order, mt);
}

static void kc_page_free(void *priv, void *mem)
{
	WARN_ON_ONCE(mmlab_page_free_untracked(mem));
}

/*
 * A cache not yet attached (mmlab_kmalloc_init() failing half-way) is
 * reachable by its creator only: it needs no lock.
 */
static void kc_lock(struct mmlab_slab_cache *c)
{
	struct mmlab_kcache *kc = c->priv;

	if (kc)
		mutex_lock(&kc->lock);
}

static void kc_unlock(struct mmlab_slab_cache *c)
{
	struct mmlab_kcache *kc = c->priv;

	if (kc)
		mutex_unlock(&kc->lock);
}

static const struct mmlab_slab_ops mmlab_slab_ops = {
	.page_alloc = kc_page_alloc,
	.page_free = kc_page_free,
	.lock = kc_lock,
	.unlock = kc_unlock,
};

static int kcache_attach(struct mmlab_slab_cache *c, u32 owner)
{
	struct mmlab_kcache *kc = kzalloc(sizeof(*kc), GFP_KERNEL);

	if (!kc)
		return -ENOMEM;
	mutex_init(&kc->lock);
	kc->owner = owner;
	c->priv = kc;
	mmlab_slab_debugfs_add(c);
	return 0;
}

/**
 * mmlab_kcache_create - a new slab cache
 * @req: as mmlab_slab_cache_create() takes it
 * @owner: the netlink port that owns it, 0: nobody (persistent)
 * @cp: the cache, on success
 *
 * Called with mmlab.slab_mutex held.
 *
 * Return: 0, or the error of mmlab_slab_cache_create(), or -ENOMEM.
 */
int mmlab_kcache_create(const struct mmlab_slab_cache_req *req, u32 owner,
			struct mmlab_slab_cache **cp)
{
	int err;

	lockdep_assert_held(&mmlab.slab_mutex);
	err = mmlab_slab_cache_create(&mmlab.slabs, req, cp);
	if (err)
		return err;
	err = kcache_attach(*cp, owner);
	if (err)
		mmlab_slab_cache_destroy(*cp);
	return err;
}

static void kcache_detach(struct mmlab_slab_cache *c)
{
	struct mmlab_kcache *kc = c->priv;

	mmlab_slab_debugfs_remove(c);
	mutex_destroy(&kc->lock);
	kfree(kc);
}

/**
 * mmlab_kcache_destroy - destroy a cache with no object in use
 * @c: the cache; nothing else may use it meanwhile
 *
 * Called with mmlab.slab_mutex held.
 *
 * Return: 0, or -EBUSY (nothing changes but the drained arrays).
 */
int mmlab_kcache_destroy(struct mmlab_slab_cache *c)
{
	struct mmlab_kcache *kc = c->priv;
	int err;

	lockdep_assert_held(&mmlab.slab_mutex);
	/* waits for debugfs users of @c (they take no slab_mutex) */
	mmlab_slab_debugfs_remove(c);
	mmlab_slab_drain_all(c);
	err = mmlab_slab_cache_destroy(c);
	if (err) {
		mmlab_slab_debugfs_add(c);
		return err;
	}
	mutex_destroy(&kc->lock);
	kfree(kc);
	return 0;
}

/*
 * The per-CPU work items of a drain find their cache here, under
 * drain_mutex (taken inside slab_mutex, outside any cache lock).
 */
static DEFINE_MUTEX(drain_mutex);
static struct mmlab_slab_cache *drain_target;
static DEFINE_PER_CPU(struct work_struct, drain_work);

static void drain_on_cpu(struct work_struct *w)
{
	struct mmlab_slab_cache *c = drain_target;
	unsigned int cpu;

	kc_lock(c);
	cpu = get_cpu();
	mmlab_slab_drain_locked(c, cpu);
	put_cpu();
	kc_unlock(c);
}

/**
 * mmlab_slab_drain_all - give every CPU's parked objects of @c back
 * @c: the cache, which stays while this runs
 *
 * Sleeps until a work item has drained each online CPU's array, pinned
 * there (as SLUB's flush_all()); drains offline CPUs' arrays from here.
 */
void mmlab_slab_drain_all(struct mmlab_slab_cache *c)
{
	unsigned int cpu;

	mutex_lock(&drain_mutex);
	drain_target = c;
	cpus_read_lock();
	for_each_possible_cpu(cpu) {
		if (cpu >= mmlab.slabs.nr_cpus)
			continue;
		if (!cpu_online(cpu)) {
			mmlab_slab_drain_cpu(c, cpu);
			continue;
		}
		INIT_WORK(per_cpu_ptr(&drain_work, cpu), drain_on_cpu);
		schedule_work_on(cpu, per_cpu_ptr(&drain_work, cpu));
	}
	for_each_online_cpu(cpu)
		if (cpu < mmlab.slabs.nr_cpus)
			flush_work(per_cpu_ptr(&drain_work, cpu));
	cpus_read_unlock();
	drain_target = NULL;
	mutex_unlock(&drain_mutex);
}

/**
 * mmlab_kcache_alloc - an object of @c, registered with kmemleak
 * @c: the cache
 * @bytes: bytes asked for (a kmalloc class records them)
 *
 * Return: the object, or NULL.
 */
void *mmlab_kcache_alloc(struct mmlab_slab_cache *c, u32 bytes)
{
	void *p = mmlab_slab_alloc_bytes(c, bytes);

	if (p)
		kmemleak_alloc(p, c->l.object_size, 1, GFP_KERNEL);
	return p;
}

/**
 * mmlab_kcache_free - free an object of mmlab_kcache_alloc()
 * @c: its cache
 * @p: the object
 *
 * Return: 0, or the error of mmlab_slab_free() (the object is then still
 * allocated, and still known to kmemleak).
 */
int mmlab_kcache_free(struct mmlab_slab_cache *c, void *p)
{
	int err;

	if (c->flags & MMLAB_SLAB_CHECKS) {
		err = mmlab_slab_check_free(c, p);
		if (err)
			return mmlab_slab_free(c, p);	/* reports, counts */
	}
	kmemleak_free(p);
	err = mmlab_slab_free(c, p);
	if (err)
		kmemleak_alloc(p, c->l.object_size, 1, GFP_KERNEL);
	return err;
}

/**
 * mmlab_kmalloc_obj - kmalloc from the arena, registered with kmemleak
 * @size: bytes
 *
 * Return: the memory, or NULL.
 */
void *mmlab_kmalloc_obj(u64 size)
{
	void *p = mmlab_kmalloc(&mmlab.kmalloc, size);

	if (p)
		kmemleak_alloc(p, size, 1, GFP_KERNEL);
	return p;
}

/**
 * mmlab_kfree_obj - kfree memory of mmlab_kmalloc_obj()
 * @p: the memory
 *
 * Return: 0, or the error of mmlab_kfree().
 */
int mmlab_kfree_obj(void *p)
{
	int err;

	if (!mmlab_ksize(&mmlab.kmalloc, p))
		return -EINVAL;
	kmemleak_free(p);
	err = mmlab_kfree(&mmlab.kmalloc, p);
	WARN_ON_ONCE(err);
	return err;
}

/**
 * mmlab_obj_free - free the object a handle names, and the handle
 * @o: the entry, in mmlab.objs
 *
 * Called with mmlab.slab_mutex held.
 *
 * Return: 0, or the allocator's error (entry and object stay).
 */
int mmlab_obj_free(struct mmlab_obj *o)
{
	int err;

	lockdep_assert_held(&mmlab.slab_mutex);
	if (o->flags & MMLAB_OBJ_KMALLOC)
		err = mmlab_kfree_obj(o->ptr);
	else
		err = mmlab_kcache_free(o->cache, o->ptr);
	if (!err)
		mmlab_objtab_remove(&mmlab.objs,
				    mmlab_objtab_id(&mmlab.objs, o));
	return err;
}

/*
 * A socket closed: free its objects, then destroy its caches that are
 * left empty (a cache holding another socket's objects stays, and
 * becomes persistent).
 */
static void release_port(u32 port)
{
	struct mmlab_slab_cache *c, *next;
	struct mmlab_objtab *t = &mmlab.objs;
	unsigned int objs = 0, caches = 0;
	u32 i;

	mutex_lock(&mmlab.slab_mutex);
	for (i = 0; i < t->used; i++) {
		struct mmlab_obj *o = &t->objs[i];

		if (o->in_use && o->owner == port &&
		    !(o->flags & MMLAB_OBJ_PERSISTENT) && !mmlab_obj_free(o))
			objs++;
	}
	for (c = mmlab.slabs.caches; c; c = next) {
		struct mmlab_kcache *kc = c->priv;

		next = c->next;
		if (kc->owner != port)
			continue;
		if (!mmlab_kcache_destroy(c))
			caches++;
		else
			kc->owner = 0;
	}
	mutex_unlock(&mmlab.slab_mutex);
	if (objs || caches)
		pr_debug("port %u closed: %u objects, %u caches freed\n", port,
			 objs, caches);
}

static int mmlab_slab_release_notify(struct notifier_block *nb,
				     unsigned long event, void *ptr)
{
	struct netlink_notify *n = ptr;

	if (event != NETLINK_URELEASE || n->protocol != NETLINK_GENERIC ||
	    !net_eq(n->net, &init_net))
		return NOTIFY_DONE;
	release_port(n->portid);
	return NOTIFY_DONE;
}

static struct notifier_block mmlab_slab_release_nb = {
	.notifier_call = mmlab_slab_release_notify,
};

/**
 * mmlab_slab_validate_all - validate every cache and the object table
 *
 * Return: the number of violations found.
 */
unsigned int mmlab_slab_validate_all(void)
{
	struct mmlab_slab_cache *c;
	unsigned int bad;

	mutex_lock(&mmlab.slab_mutex);
	bad = mmlab_objtab_validate(&mmlab.objs);
	for (c = mmlab.slabs.caches; c; c = c->next)
		bad += mmlab_slab_validate(c);
	mutex_unlock(&mmlab.slab_mutex);
	return bad;
}

/**
 * mmlab_slab_init - the slab allocator and the kmalloc classes
 *
 * Return: 0, or a negative errno.
 */
int mmlab_slab_init(void)
{
	struct mmlab_slab_cache *c;
	int err;

	mmlab_objtab_init(&mmlab.objs);
	err = mmlab_slabs_init(&mmlab.slabs, &mmlab.arena, nr_cpu_ids,
			       &mmlab_slab_ops, NULL);
	if (err)
		return err;
	mmlab.slabs.debug = slab_debug ? MMLAB_SLAB_DEBUG_FLAGS : 0;
	err = mmlab_kmalloc_init(&mmlab.kmalloc, &mmlab.slabs);
	for (c = mmlab.slabs.caches; !err && c; c = c->next)
		err = kcache_attach(c, 0);
	if (!err)
		err = netlink_register_notifier(&mmlab_slab_release_nb);
	if (err) {
		pr_err("cannot set up the slab allocator: error %d\n", err);
		mmlab_slab_exit_caches();
	}
	return err;
}

static void nolock(struct mmlab_slab_cache *c)
{
}

/* For the teardown, when nothing else can reach the caches. */
static const struct mmlab_slab_ops mmlab_slab_ops_teardown = {
	.page_alloc = kc_page_alloc,
	.page_free = kc_page_free,
	.lock = nolock,
	.unlock = nolock,
};

static void forget_object(void *arg, const struct mmlab_slab *s, u64 index)
{
	kmemleak_free(mmlab_slab_object(s, index));
}

/**
 * mmlab_slab_exit_caches - free every object, cache and slab
 *
 * Objects still held (persistent handles) are freed; objects some code
 * leaked are forgotten by kmemleak with their slabs; nobody uses the
 * caches any more.
 */
void mmlab_slab_exit_caches(void)
{
	const struct mmlab_slab_walk forget = { .fn = forget_object };
	struct mmlab_slab_cache *c;
	unsigned int cpu;
	u32 i;

	mutex_lock(&mmlab.slab_mutex);
	for (i = 0; i < mmlab.objs.used; i++)
		if (mmlab.objs.objs[i].in_use)
			mmlab_obj_free(&mmlab.objs.objs[i]);
	mmlab_objtab_destroy(&mmlab.objs);
	/* from here on, nothing but this function reaches the caches */
	for (c = mmlab.slabs.caches; c; c = c->next) {
		if (c->priv)
			kcache_detach(c);
		c->priv = NULL;
	}
	mmlab.slabs.ops = &mmlab_slab_ops_teardown;
	for (c = mmlab.slabs.caches; c; c = c->next) {
		for (cpu = 0; cpu < mmlab.slabs.nr_cpus; cpu++)
			mmlab_slab_drain_cpu(c, cpu);
		if (mmlab_slab_walk_live(c, &forget))
			pr_warn("slab %s: objects in use at unload\n", c->name);
	}
	if (mmlab.kmalloc.large)
		mmlab_kmalloc_destroy(&mmlab.kmalloc);
	mmlab_slabs_destroy(&mmlab.slabs);
	mmlab_slab_debugfs_exit();
	mutex_unlock(&mmlab.slab_mutex);
}

/**
 * mmlab_slab_exit - undo mmlab_slab_init()
 */
void mmlab_slab_exit(void)
{
	netlink_unregister_notifier(&mmlab_slab_release_nb);
	mmlab_slab_exit_caches();
}
