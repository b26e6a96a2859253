// SPDX-License-Identifier: GPL-2.0
/*
 * mmlab cache { show | create | destroy | alloc | free | help }
 * mmlab kmalloc SIZE ...
 * mmlab kfree HANDLE...
 *
 * The module's slab caches (CACHE_CREATE, CACHE_DESTROY, CACHE_GET and
 * its dump), their objects by handle (CACHE_ALLOC, CACHE_FREE), and
 * kmalloc by size on the module's kmalloc classes (KMALLOC, KFREE). One
 * file for the three objects: they share the handles and the cache's
 * numbers.
 *
 * What the kernel creates or allocates for a netlink socket goes when
 * that socket closes unless it was asked persistent, and the socket of
 * one mmlab run closes when it exits. So, as `buddy alloc` does, these
 * commands ask for persistent caches and objects unless told
 * "transient": a transient cache (destroyed at exit if empty) shows the
 * shape a cache would have; transient objects show what they took, and
 * the tool reads the cache once more before exiting to say so.
 *
 * The loss and efficiency of a cache are tools/mm/slabinfo.c's (see
 * cache_usage()); slabtop.c shows them for every cache.
 */
#include <linux/mmlab.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mmlab.h"
#include "print.h"

static void cache_help(FILE *f)
{
	fprintf(f,
		"Usage: mmlab cache [ show [ NAME ] ]\n"
		"       mmlab cache create NAME size SIZE [ align A ] [ flags FLAG[,FLAG...] ]\n"
		"                          [ ctor BYTE ] [ mt { unmovable | reclaimable } ]\n"
		"                          [ persistent | transient ]\n"
		"       mmlab cache destroy NAME\n"
		"       mmlab cache alloc NAME [ count N ] [ persistent | transient ]\n"
		"       mmlab cache free [ NAME ] HANDLE...\n"
		"       mmlab cache help\n"
		"where  FLAG := { hwcache-align | red-zone | poison | ctor | checks }\n"
		"       NAME: 1..31 characters, no space or '/'   SIZE := BYTES[K|M|G]\n"
		"       A: 0 or a power of two   BYTE: 0..255   N of count: 1..1024\n"
		"       HANDLE := { 0xHEX | DECIMAL }, as alloc prints it; 1..1024 of them\n"
		"Caches and objects are persistent (they stay until destroyed or freed)\n"
		"unless \"transient\": transient ones belong to this mmlab process and go\n"
		"when it exits (a cache only if empty). show without NAME: all caches.\n"
		"free: with NAME, every object must be of that cache; a first word that\n"
		"reads as a handle is one.\n");
}

static void kmalloc_help(FILE *f)
{
	fprintf(f,
		"Usage: mmlab kmalloc SIZE [ count N ] [ persistent | transient ]\n"
		"       mmlab kmalloc help\n"
		"       mmlab kfree HANDLE...\n"
		"where  SIZE := BYTES[K|M|G]   N of count: 1..1024\n"
		"       HANDLE := { 0xHEX | DECIMAL }, as kmalloc prints it; 1..1024 of them\n"
		"kmalloc takes SIZE from the smallest kmalloc class that holds it (above\n"
		"8 KiB, a buddy block each: kmalloc-large), and prints the class, the\n"
		"bytes granted and the handles. Objects are persistent (they stay until\n"
		"kfree) unless \"transient\": transient objects are freed when mmlab exits.\n");
}

#define CACHE_USAGE(...)	mmlab_usage_error("cache help", __VA_ARGS__)
#define KMALLOC_USAGE(...)	mmlab_usage_error("kmalloc help", __VA_ARGS__)

#define OBJ_COUNT_MAX		1024	/* uapi: MMLAB_A_COUNT 1..1024 */
#define FREE_HANDLES_MAX	1024	/* uapi: MMLAB_A_HANDLE 1..1024 */

/* a usage error of @cmd: "CMD: NEED, not "WORD"", pointing at @hint */
static int usage_not(const char *hint, const char *cmd, const char *need,
		     const char *word)
{
	return mmlab_usage_error(hint, "%s: %s, not \"%s\"", cmd, need,
				 word ? word : "");
}

