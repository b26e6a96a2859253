// SPDX-License-Identifier: GPL-2.0
/*
 * The netlink layer: socket, family resolution, the request/ack loop and
 * the parsing of replies and events into structs (see nl.h).
 *
 * Every request asks for an ack (NLM_F_ACK) so that a "do" ends the same
 * way whether it has a reply or not: the reply, if any, arrives first and
 * is parsed by the VALID callback; then the ack (error 0) or an error
 * ends the loop. The socket has NETLINK_EXT_ACK and NETLINK_CAP_ACK set,
 * so an error carries the kernel's extack TLVs right after struct
 * nlmsgerr instead of a copy of our request.
 *
 * Dumps (FREELIST_GET, PAGEMAP_GET, CACHE_GET, SPACE_GET, REGION_GET,
 * TLB_ENTRY_GET) are sent without NLM_F_ACK: the
 * kernel ends them with NLMSG_DONE, which carries the dump's error, if
 * any, and its extack message; a message flagged NLM_F_DUMP_INTR (the
 * arena changed between two parts of the dump) is remembered, not fatal.
 *
 * Replies are parsed with a policy for every attribute set, so a short
 * attribute is rejected before it is read; attributes this tool does not
 * know (a newer module) are skipped by nla_parse(); attributes it needs
 * and does not find make the reply malformed (-EBADMSG).
 */
#include <linux/mmlab.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <netlink/netlink.h>
#include <netlink/attr.h>
#include <netlink/msg.h>
#include <netlink/genl/genl.h>
#include <netlink/genl/ctrl.h>

#include "grow.h"
#include "nl.h"

static const struct nla_policy mmlab_policy[MMLAB_A_MAX + 1] = {
	[MMLAB_A_VERSION]		= { .type = NLA_STRING },
	[MMLAB_A_ARENA]			= { .type = NLA_NESTED },
	[MMLAB_A_STATS]			= { .type = NLA_NESTED },
	[MMLAB_A_VALIDATE_ERRORS]	= { .type = NLA_U32 },
	[MMLAB_A_EVENT_TYPE]		= { .type = NLA_U32 },
	[MMLAB_A_EVENT_SEQ]		= { .type = NLA_U64 },
	[MMLAB_A_BLOCK]			= { .type = NLA_NESTED },
	[MMLAB_A_BUDDY]			= { .type = NLA_NESTED },
	[MMLAB_A_COMPACT]		= { .type = NLA_NESTED },
	[MMLAB_A_ALLOCATOR]		= { .type = NLA_U32 },
	[MMLAB_A_FIT_POLICY]		= { .type = NLA_U32 },
	[MMLAB_A_FIT]			= { .type = NLA_NESTED },
	[MMLAB_A_CACHE_NAME]		= { .type = NLA_STRING },
	[MMLAB_A_CACHE]			= { .type = NLA_NESTED },
	[MMLAB_A_HANDLE]		= { .type = NLA_U64 },
	[MMLAB_A_GRANTED]		= { .type = NLA_U64 },
	[MMLAB_A_DATA]			= { .type = NLA_UNSPEC },
	[MMLAB_A_SPACE]			= { .type = NLA_NESTED },
	[MMLAB_A_ADDR]			= { .type = NLA_U64 },
	[MMLAB_A_SHM]			= { .type = NLA_U32 },
	[MMLAB_A_ACCESS]		= { .type = NLA_NESTED },
	[MMLAB_A_REGION]		= { .type = NLA_NESTED },
	[MMLAB_A_TRANSLATION]		= { .type = NLA_NESTED },
	[MMLAB_A_TLB]			= { .type = NLA_NESTED },
	[MMLAB_A_TLB_ENTRY]		= { .type = NLA_NESTED },
	[MMLAB_A_FAULT]			= { .type = NLA_NESTED },
	[MMLAB_A_MMU]			= { .type = NLA_NESTED },
};

static const struct nla_policy space_policy[MMLAB_A_SPACE_MAX + 1] = {
	[MMLAB_A_SPACE_S_ID]		= { .type = NLA_U32 },
	[MMLAB_A_SPACE_OWNER]		= { .type = NLA_U32 },
	[MMLAB_A_SPACE_S_INVERTED]	= { .type = NLA_FLAG },
	[MMLAB_A_SPACE_S_GEOMETRY]	= { .type = NLA_STRING },
	[MMLAB_A_SPACE_LEVELS]		= { .type = NLA_U32 },
	[MMLAB_A_SPACE_BITS]		= { .type = NLA_U32 },
	[MMLAB_A_SPACE_VA_BITS]		= { .type = NLA_U32 },
	[MMLAB_A_SPACE_PTE_SIZE]	= { .type = NLA_U32 },
	[MMLAB_A_SPACE_REGIONS]		= { .type = NLA_U32 },
	[MMLAB_A_SPACE_RSS]		= { .type = NLA_U64 },
	[MMLAB_A_SPACE_TABLE_FRAMES]	= { .type = NLA_U64 },
	[MMLAB_A_SPACE_S_ACCESS]	= { .type = NLA_NESTED },
};

static const struct nla_policy access_policy[MMLAB_A_ACCESS_MAX + 1] = {
	[MMLAB_A_ACCESS_ACCESSES]	= { .type = NLA_U64 },
	[MMLAB_A_ACCESS_READS]		= { .type = NLA_U64 },
	[MMLAB_A_ACCESS_WRITES]		= { .type = NLA_U64 },
	[MMLAB_A_ACCESS_EXECS]		= { .type = NLA_U64 },
	[MMLAB_A_ACCESS_TLB_HITS]	= { .type = NLA_U64 },
	[MMLAB_A_ACCESS_TLB_MISSES]	= { .type = NLA_U64 },
	[MMLAB_A_ACCESS_WALKS]		= { .type = NLA_U64 },
	[MMLAB_A_ACCESS_WALK_READS]	= { .type = NLA_U64 },
	[MMLAB_A_ACCESS_LEVEL_READS]	= { .type = NLA_U64 },
	[MMLAB_A_ACCESS_FAULTS_ZERO]	= { .type = NLA_U64 },
	[MMLAB_A_ACCESS_FAULTS_SHARED]	= { .type = NLA_U64 },
	[MMLAB_A_ACCESS_FAULTS_COW_COPY] = { .type = NLA_U64 },
	[MMLAB_A_ACCESS_FAULTS_COW_REUSE] = { .type = NLA_U64 },
	[MMLAB_A_ACCESS_FAULTS_SEGV]	= { .type = NLA_U64 },
	[MMLAB_A_ACCESS_FAULTS_PROT]	= { .type = NLA_U64 },
	[MMLAB_A_ACCESS_FAULTS_OOM]	= { .type = NLA_U64 },
	[MMLAB_A_ACCESS_EVENTS_DROPPED]	= { .type = NLA_U64 },
};

static const struct nla_policy region_policy[MMLAB_A_REGION_MAX + 1] = {
	[MMLAB_A_REGION_START]		= { .type = NLA_U64 },
	[MMLAB_A_REGION_END]		= { .type = NLA_U64 },
	[MMLAB_A_REGION_R_PROT]		= { .type = NLA_U32 },
	[MMLAB_A_REGION_R_KIND]		= { .type = NLA_U32 },
	[MMLAB_A_REGION_R_SHM]		= { .type = NLA_U32 },
	[MMLAB_A_REGION_PGOFF]		= { .type = NLA_U64 },
	[MMLAB_A_REGION_RSS]		= { .type = NLA_U64 },
};

static const struct nla_policy translation_policy[MMLAB_A_TRANSLATION_MAX + 1] = {
	[MMLAB_A_TRANSLATION_T_ADDR]	= { .type = NLA_U64 },
	[MMLAB_A_TRANSLATION_PTE]	= { .type = NLA_U64 },
	[MMLAB_A_TRANSLATION_PRESENT]	= { .type = NLA_FLAG },
	[MMLAB_A_TRANSLATION_FRAME]	= { .type = NLA_U64 },
	[MMLAB_A_TRANSLATION_OFFSET]	= { .type = NLA_U32 },
	[MMLAB_A_TRANSLATION_TLB_CACHED] = { .type = NLA_FLAG },
	[MMLAB_A_TRANSLATION_READS]	= { .type = NLA_U32 },
	[MMLAB_A_TRANSLATION_STEP]	= { .type = NLA_NESTED },
};

static const struct nla_policy step_policy[MMLAB_A_STEP_MAX + 1] = {
	[MMLAB_A_STEP_LEVEL]		= { .type = NLA_U32 },
	[MMLAB_A_STEP_INDEX]		= { .type = NLA_U32 },
	[MMLAB_A_STEP_ENTRY]		= { .type = NLA_U64 },
	[MMLAB_A_STEP_TABLE]		= { .type = NLA_U64 },
	[MMLAB_A_STEP_SHIFT]		= { .type = NLA_U32 },
	[MMLAB_A_STEP_BITS]		= { .type = NLA_U32 },
};

static const struct nla_policy tlb_policy[MMLAB_A_TLB_MAX + 1] = {
	[MMLAB_A_TLB_T_ENTRIES]		= { .type = NLA_U32 },
	[MMLAB_A_TLB_T_WAYS]		= { .type = NLA_U32 },
	[MMLAB_A_TLB_SETS]		= { .type = NLA_U32 },
	[MMLAB_A_TLB_T_REPL]		= { .type = NLA_U32 },
	[MMLAB_A_TLB_T_NO_ASID]		= { .type = NLA_FLAG },
	[MMLAB_A_TLB_VALID]		= { .type = NLA_U32 },
	[MMLAB_A_TLB_HITS]		= { .type = NLA_U64 },
	[MMLAB_A_TLB_MISSES]		= { .type = NLA_U64 },
	[MMLAB_A_TLB_FILLS]		= { .type = NLA_U64 },
	[MMLAB_A_TLB_EVICTIONS]		= { .type = NLA_U64 },
	[MMLAB_A_TLB_FLUSH_ALL]		= { .type = NLA_U64 },
	[MMLAB_A_TLB_FLUSH_ASID]	= { .type = NLA_U64 },
	[MMLAB_A_TLB_FLUSH_RANGE]	= { .type = NLA_U64 },
	[MMLAB_A_TLB_SWITCH_FLUSHES]	= { .type = NLA_U64 },
	[MMLAB_A_TLB_INVALIDATED]	= { .type = NLA_U64 },
};

static const struct nla_policy tlb_entry_policy[MMLAB_A_TLB_ENTRY_MAX + 1] = {
	[MMLAB_A_TLB_ENTRY_SET]		= { .type = NLA_U32 },
	[MMLAB_A_TLB_ENTRY_WAY]		= { .type = NLA_U32 },
	[MMLAB_A_TLB_ENTRY_SPACE]	= { .type = NLA_U32 },
	[MMLAB_A_TLB_ENTRY_VPN]		= { .type = NLA_U64 },
	[MMLAB_A_TLB_ENTRY_FRAME]	= { .type = NLA_U64 },
	[MMLAB_A_TLB_ENTRY_E_PROT]	= { .type = NLA_U32 },
	[MMLAB_A_TLB_ENTRY_DIRTY]	= { .type = NLA_FLAG },
};

static const struct nla_policy fault_policy[MMLAB_A_FAULT_MAX + 1] = {
	[MMLAB_A_FAULT_SPACE]		= { .type = NLA_U32 },
	[MMLAB_A_FAULT_KIND]		= { .type = NLA_U32 },
	[MMLAB_A_FAULT_ACCESS_KIND]	= { .type = NLA_U32 },
	[MMLAB_A_FAULT_F_ADDR]		= { .type = NLA_U64 },
	[MMLAB_A_FAULT_FRAME]		= { .type = NLA_U64 },
};

static const struct nla_policy mmu_policy[MMLAB_A_MMU_MAX + 1] = {
	[MMLAB_A_MMU_SPACES]		= { .type = NLA_U32 },
	[MMLAB_A_MMU_SHMS]		= { .type = NLA_U32 },
	[MMLAB_A_MMU_DATA_FRAMES]	= { .type = NLA_U64 },
	[MMLAB_A_MMU_TABLE_FRAMES]	= { .type = NLA_U64 },
	[MMLAB_A_MMU_IPT_BYTES]		= { .type = NLA_U64 },
	[MMLAB_A_MMU_IPT_USED]		= { .type = NLA_U64 },
	[MMLAB_A_MMU_MAPPED]		= { .type = NLA_U64 },
	[MMLAB_A_MMU_M_ACCESS]		= { .type = NLA_NESTED },
};

static const struct nla_policy cache_policy[MMLAB_A_CACHE_MAX + 1] = {
	[MMLAB_A_CACHE_C_NAME]		= { .type = NLA_STRING },
	[MMLAB_A_CACHE_OBJECT_SIZE]	= { .type = NLA_U32 },
	[MMLAB_A_CACHE_C_ALIGN]		= { .type = NLA_U32 },
	[MMLAB_A_CACHE_C_FLAGS]		= { .type = NLA_U32 },
	[MMLAB_A_CACHE_C_CTOR]		= { .type = NLA_U32 },
	[MMLAB_A_CACHE_STRIDE]		= { .type = NLA_U32 },
	[MMLAB_A_CACHE_RED_LEFT]	= { .type = NLA_U32 },
	[MMLAB_A_CACHE_OBJECTS]		= { .type = NLA_U32 },
	[MMLAB_A_CACHE_ORDER]		= { .type = NLA_U32 },
	[MMLAB_A_CACHE_WASTE]		= { .type = NLA_U32 },
	[MMLAB_A_CACHE_COLORS]		= { .type = NLA_U32 },
	[MMLAB_A_CACHE_LIMIT]		= { .type = NLA_U32 },
	[MMLAB_A_CACHE_BATCH]		= { .type = NLA_U32 },
	[MMLAB_A_CACHE_MIN_EMPTY]	= { .type = NLA_U32 },
	[MMLAB_A_CACHE_ACTIVE_OBJS]	= { .type = NLA_U64 },
	[MMLAB_A_CACHE_NUM_OBJS]	= { .type = NLA_U64 },
	[MMLAB_A_CACHE_ACTIVE_SLABS]	= { .type = NLA_U64 },
	[MMLAB_A_CACHE_NUM_SLABS]	= { .type = NLA_U64 },
	[MMLAB_A_CACHE_CPU_OBJS]	= { .type = NLA_U64 },
	[MMLAB_A_CACHE_LIVE]		= { .type = NLA_U64 },
	[MMLAB_A_CACHE_REQUESTED]	= { .type = NLA_U64 },
	[MMLAB_A_CACHE_KMALLOC]		= { .type = NLA_FLAG },
	[MMLAB_A_CACHE_PERSISTENT]	= { .type = NLA_FLAG },
	[MMLAB_A_CACHE_ALLOC_FAST]	= { .type = NLA_U64 },
	[MMLAB_A_CACHE_ALLOC_SLOW]	= { .type = NLA_U64 },
	[MMLAB_A_CACHE_FREE_FAST]	= { .type = NLA_U64 },
	[MMLAB_A_CACHE_FREE_SLOW]	= { .type = NLA_U64 },
	[MMLAB_A_CACHE_REFILLS]		= { .type = NLA_U64 },
	[MMLAB_A_CACHE_DRAINS]		= { .type = NLA_U64 },
	[MMLAB_A_CACHE_SLABS_NEW]	= { .type = NLA_U64 },
	[MMLAB_A_CACHE_SLABS_FREED]	= { .type = NLA_U64 },
	[MMLAB_A_CACHE_FAIL]		= { .type = NLA_U64 },
	[MMLAB_A_CACHE_ERRORS]		= { .type = NLA_U64 },
};

static const struct nla_policy block_policy[MMLAB_A_BLOCK_MAX + 1] = {
	[MMLAB_A_BLOCK_FRAME]		= { .type = NLA_U64 },
	[MMLAB_A_BLOCK_ORDER]		= { .type = NLA_U32 },
	[MMLAB_A_BLOCK_STATE]		= { .type = NLA_U32 },
	[MMLAB_A_BLOCK_MT]		= { .type = NLA_U32 },
	[MMLAB_A_BLOCK_HANDLE]		= { .type = NLA_U64 },
	[MMLAB_A_BLOCK_REQUESTED]	= { .type = NLA_U32 },
	[MMLAB_A_BLOCK_OWNER]		= { .type = NLA_U32 },
	[MMLAB_A_BLOCK_PERSISTENT]	= { .type = NLA_FLAG },
	[MMLAB_A_BLOCK_FRAMES]		= { .type = NLA_U64 },
};

