// SPDX-License-Identifier: GPL-2.0
/*
 * netlink_mmu.c - the software MMU over generic netlink: address spaces
 * (create, destroy, get, dump, clone), their regions (map, unmap,
 * protect, grow, dump), access batches, reads and writes through the
 * translation, translate, and the TLB (get, set, dump of its entries).
 *
 * House rules are netlink.c's. Every handler runs under genl_mutex and
 * takes mmlab.mmu_lock (mmlab_mmu_lock()) for its whole request; the
 * core checks a request whole before it changes anything, so a refused
 * request leaves the MMU as it was.
 *
 * A space belongs to the socket that created it (destroyed when the
 * socket closes) unless it was created %MMLAB_A_PERSISTENT. Only its
 * owner may change a socket-owned space; anyone with CAP_SYS_ADMIN may
 * change a persistent one; anyone may read any.
 */
#include <linux/kernel.h>
#include <linux/slab.h>
#include <net/genetlink.h>

#include "mmlab.h"
#include "netlink.h"

#define DATA_MAX	4096

static int put_u64(struct sk_buff *msg, int attr, u64 v, int pad)
{
	return nla_put_u64_64bit(msg, attr, v, pad);
}

static int put_access(struct sk_buff *msg, int attr,
		      const struct mmlab_access_stats *s, unsigned int levels,
		      const u64 *dropped)
{
	static const int fault_attr[MMLAB_PF_NR] = {
		[MMLAB_PF_ZERO] = MMLAB_A_ACCESS_FAULTS_ZERO,
		[MMLAB_PF_SHARED] = MMLAB_A_ACCESS_FAULTS_SHARED,
		[MMLAB_PF_COW_COPY] = MMLAB_A_ACCESS_FAULTS_COW_COPY,
		[MMLAB_PF_COW_REUSE] = MMLAB_A_ACCESS_FAULTS_COW_REUSE,
		[MMLAB_PF_SEGV] = MMLAB_A_ACCESS_FAULTS_SEGV,
		[MMLAB_PF_PROT] = MMLAB_A_ACCESS_FAULTS_PROT,
		[MMLAB_PF_OOM] = MMLAB_A_ACCESS_FAULTS_OOM,
	};
	static const int kind_attr[MMLAB_ACC_NR] = {
		[MMLAB_ACC_READ] = MMLAB_A_ACCESS_READS,
		[MMLAB_ACC_WRITE] = MMLAB_A_ACCESS_WRITES,
		[MMLAB_ACC_EXEC] = MMLAB_A_ACCESS_EXECS,
	};
	const int pad = MMLAB_A_ACCESS_PAD;
	struct nlattr *nest = nla_nest_start(msg, attr);
	unsigned int i;

	if (!nest ||
	    put_u64(msg, MMLAB_A_ACCESS_ACCESSES, s->accesses, pad) ||
	    put_u64(msg, MMLAB_A_ACCESS_TLB_HITS, s->tlb_hits, pad) ||
	    put_u64(msg, MMLAB_A_ACCESS_TLB_MISSES, s->tlb_misses, pad) ||
	    put_u64(msg, MMLAB_A_ACCESS_WALKS, s->walks, pad) ||
	    put_u64(msg, MMLAB_A_ACCESS_WALK_READS, s->walk_reads, pad) ||
	    (dropped &&
	     put_u64(msg, MMLAB_A_ACCESS_EVENTS_DROPPED, *dropped, pad)))
		return -EMSGSIZE;
	for (i = 0; i < MMLAB_ACC_NR; i++)
		if (put_u64(msg, kind_attr[i], s->kinds[i], pad))
			return -EMSGSIZE;
	for (i = 0; i < levels; i++)
		if (put_u64(msg, MMLAB_A_ACCESS_LEVEL_READS, s->level_reads[i],
			    pad))
			return -EMSGSIZE;
	for (i = 0; i < MMLAB_PF_NR; i++)
		if (put_u64(msg, fault_attr[i], s->faults[i], pad))
			return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

static int fill_space(struct sk_buff *msg, const void *arg)
{
	const struct mmlab_space *sp = arg;
	const struct mmlab_geom *g = &sp->geom;
	const int pad = MMLAB_A_SPACE_PAD;
	struct nlattr *nest = nla_nest_start(msg, MMLAB_A_SPACE);
	unsigned int l;

	if (!nest ||
	    nla_put_u32(msg, MMLAB_A_SPACE_S_ID, sp->id) ||
	    nla_put_u32(msg, MMLAB_A_SPACE_OWNER, sp->owner) ||
	    ((sp->flags & MMLAB_SPACE_INVERTED) &&
	     nla_put_flag(msg, MMLAB_A_SPACE_S_INVERTED)) ||
	    nla_put_string(msg, MMLAB_A_SPACE_S_GEOMETRY, g->name) ||
	    nla_put_u32(msg, MMLAB_A_SPACE_LEVELS, g->levels) ||
	    nla_put_u32(msg, MMLAB_A_SPACE_VA_BITS, g->va_bits) ||
	    nla_put_u32(msg, MMLAB_A_SPACE_PTE_SIZE, g->pte_size) ||
	    nla_put_u32(msg, MMLAB_A_SPACE_REGIONS, sp->vmas.nr) ||
	    put_u64(msg, MMLAB_A_SPACE_RSS, sp->rss, pad) ||
	    put_u64(msg, MMLAB_A_SPACE_TABLE_FRAMES,
		    mmlab_space_table_frames(sp), pad))
		return -EMSGSIZE;
	for (l = 0; l < g->levels; l++)
		if (nla_put_u32(msg, MMLAB_A_SPACE_BITS, g->bits[l]))
			return -EMSGSIZE;
	if (put_access(msg, MMLAB_A_SPACE_S_ACCESS, &sp->stats, g->levels,
		       NULL))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

/*
 * The space of the request's %MMLAB_A_SPACE_ID (mmlab.mmu_lock held); a
 * socket-owned one only for its owner when @change.
 */
static int space_of(struct genl_info *info, bool change,
		    struct mmlab_space **spp)
{
	struct nlattr *a = info->attrs[MMLAB_A_SPACE_ID];
	struct mmlab_space *sp;

	if (!a) {
		GENL_SET_ERR_MSG(info, "space-id is missing");
		return -EINVAL;
	}
	sp = mmlab_space_find(&mmlab.mmu, nla_get_u32(a));
	if (!sp) {
		NL_SET_ERR_MSG_ATTR(info->extack, a, "no such address space");
		return -ENOENT;
	}
	if (change && sp->owner && sp->owner != info->snd_portid) {
		NL_SET_ERR_MSG_ATTR(info->extack, a,
				    "the space belongs to another socket");
		return -EPERM;
	}
	*spp = sp;
	return 0;
}

/* What a request lacking a required attribute is told. */
static const char *const missing_msg[MMLAB_A_MAX + 1] = {
	[MMLAB_A_ADDR] = "addr is missing",
	[MMLAB_A_RANGE_LEN] = "range-len is missing",
	[MMLAB_A_PROT] = "prot is missing",
	[MMLAB_A_PAGES] = "pages is missing",
	[MMLAB_A_REFS] = "refs is missing",
	[MMLAB_A_DATA] = "data is missing",
	[MMLAB_A_LENGTH] = "length is missing",
};

/*
 * The first steps of a request on one space: count it, check the caller
 * (@admin: CAP_SYS_ADMIN), the attributes it may carry (@allowed) and
 * must (@required, and %MMLAB_A_SPACE_ID), then take mmlab.mmu_lock and
 * find the space; a socket-owned space only for its owner when @admin
 * (the request changes it). On success the lock is held; on failure
 * nothing is, and the error is counted and explained.
 */
static int space_req(struct sk_buff *skb, struct genl_info *info,
		     bool admin, u64 allowed, u64 required,
		     struct mmlab_space **sp)
{
	unsigned int a;
	int ret;

	ret = mmlab_nl_start(skb, info, admin, allowed | required |
			     BIT_ULL(MMLAB_A_SPACE_ID));
	if (ret)
		return ret;
	for (a = 0; a <= MMLAB_A_MAX; a++) {
		if (!(required & BIT_ULL(a)) || info->attrs[a])
			continue;
		/* as NL_SET_ERR_MSG(), with a message from the table */
		if (info->extack)
			info->extack->_msg = missing_msg[a];
		return mmlab_nl_done(-EINVAL);
	}
	if (!mmlab_mmu_lock()) {
		GENL_SET_ERR_MSG(info, "the MMU is going away");
		return mmlab_nl_done(-ENODEV);
	}
	ret = space_of(info, admin, sp);
	if (ret) {
		mmlab_mmu_unlock();
		return mmlab_nl_done(ret);
	}
	return 0;
}

/* The end of such a request: drop the lock, count a failure. */
static int space_done(int ret)
{
	mmlab_mmu_unlock();
	return mmlab_nl_done(ret);
}

/* Why mmlab_space_create() or _clone() refused. */
static void create_error(struct genl_info *info, int ret)
{
	if (ret == -ENOSPC)
		GENL_SET_ERR_MSG(info, "too many address spaces (256)");
	else if (ret == -E2BIG)
		GENL_SET_ERR_MSG(info, "a table of it exceeds the arena's largest block");
	else if (ret == -ENOMEM)
		GENL_SET_ERR_MSG(info, "no memory for the address space");
	else if (ret)
		GENL_SET_ERR_MSG(info, "cannot create the address space");
}

/* Reply with a new space, or destroy it: the caller never learns of it. */
static int created(struct genl_info *info, u8 cmd, struct mmlab_space *sp)
{
	int ret;

	mmlab_mmu_space_added(sp);
	ret = mmlab_nl_reply(info, cmd, fill_space, sp);
	if (ret)
		mmlab_space_destroy(&mmlab.mmu, sp);
	return ret;
}

/**
 * mmlab_nl_space_create - %MMLAB_CMD_SPACE_CREATE
 * @skb: the request
 * @info: its info
 *
 * Return: 0 or an error with an extack message.
 */
int mmlab_nl_space_create(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *ga = info->attrs[MMLAB_A_GEOMETRY];
	struct mmlab_space *sp;
	struct mmlab_geom g;
	u32 flags = 0;
	int ret;

	ret = mmlab_nl_start(skb, info, true, BIT_ULL(MMLAB_A_GEOMETRY) |
			     BIT_ULL(MMLAB_A_INVERTED) |
			     BIT_ULL(MMLAB_A_PERSISTENT));
	if (ret)
		return ret;
	ret = mmlab_geom_parse(ga ? nla_data(ga) : "x86-64", &g);
	if (ret == -ERANGE)
		NL_SET_ERR_MSG_ATTR(info->extack, ga,
				    "addresses wider than 57 bits");
	else if (ret)
		NL_SET_ERR_MSG_ATTR(info->extack, ga,
				    "not a geometry: a preset, or 2..5 levels of 1..16 bits then 12");
	if (ret)
		return mmlab_nl_done(ret);
	if (info->attrs[MMLAB_A_INVERTED])
		flags |= MMLAB_SPACE_INVERTED;
	if (info->attrs[MMLAB_A_PERSISTENT])
		flags |= MMLAB_SPACE_PERSISTENT;
	if (!mmlab_mmu_lock())
		return mmlab_nl_done(-ENODEV);
	ret = mmlab_space_create(&mmlab.mmu, &g, flags,
				 flags & MMLAB_SPACE_PERSISTENT ? 0 :
				 info->snd_portid, &sp);
	create_error(info, ret);
	if (!ret)
		ret = created(info, MMLAB_CMD_SPACE_CREATE, sp);
	mmlab_mmu_unlock();
	return mmlab_nl_done(ret);
}

/**
 * mmlab_nl_space_destroy - %MMLAB_CMD_SPACE_DESTROY
 * @skb: the request
 * @info: its info
 *
 * Return: 0 or an error with an extack message.
 */
int mmlab_nl_space_destroy(struct sk_buff *skb, struct genl_info *info)
{
	struct mmlab_space *sp;
	int ret = space_req(skb, info, true, 0, 0, &sp);

	if (ret)
		return ret;
	mmlab_space_destroy(&mmlab.mmu, sp);
	return space_done(0);
}

/**
 * mmlab_nl_space_get - %MMLAB_CMD_SPACE_GET (do)
 * @skb: the request
 * @info: its info
 *
 * Return: 0 or an error with an extack message.
 */
int mmlab_nl_space_get(struct sk_buff *skb, struct genl_info *info)
{
	struct mmlab_space *sp;
	int ret = space_req(skb, info, false, 0, 0, &sp);

	if (ret)
		return ret;
	return space_done(mmlab_nl_reply(info, MMLAB_CMD_SPACE_GET, fill_space,
					 sp));
}

/* The live space with the smallest id above @id, or NULL. */
static struct mmlab_space *space_after(u32 id)
{
	struct mmlab_space *sp, *best = NULL;
	u32 i;

	for (i = 0; i < mmlab.mmu.nr_spaces; i++) {
		sp = mmlab.mmu.spaces[i];
		if (sp->id > id && (!best || sp->id < best->id))
			best = sp;
	}
	return best;
}

/**
 * mmlab_nl_space_dump - %MMLAB_CMD_SPACE_GET (dump): every space, by id
 * @skb: the message to fill
 * @cb: the dump's state: args[0] the last id sent
 *
 * Return: the message's length, 0 when done, or an error.
 */
int mmlab_nl_space_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct mmlab_space *sp;
	void *hdr;
	int ret;

	if (!cb->args[1]) {
		cb->args[1] = 1;
		mmlab_stat_add(MMLAB_STAT_NL_REQUESTS, 1);
		ret = mmlab_nl_only(cb->nlh, cb->extack, 0);
		if (ret)
			return mmlab_nl_done(ret);
	}
	if (!mmlab_mmu_lock())
		return 0;
	while ((sp = space_after(cb->args[0]))) {
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, &mmlab_genl_family,
				  NLM_F_MULTI, MMLAB_CMD_SPACE_GET);
		if (!hdr)
			break;
		if (fill_space(skb, sp)) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
		cb->args[0] = sp->id;
	}
	mmlab_mmu_unlock();
	return skb->len;
}