/*
 * The current word as a cache name of @cmd, consumed; NULL after a usage
 * error. Only its length is checked here: the kernel says which
 * characters it refuses.
 */
static const char *take_name(struct mmlab *m, const char *cmd, int *err)
{
	const char *w = mmlab_argv(m);

	*err = 0;
	if (!w || !*w) {
		*err = CACHE_USAGE("%s: needs a cache name", cmd);
		return NULL;
	}
	if (strlen(w) >= MMLAB_NL_CACHE_NAME_LEN) {
		*err = CACHE_USAGE("%s: a cache name has at most %u characters, not %zu",
				   cmd, MMLAB_NL_CACHE_NAME_LEN - 1, strlen(w));
		return NULL;
	}
	mmlab_arg_inc(m);
	return w;
}

void cache_usage(const struct mmlab_cache *c, unsigned int page_size,
		 struct cache_usage *u)
{
	memset(u, 0, sizeof(*u));
	u->slab_bytes = c->num_slabs * ((unsigned long long)page_size <<
					c->order);
	u->used = c->live * c->object_size;
	u->loss = u->slab_bytes > u->used ? u->slab_bytes - u->used : 0;
	u->use = c->num_objs ? c->active_objs * 1000 / c->num_objs : 0;
	u->efficiency = u->slab_bytes ? u->used * 1000 / u->slab_bytes :
			1000;
	if (c->kmalloc) {
		u->granted = u->used;
		u->requested = c->requested;
	}
}

/* text: "none", or the names of the flags set, comma-separated */
static void print_cache_flags(unsigned int flags)
{
	unsigned int bit;
	char num[16];
	bool first = true;

	open_json_array("flags");
	for (bit = 0; bit < 32; bit++) {
		const char *name = mmlab_cache_flag_name(bit);

		if (!(flags & (1U << bit)))
			continue;
		if (!name) {
			snprintf(num, sizeof(num), "0x%x", 1U << bit);
			name = num;
		}
		print_string(PRINT_ANY, NULL, first ? "%s" : ",%s", name);
		first = false;
	}
	close_json_array();
	if (first)
		print_string(PRINT_FP, NULL, "%s", "none");
}

/*
 * One cache in detail. Text:
 *	cache st-x: object size 100, stride 104, align 8, persistent
 *	  flags red-zone,ctor, ctor 0x2a, red zone left 8 B
 *	  slab order 0 (4 KiB): 39 objects, waste 40 B, 1 color
 *	  per-CPU limit 120, batch 60, empty slabs kept 1
 *	  objects live 3, active 39 (36 on per-CPU arrays), total 78
 *	  slabs active 1, total 2: 8 KiB
 *	  loss 7.7 KiB, efficiency 3%
 *	  allocs fast 3, slow 1; frees fast 0, slow 0
 *	  refills 1, drains 0, slabs new 2, freed 0, failures 0, errors 0
 * (", persistent" only if it is); a kmalloc class says so after its name
 * (" (kmalloc class)") and adds, before the counters,
 *	  kmalloc requested 270 B of 288 B granted
 * JSON: {"name":"st-x","object_size":100,...}, the keys of
 * Documentation/tools/mmlab.rst; @page_size makes the slab bytes.
 */