static const struct nla_policy fit_policy[MMLAB_A_FIT_MAX + 1] = {
	[MMLAB_A_FIT_FRAMES]		= { .type = NLA_U64 },
	[MMLAB_A_FIT_FREE]		= { .type = NLA_U64 },
	[MMLAB_A_FIT_HOLES]		= { .type = NLA_U64 },
	[MMLAB_A_FIT_USED]		= { .type = NLA_U64 },
	[MMLAB_A_FIT_LARGEST]		= { .type = NLA_U64 },
	[MMLAB_A_FIT_ALLOCS]		= { .type = NLA_U64 },
	[MMLAB_A_FIT_FREES]		= { .type = NLA_U64 },
	[MMLAB_A_FIT_FAILURES]		= { .type = NLA_U64 },
	[MMLAB_A_FIT_FAIL_FRAG]		= { .type = NLA_U64 },
	[MMLAB_A_FIT_SEARCH_STEPS]	= { .type = NLA_U64 },
	[MMLAB_A_FIT_INSERT_STEPS]	= { .type = NLA_U64 },
	[MMLAB_A_FIT_SPLITS]		= { .type = NLA_U64 },
	[MMLAB_A_FIT_COALESCES]		= { .type = NLA_U64 },
	[MMLAB_A_FIT_INTERNAL_FRAG]	= { .type = NLA_U64 },
	[MMLAB_A_FIT_CLASS]		= { .type = NLA_NESTED },
};

static const struct nla_policy fit_class_policy[MMLAB_A_FIT_CLASS_MAX + 1] = {
	[MMLAB_A_FIT_CLASS_ORDER]	= { .type = NLA_U32 },
	[MMLAB_A_FIT_CLASS_HOLES]	= { .type = NLA_U64 },
	[MMLAB_A_FIT_CLASS_HOLE_FRAMES]	= { .type = NLA_U64 },
	[MMLAB_A_FIT_CLASS_UNUSABLE]	= { .type = NLA_S32 },
	[MMLAB_A_FIT_CLASS_EXTFRAG]	= { .type = NLA_S32 },
};

static const struct nla_policy buddy_policy[MMLAB_A_BUDDY_MAX + 1] = {
	[MMLAB_A_BUDDY_MAX_ORDER]	= { .type = NLA_U32 },
	[MMLAB_A_BUDDY_PAGEBLOCK_ORDER]	= { .type = NLA_U32 },
	[MMLAB_A_BUDDY_FREE]		= { .type = NLA_U64 },
	[MMLAB_A_BUDDY_PCP]		= { .type = NLA_U64 },
	[MMLAB_A_BUDDY_PCP_BATCH]	= { .type = NLA_U32 },
	[MMLAB_A_BUDDY_PCP_HIGH]	= { .type = NLA_U32 },
	[MMLAB_A_BUDDY_STEALS]		= { .type = NLA_U64 },
	[MMLAB_A_BUDDY_CLAIMS]		= { .type = NLA_U64 },
	[MMLAB_A_BUDDY_PCP_REFILLS]	= { .type = NLA_U64 },
	[MMLAB_A_BUDDY_PCP_DRAINS]	= { .type = NLA_U64 },
	[MMLAB_A_BUDDY_PCP_HITS]	= { .type = NLA_U64 },
	[MMLAB_A_BUDDY_COMPACTIONS]	= { .type = NLA_U64 },
	[MMLAB_A_BUDDY_COMPACT_SCANNED]	= { .type = NLA_U64 },
	[MMLAB_A_BUDDY_COMPACT_MOVED]	= { .type = NLA_U64 },
	[MMLAB_A_BUDDY_LARGEST]		= { .type = NLA_S32 },
	[MMLAB_A_BUDDY_INTERNAL_FRAG]	= { .type = NLA_U64 },
	[MMLAB_A_BUDDY_HANDLES]		= { .type = NLA_U32 },
	[MMLAB_A_BUDDY_LAST_FAIL_ORDER]	= { .type = NLA_S32 },
	[MMLAB_A_BUDDY_LAST_FAIL_EXTFRAG] = { .type = NLA_S32 },
	[MMLAB_A_BUDDY_PAGEBLOCKS]	= { .type = NLA_U64 },
	[MMLAB_A_BUDDY_ORDER]		= { .type = NLA_NESTED },
};

static const struct nla_policy order_policy[MMLAB_A_ORDER_MAX + 1] = {
	[MMLAB_A_ORDER_ORDER]		= { .type = NLA_U32 },
	[MMLAB_A_ORDER_FREE]		= { .type = NLA_U64 },
	[MMLAB_A_ORDER_FREE_MT]		= { .type = NLA_U64 },
	[MMLAB_A_ORDER_ALLOCS]		= { .type = NLA_U64 },
	[MMLAB_A_ORDER_FREES]		= { .type = NLA_U64 },
	[MMLAB_A_ORDER_SPLITS]		= { .type = NLA_U64 },
	[MMLAB_A_ORDER_MERGES]		= { .type = NLA_U64 },
	[MMLAB_A_ORDER_FAIL_NOMEM]	= { .type = NLA_U64 },
	[MMLAB_A_ORDER_FAIL_FRAG]	= { .type = NLA_U64 },
	[MMLAB_A_ORDER_USED]		= { .type = NLA_U64 },
	[MMLAB_A_ORDER_INTERNAL_FRAG]	= { .type = NLA_U64 },
	[MMLAB_A_ORDER_UNUSABLE]	= { .type = NLA_S32 },
	[MMLAB_A_ORDER_EXTFRAG]		= { .type = NLA_S32 },
};

static const struct nla_policy compact_policy[MMLAB_A_COMPACT_MAX + 1] = {
	[MMLAB_A_COMPACT_ORDER]		= { .type = NLA_U32 },
	[MMLAB_A_COMPACT_SCANNED]	= { .type = NLA_U64 },
	[MMLAB_A_COMPACT_MOVED]		= { .type = NLA_U64 },
	[MMLAB_A_COMPACT_BLOCKS]	= { .type = NLA_U64 },
	[MMLAB_A_COMPACT_UNUSABLE_BEFORE] = { .type = NLA_S32 },
	[MMLAB_A_COMPACT_UNUSABLE_AFTER] = { .type = NLA_S32 },
	[MMLAB_A_COMPACT_LARGEST_BEFORE] = { .type = NLA_S32 },
	[MMLAB_A_COMPACT_LARGEST_AFTER]	= { .type = NLA_S32 },
	[MMLAB_A_COMPACT_PROACTIVE]	= { .type = NLA_FLAG },
};

static const struct nla_policy arena_policy[MMLAB_A_ARENA_MAX + 1] = {
	[MMLAB_A_ARENA_SIZE]		= { .type = NLA_U64 },
	[MMLAB_A_ARENA_PAGE_SIZE]	= { .type = NLA_U32 },
	[MMLAB_A_ARENA_FRAMES]		= { .type = NLA_U64 },
	[MMLAB_A_ARENA_FRAMES_FREE]	= { .type = NLA_U64 },
	[MMLAB_A_ARENA_MAX_ORDER]	= { .type = NLA_U32 },
	[MMLAB_A_ARENA_CHUNKS]		= { .type = NLA_U32 },
	[MMLAB_A_ARENA_CHUNK_ORDER_MIN]	= { .type = NLA_U32 },
	[MMLAB_A_ARENA_CHUNK_ORDER_MAX]	= { .type = NLA_U32 },
	[MMLAB_A_ARENA_BACKING]		= { .type = NLA_U32 },
};

static const struct nla_policy stats_policy[MMLAB_A_STATS_MAX + 1] = {
	[MMLAB_A_STATS_NL_REQUESTS]	= { .type = NLA_U64 },
	[MMLAB_A_STATS_NL_ERRORS]	= { .type = NLA_U64 },
	[MMLAB_A_STATS_VALIDATE_RUNS]	= { .type = NLA_U64 },
	[MMLAB_A_STATS_VALIDATE_ERRORS]	= { .type = NLA_U64 },
	[MMLAB_A_STATS_EVENTS]		= { .type = NLA_U64 },
	[MMLAB_A_STATS_RESETS]		= { .type = NLA_U64 },
};

static const struct nla_policy extack_policy[NLMSGERR_ATTR_MAX + 1] = {
	[NLMSGERR_ATTR_MSG]		= { .type = NLA_STRING },
	[NLMSGERR_ATTR_OFFS]		= { .type = NLA_U32 },
	[NLMSGERR_ATTR_MISS_TYPE]	= { .type = NLA_U32 },
	[NLMSGERR_ATTR_MISS_NEST]	= { .type = NLA_U32 },
};

/* names for "reply lacks ..." messages; NULL: not required */
static const char * const mmlab_required[MMLAB_A_MAX + 1] = {
	[MMLAB_A_VERSION]		= "version",
	[MMLAB_A_ARENA]			= "arena",
	[MMLAB_A_STATS]			= "stats",
};

static const char * const arena_required[MMLAB_A_ARENA_MAX + 1] = {
	[MMLAB_A_ARENA_SIZE]		= "arena size",
	[MMLAB_A_ARENA_PAGE_SIZE]	= "arena page_size",
	[MMLAB_A_ARENA_FRAMES]		= "arena frames",
	[MMLAB_A_ARENA_FRAMES_FREE]	= "arena frames_free",
	[MMLAB_A_ARENA_MAX_ORDER]	= "arena max_order",
	[MMLAB_A_ARENA_CHUNKS]		= "arena chunks",
	[MMLAB_A_ARENA_CHUNK_ORDER_MIN]	= "arena chunk_order_min",
	[MMLAB_A_ARENA_CHUNK_ORDER_MAX]	= "arena chunk_order_max",
	[MMLAB_A_ARENA_BACKING]		= "arena backing",
};

/* the order and the migratetype are the buddy's alone */
static const char * const block_required[MMLAB_A_BLOCK_MAX + 1] = {
	[MMLAB_A_BLOCK_FRAME]		= "block frame",
	[MMLAB_A_BLOCK_STATE]		= "block state",
};

/* all but the repeated classes, which are counted apart */
static const char * const fit_required[MMLAB_A_FIT_MAX + 1] = {
	[MMLAB_A_FIT_FRAMES]		= "fit frames",
	[MMLAB_A_FIT_FREE]		= "fit free",
	[MMLAB_A_FIT_HOLES]		= "fit holes",
	[MMLAB_A_FIT_USED]		= "fit used",
	[MMLAB_A_FIT_LARGEST]		= "fit largest",
	[MMLAB_A_FIT_ALLOCS]		= "fit allocs",
	[MMLAB_A_FIT_FREES]		= "fit frees",
	[MMLAB_A_FIT_FAILURES]		= "fit failures",
	[MMLAB_A_FIT_FAIL_FRAG]		= "fit fail_frag",
	[MMLAB_A_FIT_SEARCH_STEPS]	= "fit search_steps",
	[MMLAB_A_FIT_INSERT_STEPS]	= "fit insert_steps",
	[MMLAB_A_FIT_SPLITS]		= "fit splits",
	[MMLAB_A_FIT_COALESCES]		= "fit coalesces",
	[MMLAB_A_FIT_INTERNAL_FRAG]	= "fit internal_frag",
};

static const char * const fit_class_required[MMLAB_A_FIT_CLASS_MAX + 1] = {
	[MMLAB_A_FIT_CLASS_ORDER]	= "class order",
	[MMLAB_A_FIT_CLASS_HOLES]	= "class holes",
	[MMLAB_A_FIT_CLASS_HOLE_FRAMES]	= "class hole_frames",
	[MMLAB_A_FIT_CLASS_UNUSABLE]	= "class unusable",
	[MMLAB_A_FIT_CLASS_EXTFRAG]	= "class extfrag",
};

/* all but the repeated ones, which are counted apart */
static const char * const buddy_required[MMLAB_A_BUDDY_MAX + 1] = {
	[MMLAB_A_BUDDY_MAX_ORDER]	= "buddy max_order",
	[MMLAB_A_BUDDY_PAGEBLOCK_ORDER]	= "buddy pageblock_order",
	[MMLAB_A_BUDDY_FREE]		= "buddy free",
	[MMLAB_A_BUDDY_PCP]		= "buddy pcp",
	[MMLAB_A_BUDDY_PCP_BATCH]	= "buddy pcp_batch",
	[MMLAB_A_BUDDY_PCP_HIGH]	= "buddy pcp_high",
	[MMLAB_A_BUDDY_STEALS]		= "buddy steals",
	[MMLAB_A_BUDDY_CLAIMS]		= "buddy claims",
	[MMLAB_A_BUDDY_PCP_REFILLS]	= "buddy pcp_refills",
	[MMLAB_A_BUDDY_PCP_DRAINS]	= "buddy pcp_drains",
	[MMLAB_A_BUDDY_PCP_HITS]	= "buddy pcp_hits",
	[MMLAB_A_BUDDY_COMPACTIONS]	= "buddy compactions",
	[MMLAB_A_BUDDY_COMPACT_SCANNED]	= "buddy compact_scanned",
	[MMLAB_A_BUDDY_COMPACT_MOVED]	= "buddy compact_moved",
	[MMLAB_A_BUDDY_LARGEST]		= "buddy largest",
	[MMLAB_A_BUDDY_INTERNAL_FRAG]	= "buddy internal_frag",
	[MMLAB_A_BUDDY_HANDLES]		= "buddy handles",
	[MMLAB_A_BUDDY_LAST_FAIL_ORDER]	= "buddy last_fail_order",
	[MMLAB_A_BUDDY_LAST_FAIL_EXTFRAG] = "buddy last_fail_extfrag",
};

static const char * const order_required[MMLAB_A_ORDER_MAX + 1] = {
	[MMLAB_A_ORDER_ORDER]		= "order order",
	[MMLAB_A_ORDER_FREE]		= "order free",
	[MMLAB_A_ORDER_ALLOCS]		= "order allocs",
	[MMLAB_A_ORDER_FREES]		= "order frees",
	[MMLAB_A_ORDER_SPLITS]		= "order splits",
	[MMLAB_A_ORDER_MERGES]		= "order merges",
	[MMLAB_A_ORDER_FAIL_NOMEM]	= "order fail_nomem",
	[MMLAB_A_ORDER_FAIL_FRAG]	= "order fail_frag",
	[MMLAB_A_ORDER_USED]		= "order used",
	[MMLAB_A_ORDER_INTERNAL_FRAG]	= "order internal_frag",
	[MMLAB_A_ORDER_UNUSABLE]	= "order unusable",
	[MMLAB_A_ORDER_EXTFRAG]		= "order extfrag",
};

static const char * const compact_required[MMLAB_A_COMPACT_MAX + 1] = {
	[MMLAB_A_COMPACT_ORDER]		= "compact order",
	[MMLAB_A_COMPACT_SCANNED]	= "compact scanned",
	[MMLAB_A_COMPACT_MOVED]		= "compact moved",
	[MMLAB_A_COMPACT_BLOCKS]	= "compact blocks",
	[MMLAB_A_COMPACT_UNUSABLE_BEFORE] = "compact unusable_before",
	[MMLAB_A_COMPACT_UNUSABLE_AFTER] = "compact unusable_after",
	[MMLAB_A_COMPACT_LARGEST_BEFORE] = "compact largest_before",
	[MMLAB_A_COMPACT_LARGEST_AFTER]	= "compact largest_after",
};