/**
 * mmlab_nl_space_clone - %MMLAB_CMD_SPACE_CLONE
 * @skb: the request
 * @info: its info
 *
 * Return: 0 or an error with an extack message.
 */
int mmlab_nl_space_clone(struct sk_buff *skb, struct genl_info *info)
{
	bool persistent = info->attrs[MMLAB_A_PERSISTENT];
	struct mmlab_space *sp, *child;
	int ret;

	ret = space_req(skb, info, true, BIT_ULL(MMLAB_A_PERSISTENT), 0, &sp);
	if (ret)
		return ret;
	ret = mmlab_space_clone(&mmlab.mmu, sp,
				persistent ? MMLAB_SPACE_PERSISTENT : 0,
				persistent ? 0 : info->snd_portid, &child);
	if (ret == -ENOMEM)
		GENL_SET_ERR_MSG(info, "no memory for the child's tables");
	else
		create_error(info, ret);
	if (!ret)
		ret = created(info, MMLAB_CMD_SPACE_CLONE, child);
	return space_done(ret);
}

/* The extack message of a refused map, unmap, protect or grow. */
static void region_error(struct genl_info *info, int ret)
{
	struct netlink_ext_ack *extack = info->extack;
	struct nlattr **tb = info->attrs;

	switch (ret) {
	case 0:
		break;
	case -EINVAL:
		GENL_SET_ERR_MSG(info, "unaligned or empty range, or shm for a private region");
		break;
	case -ERANGE:
		GENL_SET_ERR_MSG(info, "the range is beyond the space's addresses");
		break;
	case -EEXIST:
		GENL_SET_ERR_MSG(info, "the range overlaps a region");
		break;
	case -ENOENT:
		NL_SET_ERR_MSG_ATTR(extack, tb[MMLAB_A_SHM], "no such shared object");
		break;
	case -E2BIG:
		GENL_SET_ERR_MSG(info, "longer than the shared object (or a new one over 4 GiB)");
		break;
	case -ENOSPC:
		GENL_SET_ERR_MSG(info, "too many regions or shared objects");
		break;
	case -EFAULT:
		GENL_SET_ERR_MSG(info, "no region there");
		break;
	default:
		GENL_SET_ERR_MSG(info, "no memory for the regions");
	}
}