static void print_cache(const struct mmlab_cache *c, unsigned int page_size)
{
	struct cache_usage u;

	cache_usage(c, page_size, &u);
	print_string(PRINT_ANY, "name", "cache %s", c->name);
	print_flag(PRINT_FP, NULL, " (kmalloc class)", c->kmalloc);
	print_u32(PRINT_ANY, "object_size", ": object size %u",
		  c->object_size);
	print_u32(PRINT_ANY, "stride", ", stride %u", c->stride);
	print_u32(PRINT_ANY, "align", ", align %u", c->align);
	print_flag(PRINT_ANY, "persistent", ", persistent", c->persistent);
	print_flag(PRINT_JSON, "kmalloc", NULL, c->kmalloc);
	print_string(PRINT_FP, NULL, "%s", "\n  flags ");
	print_cache_flags(c->flags);
	if (c->flags & MMLAB_CACHE_CTOR || is_json_context())
		print_u32(PRINT_ANY, "ctor", ", ctor 0x%02x", c->ctor);
	print_size(PRINT_FP, NULL, ", red zone left %s\n",
		   (unsigned long long)c->red_left);
	print_u32(PRINT_JSON, "red_left", NULL, c->red_left);
	print_u32(PRINT_ANY, "order", "  slab order %u", c->order);
	print_size(PRINT_FP, NULL, " (%s)",
		   (unsigned long long)page_size << c->order);
	print_u32(PRINT_ANY, "obj_per_slab", ": %u objects", c->objects);
	print_size(PRINT_FP, NULL, ", waste %s", c->waste);
	print_u32(PRINT_JSON, "waste", NULL, c->waste);
	print_u32(PRINT_ANY, "colors",
		  c->colors == 1 ? ", %u color\n" : ", %u colors\n",
		  c->colors);
	print_u32(PRINT_ANY, "limit", "  per-CPU limit %u", c->limit);
	print_u32(PRINT_ANY, "batch", ", batch %u", c->batch);
	print_u32(PRINT_ANY, "min_empty", ", empty slabs kept %u\n",
		  c->min_empty);
	print_u64(PRINT_ANY, "live", "  objects live %llu", c->live);
	print_u64(PRINT_ANY, "active_objs", ", active %llu", c->active_objs);
	print_u64(PRINT_ANY, "cpu_objs", " (%llu on per-CPU arrays)",
		  c->cpu_objs);
	print_u64(PRINT_ANY, "num_objs", ", total %llu\n", c->num_objs);
	print_u64(PRINT_ANY, "active_slabs", "  slabs active %llu",
		  c->active_slabs);
	print_u64(PRINT_ANY, "num_slabs", ", total %llu", c->num_slabs);
	print_size(PRINT_ANY, "cache_size", ": %s\n", u.slab_bytes);
	print_size(PRINT_ANY, "loss", "  loss %s", u.loss);
	print_u32(PRINT_FP, NULL, ", efficiency %u%%\n", u.efficiency / 10);
	print_milli(PRINT_JSON, "efficiency", NULL, u.efficiency);
	print_milli(PRINT_JSON, "use", NULL, u.use);
	if (c->kmalloc) {
		print_size(PRINT_ANY, "requested", "  kmalloc requested %s",
			   u.requested);
		print_size(PRINT_ANY, "granted", " of %s granted\n",
			   u.granted);
	}
	print_u64(PRINT_ANY, "alloc_fast", "  allocs fast %llu",
		  c->alloc_fast);
	print_u64(PRINT_ANY, "alloc_slow", ", slow %llu", c->alloc_slow);
	print_u64(PRINT_ANY, "free_fast", "; frees fast %llu", c->free_fast);
	print_u64(PRINT_ANY, "free_slow", ", slow %llu\n", c->free_slow);
	print_u64(PRINT_ANY, "refills", "  refills %llu", c->refills);
	print_u64(PRINT_ANY, "drains", ", drains %llu", c->drains);
	print_u64(PRINT_ANY, "slabs_new", ", slabs new %llu", c->slabs_new);
	print_u64(PRINT_ANY, "slabs_freed", ", freed %llu", c->slabs_freed);
	print_u64(PRINT_ANY, "fail", ", failures %llu", c->fail);
	print_u64(PRINT_ANY, "errors", ", errors %llu\n", c->errors);
}

#define CACHE_ROW_HEAD \
	"NAME                      SIZE STRIDE ALIGN OBJ/SLAB ORDER  SLABS    OBJS  ACTIVE    LIVE  REQUESTED    GRANTED FLAGS\n"