/* all but the two flags */
static const char * const cache_required[MMLAB_A_CACHE_MAX + 1] = {
	[MMLAB_A_CACHE_C_NAME]		= "cache name",
	[MMLAB_A_CACHE_OBJECT_SIZE]	= "cache object_size",
	[MMLAB_A_CACHE_C_ALIGN]		= "cache align",
	[MMLAB_A_CACHE_C_FLAGS]		= "cache flags",
	[MMLAB_A_CACHE_C_CTOR]		= "cache ctor",
	[MMLAB_A_CACHE_STRIDE]		= "cache stride",
	[MMLAB_A_CACHE_RED_LEFT]	= "cache red_left",
	[MMLAB_A_CACHE_OBJECTS]		= "cache objects",
	[MMLAB_A_CACHE_ORDER]		= "cache order",
	[MMLAB_A_CACHE_WASTE]		= "cache waste",
	[MMLAB_A_CACHE_COLORS]		= "cache colors",
	[MMLAB_A_CACHE_LIMIT]		= "cache limit",
	[MMLAB_A_CACHE_BATCH]		= "cache batch",
	[MMLAB_A_CACHE_MIN_EMPTY]	= "cache min_empty",
	[MMLAB_A_CACHE_ACTIVE_OBJS]	= "cache active_objs",
	[MMLAB_A_CACHE_NUM_OBJS]	= "cache num_objs",
	[MMLAB_A_CACHE_ACTIVE_SLABS]	= "cache active_slabs",
	[MMLAB_A_CACHE_NUM_SLABS]	= "cache num_slabs",
	[MMLAB_A_CACHE_CPU_OBJS]	= "cache cpu_objs",
	[MMLAB_A_CACHE_LIVE]		= "cache live",
	[MMLAB_A_CACHE_REQUESTED]	= "cache requested",
	[MMLAB_A_CACHE_ALLOC_FAST]	= "cache alloc_fast",
	[MMLAB_A_CACHE_ALLOC_SLOW]	= "cache alloc_slow",
	[MMLAB_A_CACHE_FREE_FAST]	= "cache free_fast",
	[MMLAB_A_CACHE_FREE_SLOW]	= "cache free_slow",
	[MMLAB_A_CACHE_REFILLS]		= "cache refills",
	[MMLAB_A_CACHE_DRAINS]		= "cache drains",
	[MMLAB_A_CACHE_SLABS_NEW]	= "cache slabs_new",
	[MMLAB_A_CACHE_SLABS_FREED]	= "cache slabs_freed",
	[MMLAB_A_CACHE_FAIL]		= "cache fail",
	[MMLAB_A_CACHE_ERRORS]		= "cache errors",
};

static const char * const stats_required[MMLAB_A_STATS_MAX + 1] = {
	[MMLAB_A_STATS_NL_REQUESTS]	= "stats nl_requests",
	[MMLAB_A_STATS_NL_ERRORS]	= "stats nl_errors",
	[MMLAB_A_STATS_VALIDATE_RUNS]	= "stats validate_runs",
	[MMLAB_A_STATS_VALIDATE_ERRORS]	= "stats validate_errors",
	[MMLAB_A_STATS_EVENTS]		= "stats events",
	[MMLAB_A_STATS_RESETS]		= "stats resets",
};

/* all but the flag and the repeated bits, which are counted apart */
static const char * const space_required[MMLAB_A_SPACE_MAX + 1] = {
	[MMLAB_A_SPACE_S_ID]		= "space id",
	[MMLAB_A_SPACE_OWNER]		= "space owner",
	[MMLAB_A_SPACE_S_GEOMETRY]	= "space geometry",
	[MMLAB_A_SPACE_LEVELS]		= "space levels",
	[MMLAB_A_SPACE_VA_BITS]		= "space va_bits",
	[MMLAB_A_SPACE_PTE_SIZE]	= "space pte_size",
	[MMLAB_A_SPACE_REGIONS]		= "space regions",
	[MMLAB_A_SPACE_RSS]		= "space rss",
	[MMLAB_A_SPACE_TABLE_FRAMES]	= "space table_frames",
	[MMLAB_A_SPACE_S_ACCESS]	= "space access",
};

/* all but the repeated level reads and the ACCESS reply's dropped events */
static const char * const access_required[MMLAB_A_ACCESS_MAX + 1] = {
	[MMLAB_A_ACCESS_ACCESSES]	= "access accesses",
	[MMLAB_A_ACCESS_READS]		= "access reads",
	[MMLAB_A_ACCESS_WRITES]		= "access writes",
	[MMLAB_A_ACCESS_EXECS]		= "access execs",
	[MMLAB_A_ACCESS_TLB_HITS]	= "access tlb_hits",
	[MMLAB_A_ACCESS_TLB_MISSES]	= "access tlb_misses",
	[MMLAB_A_ACCESS_WALKS]		= "access walks",
	[MMLAB_A_ACCESS_WALK_READS]	= "access walk_reads",
	[MMLAB_A_ACCESS_FAULTS_ZERO]	= "access faults_zero",
	[MMLAB_A_ACCESS_FAULTS_SHARED]	= "access faults_shared",
	[MMLAB_A_ACCESS_FAULTS_COW_COPY] = "access faults_cow_copy",
	[MMLAB_A_ACCESS_FAULTS_COW_REUSE] = "access faults_cow_reuse",
	[MMLAB_A_ACCESS_FAULTS_SEGV]	= "access faults_segv",
	[MMLAB_A_ACCESS_FAULTS_PROT]	= "access faults_prot",
	[MMLAB_A_ACCESS_FAULTS_OOM]	= "access faults_oom",
};

/* the shared object's id and page: shared regions only */
static const char * const region_required[MMLAB_A_REGION_MAX + 1] = {
	[MMLAB_A_REGION_START]		= "region start",
	[MMLAB_A_REGION_END]		= "region end",
	[MMLAB_A_REGION_R_PROT]		= "region prot",
	[MMLAB_A_REGION_R_KIND]		= "region kind",
	[MMLAB_A_REGION_RSS]		= "region rss",
};

/* the frame when present, checked apart */
static const char * const translation_required[MMLAB_A_TRANSLATION_MAX + 1] = {
	[MMLAB_A_TRANSLATION_T_ADDR]	= "translation addr",
	[MMLAB_A_TRANSLATION_PTE]	= "translation pte",
	[MMLAB_A_TRANSLATION_OFFSET]	= "translation offset",
	[MMLAB_A_TRANSLATION_READS]	= "translation reads",
};

/* a hash anchor has no table; shift and bits are the multi-level's */
static const char * const step_required[MMLAB_A_STEP_MAX + 1] = {
	[MMLAB_A_STEP_LEVEL]		= "step level",
	[MMLAB_A_STEP_INDEX]		= "step index",
	[MMLAB_A_STEP_ENTRY]		= "step entry",
};

static const char * const tlb_required[MMLAB_A_TLB_MAX + 1] = {
	[MMLAB_A_TLB_T_ENTRIES]		= "tlb entries",
	[MMLAB_A_TLB_T_WAYS]		= "tlb ways",
	[MMLAB_A_TLB_SETS]		= "tlb sets",
	[MMLAB_A_TLB_T_REPL]		= "tlb repl",
	[MMLAB_A_TLB_VALID]		= "tlb valid",
	[MMLAB_A_TLB_HITS]		= "tlb hits",
	[MMLAB_A_TLB_MISSES]		= "tlb misses",
	[MMLAB_A_TLB_FILLS]		= "tlb fills",
	[MMLAB_A_TLB_EVICTIONS]		= "tlb evictions",
	[MMLAB_A_TLB_FLUSH_ALL]		= "tlb flush_all",
	[MMLAB_A_TLB_FLUSH_ASID]	= "tlb flush_asid",
	[MMLAB_A_TLB_FLUSH_RANGE]	= "tlb flush_range",
	[MMLAB_A_TLB_SWITCH_FLUSHES]	= "tlb switch_flushes",
	[MMLAB_A_TLB_INVALIDATED]	= "tlb invalidated",
};

static const char * const tlb_entry_required[MMLAB_A_TLB_ENTRY_MAX + 1] = {
	[MMLAB_A_TLB_ENTRY_SET]		= "tlb_entry set",
	[MMLAB_A_TLB_ENTRY_WAY]		= "tlb_entry way",
	[MMLAB_A_TLB_ENTRY_SPACE]	= "tlb_entry space",
	[MMLAB_A_TLB_ENTRY_VPN]		= "tlb_entry vpn",
	[MMLAB_A_TLB_ENTRY_FRAME]	= "tlb_entry frame",
	[MMLAB_A_TLB_ENTRY_E_PROT]	= "tlb_entry prot",
};

/* the frame of resolved faults only */
static const char * const fault_required[MMLAB_A_FAULT_MAX + 1] = {
	[MMLAB_A_FAULT_SPACE]		= "fault space",
	[MMLAB_A_FAULT_KIND]		= "fault kind",
	[MMLAB_A_FAULT_ACCESS_KIND]	= "fault access_kind",
	[MMLAB_A_FAULT_F_ADDR]		= "fault addr",
};

static const char * const mmu_required[MMLAB_A_MMU_MAX + 1] = {
	[MMLAB_A_MMU_SPACES]		= "mmu spaces",
	[MMLAB_A_MMU_SHMS]		= "mmu shms",
	[MMLAB_A_MMU_DATA_FRAMES]	= "mmu data_frames",
	[MMLAB_A_MMU_TABLE_FRAMES]	= "mmu table_frames",
	[MMLAB_A_MMU_IPT_BYTES]		= "mmu ipt_bytes",
	[MMLAB_A_MMU_IPT_USED]		= "mmu ipt_used",
	[MMLAB_A_MMU_MAPPED]		= "mmu mapped",
	[MMLAB_A_MMU_M_ACCESS]		= "mmu access",
};

/* a libnl error (negative NLE_*) as a negative errno, with a detail */
static int nl_error(struct mmlab_nl *nl, int nlerr)
{
	switch (-nlerr) {
	case NLE_NOMEM:
		return -ENOMEM;
	case NLE_PERM:
		return -EPERM;
	case NLE_NOACCESS:
		return -EACCES;
	case NLE_INTR:
		return -EINTR;
	case NLE_AGAIN:
		return -EAGAIN;
	case NLE_OBJ_NOTFOUND:
		return -ENOENT;
	case NLE_OPNOTSUPP:
		return -EOPNOTSUPP;
	case NLE_INVAL:
		return -EINVAL;
	default:
		snprintf(nl->detail, sizeof(nl->detail), "libnl: %s",
			 nl_geterror(nlerr));
		return -EPROTO;
	}
}

/* a malformed reply: the detail says why; -EBADMSG */
__attribute__((format(printf, 2, 3)))
static int bad_reply(struct mmlab_nl *nl, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(nl->detail, sizeof(nl->detail), fmt, ap);
	va_end(ap);
	return -EBADMSG;
}

static int bad_msg(struct mmlab_nl *nl, const char *what, int nlerr)
{
	return bad_reply(nl, "malformed %s: %s", what, nl_geterror(nlerr));
}

static int check_required(struct mmlab_nl *nl, struct nlattr **tb,
			  const char * const *names, int max)
{
	int i;

	for (i = 0; i <= max; i++) {
		if (names[i] && !tb[i])
			return bad_reply(nl, "reply lacks attribute \"%s\"",
					 names[i]);
	}
	return 0;
}

/*
 * @nest into @tb (@max, @policy), which must hold every attribute that
 * @required names; @what ("arena attribute") names the nest in a detail.
 */
static int parse_nest(struct mmlab_nl *nl, struct nlattr *nest,
		      const char *what, struct nlattr **tb, int max,
		      const struct nla_policy *policy,
		      const char * const *required)
{
	int err;

	err = nla_parse_nested(tb, max, nest, policy);
	if (err < 0)
		return bad_msg(nl, what, err);
	return check_required(nl, tb, required, max);
}

/* A message's top level into @tb; @what ("reply") names it in a detail. */
static int parse_top(struct mmlab_nl *nl, struct nlmsghdr *nlh,
		     const char *what, struct nlattr **tb)
{
	int err;

	err = genlmsg_parse(nlh, 0, tb, MMLAB_A_MAX, mmlab_policy);
	return err < 0 ? bad_msg(nl, what, err) : 0;
}

/*
 * The attribute @type, named @name in a detail, that the top level of a
 * message must have, into *@attr; @what ("reply", "dump message") names
 * the message.
 */
static int parse_top_attr(struct mmlab_nl *nl, struct nlmsghdr *nlh,
			  const char *what, int type, const char *name,
			  struct nlattr **attr)
{
	struct nlattr *tb[MMLAB_A_MAX + 1];
	int err;

	err = parse_top(nl, nlh, what, tb);
	if (err)
		return err;
	if (!tb[type])
		return bad_reply(nl, "%s lacks attribute \"%s\"", what, name);
	*attr = tb[type];
	return 0;
}

int mmlab_nl_open(struct mmlab_nl *nl)
{
	int one = 1;
	int err;

	memset(nl, 0, sizeof(*nl));
	nl->sk = nl_socket_alloc();
	if (!nl->sk)
		return -ENOMEM;

	err = genl_connect(nl->sk);
	if (err < 0) {
		err = nl_error(nl, err);
		goto err_free;
	}

	/*
	 * Both options exist since Linux 4.12; without them errors merely
	 * lose their message, so a failure here is not fatal.
	 */
	setsockopt(nl_socket_get_fd(nl->sk), SOL_NETLINK, NETLINK_EXT_ACK,
		   &one, sizeof(one));
	setsockopt(nl_socket_get_fd(nl->sk), SOL_NETLINK, NETLINK_CAP_ACK,
		   &one, sizeof(one));

	err = genl_ctrl_resolve(nl->sk, MMLAB_GENL_NAME);
	if (err < 0) {
		err = nl_error(nl, err);
		goto err_free;
	}
	nl->family = err;
	return 0;

err_free:
	nl_socket_free(nl->sk);
	nl->sk = NULL;
	return err;
}

void mmlab_nl_close(struct mmlab_nl *nl)
{
	if (nl->sk)
		nl_socket_free(nl->sk);
	nl->sk = NULL;
}

struct request {
	struct mmlab_nl *nl;
	int (*parse)(struct mmlab_nl *nl, struct nlmsghdr *nlh, void *arg);
	void *arg;
	bool done;
	bool replied;
	bool interrupted;	/* a dump message had NLM_F_DUMP_INTR */
	int err;		/* from the kernel */
	int parse_err;		/* from parse() */
};

/* The extack TLVs of an error or of NLMSG_DONE: keep the message. */
static void extack_detail(struct mmlab_nl *nl, struct nlattr *attrs, int len)
{
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];

	if (nla_parse(tb, NLMSGERR_ATTR_MAX, attrs, len, extack_policy) < 0)
		return;
	if (tb[NLMSGERR_ATTR_MSG])
		nla_strlcpy(nl->detail, tb[NLMSGERR_ATTR_MSG],
			    sizeof(nl->detail));
	else if (tb[NLMSGERR_ATTR_MISS_TYPE])
		snprintf(nl->detail, sizeof(nl->detail),
			 "missing attribute %u",
			 nla_get_u32(tb[NLMSGERR_ATTR_MISS_TYPE]));
}

/*
 * The kernel's error: keep errno and the extack message. With
 * NLM_F_CAPPED the payload is struct nlmsgerr alone, otherwise our
 * request follows it; the TLVs (NLM_F_ACK_TLVS) come after that. Every
 * length is checked against nlmsg_len before it is used.
 */
static int error_cb(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)((char *)e - NLMSG_HDRLEN);
	struct request *rq = arg;
	unsigned int ack_len = sizeof(*e);

	(void)nla;
	rq->done = true;
	rq->err = e->error < 0 ? e->error : -EPROTO;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return NL_STOP;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED)) {
		if (e->msg.nlmsg_len < NLMSG_HDRLEN)
			return NL_STOP;
		ack_len += e->msg.nlmsg_len - NLMSG_HDRLEN;
	}
	ack_len = NLMSG_ALIGN(ack_len);
	if (nlh->nlmsg_len < NLMSG_HDRLEN ||
	    nlh->nlmsg_len - NLMSG_HDRLEN <= ack_len)
		return NL_STOP;

	extack_detail(rq->nl, (struct nlattr *)((char *)e + ack_len),
		      nlh->nlmsg_len - NLMSG_HDRLEN - ack_len);
	return NL_STOP;
}

static int ack_cb(struct nl_msg *msg, void *arg)
{
	struct request *rq = arg;

	(void)msg;
	rq->done = true;
	return NL_STOP;
}

/*
 * NLMSG_DONE, the end of a dump: an int, the dump's error (0 or a
 * negative errno), then the extack TLVs if NLM_F_ACK_TLVS.
 */
static int done_cb(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	unsigned int off = NLMSG_ALIGN(sizeof(int));
	struct request *rq = arg;
	int err;

	rq->done = true;
	if (nlh->nlmsg_len < NLMSG_HDRLEN + sizeof(err))
		return NL_STOP;
	memcpy(&err, nlmsg_data(nlh), sizeof(err));
	if (err >= 0)
		return NL_STOP;
	rq->err = err;
	if ((nlh->nlmsg_flags & NLM_F_ACK_TLVS) &&
	    nlh->nlmsg_len - NLMSG_HDRLEN > off)
		extack_detail(rq->nl,
			      (struct nlattr *)((char *)nlmsg_data(nlh) + off),
			      nlh->nlmsg_len - NLMSG_HDRLEN - off);
	return NL_STOP;
}