static int fill_shm(struct sk_buff *msg, const void *arg)
{
	const u32 *shm = arg;

	return *shm ? nla_put_u32(msg, MMLAB_A_SHM, *shm) : 0;
}

/**
 * mmlab_nl_map - %MMLAB_CMD_MAP
 * @skb: the request
 * @info: its info
 *
 * Return: 0 or an error with an extack message.
 */
int mmlab_nl_map(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **tb = info->attrs;
	struct mmlab_map_req req = {
		.prot = MMLAB_PTE_R | MMLAB_PTE_W, .kind = MMLAB_VMA_DATA,
	};
	struct mmlab_space *sp;
	u32 shm = 0;
	int ret;

	ret = space_req(skb, info, true, BIT_ULL(MMLAB_A_PROT) |
			BIT_ULL(MMLAB_A_REGION_KIND) | BIT_ULL(MMLAB_A_SHM),
			BIT_ULL(MMLAB_A_ADDR) | BIT_ULL(MMLAB_A_RANGE_LEN), &sp);
	if (ret)
		return ret;
	req.start = nla_get_u64(tb[MMLAB_A_ADDR]);
	req.len = nla_get_u64(tb[MMLAB_A_RANGE_LEN]);
	if (tb[MMLAB_A_PROT])
		req.prot = nla_get_u32(tb[MMLAB_A_PROT]) << 1;
	if (tb[MMLAB_A_REGION_KIND])
		req.kind = nla_get_u32(tb[MMLAB_A_REGION_KIND]);
	if (tb[MMLAB_A_SHM])
		req.shm = nla_get_u32(tb[MMLAB_A_SHM]);
	ret = mmlab_space_map(&mmlab.mmu, sp, &req, &shm);
	region_error(info, ret);
	/* the reply fails only with a new region in place: take it back */
	if (!ret) {
		ret = mmlab_nl_reply(info, MMLAB_CMD_MAP, fill_shm, &shm);
		if (ret)
			mmlab_space_unmap(&mmlab.mmu, sp, req.start, req.len);
	}
	return space_done(ret);
}