/* One cache, one line of the text table of `cache show` (text only). */
static void print_cache_row(const struct mmlab_cache *c,
			    unsigned int page_size)
{
	struct cache_usage u;
	unsigned int bit;
	const char *sep = "";

	cache_usage(c, page_size, &u);
	printf("%-24s %5u %6u %5u %8u %5u %6llu %7llu %7llu %7llu ",
	       c->name, c->object_size, c->stride, c->align, c->objects,
	       c->order, (unsigned long long)c->num_slabs,
	       (unsigned long long)c->num_objs,
	       (unsigned long long)c->active_objs,
	       (unsigned long long)c->live);
	if (c->kmalloc)
		printf("%10llu %10llu ", u.requested, u.granted);
	else
		printf("%10s %10s ", "-", "-");
	if (c->kmalloc) {
		fputs("kmalloc", stdout);
		sep = ",";
	}
	if (c->persistent) {
		printf("%spersistent", sep);
		sep = ",";
	}
	for (bit = 0; bit < 32; bit++) {
		if (!(c->flags & (1U << bit)))
			continue;
		if (mmlab_cache_flag_name(bit))
			printf("%s%s", sep, mmlab_cache_flag_name(bit));
		else
			printf("%s0x%x", sep, 1U << bit);
		sep = ",";
	}
	if (!*sep)
		putchar('-');
	putchar('\n');
}

/* the arena's page size, for the slabs' bytes; 0, or an exit status */
static int page_size_of(struct mmlab *m, const char *what,
			unsigned int *page_size)
{
	struct mmlab_status st;
	int err;

	err = mmlab_nl_status_get(&m->nl, &st);
	if (err)
		return mmlab_perror(m, what, err);
	*page_size = st.arena.page_size;
	return 0;
}

int cache_dump(struct mmlab *m, const char *what, struct mmlab_caches *caches,
	       unsigned int *page_size)
{
	int err;

	err = page_size_of(m, what, page_size);
	if (err)
		return err;
	mmlab_caches_free(caches);
	err = mmlab_nl_cache_dump(&m->nl, caches);
	if (err) {
		mmlab_caches_free(caches);
		return mmlab_perror(m, what, err);
	}
	return 0;
}

/*
 * Text: CACHE_ROW_HEAD, then a row per cache, newest first (as the
 * module lists them). JSON: {"caches":[{...},...]}, each as one cache.
 */
static int cache_show_all(struct mmlab *m)
{
	struct mmlab_caches caches = { 0 };
	unsigned int page_size = 0;
	size_t i;
	int err;

	err = mmlab_nl_ready(m, "cache show");
	if (!err)
		err = cache_dump(m, "cache show", &caches, &page_size);
	if (err)
		return err;
	new_json_obj(m->json, m->pretty);
	print_string(PRINT_FP, NULL, "%s", CACHE_ROW_HEAD);
	open_json_array("caches");
	for (i = 0; i < caches.n; i++) {
		if (is_json_context()) {
			open_json_object(NULL);
			print_cache(&caches.v[i], page_size);
			close_json_object();
		} else {
			print_cache_row(&caches.v[i], page_size);
		}
	}
	close_json_array();
	delete_json_obj();
	mmlab_caches_free(&caches);
	return MMLAB_EXIT_OK;
}

/* JSON: {"cache":{...}}; @note: a text line after it, or NULL */
static void print_one(struct mmlab *m, const struct mmlab_cache *c,
		      unsigned int page_size, const char *note)
{
	new_json_obj(m->json, m->pretty);
	open_json_object("cache");
	print_cache(c, page_size);
	close_json_object();
	if (note)
		print_string(PRINT_FP, NULL, "%s\n", note);
	delete_json_obj();
}

static int cache_show(struct mmlab *m)
{
	struct mmlab_cache c;
	unsigned int page_size = 0;
	const char *name;
	int err;

	if (!mmlab_argv(m))
		return cache_show_all(m);
	name = take_name(m, "cache show", &err);
	if (!err)
		err = mmlab_nl_ready(m, "cache show");
	if (!err)
		err = page_size_of(m, "cache show", &page_size);
	if (err)
		return err;
	err = mmlab_nl_cache_get(&m->nl, name, &c);
	if (err)
		return mmlab_perror(m, "cache show", err);
	print_one(m, &c, page_size, NULL);
	return MMLAB_EXIT_OK;
}