/* A dump spanned a change: note it, and go on reading to NLMSG_DONE. */
static int dump_intr_cb(struct nl_msg *msg, void *arg)
{
	struct request *rq = arg;

	(void)msg;
	rq->interrupted = true;
	return NL_OK;
}

static int valid_cb(struct nl_msg *msg, void *arg)
{
	struct request *rq = arg;
	int err;

	rq->replied = true;
	if (!rq->parse || rq->parse_err)
		return NL_SKIP;
	err = rq->parse(rq->nl, nlmsg_hdr(msg), rq->arg);
	if (err)
		rq->parse_err = err;
	/* keep reading: the ack must be consumed too */
	return NL_SKIP;
}

/*
 * A request of @cmd, to be filled with attributes and sent by transact():
 * a "do" asks for an ack, a dump (@flags NLM_F_DUMP) does not. @size:
 * bytes of attributes it will hold, at most.
 */
static struct nl_msg *new_request(struct mmlab_nl *nl, __u8 cmd, int flags,
				  size_t size)
{
	struct nl_msg *msg;

	nl->detail[0] = '\0';
	msg = nlmsg_alloc_size(NLMSG_HDRLEN + GENL_HDRLEN + NLMSG_ALIGN(size));
	if (!msg)
		return NULL;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, nl->family, 0,
			 flags ? flags : NLM_F_ACK, cmd, MMLAB_GENL_VERSION)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

/*
 * Send @msg (and free it), then read until the ack, the error or the end
 * of the dump, passing every reply message to @parse. @interrupted, if
 * not NULL, tells whether a dump message had NLM_F_DUMP_INTR.
 */
static int transact(struct mmlab_nl *nl, struct nl_msg *msg,
		    int (*parse)(struct mmlab_nl *, struct nlmsghdr *, void *),
		    void *arg, bool *interrupted)
{
	bool dump = nlmsg_hdr(msg)->nlmsg_flags & NLM_F_DUMP;
	struct request rq = {
		.nl = nl,
		.parse = parse,
		.arg = arg,
	};
	struct nl_cb *cb;
	int err;

	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb) {
		err = -ENOMEM;
		goto out;
	}
	nl_cb_err(cb, NL_CB_CUSTOM, error_cb, &rq);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, ack_cb, &rq);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, done_cb, &rq);
	nl_cb_set(cb, NL_CB_DUMP_INTR, NL_CB_CUSTOM, dump_intr_cb, &rq);
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, valid_cb, &rq);

	/* sequence number and port; a dump is answered by NLMSG_DONE */
	nl_complete_msg(nl->sk, msg);
	if (dump)
		nlmsg_hdr(msg)->nlmsg_flags &= ~NLM_F_ACK;
	err = nl_send(nl->sk, msg);
	if (err < 0) {
		err = nl_error(nl, err);
		goto out;
	}

	while (!rq.done) {
		err = nl_recvmsgs(nl->sk, cb);
		if (err < 0 && !rq.done) {
			err = nl_error(nl, err);
			goto out;
		}
	}

	err = rq.err;
	if (!err)
		err = rq.parse_err;
	if (!err && parse && !dump && !rq.replied) {
		snprintf(nl->detail, sizeof(nl->detail), "no reply");
		err = -EBADMSG;
	}
	if (interrupted)
		*interrupted = rq.interrupted;
out:
	nl_cb_put(cb);
	nlmsg_free(msg);
	return err;
}

/* A "do" without attributes. */
static int request(struct mmlab_nl *nl, __u8 cmd,
		   int (*parse)(struct mmlab_nl *, struct nlmsghdr *, void *),
		   void *arg)
{
	struct nl_msg *msg = new_request(nl, cmd, 0, 0);

	if (!msg)
		return -ENOMEM;
	return transact(nl, msg, parse, arg, NULL);
}

static int parse_arena(struct mmlab_nl *nl, struct nlattr *nest,
		       struct mmlab_arena *a)
{
	struct nlattr *tb[MMLAB_A_ARENA_MAX + 1];
	int err;

	err = parse_nest(nl, nest, "arena attribute", tb, MMLAB_A_ARENA_MAX,
			 arena_policy, arena_required);
	if (err)
		return err;

	a->size = nla_get_u64(tb[MMLAB_A_ARENA_SIZE]);
	a->page_size = nla_get_u32(tb[MMLAB_A_ARENA_PAGE_SIZE]);
	a->frames = nla_get_u64(tb[MMLAB_A_ARENA_FRAMES]);
	a->frames_free = nla_get_u64(tb[MMLAB_A_ARENA_FRAMES_FREE]);
	a->max_order = nla_get_u32(tb[MMLAB_A_ARENA_MAX_ORDER]);
	a->chunks = nla_get_u32(tb[MMLAB_A_ARENA_CHUNKS]);
	a->chunk_order_min = nla_get_u32(tb[MMLAB_A_ARENA_CHUNK_ORDER_MIN]);
	a->chunk_order_max = nla_get_u32(tb[MMLAB_A_ARENA_CHUNK_ORDER_MAX]);
	a->backing = nla_get_u32(tb[MMLAB_A_ARENA_BACKING]);
	return 0;
}

static int parse_stats(struct mmlab_nl *nl, struct nlattr *nest,
		       struct mmlab_stats *s)
{
	struct nlattr *tb[MMLAB_A_STATS_MAX + 1];
	int err;

	err = parse_nest(nl, nest, "stats attribute", tb, MMLAB_A_STATS_MAX,
			 stats_policy, stats_required);
	if (err)
		return err;

	s->nl_requests = nla_get_u64(tb[MMLAB_A_STATS_NL_REQUESTS]);
	s->nl_errors = nla_get_u64(tb[MMLAB_A_STATS_NL_ERRORS]);
	s->validate_runs = nla_get_u64(tb[MMLAB_A_STATS_VALIDATE_RUNS]);
	s->validate_errors = nla_get_u64(tb[MMLAB_A_STATS_VALIDATE_ERRORS]);
	s->events = nla_get_u64(tb[MMLAB_A_STATS_EVENTS]);
	s->resets = nla_get_u64(tb[MMLAB_A_STATS_RESETS]);
	return 0;
}

void mmlab_access_add(struct mmlab_access_info *to,
		      const struct mmlab_access_info *from)
{
	unsigned int i;

	to->accesses += from->accesses;
	to->reads += from->reads;
	to->writes += from->writes;
	to->execs += from->execs;
	to->tlb_hits += from->tlb_hits;
	to->tlb_misses += from->tlb_misses;
	to->walks += from->walks;
	to->walk_reads += from->walk_reads;
	if (from->nr_levels > to->nr_levels)
		to->nr_levels = from->nr_levels;
	for (i = 0; i < MMLAB_NL_LEVELS; i++)
		to->level_reads[i] += from->level_reads[i];
	for (i = 0; i < MMLAB_NL_FAULT_KINDS; i++)
		to->faults[i] += from->faults[i];
	to->events_dropped += from->events_dropped;
}

/*
 * An access nest into @a: the counters, then the reads per level, one
 * repeated attribute a level from the top, at most MMLAB_NL_LEVELS.
 */
static int parse_access(struct mmlab_nl *nl, struct nlattr *nest,
			struct mmlab_access_info *a)
{
	static const int faults[MMLAB_NL_FAULT_KINDS] = {
		MMLAB_A_ACCESS_FAULTS_ZERO, MMLAB_A_ACCESS_FAULTS_SHARED,
		MMLAB_A_ACCESS_FAULTS_COW_COPY, MMLAB_A_ACCESS_FAULTS_COW_REUSE,
		MMLAB_A_ACCESS_FAULTS_SEGV, MMLAB_A_ACCESS_FAULTS_PROT,
		MMLAB_A_ACCESS_FAULTS_OOM,
	};
	struct nlattr *tb[MMLAB_A_ACCESS_MAX + 1];
	struct nlattr *attr;
	unsigned int i;
	int err, rem;

	err = parse_nest(nl, nest, "access attribute", tb, MMLAB_A_ACCESS_MAX,
			 access_policy, access_required);
	if (err)
		return err;
	memset(a, 0, sizeof(*a));
	a->accesses = nla_get_u64(tb[MMLAB_A_ACCESS_ACCESSES]);
	a->reads = nla_get_u64(tb[MMLAB_A_ACCESS_READS]);
	a->writes = nla_get_u64(tb[MMLAB_A_ACCESS_WRITES]);
	a->execs = nla_get_u64(tb[MMLAB_A_ACCESS_EXECS]);
	a->tlb_hits = nla_get_u64(tb[MMLAB_A_ACCESS_TLB_HITS]);
	a->tlb_misses = nla_get_u64(tb[MMLAB_A_ACCESS_TLB_MISSES]);
	a->walks = nla_get_u64(tb[MMLAB_A_ACCESS_WALKS]);
	a->walk_reads = nla_get_u64(tb[MMLAB_A_ACCESS_WALK_READS]);
	for (i = 0; i < MMLAB_NL_FAULT_KINDS; i++)
		a->faults[i] = nla_get_u64(tb[faults[i]]);
	if (tb[MMLAB_A_ACCESS_EVENTS_DROPPED])
		a->events_dropped =
			nla_get_u64(tb[MMLAB_A_ACCESS_EVENTS_DROPPED]);
	nla_for_each_nested(attr, nest, rem) {
		if (nla_type(attr) != MMLAB_A_ACCESS_LEVEL_READS)
			continue;
		if (a->nr_levels == MMLAB_NL_LEVELS)
			return bad_reply(nl, "more than %u level_reads attributes",
					 MMLAB_NL_LEVELS);
		a->level_reads[a->nr_levels++] = nla_get_u64(attr);
	}
	return 0;
}

static int parse_mmu(struct mmlab_nl *nl, struct nlattr *nest,
		     struct mmlab_mmu_info *mmu)
{
	struct nlattr *tb[MMLAB_A_MMU_MAX + 1];
	int err;

	err = parse_nest(nl, nest, "mmu attribute", tb, MMLAB_A_MMU_MAX,
			 mmu_policy, mmu_required);
	if (err)
		return err;
	mmu->spaces = nla_get_u32(tb[MMLAB_A_MMU_SPACES]);
	mmu->shms = nla_get_u32(tb[MMLAB_A_MMU_SHMS]);
	mmu->data_frames = nla_get_u64(tb[MMLAB_A_MMU_DATA_FRAMES]);
	mmu->table_frames = nla_get_u64(tb[MMLAB_A_MMU_TABLE_FRAMES]);
	mmu->ipt_bytes = nla_get_u64(tb[MMLAB_A_MMU_IPT_BYTES]);
	mmu->ipt_used = nla_get_u64(tb[MMLAB_A_MMU_IPT_USED]);
	mmu->mapped = nla_get_u64(tb[MMLAB_A_MMU_MAPPED]);
	return parse_access(nl, tb[MMLAB_A_MMU_M_ACCESS], &mmu->access);
}

static int parse_status(struct mmlab_nl *nl, struct nlmsghdr *nlh, void *arg)
{
	struct nlattr *tb[MMLAB_A_MAX + 1];
	struct mmlab_status *st = arg;
	int err;

	err = parse_top(nl, nlh, "reply", tb);
	if (!err)
		err = check_required(nl, tb, mmlab_required, MMLAB_A_MAX);
	if (err)
		return err;

	nla_strlcpy(st->version, tb[MMLAB_A_VERSION], sizeof(st->version));
	err = parse_arena(nl, tb[MMLAB_A_ARENA], &st->arena);
	if (!err)
		err = parse_stats(nl, tb[MMLAB_A_STATS], &st->stats);
	if (err || !tb[MMLAB_A_MMU])
		return err;
	st->has_mmu = true;
	return parse_mmu(nl, tb[MMLAB_A_MMU], &st->mmu);
}

int mmlab_nl_status_get(struct mmlab_nl *nl, struct mmlab_status *st)
{
	memset(st, 0, sizeof(*st));
	return request(nl, MMLAB_CMD_STATUS_GET, parse_status, st);
}

int mmlab_nl_stats_reset(struct mmlab_nl *nl)
{
	return request(nl, MMLAB_CMD_STATS_RESET, NULL, NULL);
}

static int parse_validate(struct mmlab_nl *nl, struct nlmsghdr *nlh,
			  void *arg)
{
	__u32 *errors = arg;
	struct nlattr *a;
	int err;

	err = parse_top_attr(nl, nlh, "reply", MMLAB_A_VALIDATE_ERRORS,
			     "validate_errors", &a);
	if (err)
		return err;
	*errors = nla_get_u32(a);
	return 0;
}

int mmlab_nl_validate(struct mmlab_nl *nl, __u32 *errors)
{
	return request(nl, MMLAB_CMD_VALIDATE, parse_validate, errors);
}

void mmlab_blocks_free(struct mmlab_blocks *b)
{
	free(b->v);
	memset(b, 0, sizeof(*b));
}

/* a new zeroed block at the end of @b, or NULL */
static struct mmlab_block *blocks_push(struct mmlab_blocks *b)
{
	struct mmlab_block *v;

	v = mmlab_grow(b->v, b->n, &b->cap, sizeof(*v), 64);
	if (!v)
		return NULL;
	b->v = v;
	memset(&b->v[b->n], 0, sizeof(b->v[0]));
	return &b->v[b->n++];
}

static int parse_block(struct mmlab_nl *nl, struct nlattr *nest,
		       struct mmlab_blocks *blocks)
{
	struct nlattr *tb[MMLAB_A_BLOCK_MAX + 1];
	struct mmlab_block *b;
	int err;

	err = parse_nest(nl, nest, "block attribute", tb, MMLAB_A_BLOCK_MAX,
			 block_policy, block_required);
	if (err)
		return err;
	b = blocks_push(blocks);
	if (!b)
		return -ENOMEM;

	b->frame = nla_get_u64(tb[MMLAB_A_BLOCK_FRAME]);
	b->state = nla_get_u32(tb[MMLAB_A_BLOCK_STATE]);
	if (tb[MMLAB_A_BLOCK_ORDER]) {
		b->order = nla_get_u32(tb[MMLAB_A_BLOCK_ORDER]);
		b->has_order = true;
		if (b->order >= 64)
			return bad_reply(nl, "block order %u out of range",
					 b->order);
	}
	if (tb[MMLAB_A_BLOCK_MT]) {
		b->mt = nla_get_u32(tb[MMLAB_A_BLOCK_MT]);
		b->has_mt = true;
	}
	/* a module older than BLOCK_FRAMES sent only the order */
	if (tb[MMLAB_A_BLOCK_FRAMES])
		b->frames = nla_get_u64(tb[MMLAB_A_BLOCK_FRAMES]);
	else if (b->has_order)
		b->frames = 1ULL << b->order;
	else
		return bad_reply(nl, "block at frame %llu has neither frames nor order",
				 (unsigned long long)b->frame);
	if (!b->frames)
		return bad_reply(nl, "block at frame %llu has 0 frames",
				 (unsigned long long)b->frame);
	if (b->has_order && b->frames != 1ULL << b->order)
		return bad_reply(nl, "block of order %u has %llu frames",
				 b->order, (unsigned long long)b->frames);
	if (tb[MMLAB_A_BLOCK_HANDLE]) {
		b->handle = nla_get_u64(tb[MMLAB_A_BLOCK_HANDLE]);
		b->has_handle = true;
	}
	if (tb[MMLAB_A_BLOCK_REQUESTED]) {
		b->requested = nla_get_u32(tb[MMLAB_A_BLOCK_REQUESTED]);
		b->has_requested = true;
	}
	if (tb[MMLAB_A_BLOCK_OWNER]) {
		b->owner = nla_get_u32(tb[MMLAB_A_BLOCK_OWNER]);
		b->has_owner = true;
	}
	b->persistent = !!tb[MMLAB_A_BLOCK_PERSISTENT];
	return 0;
}

/* An allocation reply: one %MMLAB_A_BLOCK per block. */
static int parse_alloc_reply(struct mmlab_nl *nl, struct nlmsghdr *nlh,
			     void *arg)
{
	struct nlattr *a;
	int err, rem;

	err = parse_top_attr(nl, nlh, "reply", MMLAB_A_BLOCK, "block", &a);
	if (err)
		return err;
	nla_for_each_attr(a, genlmsg_attrdata(nlmsg_data(nlh), 0),
			  genlmsg_attrlen(nlmsg_data(nlh), 0), rem) {
		if (nla_type(a) != MMLAB_A_BLOCK)
			continue;
		err = parse_block(nl, a, arg);
		if (err)
			return err;
	}
	return 0;
}