/* The space, start and length of an unmap or protect request. */
static int range_req(struct sk_buff *skb, struct genl_info *info, u64 more,
		     struct mmlab_space **sp, u64 *start, u64 *len)
{
	int ret = space_req(skb, info, true, 0, BIT_ULL(MMLAB_A_ADDR) |
			    BIT_ULL(MMLAB_A_RANGE_LEN) | more, sp);

	if (ret)
		return ret;
	*start = nla_get_u64(info->attrs[MMLAB_A_ADDR]);
	*len = nla_get_u64(info->attrs[MMLAB_A_RANGE_LEN]);
	return 0;
}

/**
 * mmlab_nl_unmap - %MMLAB_CMD_UNMAP
 * @skb: the request
 * @info: its info
 *
 * Return: 0 or an error with an extack message.
 */
int mmlab_nl_unmap(struct sk_buff *skb, struct genl_info *info)
{
	struct mmlab_space *sp;
	u64 start, len;
	int ret = range_req(skb, info, 0, &sp, &start, &len);

	if (ret)
		return ret;
	ret = mmlab_space_unmap(&mmlab.mmu, sp, start, len);
	region_error(info, ret);
	return space_done(ret);
}

/**
 * mmlab_nl_protect - %MMLAB_CMD_PROTECT
 * @skb: the request
 * @info: its info
 *
 * Return: 0 or an error with an extack message.
 */
int mmlab_nl_protect(struct sk_buff *skb, struct genl_info *info)
{
	struct mmlab_space *sp;
	u64 start, len;
	int ret = range_req(skb, info, BIT_ULL(MMLAB_A_PROT), &sp, &start,
			    &len);

	if (ret)
		return ret;
	ret = mmlab_space_protect(&mmlab.mmu, sp, start, len,
				  nla_get_u32(info->attrs[MMLAB_A_PROT]) << 1);
	if (ret == -EFAULT)
		GENL_SET_ERR_MSG(info, "the range has addresses in no region");
	else
		region_error(info, ret);
	return space_done(ret);
}

static int fill_addr(struct sk_buff *msg, const void *arg)
{
	return nla_put_u64_64bit(msg, MMLAB_A_ADDR, *(const u64 *)arg,
				 MMLAB_A_PAD);
}

/**
 * mmlab_nl_grow - %MMLAB_CMD_GROW
 * @skb: the request
 * @info: its info
 *
 * Return: 0 or an error with an extack message.
 */
int mmlab_nl_grow(struct sk_buff *skb, struct genl_info *info)
{
	struct mmlab_space *sp;
	u64 edge;
	int ret;

	ret = space_req(skb, info, true, 0,
			BIT_ULL(MMLAB_A_ADDR) | BIT_ULL(MMLAB_A_PAGES), &sp);
	if (ret)
		return ret;
	ret = mmlab_space_grow(&mmlab.mmu, sp,
			       nla_get_u64(info->attrs[MMLAB_A_ADDR]),
			       nla_get_s64(info->attrs[MMLAB_A_PAGES]), &edge);
	if (ret == -EFAULT)
		GENL_SET_ERR_MSG(info, "no region at addr");
	else if (ret == -EINVAL)
		GENL_SET_ERR_MSG(info, "only a heap may shrink, a stack grow; a heap keeps a page");
	else if (ret == -EEXIST)
		GENL_SET_ERR_MSG(info, "it would grow into another region");
	else
		region_error(info, ret);
	if (!ret)
		ret = mmlab_nl_reply(info, MMLAB_CMD_GROW, fill_addr, &edge);
	return space_done(ret);
}

static int count_leaf(void *priv, u64 va, u64 pte)
{
	*(u64 *)priv += mmlab_pte_present(pte);
	return 0;
}

