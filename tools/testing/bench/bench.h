/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bench.h - what the userspace benchmarks (bench.c, slab_bench.c) share:
 * the thread's CPU clock, the host CPU's name, and the arena backing, one
 * mapping cut into chunks in order, from its start.
 *
 * The mapping is the caller's (mmap(MAP_NORESERVE), unmapped whole at the
 * end); the backing hands out consecutive pieces of it as chunks, with
 * made-up physical frame numbers aligned like their offsets, and counts
 * the frames mmlab_arena_destroy() gives back, so that a benchmark can
 * check that the arena returned everything.
 */
#ifndef _MMLAB_BENCH_H
#define _MMLAB_BENCH_H

/* The calling thread's CPU time: what it was not preempted for. */
static u64 now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (u64)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/* The host CPU's model name (/proc/cpuinfo), for the report. */
static void cpu_model(char *buf, size_t len)
{
	FILE *f = fopen("/proc/cpuinfo", "r");
	char line[256];

	snprintf(buf, len, "unknown CPU");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		char *v = strchr(line, ':');

		if (strncmp(line, "model name", 10) || !v)
			continue;
		v += 2;
		v[strcspn(v, "\n")] = '\0';
		snprintf(buf, len, "%s", v);
		break;
	}
	fclose(f);
}

/**
 * struct map_backing - a mapping handed out as chunks
 * @mem: the mapping
 * @len: its bytes
 * @next: bytes of it handed out
 * @returned: frames given back by mmlab_arena_destroy()
 */
struct map_backing {
	u8 *mem;
	size_t len;
	u64 next;
	u64 returned;
};

static int map_chunk_alloc(void *priv, unsigned int order,
			   struct mmlab_chunk *chunk)
{
	struct map_backing *mb = priv;
	size_t bytes = (size_t)1 << (order + MMLAB_PAGE_SHIFT);

	if (mb->next + bytes > mb->len)
		return -ENOMEM;
	chunk->mem = mb->mem + mb->next;
	/* a made-up physical frame number, aligned like the offset */
	chunk->pfn = (1ULL << 32) + (mb->next >> MMLAB_PAGE_SHIFT);
	mb->next += bytes;
	return 0;
}

/* The mapping is unmapped whole at the end; count what comes back. */
static void map_chunk_free(void *priv, const struct mmlab_chunk *chunk)
{
	struct map_backing *mb = priv;

	mb->returned += 1ULL << chunk->order;
}

static const struct mmlab_arena_ops map_ops = {
	.chunk_alloc = map_chunk_alloc,
	.chunk_free = map_chunk_free,
};

#endif /* _MMLAB_BENCH_H */