/* One message of a FREELIST or PAGEMAP dump: one %MMLAB_A_BLOCK. */
static int parse_dump_block(struct mmlab_nl *nl, struct nlmsghdr *nlh,
			    void *arg)
{
	struct nlattr *a;
	int err;

	err = parse_top_attr(nl, nlh, "dump message", MMLAB_A_BLOCK, "block",
			     &a);
	return err ? err : parse_block(nl, a, arg);
}

/*
 * The u64 attribute @type, repeated in @nest once per migratetype, into
 * @v in that order; types beyond the tool's are ignored. Returns how many
 * there are.
 */
static unsigned int get_per_mt(struct nlattr *nest, int type,
			       __u64 v[MMLAB_NL_MT_NR])
{
	unsigned int mt = 0;
	struct nlattr *a;
	int rem;

	nla_for_each_nested(a, nest, rem) {
		if (nla_type(a) != type)
			continue;
		if (mt < MMLAB_NL_MT_NR)
			v[mt] = nla_get_u64(a);
		mt++;
	}
	return mt;
}

static int parse_order(struct mmlab_nl *nl, struct nlattr *nest,
		       unsigned int want, struct mmlab_order_info *oi)
{
	struct nlattr *tb[MMLAB_A_ORDER_MAX + 1];
	unsigned int mt;
	int err;

	err = parse_nest(nl, nest, "order attribute", tb, MMLAB_A_ORDER_MAX,
			 order_policy, order_required);
	if (err)
		return err;
	if (nla_get_u32(tb[MMLAB_A_ORDER_ORDER]) != want)
		return bad_reply(nl, "order %u where order %u was due",
				 nla_get_u32(tb[MMLAB_A_ORDER_ORDER]), want);
	oi->free = nla_get_u64(tb[MMLAB_A_ORDER_FREE]);
	oi->allocs = nla_get_u64(tb[MMLAB_A_ORDER_ALLOCS]);
	oi->frees = nla_get_u64(tb[MMLAB_A_ORDER_FREES]);
	oi->splits = nla_get_u64(tb[MMLAB_A_ORDER_SPLITS]);
	oi->merges = nla_get_u64(tb[MMLAB_A_ORDER_MERGES]);
	oi->fail_nomem = nla_get_u64(tb[MMLAB_A_ORDER_FAIL_NOMEM]);
	oi->fail_frag = nla_get_u64(tb[MMLAB_A_ORDER_FAIL_FRAG]);
	oi->used = nla_get_u64(tb[MMLAB_A_ORDER_USED]);
	oi->internal_frag = nla_get_u64(tb[MMLAB_A_ORDER_INTERNAL_FRAG]);
	oi->unusable = nla_get_s32(tb[MMLAB_A_ORDER_UNUSABLE]);
	oi->extfrag = nla_get_s32(tb[MMLAB_A_ORDER_EXTFRAG]);

	mt = get_per_mt(nest, MMLAB_A_ORDER_FREE_MT, oi->free_mt);
	if (mt < MMLAB_NL_MT_NR)
		return bad_reply(nl, "order %u has %u free_mt attributes, not %u",
				 want, mt, MMLAB_NL_MT_NR);
	return 0;
}

static int parse_buddy(struct mmlab_nl *nl, struct nlattr *nest,
		       struct mmlab_buddy_info *bi)
{
	struct nlattr *tb[MMLAB_A_BUDDY_MAX + 1];
	unsigned int mt;
	struct nlattr *a;
	int err, rem;

	err = parse_nest(nl, nest, "buddy attribute", tb, MMLAB_A_BUDDY_MAX,
			 buddy_policy, buddy_required);
	if (err)
		return err;

	bi->max_order = nla_get_u32(tb[MMLAB_A_BUDDY_MAX_ORDER]);
	bi->pageblock_order = nla_get_u32(tb[MMLAB_A_BUDDY_PAGEBLOCK_ORDER]);
	bi->free = nla_get_u64(tb[MMLAB_A_BUDDY_FREE]);
	bi->pcp = nla_get_u64(tb[MMLAB_A_BUDDY_PCP]);
	bi->pcp_batch = nla_get_u32(tb[MMLAB_A_BUDDY_PCP_BATCH]);
	bi->pcp_high = nla_get_u32(tb[MMLAB_A_BUDDY_PCP_HIGH]);
	bi->steals = nla_get_u64(tb[MMLAB_A_BUDDY_STEALS]);
	bi->claims = nla_get_u64(tb[MMLAB_A_BUDDY_CLAIMS]);
	bi->pcp_refills = nla_get_u64(tb[MMLAB_A_BUDDY_PCP_REFILLS]);
	bi->pcp_drains = nla_get_u64(tb[MMLAB_A_BUDDY_PCP_DRAINS]);
	bi->pcp_hits = nla_get_u64(tb[MMLAB_A_BUDDY_PCP_HITS]);
	bi->compactions = nla_get_u64(tb[MMLAB_A_BUDDY_COMPACTIONS]);
	bi->compact_scanned = nla_get_u64(tb[MMLAB_A_BUDDY_COMPACT_SCANNED]);
	bi->compact_moved = nla_get_u64(tb[MMLAB_A_BUDDY_COMPACT_MOVED]);
	bi->largest = nla_get_s32(tb[MMLAB_A_BUDDY_LARGEST]);
	bi->internal_frag = nla_get_u64(tb[MMLAB_A_BUDDY_INTERNAL_FRAG]);
	bi->handles = nla_get_u32(tb[MMLAB_A_BUDDY_HANDLES]);
	bi->last_fail_order = nla_get_s32(tb[MMLAB_A_BUDDY_LAST_FAIL_ORDER]);
	bi->last_fail_extfrag =
		nla_get_s32(tb[MMLAB_A_BUDDY_LAST_FAIL_EXTFRAG]);
	if (bi->max_order >= MMLAB_NL_ORDERS)
		return bad_reply(nl, "buddy max_order %u out of range",
				 bi->max_order);

	/* the repeated attributes: one nest per order, pageblocks per type */
	bi->nr_orders = 0;
	nla_for_each_nested(a, nest, rem) {
		if (nla_type(a) != MMLAB_A_BUDDY_ORDER)
			continue;
		if (bi->nr_orders > bi->max_order)
			return bad_reply(nl,
					 "more order attributes than max_order %u allows",
					 bi->max_order);
		err = parse_order(nl, a, bi->nr_orders,
				  &bi->orders[bi->nr_orders]);
		if (err)
			return err;
		bi->nr_orders++;
	}
	mt = get_per_mt(nest, MMLAB_A_BUDDY_PAGEBLOCKS, bi->pageblocks);
	if (mt < MMLAB_NL_MT_NR)
		return bad_reply(nl, "buddy has %u pageblocks attributes, not %u",
				 mt, MMLAB_NL_MT_NR);
	if (bi->nr_orders != bi->max_order + 1)
		return bad_reply(nl, "buddy has %u order attributes, not %u",
				 bi->nr_orders, bi->max_order + 1);
	return 0;
}

static int parse_buddy_reply(struct mmlab_nl *nl, struct nlmsghdr *nlh,
			     void *arg)
{
	struct nlattr *a;
	int err;

	err = parse_top_attr(nl, nlh, "reply", MMLAB_A_BUDDY, "buddy", &a);
	return err ? err : parse_buddy(nl, a, arg);
}

static int parse_compact(struct mmlab_nl *nl, struct nlattr *nest,
			 struct mmlab_compact *res)
{
	struct nlattr *tb[MMLAB_A_COMPACT_MAX + 1];
	int err;

	err = parse_nest(nl, nest, "compact attribute", tb, MMLAB_A_COMPACT_MAX,
			 compact_policy, compact_required);
	if (err)
		return err;
	res->order = nla_get_u32(tb[MMLAB_A_COMPACT_ORDER]);
	res->scanned = nla_get_u64(tb[MMLAB_A_COMPACT_SCANNED]);
	res->moved = nla_get_u64(tb[MMLAB_A_COMPACT_MOVED]);
	res->blocks = nla_get_u64(tb[MMLAB_A_COMPACT_BLOCKS]);
	res->unusable_before =
		nla_get_s32(tb[MMLAB_A_COMPACT_UNUSABLE_BEFORE]);
	res->unusable_after = nla_get_s32(tb[MMLAB_A_COMPACT_UNUSABLE_AFTER]);
	res->largest_before = nla_get_s32(tb[MMLAB_A_COMPACT_LARGEST_BEFORE]);
	res->largest_after = nla_get_s32(tb[MMLAB_A_COMPACT_LARGEST_AFTER]);
	res->proactive = !!tb[MMLAB_A_COMPACT_PROACTIVE];
	return 0;
}

static int parse_compact_reply(struct mmlab_nl *nl, struct nlmsghdr *nlh,
			       void *arg)
{
	struct nlattr *a;
	int err;

	err = parse_top_attr(nl, nlh, "reply", MMLAB_A_COMPACT, "compact", &a);
	return err ? err : parse_compact(nl, a, arg);
}

/* floor(log2(@v)), @v > 0 */
static unsigned int ilog2_u64(__u64 v)
{
	unsigned int k = 0;

	while (v >>= 1)
		k++;
	return k;
}

static int parse_fit_class(struct mmlab_nl *nl, struct nlattr *nest,
			   unsigned int want, struct mmlab_fit_class *c)
{
	struct nlattr *tb[MMLAB_A_FIT_CLASS_MAX + 1];
	int err;

	err = parse_nest(nl, nest, "class attribute", tb,
			 MMLAB_A_FIT_CLASS_MAX, fit_class_policy,
			 fit_class_required);
	if (err)
		return err;
	if (nla_get_u32(tb[MMLAB_A_FIT_CLASS_ORDER]) != want)
		return bad_reply(nl, "class %u where class %u was due",
				 nla_get_u32(tb[MMLAB_A_FIT_CLASS_ORDER]), want);
	c->holes = nla_get_u64(tb[MMLAB_A_FIT_CLASS_HOLES]);
	c->hole_frames = nla_get_u64(tb[MMLAB_A_FIT_CLASS_HOLE_FRAMES]);
	c->unusable = nla_get_s32(tb[MMLAB_A_FIT_CLASS_UNUSABLE]);
	c->extfrag = nla_get_s32(tb[MMLAB_A_FIT_CLASS_EXTFRAG]);
	return 0;
}

/*
 * %MMLAB_A_FIT: the counters, then one class per order 0..log2(frames),
 * in order, as the buddy's reply has one nest per order.
 */
static int parse_fit(struct mmlab_nl *nl, struct nlattr *nest,
		     struct mmlab_fit_info *fi)
{
	struct nlattr *tb[MMLAB_A_FIT_MAX + 1];
	unsigned int want;
	struct nlattr *a;
	int err, rem;

	err = parse_nest(nl, nest, "fit attribute", tb, MMLAB_A_FIT_MAX,
			 fit_policy, fit_required);
	if (err)
		return err;
	fi->frames = nla_get_u64(tb[MMLAB_A_FIT_FRAMES]);
	fi->free = nla_get_u64(tb[MMLAB_A_FIT_FREE]);
	fi->holes = nla_get_u64(tb[MMLAB_A_FIT_HOLES]);
	fi->used = nla_get_u64(tb[MMLAB_A_FIT_USED]);
	fi->largest = nla_get_u64(tb[MMLAB_A_FIT_LARGEST]);
	fi->allocs = nla_get_u64(tb[MMLAB_A_FIT_ALLOCS]);
	fi->frees = nla_get_u64(tb[MMLAB_A_FIT_FREES]);
	fi->failures = nla_get_u64(tb[MMLAB_A_FIT_FAILURES]);
	fi->fail_frag = nla_get_u64(tb[MMLAB_A_FIT_FAIL_FRAG]);
	fi->search_steps = nla_get_u64(tb[MMLAB_A_FIT_SEARCH_STEPS]);
	fi->insert_steps = nla_get_u64(tb[MMLAB_A_FIT_INSERT_STEPS]);
	fi->splits = nla_get_u64(tb[MMLAB_A_FIT_SPLITS]);
	fi->coalesces = nla_get_u64(tb[MMLAB_A_FIT_COALESCES]);
	fi->internal_frag = nla_get_u64(tb[MMLAB_A_FIT_INTERNAL_FRAG]);
	if (!fi->frames)
		return bad_reply(nl, "fit allocator of 0 frames");
	want = ilog2_u64(fi->frames) + 1;
	if (want > MMLAB_NL_FIT_CLASSES)
		return bad_reply(nl, "fit frames %llu out of range",
				 (unsigned long long)fi->frames);
	if (fi->free > fi->frames)
		return bad_reply(nl, "fit has %llu free of %llu frames",
				 (unsigned long long)fi->free,
				 (unsigned long long)fi->frames);

	fi->nr_classes = 0;
	nla_for_each_nested(a, nest, rem) {
		if (nla_type(a) != MMLAB_A_FIT_CLASS)
			continue;
		if (fi->nr_classes == want)
			return bad_reply(nl,
					 "more class attributes than %llu frames have",
					 (unsigned long long)fi->frames);
		err = parse_fit_class(nl, a, fi->nr_classes,
				      &fi->classes[fi->nr_classes]);
		if (err)
			return err;
		fi->nr_classes++;
	}
	if (fi->nr_classes != want)
		return bad_reply(nl, "fit has %u class attributes, not %u",
				 fi->nr_classes, want);
	return 0;
}

/*
 * ALLOCATOR_GET's and ALLOCATOR_SET's reply: the allocator; for the fit
 * allocator also its policy and numbers. An allocator this tool does not
 * know is taken as it is, without numbers.
 */
static int parse_allocator_reply(struct mmlab_nl *nl, struct nlmsghdr *nlh,
				 void *arg)
{
	struct mmlab_allocator_info *ai = arg;
	struct nlattr *tb[MMLAB_A_MAX + 1];
	int err;

	err = parse_top(nl, nlh, "reply", tb);
	if (err)
		return err;
	if (!tb[MMLAB_A_ALLOCATOR])
		return bad_reply(nl, "reply lacks attribute \"allocator\"");
	ai->allocator = nla_get_u32(tb[MMLAB_A_ALLOCATOR]);
	ai->is_fit = ai->allocator == MMLAB_ALLOCATOR_FIT;
	if (!ai->is_fit)
		return 0;
	if (!tb[MMLAB_A_FIT_POLICY])
		return bad_reply(nl, "reply lacks attribute \"fit_policy\"");
	if (!tb[MMLAB_A_FIT])
		return bad_reply(nl, "reply lacks attribute \"fit\"");
	ai->policy = nla_get_u32(tb[MMLAB_A_FIT_POLICY]);
	return parse_fit(nl, tb[MMLAB_A_FIT], &ai->fit);
}

int mmlab_nl_allocator_get(struct mmlab_nl *nl,
			   struct mmlab_allocator_info *ai)
{
	memset(ai, 0, sizeof(*ai));
	return request(nl, MMLAB_CMD_ALLOCATOR_GET, parse_allocator_reply, ai);
}

int mmlab_nl_allocator_set(struct mmlab_nl *nl, __u32 allocator, int policy,
			   struct mmlab_allocator_info *ai)
{
	struct nl_msg *msg;

	memset(ai, 0, sizeof(*ai));
	msg = new_request(nl, MMLAB_CMD_ALLOCATOR_SET, 0, 16);
	if (!msg)
		return -ENOMEM;
	if (nla_put_u32(msg, MMLAB_A_ALLOCATOR, allocator) ||
	    (policy >= 0 && nla_put_u32(msg, MMLAB_A_FIT_POLICY, policy))) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	return transact(nl, msg, parse_allocator_reply, ai, NULL);
}

int mmlab_nl_buddy_get(struct mmlab_nl *nl, struct mmlab_buddy_info *bi)
{
	memset(bi, 0, sizeof(*bi));
	return request(nl, MMLAB_CMD_BUDDY_GET, parse_buddy_reply, bi);
}

int mmlab_nl_buddy_alloc(struct mmlab_nl *nl,
			 const struct mmlab_alloc_req *req,
			 struct mmlab_blocks *blocks)
{
	struct nl_msg *msg;
	int err = 0;