static int fill_region(struct sk_buff *msg, struct mmlab_space *sp,
		       const struct mmlab_vma *v)
{
	const int pad = MMLAB_A_REGION_PAD;
	struct nlattr *nest = nla_nest_start(msg, MMLAB_A_REGION);
	u64 rss = 0;

	mmlab_space_walk(&mmlab.mmu, sp, v->start, v->end, count_leaf, &rss);
	if (!nest ||
	    put_u64(msg, MMLAB_A_REGION_START, v->start, pad) ||
	    put_u64(msg, MMLAB_A_REGION_END, v->end, pad) ||
	    nla_put_u32(msg, MMLAB_A_REGION_R_PROT, v->prot >> 1) ||
	    nla_put_u32(msg, MMLAB_A_REGION_R_KIND, v->kind) ||
	    (v->shm &&
	     (nla_put_u32(msg, MMLAB_A_REGION_R_SHM, v->shm->id) ||
	      put_u64(msg, MMLAB_A_REGION_PGOFF, v->pgoff, pad))) ||
	    put_u64(msg, MMLAB_A_REGION_RSS, rss, pad))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

/**
 * mmlab_nl_region_dump - %MMLAB_CMD_REGION_GET (dump)
 * @skb: the message to fill
 * @cb: the dump's state: args[0] the end of the last region sent
 *
 * Return: the message's length, 0 when done, or an error.
 */
int mmlab_nl_region_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	/* the genl core has checked the request against the policy */
	struct nlattr *a = nla_find(nlmsg_attrdata(cb->nlh, GENL_HDRLEN),
				    nlmsg_attrlen(cb->nlh, GENL_HDRLEN),
				    MMLAB_A_SPACE_ID);
	struct mmlab_space *sp;
	struct mmlab_vmas *vs;
	void *hdr;
	u32 i;
	int ret;

	if (!cb->args[1]) {
		cb->args[1] = 1;
		mmlab_stat_add(MMLAB_STAT_NL_REQUESTS, 1);
		ret = mmlab_nl_only(cb->nlh, cb->extack,
				    BIT_ULL(MMLAB_A_SPACE_ID));
		if (!ret && !a) {
			NL_SET_ERR_MSG(cb->extack, "space-id is missing");
			ret = -EINVAL;
		}
		if (ret)
			return mmlab_nl_done(ret);
	}
	if (!mmlab_mmu_lock())
		return 0;
	sp = mmlab_space_find(&mmlab.mmu, nla_get_u32(a));
	if (!sp) {
		mmlab_mmu_unlock();
		if (cb->args[0])	/* destroyed since the first part */
			return 0;
		NL_SET_ERR_MSG_ATTR(cb->extack, a, "no such address space");
		return mmlab_nl_done(-ENOENT);
	}
	vs = &sp->vmas;
	for (i = mmlab_vma_first_end_above(vs, cb->args[0]); i < vs->nr; i++) {
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, &mmlab_genl_family,
				  NLM_F_MULTI, MMLAB_CMD_REGION_GET);
		if (!hdr)
			break;
		if (fill_region(skb, sp, &vs->v[i])) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
		cb->args[0] = vs->v[i].end;
	}
	mmlab_mmu_unlock();
	return skb->len;
}

struct access_reply {
	struct mmlab_access_stats t;
	u64 dropped;
};

static int fill_access(struct sk_buff *msg, const void *arg)
{
	const struct access_reply *r = arg;

	return put_access(msg, MMLAB_A_ACCESS, &r->t, MMLAB_PT_LEVELS_MAX,
			  &r->dropped);
}

/**
 * mmlab_nl_access - %MMLAB_CMD_ACCESS
 * @skb: the request
 * @info: its info
 *
 * The first %MMLAB_FAULT_EVENTS_MAX faults are multicast; the rest are
 * counted in the reply.
 *
 * Return: 0 or an error with an extack message.
 */
int mmlab_nl_access(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *a = info->attrs[MMLAB_A_REFS];
	struct access_reply r = { 0 };
	struct mmlab_space *sp;
	u64 *refs;
	u32 n, bad;
	int ret;

	ret = space_req(skb, info, true, 0, BIT_ULL(MMLAB_A_REFS), &sp);
	if (ret)
		return ret;
	n = nla_len(a) / sizeof(u64);
	if (!n || nla_len(a) % sizeof(u64)) {
		NL_SET_ERR_MSG_ATTR(info->extack, a,
				    "refs must hold whole 8-byte references");
		return space_done(-EINVAL);
	}
	/* a copy: the attribute's payload is only 4-byte aligned */
	refs = mmlab_fault_inject() ? NULL :
	       kvmalloc_array(n, sizeof(u64), GFP_KERNEL);
	if (!refs) {
		GENL_SET_ERR_MSG(info, "no memory for the references");
		return space_done(-ENOMEM);
	}
	memcpy(refs, nla_data(a), n * sizeof(u64));
	mmlab_mmu_events(MMLAB_FAULT_EVENTS_MAX);
	ret = mmlab_mmu_access(&mmlab.mmu, sp, refs, n, &r.t, &bad);
	r.dropped = mmlab_mmu_events(0);
	kvfree(refs);
	if (ret == -ERANGE)
		NL_SET_ERR_MSG_ATTR(info->extack, a,
				    "a reference's address is beyond the space's addresses");
	else if (ret)
		NL_SET_ERR_MSG_ATTR(info->extack, a,
				    "a reference has an unknown access kind");
	else
		ret = mmlab_nl_reply(info, MMLAB_CMD_ACCESS, fill_access, &r);
	return space_done(ret);
}