/* the words of cache create after NAME into @req; 0 or a usage error */
static int parse_create(struct mmlab *m, struct mmlab_cache_req *req)
{
	unsigned long long v;
	bool have_size = false;
	const char *w;

	req->ctor = -1;
	req->persistent = true;
	while ((w = mmlab_argv(m))) {
		if (mmlab_take_lifetime(m, &req->persistent))
			continue;
		mmlab_arg_inc(m);
		if (!strcmp(w, "size")) {
			if (mmlab_parse_size(mmlab_argv(m), &req->size) ||
			    !req->size)
				return usage_not("cache help", "cache create",
						 "size needs bytes > 0 (K, M, G suffixes)",
						 mmlab_argv(m));
			have_size = true;
		} else if (!strcmp(w, "align")) {
			if (mmlab_parse_u64(mmlab_argv(m), &v) ||
			    v > 1U << 30 || (v & (v - 1)))
				return usage_not("cache help", "cache create",
						 "align needs 0 or a power of two",
						 mmlab_argv(m));
			req->align = v;
		} else if (!strcmp(w, "flags")) {
			if (mmlab_parse_cache_flags(mmlab_argv(m), &req->flags))
				return usage_not("cache help", "cache create",
						 "flags needs FLAG[,FLAG...] of hwcache-align, red-zone, poison, ctor, checks",
						 mmlab_argv(m));
		} else if (!strcmp(w, "ctor")) {
			if (mmlab_parse_handle(mmlab_argv(m), &v) || v > 255)
				return usage_not("cache help", "cache create",
						 "ctor needs a byte 0..255 (0xHEX or decimal)",
						 mmlab_argv(m));
			req->ctor = v;
		} else if (!strcmp(w, "mt")) {
			if (mmlab_parse_mt(mmlab_argv(m), &req->mt) ||
			    req->mt == MMLAB_MIGRATE_MOVABLE)
				return usage_not("cache help", "cache create",
						 "mt needs unmovable or reclaimable (slabs never move)",
						 mmlab_argv(m));
			req->has_mt = true;
		} else {
			return CACHE_USAGE("cache create: unknown argument \"%s\"",
					   w);
		}
		mmlab_arg_inc(m);
	}
	if (!have_size)
		return CACHE_USAGE("cache create: needs a size");
	return 0;
}

static int cache_create(struct mmlab *m)
{
	struct mmlab_cache_req req = { 0 };
	unsigned int page_size = 0;
	struct mmlab_cache c;
	int err;

	req.name = take_name(m, "cache create", &err);
	if (!err)
		err = parse_create(m, &req);
	if (!err)
		err = mmlab_nl(m);
	if (!err)
		err = page_size_of(m, "cache create", &page_size);
	if (err)
		return err;
	err = mmlab_nl_cache_create(&m->nl, &req, &c);
	if (err)
		return mmlab_perror(m, "cache create", err);
	print_one(m, &c, page_size, req.persistent ? NULL :
		  "transient: destroyed when mmlab exits");
	return MMLAB_EXIT_OK;
}

static int cache_destroy(struct mmlab *m)
{
	const char *name;
	int err;

	name = take_name(m, "cache destroy", &err);
	if (!err)
		err = mmlab_nl_ready(m, "cache destroy");
	if (err)
		return err;
	err = mmlab_nl_cache_destroy(&m->nl, name);
	if (err)
		return mmlab_perror(m, "cache destroy", err);
	return MMLAB_EXIT_OK;
}

/*
 * The objects of an allocation, one line each:
 *	st-x handle 0x100000001 persistent
 *	kmalloc-128 handle 0x100000002 requested 100 granted 128 persistent
 * JSON: {"objects":[{"cache":"st-x","handle":"0x100000001",
 *	"persistent":true},...]}, kmalloc's with "requested" and "granted".
 * Transient objects (@held not NULL: their cache as it was while they
 * lived; @held->name "": no cache to read) are followed by
 *	held until mmlab exited: st-x live 3, active 39 of 39 objects in 1 slab
 * JSON: "held":{"cache":"st-x","live":3,"active_objs":39,"num_objs":39,
 *	"num_slabs":1}.
 */