	msg = new_request(nl, MMLAB_CMD_BUDDY_ALLOC, 0, 64);
	if (!msg)
		return -ENOMEM;
	if (req->by_size)
		err = nla_put_u64(msg, MMLAB_A_SIZE, req->size);
	else
		err = nla_put_u32(msg, MMLAB_A_ORDER, req->order);
	if (!err && req->has_mt)
		err = nla_put_u32(msg, MMLAB_A_MT, req->mt);
	if (!err && req->count)
		err = nla_put_u32(msg, MMLAB_A_COUNT, req->count);
	if (!err && req->persistent)
		err = nla_put_flag(msg, MMLAB_A_PERSISTENT);
	if (err) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	return transact(nl, msg, parse_alloc_reply, blocks, NULL);
}

int mmlab_nl_buddy_free(struct mmlab_nl *nl, const __u64 *handles,
			unsigned int n)
{
	struct nl_msg *msg;
	unsigned int i;

	msg = new_request(nl, MMLAB_CMD_BUDDY_FREE, 0,
			  (size_t)n * NLA_ALIGN(NLA_HDRLEN + sizeof(__u64)));
	if (!msg)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		if (nla_put_u64(msg, MMLAB_A_HANDLE, handles[i])) {
			nlmsg_free(msg);
			return -EMSGSIZE;
		}
	}
	return transact(nl, msg, NULL, NULL, NULL);
}

int mmlab_nl_buddy_compact(struct mmlab_nl *nl, int order,
			   struct mmlab_compact *res)
{
	struct nl_msg *msg;

	memset(res, 0, sizeof(*res));
	msg = new_request(nl, MMLAB_CMD_BUDDY_COMPACT, 0, 16);
	if (!msg)
		return -ENOMEM;
	if (order >= 0 && nla_put_u32(msg, MMLAB_A_ORDER, order)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	return transact(nl, msg, parse_compact_reply, res, NULL);
}

static int dump_blocks(struct mmlab_nl *nl, __u8 cmd,
		       struct mmlab_blocks *blocks)
{
	struct nl_msg *msg = new_request(nl, cmd, NLM_F_DUMP, 0);

	if (!msg)
		return -ENOMEM;
	return transact(nl, msg, parse_dump_block, blocks,
			&blocks->interrupted);
}

int mmlab_nl_freelist(struct mmlab_nl *nl, struct mmlab_blocks *blocks)
{
	return dump_blocks(nl, MMLAB_CMD_FREELIST_GET, blocks);
}

int mmlab_nl_pagemap(struct mmlab_nl *nl, struct mmlab_blocks *blocks)
{
	return dump_blocks(nl, MMLAB_CMD_PAGEMAP_GET, blocks);
}

void mmlab_caches_free(struct mmlab_caches *c)
{
	free(c->v);
	memset(c, 0, sizeof(*c));
}

void mmlab_objects_free(struct mmlab_objects *o)
{
	free(o->v);
	memset(o, 0, sizeof(*o));
}

/*
 * %MMLAB_A_CACHE into @c. The name must be a C string of at most 31
 * characters; the counts must be those of one cache (no more active
 * objects than objects, nor slabs), or the reply is refused.
 */
static int parse_cache(struct mmlab_nl *nl, struct nlattr *nest,
		       struct mmlab_cache *c)
{
	struct nlattr *tb[MMLAB_A_CACHE_MAX + 1];
	struct nlattr *name;
	int err;

	err = parse_nest(nl, nest, "cache attribute", tb, MMLAB_A_CACHE_MAX,
			 cache_policy, cache_required);
	if (err)
		return err;
	memset(c, 0, sizeof(*c));
	name = tb[MMLAB_A_CACHE_C_NAME];
	if (nla_len(name) < 2 || nla_len(name) > MMLAB_NL_CACHE_NAME_LEN ||
	    strnlen(nla_data(name), nla_len(name)) != (size_t)nla_len(name) - 1)
		return bad_reply(nl, "cache name of %d bytes is no name",
				 nla_len(name));
	memcpy(c->name, nla_data(name), nla_len(name));
	c->object_size = nla_get_u32(tb[MMLAB_A_CACHE_OBJECT_SIZE]);
	c->align = nla_get_u32(tb[MMLAB_A_CACHE_C_ALIGN]);
	c->flags = nla_get_u32(tb[MMLAB_A_CACHE_C_FLAGS]);
	c->ctor = nla_get_u32(tb[MMLAB_A_CACHE_C_CTOR]);
	c->stride = nla_get_u32(tb[MMLAB_A_CACHE_STRIDE]);
	c->red_left = nla_get_u32(tb[MMLAB_A_CACHE_RED_LEFT]);
	c->objects = nla_get_u32(tb[MMLAB_A_CACHE_OBJECTS]);
	c->order = nla_get_u32(tb[MMLAB_A_CACHE_ORDER]);
	c->waste = nla_get_u32(tb[MMLAB_A_CACHE_WASTE]);
	c->colors = nla_get_u32(tb[MMLAB_A_CACHE_COLORS]);
	c->limit = nla_get_u32(tb[MMLAB_A_CACHE_LIMIT]);
	c->batch = nla_get_u32(tb[MMLAB_A_CACHE_BATCH]);
	c->min_empty = nla_get_u32(tb[MMLAB_A_CACHE_MIN_EMPTY]);
	c->active_objs = nla_get_u64(tb[MMLAB_A_CACHE_ACTIVE_OBJS]);
	c->num_objs = nla_get_u64(tb[MMLAB_A_CACHE_NUM_OBJS]);
	c->active_slabs = nla_get_u64(tb[MMLAB_A_CACHE_ACTIVE_SLABS]);
	c->num_slabs = nla_get_u64(tb[MMLAB_A_CACHE_NUM_SLABS]);
	c->cpu_objs = nla_get_u64(tb[MMLAB_A_CACHE_CPU_OBJS]);
	c->live = nla_get_u64(tb[MMLAB_A_CACHE_LIVE]);
	c->requested = nla_get_u64(tb[MMLAB_A_CACHE_REQUESTED]);
	c->kmalloc = !!tb[MMLAB_A_CACHE_KMALLOC];
	c->persistent = !!tb[MMLAB_A_CACHE_PERSISTENT];
	c->alloc_fast = nla_get_u64(tb[MMLAB_A_CACHE_ALLOC_FAST]);
	c->alloc_slow = nla_get_u64(tb[MMLAB_A_CACHE_ALLOC_SLOW]);
	c->free_fast = nla_get_u64(tb[MMLAB_A_CACHE_FREE_FAST]);
	c->free_slow = nla_get_u64(tb[MMLAB_A_CACHE_FREE_SLOW]);
	c->refills = nla_get_u64(tb[MMLAB_A_CACHE_REFILLS]);
	c->drains = nla_get_u64(tb[MMLAB_A_CACHE_DRAINS]);
	c->slabs_new = nla_get_u64(tb[MMLAB_A_CACHE_SLABS_NEW]);
	c->slabs_freed = nla_get_u64(tb[MMLAB_A_CACHE_SLABS_FREED]);
	c->fail = nla_get_u64(tb[MMLAB_A_CACHE_FAIL]);
	c->errors = nla_get_u64(tb[MMLAB_A_CACHE_ERRORS]);
	if (!c->object_size || !c->objects || c->order >= 64 ||
	    c->active_objs > c->num_objs || c->live > c->active_objs ||
	    c->active_slabs > c->num_slabs ||
	    c->num_objs != c->num_slabs * c->objects)
		return bad_reply(nl, "cache %s has inconsistent counts", c->name);
	return 0;
}

static int parse_cache_reply(struct mmlab_nl *nl, struct nlmsghdr *nlh,
			     void *arg)
{
	struct nlattr *a;
	int err;

	err = parse_top_attr(nl, nlh, "reply", MMLAB_A_CACHE, "cache", &a);
	return err ? err : parse_cache(nl, a, arg);
}

/* One message of the CACHE_GET dump: one %MMLAB_A_CACHE. */
static int parse_dump_cache(struct mmlab_nl *nl, struct nlmsghdr *nlh,
			    void *arg)
{
	struct mmlab_caches *caches = arg;
	struct mmlab_cache *v;
	struct nlattr *a;
	int err;

	err = parse_top_attr(nl, nlh, "dump message", MMLAB_A_CACHE, "cache",
			     &a);
	if (err)
		return err;
	v = mmlab_grow(caches->v, caches->n, &caches->cap, sizeof(*v), 16);
	if (!v)
		return -ENOMEM;
	caches->v = v;
	err = parse_cache(nl, a, &caches->v[caches->n]);
	if (!err)
		caches->n++;
	return err;
}

/*
 * A CACHE_ALLOC or KMALLOC reply: one %MMLAB_A_HANDLE per object; a
 * KMALLOC reply also %MMLAB_A_CACHE_NAME, its class, and
 * %MMLAB_A_GRANTED.
 */
static int parse_objects(struct mmlab_nl *nl, struct nlmsghdr *nlh,
			 void *arg)
{
	struct nlattr *tb[MMLAB_A_MAX + 1];
	struct mmlab_objects *o = arg;
	struct nlattr *a;
	__u64 *v;
	int err, rem;

	err = parse_top(nl, nlh, "reply", tb);
	if (err)
		return err;
	if (!tb[MMLAB_A_HANDLE])
		return bad_reply(nl, "reply lacks attribute \"handle\"");
	if (o->has_class) {
		if (!tb[MMLAB_A_CACHE_NAME])
			return bad_reply(nl, "reply lacks attribute \"cache_name\"");
		if (!tb[MMLAB_A_GRANTED])
			return bad_reply(nl, "reply lacks attribute \"granted\"");
		nla_strlcpy(o->class, tb[MMLAB_A_CACHE_NAME], sizeof(o->class));
		o->granted = nla_get_u64(tb[MMLAB_A_GRANTED]);
	}
	nla_for_each_attr(a, genlmsg_attrdata(nlmsg_data(nlh), 0),
			  genlmsg_attrlen(nlmsg_data(nlh), 0), rem) {
		if (nla_type(a) != MMLAB_A_HANDLE)
			continue;
		v = mmlab_grow(o->v, o->n, &o->cap, sizeof(*v), 16);
		if (!v)
			return -ENOMEM;
		o->v = v;
		o->v[o->n++] = nla_get_u64(a);
	}
	return 0;
}

/* @name into @msg as %MMLAB_A_CACHE_NAME; -EMSGSIZE if it did not fit */
static int put_name(struct nl_msg *msg, const char *name)
{
	return nla_put_string(msg, MMLAB_A_CACHE_NAME, name) ? -EMSGSIZE : 0;
}

int mmlab_nl_cache_create(struct mmlab_nl *nl,
			  const struct mmlab_cache_req *req,
			  struct mmlab_cache *c)
{
	struct nl_msg *msg;
	int err;