/* Why mmlab_mmu_rw() refused. */
static void rw_error(struct genl_info *info, int ret)
{
	if (ret == -EFAULT)
		GENL_SET_ERR_MSG(info, "part of the range is in no region allowing the access");
	else if (ret == -ERANGE)
		GENL_SET_ERR_MSG(info, "the range is beyond the space's addresses");
	else if (ret == -ENOMEM)
		GENL_SET_ERR_MSG(info, "no frame for a page (the pages before it were done)");
	else if (ret)
		GENL_SET_ERR_MSG(info, "bad length");
}

/**
 * mmlab_nl_space_write - %MMLAB_CMD_SPACE_WRITE
 * @skb: the request
 * @info: its info
 *
 * Return: 0 or an error with an extack message.
 */
int mmlab_nl_space_write(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *d = info->attrs[MMLAB_A_DATA];
	struct mmlab_space *sp;
	u64 fva;
	int ret;

	ret = space_req(skb, info, true, 0,
			BIT_ULL(MMLAB_A_ADDR) | BIT_ULL(MMLAB_A_DATA), &sp);
	if (ret)
		return ret;
	mmlab_mmu_events(MMLAB_FAULT_EVENTS_MAX);
	ret = mmlab_mmu_rw(&mmlab.mmu, sp,
			   nla_get_u64(info->attrs[MMLAB_A_ADDR]), nla_data(d),
			   nla_len(d), true, &fva);
	mmlab_mmu_events(0);
	rw_error(info, ret);
	return space_done(ret);
}

struct read_reply {
	const void *buf;
	u32 len;
};

static int fill_data(struct sk_buff *msg, const void *arg)
{
	const struct read_reply *r = arg;

	return nla_put(msg, MMLAB_A_DATA, r->len, r->buf);
}

/**
 * mmlab_nl_space_read - %MMLAB_CMD_SPACE_READ
 * @skb: the request
 * @info: its info
 *
 * Return: 0 or an error with an extack message.
 */
int mmlab_nl_space_read(struct sk_buff *skb, struct genl_info *info)
{
	struct read_reply r;
	struct mmlab_space *sp;
	void *buf;
	u64 fva;
	int ret;

	ret = space_req(skb, info, true, 0,
			BIT_ULL(MMLAB_A_ADDR) | BIT_ULL(MMLAB_A_LENGTH), &sp);
	if (ret)
		return ret;
	r.len = nla_get_u32(info->attrs[MMLAB_A_LENGTH]);
	buf = kmalloc(DATA_MAX, GFP_KERNEL);
	if (!buf) {
		GENL_SET_ERR_MSG(info, "no memory for the bytes");
		return space_done(-ENOMEM);
	}
	mmlab_mmu_events(MMLAB_FAULT_EVENTS_MAX);
	ret = mmlab_mmu_rw(&mmlab.mmu, sp,
			   nla_get_u64(info->attrs[MMLAB_A_ADDR]), buf, r.len,
			   false, &fva);
	mmlab_mmu_events(0);
	rw_error(info, ret);
	r.buf = buf;
	if (!ret)
		ret = mmlab_nl_reply_size(info, MMLAB_CMD_SPACE_READ,
					  nla_total_size(r.len) + 64,
					  fill_data, &r);
	kfree(buf);
	return space_done(ret);
}

struct translate_reply {
	const struct mmlab_space *sp;
	u64 va;
	struct mmlab_translation x;
};