static void print_objects(const struct mmlab_objects *o, const char *cache,
			  __u64 requested, bool persistent,
			  const struct mmlab_cache *held)
{
	size_t i;

	open_json_array("objects");
	for (i = 0; i < o->n; i++) {
		open_json_object(NULL);
		print_string(PRINT_ANY, "cache", "%s", cache);
		print_hex(PRINT_ANY, "handle", " handle 0x%llx", o->v[i]);
		if (o->has_class) {
			print_u64(PRINT_ANY, "requested", " requested %llu",
				  requested);
			print_u64(PRINT_ANY, "granted", " granted %llu",
				  o->granted);
		}
		print_flag(PRINT_ANY, "persistent", " persistent", persistent);
		print_nl();
		close_json_object();
	}
	close_json_array();
	if (!held)
		return;
	print_string(PRINT_FP, NULL, "%s", "held until mmlab exited");
	open_json_object("held");
	print_string(PRINT_ANY, "cache", ": %s", held->name[0] ? held->name :
		     cache);
	if (held->name[0]) {
		print_u64(PRINT_ANY, "live", " live %llu", held->live);
		print_u64(PRINT_ANY, "active_objs", ", active %llu",
			  held->active_objs);
		print_u64(PRINT_ANY, "num_objs", " of %llu objects",
			  held->num_objs);
		print_u64(PRINT_ANY, "num_slabs",
			  held->num_slabs == 1 ? " in %llu slab" :
			  " in %llu slabs", held->num_slabs);
	}
	close_json_object();
	print_nl();
}

/*
 * After a transient allocation: the cache @name as it is while the
 * objects live, into @held (name "" if it cannot be read, as
 * kmalloc-large, which is no cache).
 */
static void read_held(struct mmlab *m, const char *name,
		      struct mmlab_cache *held)
{
	if (mmlab_nl_cache_get(&m->nl, name, held)) {
		memset(held, 0, sizeof(*held));
		m->nl.detail[0] = '\0';
	}
}

/* "count N" and the lifetime, the rest of alloc and kmalloc */
static int parse_alloc_args(struct mmlab *m, const char *cmd,
			    const char *hint, unsigned int *count,
			    bool *persistent)
{
	const char *w;

	*persistent = true;
	while ((w = mmlab_argv(m))) {
		if (mmlab_take_lifetime(m, persistent))
			continue;
		mmlab_arg_inc(m);
		if (strcmp(w, "count"))
			return mmlab_usage_error(hint, "%s: unknown argument \"%s\"",
						 cmd, w);
		if (mmlab_parse_u32(mmlab_argv(m), 1, OBJ_COUNT_MAX, count))
			return usage_not(hint, cmd, "count needs a number 1..1024",
					 mmlab_argv(m));
		mmlab_arg_inc(m);
	}
	return 0;
}

static int cache_alloc(struct mmlab *m)
{
	struct mmlab_objects objs = { 0 };
	struct mmlab_cache held;
	unsigned int count = 0;
	const char *name;
	bool persistent;
	int err;

	name = take_name(m, "cache alloc", &err);
	if (!err)
		err = parse_alloc_args(m, "cache alloc", "cache help", &count,
				       &persistent);
	if (!err)
		err = mmlab_nl(m);
	if (err)
		return err;
	err = mmlab_nl_cache_alloc(&m->nl, name, count, persistent, &objs);
	if (err) {
		mmlab_objects_free(&objs);
		return mmlab_perror(m, "cache alloc", err);
	}
	if (!persistent)
		read_held(m, name, &held);
	new_json_obj(m->json, m->pretty);
	print_objects(&objs, name, 0, persistent, persistent ? NULL : &held);
	delete_json_obj();
	mmlab_objects_free(&objs);
	return MMLAB_EXIT_OK;
}

/*
 * HANDLE... into @handles, *@n of them; at least one, at most 1024. 0 or
 * a usage error of @cmd.
 */
