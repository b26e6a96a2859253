/* SPDX-License-Identifier: GPL-2.0 */
/*
 * netlink.h - what netlink.c shares with the files holding the handlers
 * of each mechanism (netlink_buddy.c, ...). See netlink.c for the house
 * rules every handler follows.
 */
#ifndef _MMLAB_NETLINK_H
#define _MMLAB_NETLINK_H

#include <net/genetlink.h>

#include "core/buddy.h"
#include "core/handle.h"

extern struct genl_family mmlab_genl_family;

/**
 * typedef mmlab_nl_fill_t - put a reply's attributes
 * @msg: the reply, its genl header already in place
 * @arg: what to put
 *
 * Return: 0, or -EMSGSIZE when @msg is full.
 */
typedef int (*mmlab_nl_fill_t)(struct sk_buff *msg, const void *arg);

int mmlab_nl_only(const struct nlmsghdr *nlh, struct netlink_ext_ack *extack,
		  u64 allowed);
int mmlab_nl_admin(struct sk_buff *skb, struct genl_info *info);
int mmlab_nl_start(struct sk_buff *skb, struct genl_info *info, bool admin,
		   u64 allowed);
int mmlab_nl_done(int ret);
struct sk_buff *mmlab_nl_new(size_t size);
int mmlab_nl_reply_size(struct genl_info *info, u8 cmd, size_t size,
			mmlab_nl_fill_t fill, const void *arg);
int mmlab_nl_reply(struct genl_info *info, u8 cmd, mmlab_nl_fill_t fill,
		   const void *arg);

int mmlab_nl_handles(struct genl_info *info, u64 **ids, unsigned int *n);
const struct nlattr *mmlab_nl_nth_handle(struct genl_info *info,
					 unsigned int i);

int mmlab_nl_put_compact(struct sk_buff *msg,
			 const struct mmlab_compact_result *res,
			 bool proactive);

int mmlab_nl_put_allocator(struct sk_buff *msg, const struct mmlab_handles *h,
			   bool numbers);

int mmlab_nl_buddy_get(struct sk_buff *skb, struct genl_info *info);
int mmlab_nl_buddy_alloc(struct sk_buff *skb, struct genl_info *info);
int mmlab_nl_buddy_free(struct sk_buff *skb, struct genl_info *info);
int mmlab_nl_buddy_compact(struct sk_buff *skb, struct genl_info *info);
int mmlab_nl_freelist_dump(struct sk_buff *skb, struct netlink_callback *cb);
int mmlab_nl_pagemap_dump(struct sk_buff *skb, struct netlink_callback *cb);
int mmlab_nl_allocator_get(struct sk_buff *skb, struct genl_info *info);
int mmlab_nl_allocator_set(struct sk_buff *skb, struct genl_info *info);
int mmlab_nl_cache_create(struct sk_buff *skb, struct genl_info *info);
int mmlab_nl_cache_destroy(struct sk_buff *skb, struct genl_info *info);
int mmlab_nl_cache_get(struct sk_buff *skb, struct genl_info *info);
int mmlab_nl_cache_dump(struct sk_buff *skb, struct netlink_callback *cb);
int mmlab_nl_cache_alloc(struct sk_buff *skb, struct genl_info *info);
int mmlab_nl_cache_free(struct sk_buff *skb, struct genl_info *info);
int mmlab_nl_kmalloc(struct sk_buff *skb, struct genl_info *info);
int mmlab_nl_kfree(struct sk_buff *skb, struct genl_info *info);
int mmlab_nl_object_write(struct sk_buff *skb, struct genl_info *info);
int mmlab_nl_object_read(struct sk_buff *skb, struct genl_info *info);
int mmlab_nl_space_create(struct sk_buff *skb, struct genl_info *info);
int mmlab_nl_space_destroy(struct sk_buff *skb, struct genl_info *info);
int mmlab_nl_space_get(struct sk_buff *skb, struct genl_info *info);
int mmlab_nl_space_dump(struct sk_buff *skb, struct netlink_callback *cb);
int mmlab_nl_space_clone(struct sk_buff *skb, struct genl_info *info);
int mmlab_nl_map(struct sk_buff *skb, struct genl_info *info);
int mmlab_nl_unmap(struct sk_buff *skb, struct genl_info *info);
int mmlab_nl_protect(struct sk_buff *skb, struct genl_info *info);
int mmlab_nl_grow(struct sk_buff *skb, struct genl_info *info);
int mmlab_nl_region_dump(struct sk_buff *skb, struct netlink_callback *cb);
int mmlab_nl_access(struct sk_buff *skb, struct genl_info *info);
int mmlab_nl_space_write(struct sk_buff *skb, struct genl_info *info);
int mmlab_nl_space_read(struct sk_buff *skb, struct genl_info *info);
int mmlab_nl_translate(struct sk_buff *skb, struct genl_info *info);
int mmlab_nl_tlb_get(struct sk_buff *skb, struct genl_info *info);
int mmlab_nl_tlb_set(struct sk_buff *skb, struct genl_info *info);
int mmlab_nl_tlb_entry_dump(struct sk_buff *skb, struct netlink_callback *cb);
int mmlab_nl_put_mmu(struct sk_buff *msg);
int mmlab_nl_put_fault(struct sk_buff *msg, const struct mmlab_fault_info *f);

#endif /* _MMLAB_NETLINK_H */