static int fill_step(struct sk_buff *msg, const struct mmlab_space *sp,
		     const struct mmlab_walk_step *st)
{
	const int pad = MMLAB_A_STEP_PAD;
	struct nlattr *nest = nla_nest_start(msg, MMLAB_A_TRANSLATION_STEP);
	bool radix = !(sp->flags & MMLAB_SPACE_INVERTED);

	if (!nest ||
	    nla_put_u32(msg, MMLAB_A_STEP_LEVEL, st->level) ||
	    nla_put_u32(msg, MMLAB_A_STEP_INDEX, st->index) ||
	    put_u64(msg, MMLAB_A_STEP_ENTRY, st->entry, pad) ||
	    ((radix || st->level) &&
	     put_u64(msg, MMLAB_A_STEP_TABLE, st->table, pad)) ||
	    (radix &&
	     (nla_put_u32(msg, MMLAB_A_STEP_SHIFT, sp->geom.shift[st->level]) ||
	      nla_put_u32(msg, MMLAB_A_STEP_BITS, sp->geom.bits[st->level]))))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

static int fill_translation(struct sk_buff *msg, const void *arg)
{
	const struct translate_reply *r = arg;
	const struct mmlab_translation *x = &r->x;
	const int pad = MMLAB_A_TRANSLATION_PAD;
	struct nlattr *nest = nla_nest_start(msg, MMLAB_A_TRANSLATION);
	u32 i;

	if (!nest ||
	    put_u64(msg, MMLAB_A_TRANSLATION_T_ADDR, r->va, pad) ||
	    put_u64(msg, MMLAB_A_TRANSLATION_PTE, x->pte, pad) ||
	    (x->present &&
	     (nla_put_flag(msg, MMLAB_A_TRANSLATION_PRESENT) ||
	      put_u64(msg, MMLAB_A_TRANSLATION_FRAME, x->frame, pad))) ||
	    nla_put_u32(msg, MMLAB_A_TRANSLATION_OFFSET, x->offset) ||
	    (x->tlb_cached &&
	     nla_put_flag(msg, MMLAB_A_TRANSLATION_TLB_CACHED)) ||
	    nla_put_u32(msg, MMLAB_A_TRANSLATION_READS, x->trace.reads))
		return -EMSGSIZE;
	for (i = 0; i < x->trace.nr; i++)
		if (fill_step(msg, r->sp, &x->trace.step[i]))
			return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

/**
 * mmlab_nl_translate - %MMLAB_CMD_TRANSLATE
 * @skb: the request
 * @info: its info
 *
 * Return: 0 or an error with an extack message.
 */
int mmlab_nl_translate(struct sk_buff *skb, struct genl_info *info)
{
	struct translate_reply r;
	struct mmlab_space *sp;
	int ret;

	ret = space_req(skb, info, false, 0, BIT_ULL(MMLAB_A_ADDR), &sp);
	if (ret)
		return ret;
	r.sp = sp;
	r.va = nla_get_u64(info->attrs[MMLAB_A_ADDR]);
	ret = mmlab_mmu_translate(&mmlab.mmu, sp, r.va, &r.x);
	if (ret)
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[MMLAB_A_ADDR],
				    "the address is beyond the space's addresses");
	else
		ret = mmlab_nl_reply(info, MMLAB_CMD_TRANSLATE,
				     fill_translation, &r);
	return space_done(ret);
}

static int fill_tlb(struct sk_buff *msg, const void *arg)
{
	const struct mmlab_tlb *t = arg;
	const struct mmlab_tlb_stats *s = &t->stats;
	const int pad = MMLAB_A_TLB_PAD;
	struct nlattr *nest = nla_nest_start(msg, MMLAB_A_TLB);

	if (!nest ||
	    nla_put_u32(msg, MMLAB_A_TLB_T_ENTRIES, t->cfg.entries) ||
	    nla_put_u32(msg, MMLAB_A_TLB_T_WAYS, t->cfg.ways) ||
	    nla_put_u32(msg, MMLAB_A_TLB_SETS, t->sets) ||
	    nla_put_u32(msg, MMLAB_A_TLB_T_REPL, t->cfg.repl) ||
	    (t->cfg.no_asid && nla_put_flag(msg, MMLAB_A_TLB_T_NO_ASID)) ||
	    nla_put_u32(msg, MMLAB_A_TLB_VALID, mmlab_tlb_valid(t)) ||
	    put_u64(msg, MMLAB_A_TLB_HITS, s->hits, pad) ||
	    put_u64(msg, MMLAB_A_TLB_MISSES, s->misses, pad) ||
	    put_u64(msg, MMLAB_A_TLB_FILLS, s->fills, pad) ||
	    put_u64(msg, MMLAB_A_TLB_EVICTIONS, s->evictions, pad) ||
	    put_u64(msg, MMLAB_A_TLB_FLUSH_ALL, s->flush_all, pad) ||
	    put_u64(msg, MMLAB_A_TLB_FLUSH_ASID, s->flush_asid, pad) ||
	    put_u64(msg, MMLAB_A_TLB_FLUSH_RANGE, s->flush_range, pad) ||
	    put_u64(msg, MMLAB_A_TLB_SWITCH_FLUSHES, s->switch_flushes, pad) ||
	    put_u64(msg, MMLAB_A_TLB_INVALIDATED, s->invalidated, pad))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

/**
 * mmlab_nl_tlb_get - %MMLAB_CMD_TLB_GET
 * @skb: the request
 * @info: its info
 *
 * Return: 0 or an error with an extack message.
 */
int mmlab_nl_tlb_get(struct sk_buff *skb, struct genl_info *info)
{
	int ret = mmlab_nl_start(skb, info, false, 0);

	if (ret)
		return ret;
	if (!mmlab_mmu_lock())
		return mmlab_nl_done(-ENODEV);
	ret = mmlab_nl_reply(info, MMLAB_CMD_TLB_GET, fill_tlb,
			     &mmlab.mmu.tlb);
	mmlab_mmu_unlock();
	return mmlab_nl_done(ret);
}

/**
 * mmlab_nl_tlb_set - %MMLAB_CMD_TLB_SET
 * @skb: the request
 * @info: its info
 *
 * Return: 0 or an error with an extack message.
 */
int mmlab_nl_tlb_set(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **tb = info->attrs;
	struct mmlab_tlb_config c = {
		.entries = MMLAB_TLB_ENTRIES_DFL, .ways = MMLAB_TLB_WAYS_DFL,
		.repl = MMLAB_TLB_LRU, .no_asid = tb[MMLAB_A_TLB_NO_ASID],
	};
	int ret;

	ret = mmlab_nl_start(skb, info, true, BIT_ULL(MMLAB_A_TLB_ENTRIES) |
			     BIT_ULL(MMLAB_A_TLB_WAYS) |
			     BIT_ULL(MMLAB_A_TLB_REPL) |
			     BIT_ULL(MMLAB_A_TLB_NO_ASID));
	if (ret)
		return ret;
	if (tb[MMLAB_A_TLB_ENTRIES])
		c.entries = nla_get_u32(tb[MMLAB_A_TLB_ENTRIES]);
	if (tb[MMLAB_A_TLB_WAYS])
		c.ways = nla_get_u32(tb[MMLAB_A_TLB_WAYS]);
	if (tb[MMLAB_A_TLB_REPL])
		c.repl = nla_get_u32(tb[MMLAB_A_TLB_REPL]);
	if (mmlab_tlb_check(&c)) {
		GENL_SET_ERR_MSG(info, "the ways must divide the entries (1..4096)");
		return mmlab_nl_done(-EINVAL);
	}
	if (!mmlab_mmu_lock())
		return mmlab_nl_done(-ENODEV);
	ret = mmlab_mmu_set_tlb(&mmlab.mmu, &c);
	if (ret)
		GENL_SET_ERR_MSG(info, "no memory for the TLB");
	mmlab_mmu_unlock();
	return mmlab_nl_done(ret);
}

static int fill_tlb_entry(struct sk_buff *msg, const struct mmlab_tlb *t,
			  u32 i)
{
	const struct mmlab_tlb_entry *e = &t->e[i];
	const int pad = MMLAB_A_TLB_ENTRY_PAD;
	struct nlattr *nest = nla_nest_start(msg, MMLAB_A_TLB_ENTRY);

	if (!nest ||
	    nla_put_u32(msg, MMLAB_A_TLB_ENTRY_SET, i / t->cfg.ways) ||
	    nla_put_u32(msg, MMLAB_A_TLB_ENTRY_WAY, i % t->cfg.ways) ||
	    nla_put_u32(msg, MMLAB_A_TLB_ENTRY_SPACE, e->asid) ||
	    put_u64(msg, MMLAB_A_TLB_ENTRY_VPN, e->vpn, pad) ||
	    put_u64(msg, MMLAB_A_TLB_ENTRY_FRAME, e->frame, pad) ||
	    nla_put_u32(msg, MMLAB_A_TLB_ENTRY_E_PROT,
			(e->flags & MMLAB_PTE_PROT) >> 1) ||
	    ((e->flags & MMLAB_PTE_D) &&
	     nla_put_flag(msg, MMLAB_A_TLB_ENTRY_DIRTY)))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

/**
 * mmlab_nl_tlb_entry_dump - %MMLAB_CMD_TLB_ENTRY_GET (dump)
 * @skb: the message to fill
 * @cb: the dump's state: args[0] the next entry to look at
 *
 * A TLB that changes between the parts of a dump shows its state at
 * each part.
 *
 * Return: the message's length, 0 when done, or an error.
 */
int mmlab_nl_tlb_entry_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	const struct mmlab_tlb *t = &mmlab.mmu.tlb;
	void *hdr;
	long i;
	int ret;

	if (!cb->args[1]) {
		cb->args[1] = 1;
		mmlab_stat_add(MMLAB_STAT_NL_REQUESTS, 1);
		ret = mmlab_nl_only(cb->nlh, cb->extack, 0);
		if (ret)
			return mmlab_nl_done(ret);
	}
	if (!mmlab_mmu_lock())
		return 0;
	for (i = cb->args[0]; i < t->cfg.entries; i++) {
		if (!(t->e[i].flags & MMLAB_TLB_VALID))
			continue;
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, &mmlab_genl_family,
				  NLM_F_MULTI, MMLAB_CMD_TLB_ENTRY_GET);
		if (!hdr)
			break;
		if (fill_tlb_entry(skb, t, i)) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
	}
	cb->args[0] = i;
	mmlab_mmu_unlock();
	return skb->len;
}

/**
 * mmlab_nl_put_mmu - put %MMLAB_A_MMU, the MMU's usage and totals
 * @msg: the message
 *
 * Takes mmlab.mmu_lock.
 *
 * Return: 0 or -EMSGSIZE.
 */
int mmlab_nl_put_mmu(struct sk_buff *msg)
{
	const int pad = MMLAB_A_MMU_PAD;
	struct mmlab_access_stats tot;
	struct mmlab_mmu_usage u;
	struct nlattr *nest;

	if (!mmlab_mmu_lock())
		return 0;
	mmlab_mmu_usage(&mmlab.mmu, &u);
	mmlab_mmu_totals(&mmlab.mmu, &tot);
	mmlab_mmu_unlock();
	nest = nla_nest_start(msg, MMLAB_A_MMU);
	if (!nest ||
	    nla_put_u32(msg, MMLAB_A_MMU_SPACES, u.spaces) ||
	    nla_put_u32(msg, MMLAB_A_MMU_SHMS, u.shms) ||
	    put_u64(msg, MMLAB_A_MMU_DATA_FRAMES, u.data_frames, pad) ||
	    put_u64(msg, MMLAB_A_MMU_TABLE_FRAMES, u.table_frames, pad) ||
	    put_u64(msg, MMLAB_A_MMU_IPT_BYTES, u.ipt_bytes, pad) ||
	    put_u64(msg, MMLAB_A_MMU_IPT_USED, u.ipt_used, pad) ||
	    put_u64(msg, MMLAB_A_MMU_MAPPED, u.mapped, pad) ||
	    put_access(msg, MMLAB_A_MMU_M_ACCESS, &tot, MMLAB_PT_LEVELS_MAX,
		       NULL))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

/**
 * mmlab_nl_put_fault - put %MMLAB_A_FAULT, one fault, into an event
 * @msg: the message
 * @f: the fault
 *
 * Return: 0 or -EMSGSIZE.
 */
int mmlab_nl_put_fault(struct sk_buff *msg, const struct mmlab_fault_info *f)
{
	const int pad = MMLAB_A_FAULT_PAD;
	struct nlattr *nest = nla_nest_start(msg, MMLAB_A_FAULT);

	if (!nest ||
	    nla_put_u32(msg, MMLAB_A_FAULT_SPACE, f->space) ||
	    nla_put_u32(msg, MMLAB_A_FAULT_KIND, f->kind) ||
	    nla_put_u32(msg, MMLAB_A_FAULT_ACCESS_KIND, f->access) ||
	    put_u64(msg, MMLAB_A_FAULT_F_ADDR, f->va, pad) ||
	    (f->kind < MMLAB_PF_SEGV &&
	     put_u64(msg, MMLAB_A_FAULT_FRAME, f->frame, pad)))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}