static int parse_handles(struct mmlab *m, const char *cmd, const char *hint,
			 __u64 *handles, unsigned int *n)
{
	unsigned long long id;

	*n = 0;
	if (!mmlab_argv(m))
		return mmlab_usage_error(hint, "%s: needs a handle", cmd);
	for (; mmlab_argv(m); mmlab_arg_inc(m), (*n)++) {
		if (*n == FREE_HANDLES_MAX)
			return mmlab_usage_error(hint, "%s: more than 1024 handles",
						 cmd);
		if (mmlab_parse_handle(mmlab_argv(m), &id))
			return usage_not(hint, cmd,
					 "a handle is a 64-bit number, 0xHEX or decimal",
					 mmlab_argv(m));
		handles[*n] = id;
	}
	return 0;
}

static int cache_free(struct mmlab *m)
{
	__u64 handles[FREE_HANDLES_MAX];
	unsigned long long id;
	const char *name = NULL;
	unsigned int n;
	int err = 0;

	/* a first word that is no handle names the cache */
	if (mmlab_argv(m) && mmlab_parse_handle(mmlab_argv(m), &id))
		name = take_name(m, "cache free", &err);
	if (!err)
		err = parse_handles(m, "cache free", "cache help", handles, &n);
	if (!err)
		err = mmlab_nl(m);
	if (err)
		return err;
	err = mmlab_nl_cache_free(&m->nl, name, handles, n);
	if (err)
		return mmlab_perror(m, "cache free", err);
	return MMLAB_EXIT_OK;
}

int cmd_cache(struct mmlab *m)
{
	if (!mmlab_argv(m) || mmlab_argv_match(m, "show"))
		return cache_show(m);
	if (mmlab_argv_match(m, "create"))
		return cache_create(m);
	if (mmlab_argv_match(m, "destroy"))
		return cache_destroy(m);
	if (mmlab_argv_match(m, "alloc"))
		return cache_alloc(m);
	if (mmlab_argv_match(m, "free"))
		return cache_free(m);
	if (mmlab_argv_match(m, "help")) {
		cache_help(stdout);
		return MMLAB_EXIT_OK;
	}
	return CACHE_USAGE("cache: unknown command \"%s\"", mmlab_argv(m));
}

int cmd_kmalloc(struct mmlab *m)
{
	struct mmlab_objects objs = { 0 };
	unsigned long long size;
	struct mmlab_cache held;
	unsigned int count = 0;
	bool persistent;
	int err;

	if (mmlab_argv_match(m, "help")) {
		kmalloc_help(stdout);
		return MMLAB_EXIT_OK;
	}
	if (!mmlab_argv(m))
		return KMALLOC_USAGE("kmalloc: needs a size");
	if (mmlab_parse_size(mmlab_argv(m), &size) || !size)
		return usage_not("kmalloc help", "kmalloc",
				 "size needs bytes > 0 (K, M, G suffixes)",
				 mmlab_argv(m));
	mmlab_arg_inc(m);
	err = parse_alloc_args(m, "kmalloc", "kmalloc help", &count,
			       &persistent);
	if (!err)
		err = mmlab_nl(m);
	if (err)
		return err;
	err = mmlab_nl_kmalloc(&m->nl, size, count, persistent, &objs);
	if (err) {
		mmlab_objects_free(&objs);
		return mmlab_perror(m, "kmalloc", err);
	}
	if (!persistent)
		read_held(m, objs.class, &held);
	new_json_obj(m->json, m->pretty);
	print_objects(&objs, objs.class, size, persistent,
		      persistent ? NULL : &held);
	delete_json_obj();
	mmlab_objects_free(&objs);
	return MMLAB_EXIT_OK;
}

int cmd_kfree(struct mmlab *m)
{
	__u64 handles[FREE_HANDLES_MAX];
	unsigned int n;
	int err;

	if (mmlab_argv_match(m, "help")) {
		kmalloc_help(stdout);
		return MMLAB_EXIT_OK;
	}
	err = parse_handles(m, "kfree", "kmalloc help", handles, &n);
	if (!err)
		err = mmlab_nl(m);
	if (err)
		return err;
	err = mmlab_nl_kfree(&m->nl, handles, n);
	if (err)
		return mmlab_perror(m, "kfree", err);
	return MMLAB_EXIT_OK;
}