	msg = new_request(nl, MMLAB_CMD_CACHE_CREATE, 0, 128);
	if (!msg)
		return -ENOMEM;
	err = put_name(msg, req->name);
	if (!err && nla_put_u64(msg, MMLAB_A_SIZE, req->size))
		err = -EMSGSIZE;
	if (!err && req->align &&
	    nla_put_u32(msg, MMLAB_A_CACHE_ALIGN, req->align))
		err = -EMSGSIZE;
	if (!err && req->flags &&
	    nla_put_u32(msg, MMLAB_A_CACHE_FLAGS, req->flags))
		err = -EMSGSIZE;
	if (!err && req->ctor >= 0 &&
	    nla_put_u32(msg, MMLAB_A_CACHE_CTOR, req->ctor))
		err = -EMSGSIZE;
	if (!err && req->has_mt && nla_put_u32(msg, MMLAB_A_MT, req->mt))
		err = -EMSGSIZE;
	if (!err && req->persistent && nla_put_flag(msg, MMLAB_A_PERSISTENT))
		err = -EMSGSIZE;
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return transact(nl, msg, parse_cache_reply, c, NULL);
}

/* A "do" of @cmd naming the cache @name, its reply (if any) to @parse. */
static int name_request(struct mmlab_nl *nl, __u8 cmd, const char *name,
			int (*parse)(struct mmlab_nl *, struct nlmsghdr *,
				     void *),
			void *arg)
{
	struct nl_msg *msg = new_request(nl, cmd, 0, 64);

	if (!msg)
		return -ENOMEM;
	if (put_name(msg, name)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	return transact(nl, msg, parse, arg, NULL);
}

int mmlab_nl_cache_destroy(struct mmlab_nl *nl, const char *name)
{
	return name_request(nl, MMLAB_CMD_CACHE_DESTROY, name, NULL, NULL);
}

int mmlab_nl_cache_get(struct mmlab_nl *nl, const char *name,
		       struct mmlab_cache *c)
{
	return name_request(nl, MMLAB_CMD_CACHE_GET, name, parse_cache_reply,
			    c);
}

int mmlab_nl_cache_dump(struct mmlab_nl *nl, struct mmlab_caches *caches)
{
	struct nl_msg *msg = new_request(nl, MMLAB_CMD_CACHE_GET, NLM_F_DUMP,
					 0);

	if (!msg)
		return -ENOMEM;
	return transact(nl, msg, parse_dump_cache, caches, NULL);
}

/*
 * CACHE_ALLOC (@name) or KMALLOC (@size): @count objects, the handles
 * into @objs.
 */
static int alloc_objects(struct mmlab_nl *nl, __u8 cmd, const char *name,
			 __u64 size, __u32 count, bool persistent,
			 struct mmlab_objects *objs)
{
	struct nl_msg *msg = new_request(nl, cmd, 0, 64);
	int err = 0;

	if (!msg)
		return -ENOMEM;
	if (name)
		err = put_name(msg, name);
	else if (nla_put_u64(msg, MMLAB_A_SIZE, size))
		err = -EMSGSIZE;
	if (!err && count && nla_put_u32(msg, MMLAB_A_COUNT, count))
		err = -EMSGSIZE;
	if (!err && persistent && nla_put_flag(msg, MMLAB_A_PERSISTENT))
		err = -EMSGSIZE;
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	objs->has_class = !name;
	return transact(nl, msg, parse_objects, objs, NULL);
}

int mmlab_nl_cache_alloc(struct mmlab_nl *nl, const char *name,
			 __u32 count, bool persistent,
			 struct mmlab_objects *objs)
{
	return alloc_objects(nl, MMLAB_CMD_CACHE_ALLOC, name, 0, count,
			     persistent, objs);
}

int mmlab_nl_kmalloc(struct mmlab_nl *nl, __u64 size, __u32 count,
		     bool persistent, struct mmlab_objects *objs)
{
	return alloc_objects(nl, MMLAB_CMD_KMALLOC, NULL, size, count,
			     persistent, objs);
}

/* CACHE_FREE or KFREE of @n handles, for the cache @name if not NULL */
static int free_objects(struct mmlab_nl *nl, __u8 cmd, const char *name,
			const __u64 *handles, unsigned int n)
{
	struct nl_msg *msg;
	unsigned int i;

	msg = new_request(nl, cmd, 0, 64 + (size_t)n *
			  NLA_ALIGN(NLA_HDRLEN + sizeof(__u64)));
	if (!msg)
		return -ENOMEM;
	if (name && put_name(msg, name))
		goto err;
	for (i = 0; i < n; i++)
		if (nla_put_u64(msg, MMLAB_A_HANDLE, handles[i]))
			goto err;
	return transact(nl, msg, NULL, NULL, NULL);
err:
	nlmsg_free(msg);
	return -EMSGSIZE;
}

int mmlab_nl_cache_free(struct mmlab_nl *nl, const char *name,
			const __u64 *handles, unsigned int n)
{
	return free_objects(nl, MMLAB_CMD_CACHE_FREE, name, handles, n);
}

int mmlab_nl_kfree(struct mmlab_nl *nl, const __u64 *handles,
		   unsigned int n)
{
	return free_objects(nl, MMLAB_CMD_KFREE, NULL, handles, n);
}

/* --- the software MMU -------------------------------------------------- */

unsigned int mmlab_space_offset_bits(const struct mmlab_space_info *s)
{
	unsigned int i, bits = 0;

	for (i = 0; i < s->levels && i < MMLAB_NL_LEVELS; i++)
		bits += s->bits[i];
	return s->va_bits > bits ? s->va_bits - bits : 0;
}

void mmlab_spaces_free(struct mmlab_spaces *s)
{
	free(s->v);
	memset(s, 0, sizeof(*s));
}

void mmlab_regions_free(struct mmlab_regions *r)
{
	free(r->v);
	memset(r, 0, sizeof(*r));
}

void mmlab_tlb_entries_free(struct mmlab_tlb_entries *e)
{
	free(e->v);
	memset(e, 0, sizeof(*e));
}

/*
 * %MMLAB_A_SPACE into @s. The geometry must be a C string that fits; one
 * bits attribute a level, 1..MMLAB_NL_LEVELS levels, their bits and the
 * offset within 64-bit addresses, 4- or 8-byte entries: else the reply
 * is refused.
 */
static int parse_space(struct mmlab_nl *nl, struct nlattr *nest,
		       struct mmlab_space_info *s)
{
	struct nlattr *tb[MMLAB_A_SPACE_MAX + 1];
	unsigned int nr_bits = 0, sum = 0;
	struct nlattr *a, *geom;
	int err, rem;

	err = parse_nest(nl, nest, "space attribute", tb, MMLAB_A_SPACE_MAX,
			 space_policy, space_required);
	if (err)
		return err;
	memset(s, 0, sizeof(*s));
	s->id = nla_get_u32(tb[MMLAB_A_SPACE_S_ID]);
	s->owner = nla_get_u32(tb[MMLAB_A_SPACE_OWNER]);
	s->inverted = !!tb[MMLAB_A_SPACE_S_INVERTED];
	geom = tb[MMLAB_A_SPACE_S_GEOMETRY];
	if (nla_len(geom) < 2 || nla_len(geom) > MMLAB_NL_GEOM_LEN ||
	    strnlen(nla_data(geom), nla_len(geom)) != (size_t)nla_len(geom) - 1)
		return bad_reply(nl, "space geometry of %d bytes is no name",
				 nla_len(geom));
	memcpy(s->geometry, nla_data(geom), nla_len(geom));
	s->levels = nla_get_u32(tb[MMLAB_A_SPACE_LEVELS]);
	s->va_bits = nla_get_u32(tb[MMLAB_A_SPACE_VA_BITS]);
	s->pte_size = nla_get_u32(tb[MMLAB_A_SPACE_PTE_SIZE]);
	s->regions = nla_get_u32(tb[MMLAB_A_SPACE_REGIONS]);
	s->rss = nla_get_u64(tb[MMLAB_A_SPACE_RSS]);
	s->table_frames = nla_get_u64(tb[MMLAB_A_SPACE_TABLE_FRAMES]);
	if (!s->levels || s->levels > MMLAB_NL_LEVELS)
		return bad_reply(nl, "space %u has %u levels", s->id,
				 s->levels);
	nla_for_each_nested(a, nest, rem) {
		if (nla_type(a) != MMLAB_A_SPACE_BITS)
			continue;
		if (nr_bits == s->levels)
			return bad_reply(nl, "space %u has more bits attributes than its %u levels",
					 s->id, s->levels);
		s->bits[nr_bits] = nla_get_u32(a);
		if (!s->bits[nr_bits] || s->bits[nr_bits] > 32)
			return bad_reply(nl, "space %u has %u bits at level %u",
					 s->id, s->bits[nr_bits], nr_bits);
		sum += s->bits[nr_bits++];
	}
	if (nr_bits != s->levels)
		return bad_reply(nl, "space %u has %u bits attributes, not %u",
				 s->id, nr_bits, s->levels);
	if (s->va_bits > 64 || s->va_bits <= sum)
		return bad_reply(nl, "space %u has %u-bit addresses for %u index bits",
				 s->id, s->va_bits, sum);
	if (s->pte_size != 4 && s->pte_size != 8)
		return bad_reply(nl, "space %u has %u-byte entries", s->id,
				 s->pte_size);
	return parse_access(nl, tb[MMLAB_A_SPACE_S_ACCESS], &s->access);
}

static int parse_space_reply(struct mmlab_nl *nl, struct nlmsghdr *nlh,
			     void *arg)
{
	struct nlattr *a;
	int err;

	err = parse_top_attr(nl, nlh, "reply", MMLAB_A_SPACE, "space", &a);
	return err ? err : parse_space(nl, a, arg);
}

/* One message of the SPACE_GET dump: one %MMLAB_A_SPACE. */
static int parse_dump_space(struct mmlab_nl *nl, struct nlmsghdr *nlh,
			    void *arg)
{
	struct mmlab_spaces *spaces = arg;
	struct mmlab_space_info *v;
	struct nlattr *a;
	int err;

	err = parse_top_attr(nl, nlh, "dump message", MMLAB_A_SPACE, "space",
			     &a);
	if (err)
		return err;
	v = mmlab_grow(spaces->v, spaces->n, &spaces->cap, sizeof(*v), 16);
	if (!v)
		return -ENOMEM;
	spaces->v = v;
	err = parse_space(nl, a, &spaces->v[spaces->n]);
	if (!err)
		spaces->n++;
	return err;
}

/* One message of the REGION_GET dump: one %MMLAB_A_REGION. */
static int parse_dump_region(struct mmlab_nl *nl, struct nlmsghdr *nlh,
			     void *arg)
{
	struct nlattr *tb[MMLAB_A_REGION_MAX + 1];
	struct mmlab_regions *regions = arg;
	struct mmlab_region *r;
	struct nlattr *a;
	int err;

	err = parse_top_attr(nl, nlh, "dump message", MMLAB_A_REGION,
			     "region", &a);
	if (!err)
		err = parse_nest(nl, a, "region attribute", tb,
				 MMLAB_A_REGION_MAX, region_policy,
				 region_required);
	if (err)
		return err;
	r = mmlab_grow(regions->v, regions->n, &regions->cap, sizeof(*r), 16);
	if (!r)
		return -ENOMEM;
	regions->v = r;
	r = &regions->v[regions->n];
	memset(r, 0, sizeof(*r));
	r->start = nla_get_u64(tb[MMLAB_A_REGION_START]);
	r->end = nla_get_u64(tb[MMLAB_A_REGION_END]);
	r->prot = nla_get_u32(tb[MMLAB_A_REGION_R_PROT]);
	r->kind = nla_get_u32(tb[MMLAB_A_REGION_R_KIND]);
	r->rss = nla_get_u64(tb[MMLAB_A_REGION_RSS]);
	if (tb[MMLAB_A_REGION_R_SHM]) {
		r->shm = nla_get_u32(tb[MMLAB_A_REGION_R_SHM]);
		r->has_shm = true;
	}
	if (tb[MMLAB_A_REGION_PGOFF])
		r->pgoff = nla_get_u64(tb[MMLAB_A_REGION_PGOFF]);
	if (r->end <= r->start)
		return bad_reply(nl, "region 0x%llx-0x%llx is empty",
				 (unsigned long long)r->start,
				 (unsigned long long)r->end);
	regions->n++;
	return 0;
}

static int parse_step(struct mmlab_nl *nl, struct nlattr *nest,
		      struct mmlab_step *st)
{
	struct nlattr *tb[MMLAB_A_STEP_MAX + 1];
	int err;

	err = parse_nest(nl, nest, "step attribute", tb, MMLAB_A_STEP_MAX,
			 step_policy, step_required);
	if (err)
		return err;
	memset(st, 0, sizeof(*st));
	st->level = nla_get_u32(tb[MMLAB_A_STEP_LEVEL]);
	st->index = nla_get_u32(tb[MMLAB_A_STEP_INDEX]);
	st->entry = nla_get_u64(tb[MMLAB_A_STEP_ENTRY]);
	if (tb[MMLAB_A_STEP_TABLE])
		st->table = nla_get_u64(tb[MMLAB_A_STEP_TABLE]);
	if (tb[MMLAB_A_STEP_SHIFT] && tb[MMLAB_A_STEP_BITS]) {
		st->shift = nla_get_u32(tb[MMLAB_A_STEP_SHIFT]);
		st->bits = nla_get_u32(tb[MMLAB_A_STEP_BITS]);
		st->has_shift = true;
		if (!st->bits || st->bits > 32 || st->shift >= 64 ||
		    st->bits > 64 - st->shift)
			return bad_reply(nl, "step of %u bits at bit %u",
					 st->bits, st->shift);
	}
	if (st->level >= MMLAB_NL_LEVELS)
		return bad_reply(nl, "step at level %u", st->level);
	return 0;
}

/*
 * %MMLAB_A_TRANSLATION: the leaf, the frame when present, then the
 * steps in the order read; no more steps than entries read.
 */
static int parse_translation_reply(struct mmlab_nl *nl, struct nlmsghdr *nlh,
				   void *arg)
{
	struct nlattr *tb[MMLAB_A_TRANSLATION_MAX + 1];
	struct mmlab_translation *x = arg;
	struct nlattr *nest, *a;
	int err, rem;

	err = parse_top_attr(nl, nlh, "reply", MMLAB_A_TRANSLATION,
			     "translation", &nest);
	if (!err)
		err = parse_nest(nl, nest, "translation attribute", tb,
				 MMLAB_A_TRANSLATION_MAX, translation_policy,
				 translation_required);
	if (err)
		return err;
	memset(x, 0, sizeof(*x));
	x->addr = nla_get_u64(tb[MMLAB_A_TRANSLATION_T_ADDR]);
	x->pte = nla_get_u64(tb[MMLAB_A_TRANSLATION_PTE]);
	x->present = !!tb[MMLAB_A_TRANSLATION_PRESENT];
	x->offset = nla_get_u32(tb[MMLAB_A_TRANSLATION_OFFSET]);
	x->tlb_cached = !!tb[MMLAB_A_TRANSLATION_TLB_CACHED];
	x->reads = nla_get_u32(tb[MMLAB_A_TRANSLATION_READS]);
	if (x->present) {
		if (!tb[MMLAB_A_TRANSLATION_FRAME])
			return bad_reply(nl, "reply lacks attribute \"translation frame\"");
		x->frame = nla_get_u64(tb[MMLAB_A_TRANSLATION_FRAME]);
	}
	nla_for_each_nested(a, nest, rem) {
		if (nla_type(a) != MMLAB_A_TRANSLATION_STEP)
			continue;
		if (x->nr_steps == MMLAB_NL_STEPS)
			return bad_reply(nl, "more than %u steps",
					 MMLAB_NL_STEPS);
		err = parse_step(nl, a, &x->steps[x->nr_steps]);
		if (err)
			return err;
		x->nr_steps++;
	}
	if (x->nr_steps > x->reads)
		return bad_reply(nl, "%u steps for %u entries read",
				 x->nr_steps, x->reads);
	return 0;
}

static int parse_tlb_reply(struct mmlab_nl *nl, struct nlmsghdr *nlh,
			   void *arg)
{
	struct nlattr *tb[MMLAB_A_TLB_MAX + 1];
	struct mmlab_tlb_info *t = arg;
	struct nlattr *a;
	int err;

	err = parse_top_attr(nl, nlh, "reply", MMLAB_A_TLB, "tlb", &a);
	if (!err)
		err = parse_nest(nl, a, "tlb attribute", tb, MMLAB_A_TLB_MAX,
				 tlb_policy, tlb_required);
	if (err)
		return err;
	memset(t, 0, sizeof(*t));
	t->entries = nla_get_u32(tb[MMLAB_A_TLB_T_ENTRIES]);
	t->ways = nla_get_u32(tb[MMLAB_A_TLB_T_WAYS]);
	t->sets = nla_get_u32(tb[MMLAB_A_TLB_SETS]);
	t->repl = nla_get_u32(tb[MMLAB_A_TLB_T_REPL]);
	t->no_asid = !!tb[MMLAB_A_TLB_T_NO_ASID];
	t->valid = nla_get_u32(tb[MMLAB_A_TLB_VALID]);
	t->hits = nla_get_u64(tb[MMLAB_A_TLB_HITS]);
	t->misses = nla_get_u64(tb[MMLAB_A_TLB_MISSES]);
	t->fills = nla_get_u64(tb[MMLAB_A_TLB_FILLS]);
	t->evictions = nla_get_u64(tb[MMLAB_A_TLB_EVICTIONS]);
	t->flush_all = nla_get_u64(tb[MMLAB_A_TLB_FLUSH_ALL]);
	t->flush_asid = nla_get_u64(tb[MMLAB_A_TLB_FLUSH_ASID]);
	t->flush_range = nla_get_u64(tb[MMLAB_A_TLB_FLUSH_RANGE]);
	t->switch_flushes = nla_get_u64(tb[MMLAB_A_TLB_SWITCH_FLUSHES]);
	t->invalidated = nla_get_u64(tb[MMLAB_A_TLB_INVALIDATED]);
	if (!t->entries || !t->ways || !t->sets ||
	    (unsigned long long)t->ways * t->sets != t->entries ||
	    t->valid > t->entries)
		return bad_reply(nl, "tlb of %u entries, %u ways, %u sets, %u valid",
				 t->entries, t->ways, t->sets, t->valid);
	return 0;
}

/* One message of the TLB_ENTRY_GET dump: one %MMLAB_A_TLB_ENTRY. */
static int parse_dump_tlb_entry(struct mmlab_nl *nl, struct nlmsghdr *nlh,
				void *arg)
{
	struct nlattr *tb[MMLAB_A_TLB_ENTRY_MAX + 1];
	struct mmlab_tlb_entries *entries = arg;
	struct mmlab_tlb_entry *e;
	struct nlattr *a;
	int err;

	err = parse_top_attr(nl, nlh, "dump message", MMLAB_A_TLB_ENTRY,
			     "tlb_entry", &a);
	if (!err)
		err = parse_nest(nl, a, "tlb_entry attribute", tb,
				 MMLAB_A_TLB_ENTRY_MAX, tlb_entry_policy,
				 tlb_entry_required);
	if (err)
		return err;
	e = mmlab_grow(entries->v, entries->n, &entries->cap, sizeof(*e), 64);
	if (!e)
		return -ENOMEM;
	entries->v = e;
	e = &entries->v[entries->n++];
	e->set = nla_get_u32(tb[MMLAB_A_TLB_ENTRY_SET]);
	e->way = nla_get_u32(tb[MMLAB_A_TLB_ENTRY_WAY]);
	e->space = nla_get_u32(tb[MMLAB_A_TLB_ENTRY_SPACE]);
	e->vpn = nla_get_u64(tb[MMLAB_A_TLB_ENTRY_VPN]);
	e->frame = nla_get_u64(tb[MMLAB_A_TLB_ENTRY_FRAME]);
	e->prot = nla_get_u32(tb[MMLAB_A_TLB_ENTRY_E_PROT]);
	e->dirty = !!tb[MMLAB_A_TLB_ENTRY_DIRTY];
	return 0;
}

static int parse_fault(struct mmlab_nl *nl, struct nlattr *nest,
		       struct mmlab_fault *f)
{
	struct nlattr *tb[MMLAB_A_FAULT_MAX + 1];
	int err;

	err = parse_nest(nl, nest, "fault attribute", tb, MMLAB_A_FAULT_MAX,
			 fault_policy, fault_required);
	if (err)
		return err;
	memset(f, 0, sizeof(*f));
	f->space = nla_get_u32(tb[MMLAB_A_FAULT_SPACE]);
	f->kind = nla_get_u32(tb[MMLAB_A_FAULT_KIND]);
	f->access = nla_get_u32(tb[MMLAB_A_FAULT_ACCESS_KIND]);
	f->addr = nla_get_u64(tb[MMLAB_A_FAULT_F_ADDR]);
	if (tb[MMLAB_A_FAULT_FRAME]) {
		f->frame = nla_get_u64(tb[MMLAB_A_FAULT_FRAME]);
		f->has_frame = true;
	}
	return 0;
}

static int parse_access_reply(struct mmlab_nl *nl, struct nlmsghdr *nlh,
			      void *arg)
{
	struct nlattr *a;
	int err;

	err = parse_top_attr(nl, nlh, "reply", MMLAB_A_ACCESS, "access", &a);
	return err ? err : parse_access(nl, a, arg);
}

/* A MAP reply of a shared region: %MMLAB_A_SHM. */
static int parse_shm_reply(struct mmlab_nl *nl, struct nlmsghdr *nlh,
			   void *arg)
{
	struct nlattr *a;
	int err;

	err = parse_top_attr(nl, nlh, "reply", MMLAB_A_SHM, "shm", &a);
	if (!err)
		*(__u32 *)arg = nla_get_u32(a);
	return err;
}

/* A GROW reply: %MMLAB_A_ADDR, the new edge. */
static int parse_addr_reply(struct mmlab_nl *nl, struct nlmsghdr *nlh,
			    void *arg)
{
	struct nlattr *a;
	int err;

	err = parse_top_attr(nl, nlh, "reply", MMLAB_A_ADDR, "addr", &a);
	if (!err)
		*(__u64 *)arg = nla_get_u64(a);
	return err;
}

/* What a SPACE_READ asked for and where its %MMLAB_A_DATA goes. */
struct read_buf {
	void *buf;
	unsigned int len;
};

static int parse_data_reply(struct mmlab_nl *nl, struct nlmsghdr *nlh,
			    void *arg)
{
	struct read_buf *rb = arg;
	struct nlattr *a;
	int err;

	err = parse_top_attr(nl, nlh, "reply", MMLAB_A_DATA, "data", &a);
	if (err)
		return err;
	if ((unsigned int)nla_len(a) != rb->len)
		return bad_reply(nl, "data of %d bytes, not %u", nla_len(a),
				 rb->len);
	memcpy(rb->buf, nla_data(a), rb->len);
	return 0;
}

/*
 * A request of @cmd about the space @id: %MMLAB_A_SPACE_ID put, room for
 * @size more bytes of attributes. NULL if out of memory.
 */
static struct nl_msg *space_request(struct mmlab_nl *nl, __u8 cmd, int flags,
				    __u32 id, size_t size)
{
	struct nl_msg *msg = new_request(nl, cmd, flags, size + 8);

	if (msg && nla_put_u32(msg, MMLAB_A_SPACE_ID, id)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

/* @msg's attributes could not be put: free it, -EMSGSIZE */
static int put_failed(struct nl_msg *msg)
{
	nlmsg_free(msg);
	return -EMSGSIZE;
}

int mmlab_nl_space_create(struct mmlab_nl *nl,
			  const struct mmlab_space_req *req,
			  struct mmlab_space_info *s)
{
	struct nl_msg *msg = new_request(nl, MMLAB_CMD_SPACE_CREATE, 0, 64);

	if (!msg)
		return -ENOMEM;
	if ((req->geometry &&
	     nla_put_string(msg, MMLAB_A_GEOMETRY, req->geometry)) ||
	    (req->inverted && nla_put_flag(msg, MMLAB_A_INVERTED)) ||
	    (req->persistent && nla_put_flag(msg, MMLAB_A_PERSISTENT)))
		return put_failed(msg);
	return transact(nl, msg, parse_space_reply, s, NULL);
}

int mmlab_nl_space_destroy(struct mmlab_nl *nl, __u32 id)
{
	struct nl_msg *msg = space_request(nl, MMLAB_CMD_SPACE_DESTROY, 0, id,
					   0);

	if (!msg)
		return -ENOMEM;
	return transact(nl, msg, NULL, NULL, NULL);
}

int mmlab_nl_space_get(struct mmlab_nl *nl, __u32 id,
		       struct mmlab_space_info *s)
{
	struct nl_msg *msg = space_request(nl, MMLAB_CMD_SPACE_GET, 0, id, 0);

	if (!msg)
		return -ENOMEM;
	return transact(nl, msg, parse_space_reply, s, NULL);
}

int mmlab_nl_space_dump(struct mmlab_nl *nl, struct mmlab_spaces *spaces)
{
	struct nl_msg *msg = new_request(nl, MMLAB_CMD_SPACE_GET, NLM_F_DUMP,
					 0);

	if (!msg)
		return -ENOMEM;
	return transact(nl, msg, parse_dump_space, spaces, NULL);
}

int mmlab_nl_space_clone(struct mmlab_nl *nl, __u32 id, bool persistent,
			 struct mmlab_space_info *child)
{
	struct nl_msg *msg = space_request(nl, MMLAB_CMD_SPACE_CLONE, 0, id,
					   8);

	if (!msg)
		return -ENOMEM;
	if (persistent && nla_put_flag(msg, MMLAB_A_PERSISTENT))
		return put_failed(msg);
	return transact(nl, msg, parse_space_reply, child, NULL);
}

/* the range [@addr, + @len) of a request */
static int put_range(struct nl_msg *msg, __u64 addr, __u64 len)
{
	return nla_put_u64(msg, MMLAB_A_ADDR, addr) ||
	       nla_put_u64(msg, MMLAB_A_RANGE_LEN, len);
}

/*
 * Only a shared region has a reply (its object); the others are
 * acknowledged alone.
 */
int mmlab_nl_map(struct mmlab_nl *nl, const struct mmlab_map_req *req,
		 __u32 *shm)
{
	bool shared = req->kind == MMLAB_REGION_SHARED;
	struct nl_msg *msg = space_request(nl, MMLAB_CMD_MAP, 0, req->space,
					   64);

	*shm = 0;
	if (!msg)
		return -ENOMEM;
	if (put_range(msg, req->addr, req->len) ||
	    nla_put_u32(msg, MMLAB_A_PROT, req->prot) ||
	    nla_put_u32(msg, MMLAB_A_REGION_KIND, req->kind) ||
	    (req->shm && nla_put_u32(msg, MMLAB_A_SHM, req->shm)))
		return put_failed(msg);
	return transact(nl, msg, shared ? parse_shm_reply : NULL,
			shared ? shm : NULL, NULL);
}

int mmlab_nl_unmap(struct mmlab_nl *nl, __u32 id, __u64 addr, __u64 len)
{
	struct nl_msg *msg = space_request(nl, MMLAB_CMD_UNMAP, 0, id, 32);

	if (!msg)
		return -ENOMEM;
	if (put_range(msg, addr, len))
		return put_failed(msg);
	return transact(nl, msg, NULL, NULL, NULL);
}

int mmlab_nl_protect(struct mmlab_nl *nl, __u32 id, __u64 addr, __u64 len,
		     __u32 prot)
{
	struct nl_msg *msg = space_request(nl, MMLAB_CMD_PROTECT, 0, id, 48);

	if (!msg)
		return -ENOMEM;
	if (put_range(msg, addr, len) || nla_put_u32(msg, MMLAB_A_PROT, prot))
		return put_failed(msg);
	return transact(nl, msg, NULL, NULL, NULL);
}

int mmlab_nl_grow(struct mmlab_nl *nl, __u32 id, __u64 addr, __s64 pages,
		  __u64 *edge)
{
	struct nl_msg *msg = space_request(nl, MMLAB_CMD_GROW, 0, id, 32);

	if (!msg)
		return -ENOMEM;
	if (nla_put_u64(msg, MMLAB_A_ADDR, addr) ||
	    nla_put_s64(msg, MMLAB_A_PAGES, pages))
		return put_failed(msg);
	return transact(nl, msg, parse_addr_reply, edge, NULL);
}

int mmlab_nl_regions(struct mmlab_nl *nl, __u32 id,
		     struct mmlab_regions *regions)
{
	struct nl_msg *msg = space_request(nl, MMLAB_CMD_REGION_GET,
					   NLM_F_DUMP, id, 0);

	if (!msg)
		return -ENOMEM;
	return transact(nl, msg, parse_dump_region, regions, NULL);
}

int mmlab_nl_access(struct mmlab_nl *nl, __u32 id, const __u64 *refs,
		    unsigned int n, struct mmlab_access_info *a)
{
	size_t bytes = (size_t)n * sizeof(*refs);
	struct nl_msg *msg;

	memset(a, 0, sizeof(*a));
	msg = space_request(nl, MMLAB_CMD_ACCESS, 0, id,
			    NLA_ALIGN(NLA_HDRLEN + bytes));
	if (!msg)
		return -ENOMEM;
	if (nla_put(msg, MMLAB_A_REFS, bytes, refs))
		return put_failed(msg);
	return transact(nl, msg, parse_access_reply, a, NULL);
}

int mmlab_nl_space_write(struct mmlab_nl *nl, __u32 id, __u64 addr,
			 const void *data, unsigned int len)
{
	struct nl_msg *msg = space_request(nl, MMLAB_CMD_SPACE_WRITE, 0, id,
					   16 + NLA_ALIGN(NLA_HDRLEN + len));

	if (!msg)
		return -ENOMEM;
	if (nla_put_u64(msg, MMLAB_A_ADDR, addr) ||
	    nla_put(msg, MMLAB_A_DATA, len, data))
		return put_failed(msg);
	return transact(nl, msg, NULL, NULL, NULL);
}

int mmlab_nl_space_read(struct mmlab_nl *nl, __u32 id, __u64 addr,
			void *buf, unsigned int len)
{
	struct read_buf rb = { buf, len };
	struct nl_msg *msg = space_request(nl, MMLAB_CMD_SPACE_READ, 0, id,
					   32);

	if (!msg)
		return -ENOMEM;
	if (nla_put_u64(msg, MMLAB_A_ADDR, addr) ||
	    nla_put_u32(msg, MMLAB_A_LENGTH, len))
		return put_failed(msg);
	return transact(nl, msg, parse_data_reply, &rb, NULL);
}

int mmlab_nl_translate(struct mmlab_nl *nl, __u32 id, __u64 addr,
		       struct mmlab_translation *x)
{
	struct nl_msg *msg = space_request(nl, MMLAB_CMD_TRANSLATE, 0, id, 16);

	if (!msg)
		return -ENOMEM;
	if (nla_put_u64(msg, MMLAB_A_ADDR, addr))
		return put_failed(msg);
	return transact(nl, msg, parse_translation_reply, x, NULL);
}

int mmlab_nl_tlb_get(struct mmlab_nl *nl, struct mmlab_tlb_info *t)
{
	return request(nl, MMLAB_CMD_TLB_GET, parse_tlb_reply, t);
}

int mmlab_nl_tlb_set(struct mmlab_nl *nl, const struct mmlab_tlb_req *req)
{
	struct nl_msg *msg = new_request(nl, MMLAB_CMD_TLB_SET, 0, 48);

	if (!msg)
		return -ENOMEM;
	if ((req->entries &&
	     nla_put_u32(msg, MMLAB_A_TLB_ENTRIES, req->entries)) ||
	    (req->ways && nla_put_u32(msg, MMLAB_A_TLB_WAYS, req->ways)) ||
	    (req->repl >= 0 && nla_put_u32(msg, MMLAB_A_TLB_REPL, req->repl)) ||
	    (req->no_asid && nla_put_flag(msg, MMLAB_A_TLB_NO_ASID)))
		return put_failed(msg);
	return transact(nl, msg, NULL, NULL, NULL);
}

int mmlab_nl_tlb_entries(struct mmlab_nl *nl,
			 struct mmlab_tlb_entries *entries)
{
	struct nl_msg *msg = new_request(nl, MMLAB_CMD_TLB_ENTRY_GET,
					 NLM_F_DUMP, 0);

	if (!msg)
		return -ENOMEM;
	return transact(nl, msg, parse_dump_tlb_entry, entries, NULL);
}

struct monitor {
	struct mmlab_nl *nl;
	mmlab_event_fn fn;
	void *arg;
	bool stop;
	bool unloaded;
};

static const struct nla_policy ctrl_policy[CTRL_ATTR_MAX + 1] = {
	[CTRL_ATTR_FAMILY_NAME]		= { .type = NLA_STRING },
};

/* nlctrl's notification that our family went away (rmmod) */
static bool family_deleted(struct nlmsghdr *nlh)
{
	struct nlattr *tb[CTRL_ATTR_MAX + 1];
	struct genlmsghdr *gnlh = nlmsg_data(nlh);

	if (gnlh->cmd != CTRL_CMD_DELFAMILY ||
	    genlmsg_parse(nlh, 0, tb, CTRL_ATTR_MAX, ctrl_policy) < 0 ||
	    !tb[CTRL_ATTR_FAMILY_NAME])
		return false;
	return !strcmp(nla_get_string(tb[CTRL_ATTR_FAMILY_NAME]),
		       MMLAB_GENL_NAME);
}

static int event_cb(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct nlattr *tb[MMLAB_A_MAX + 1];
	struct monitor *mon = arg;
	struct mmlab_nl_event ev = { 0 };
	struct genlmsghdr *gnlh;
	int err;

	if (!genlmsg_valid_hdr(nlh, 0))
		return NL_SKIP;
	if (nlh->nlmsg_type == GENL_ID_CTRL && family_deleted(nlh)) {
		mon->unloaded = true;
		return NL_STOP;
	}
	if (nlh->nlmsg_type != mon->nl->family)
		return NL_SKIP;
	gnlh = nlmsg_data(nlh);
	if (gnlh->cmd != MMLAB_CMD_EVENT)
		return NL_SKIP;

	err = genlmsg_parse(nlh, 0, tb, MMLAB_A_MAX, mmlab_policy);
	if (err < 0) {
		fprintf(stderr, "mmlab: monitor: malformed event ignored: %s\n",
			nl_geterror(err));
		return NL_SKIP;
	}

	if (tb[MMLAB_A_EVENT_TYPE])
		ev.type = nla_get_u32(tb[MMLAB_A_EVENT_TYPE]);
	if (tb[MMLAB_A_EVENT_SEQ]) {
		ev.seq = nla_get_u64(tb[MMLAB_A_EVENT_SEQ]);
		ev.has_seq = true;
	}
	if (tb[MMLAB_A_VALIDATE_ERRORS]) {
		ev.validate_errors = nla_get_u32(tb[MMLAB_A_VALIDATE_ERRORS]);
		ev.has_validate_errors = true;
	}
	if (tb[MMLAB_A_ALLOCATOR]) {
		ev.allocator = nla_get_u32(tb[MMLAB_A_ALLOCATOR]);
		ev.has_allocator = true;
	}
	if (tb[MMLAB_A_FIT_POLICY]) {
		ev.fit_policy = nla_get_u32(tb[MMLAB_A_FIT_POLICY]);
		ev.has_fit_policy = true;
	}
	if (tb[MMLAB_A_COMPACT]) {
		if (parse_compact(mon->nl, tb[MMLAB_A_COMPACT], &ev.compact))
			fprintf(stderr, "mmlab: monitor: %s, ignored\n",
				mon->nl->detail);
		else
			ev.has_compact = true;
	}
	if (tb[MMLAB_A_FAULT]) {
		if (parse_fault(mon->nl, tb[MMLAB_A_FAULT], &ev.fault))
			fprintf(stderr, "mmlab: monitor: %s, ignored\n",
				mon->nl->detail);
		else
			ev.has_fault = true;
	}

	if (mon->fn(&ev, mon->arg)) {
		mon->stop = true;
		return NL_STOP;
	}
	return NL_OK;
}

/* Multicast events carry sequence number 0: accept every one. */
static int seq_any_cb(struct nl_msg *msg __attribute__((unused)),
		      void *arg __attribute__((unused)))
{
	return NL_OK;
}

int mmlab_nl_monitor(struct mmlab_nl *nl, mmlab_event_fn fn, void *arg)
{
	struct monitor mon = {
		.nl = nl,
		.fn = fn,
		.arg = arg,
	};
	struct nl_cb *cb;
	int grp, ctrl_grp, err;

	nl->detail[0] = '\0';
	grp = genl_ctrl_resolve_grp(nl->sk, MMLAB_GENL_NAME,
				    MMLAB_MCGRP_EVENTS);
	if (grp < 0) {
		if (grp != -NLE_OBJ_NOTFOUND)
			return nl_error(nl, grp);
		snprintf(nl->detail, sizeof(nl->detail),
			 "multicast group \"%s\" not found",
			 MMLAB_MCGRP_EVENTS);
		return -ENOENT;
	}

	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb)
		return -ENOMEM;
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, event_cb, &mon);
	/*
	 * nl_socket_disable_seq_check() changes only the socket's own
	 * callback set; nl_recvmsgs() below uses @cb, so turn it off there.
	 */
	nl_cb_set(cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, seq_any_cb, NULL);

	err = nl_socket_add_membership(nl->sk, grp);
	if (err < 0) {
		err = nl_error(nl, err);
		goto out;
	}
	/* best effort: without it, an rmmod merely goes unnoticed */
	ctrl_grp = genl_ctrl_resolve_grp(nl->sk, "nlctrl", "notify");
	if (ctrl_grp >= 0)
		nl_socket_add_membership(nl->sk, ctrl_grp);

	for (;;) {
		err = nl_recvmsgs(nl->sk, cb);
		if (mon.stop) {
			err = 0;
			break;
		}
		if (mon.unloaded) {
			snprintf(nl->detail, sizeof(nl->detail),
				 "module unloaded");
			err = -ENODEV;
			break;
		}
		/* libnl reports ENOBUFS, a receive buffer overrun, as NOMEM */
		if (err == -NLE_NOMEM) {
			fprintf(stderr,
				"mmlab: monitor: receive buffer overrun, events lost\n");
			continue;
		}
		if (err < 0) {
			err = nl_error(nl, err);
			break;
		}
	}
out:
	nl_cb_put(cb);
	return err;
}
