// SPDX-License-Identifier: GPL-2.0
/*
 * memmap.c - the arena's second backing: a physical range the host kernel
 * was told at boot to leave alone, with memmap=SIZE$ADDR.
 *
 * memmap=16M$0x10000000 turns that range into an e820 "Reserved" entry:
 * the kernel never allocates from it and /proc/iomem shows it as
 * "Reserved". Loaded with memmap_base= and memmap_size= naming such a
 * range, mmlab takes the whole of it as its arena instead of asking the
 * page allocator.
 *
 * Before it touches a byte, the range must pass, in this order (each
 * failure is one pr_err line and a load that holds nothing):
 *
 *   1. mmlab_check_memmap(): frame aligned, 64K..64G, within 64 bits, no
 *      arena_size that says otherwise                        -EINVAL
 *   2. no System RAM in it: memory the kernel owns would be corrupted,
 *      and memremap() would hand back the direct map or WARN  -EINVAL
 *   3. all of it reserved (IORES_DESC_RESERVED), as memmap=$ makes it
 *                                                             -ENXIO
 *   4. (x86) all of it RAM in the firmware's e820 map, which memmap=
 *      does not change: a range the firmware reserved (ACPI tables, BIOS
 *      ROM, device windows) is not the admin's to give       -EINVAL
 *   5. request_mem_region(..., "mmlab"): nobody else holds it. x86
 *      registers e820 "Reserved" entries above 1 MiB as resources that
 *      are not busy (do_mark_busy()), so the request nests inside
 *      "Reserved" on 6.1 and 6.12 alike; the range then shows as "mmlab"
 *      in /proc/iomem, a second request fails, and with IO_STRICT_DEVMEM
 *      (Debian's kernels) /dev/mem refuses it                -EBUSY
 *   6. memremap(MEMREMAP_WB): a cached mapping (ioremap_cache() on x86,
 *      since the range is not System RAM); the fault injector can fail
 *      it                                                    -ENOMEM
 *
 * The core cuts the range into naturally aligned blocks (struct
 * mmlab_range in core/arena.c) and fills the arena from them through the
 * same struct mmlab_arena_ops as the page backing: chunk->pfn is the
 * block's physical frame, chunk->mem the mapping plus the block's offset.
 * Then every frame is written and read back (mmlab_arena_selftest()) and
 * the arena's invariants checked, whatever the build: a range that is not
 * memory after all (a hole, a ROM) is refused with -EIO rather than
 * handed to the allocators.
 *
 * Unload gives the chunks back to the cut (which must then be idle),
 * unmaps the range and releases it.
 *
 * Lock order: none. Init and exit run once each, from module load and
 * unload; the state below is not touched in between.
 */
#include <linux/io.h>
#include <linux/ioport.h>
#include <linux/mm.h>
#ifdef CONFIG_X86
#include <asm/e820/api.h>
#endif

#include "mmlab.h"
#include "core/param.h"

/**
 * struct mmlab_memmap - the adopted range
 * @base: first byte
 * @size: bytes
 * @res: the "mmlab" resource over it
 * @map: its mapping
 * @range: its cut into chunks
 */
struct mmlab_memmap {
	u64 base;
	u64 size;
	struct resource *res;
	void *map;
	struct mmlab_range range;
};

static struct mmlab_memmap mmlab_memmap;

static int mmlab_memmap_chunk_alloc(void *priv, unsigned int order,
				    struct mmlab_chunk *chunk)
{
	struct mmlab_memmap *m = priv;
	u64 pfn;
	int err;

	err = mmlab_range_take(&m->range, order, &pfn);
	if (err)
		return err;
	chunk->pfn = pfn;
	chunk->mem = (u8 *)m->map + ((pfn << PAGE_SHIFT) - m->base);
	return 0;
}

static void mmlab_memmap_chunk_free(void *priv,
				    const struct mmlab_chunk *chunk)
{
	struct mmlab_memmap *m = priv;

	if (mmlab_range_put(&m->range, chunk->order, chunk->pfn))
		pr_err("memmap: chunk at arena frame %llu (order %u) was not handed out\n",
		       chunk->first, chunk->order);
}

static const struct mmlab_arena_ops mmlab_memmap_ops = {
	.chunk_alloc = mmlab_memmap_chunk_alloc,
	.chunk_free = mmlab_memmap_chunk_free,
};

/*
 * Was all of [@base, @end) RAM in the firmware's map? memmap= changes the
 * kernel's e820 table, never the firmware's copy. A hole in the firmware's
 * map inside the range passes here; the self-test after the fill is what
 * catches a range that is not memory.
 */
static bool mmlab_memmap_was_ram(u64 base, u64 end)
{
#ifdef CONFIG_X86
	static const enum e820_type other[] = {
		E820_TYPE_RESERVED, E820_TYPE_ACPI, E820_TYPE_NVS,
		E820_TYPE_UNUSABLE, E820_TYPE_PMEM, E820_TYPE_PRAM,
		E820_TYPE_SOFT_RESERVED,
	};
	unsigned int i;

	if (!e820__mapped_raw_any(base, end, E820_TYPE_RAM))
		return false;
	for (i = 0; i < ARRAY_SIZE(other); i++)
		if (e820__mapped_raw_any(base, end, other[i]))
			return false;
#endif
	return true;
}

/* The checks that need the machine (2-4 above); 0 or an errno, logged. */
static int mmlab_memmap_check_machine(u64 base, u64 size)
{
	u64 last = base + size - 1;

	if (region_intersects(base, size, IORESOURCE_SYSTEM_RAM,
			      IORES_DESC_NONE) != REGION_DISJOINT) {
		pr_err("memmap: [mem %#010llx-%#010llx] overlaps System RAM: reserve it at boot with memmap=%lluK$%#llx\n",
		       base, last, size >> 10, base);
		return -EINVAL;
	}
	if (region_intersects(base, size, IORESOURCE_MEM,
			      IORES_DESC_RESERVED) != REGION_INTERSECTS) {
		pr_err("memmap: [mem %#010llx-%#010llx] is not reserved: boot with memmap=%lluK$%#llx\n",
		       base, last, size >> 10, base);
		return -ENXIO;
	}
	if (!mmlab_memmap_was_ram(base, base + size)) {
		pr_err("memmap: [mem %#010llx-%#010llx] is not RAM in the firmware's map (firmware-reserved or a hole): refused\n",
		       base, last);
		return -EINVAL;
	}
	return 0;
}

static void mmlab_memmap_release(struct mmlab_memmap *m)
{
	if (m->map)
		memunmap(m->map);
	if (m->res)
		release_mem_region(m->base, m->size);
	memset(m, 0, sizeof(*m));
}

/**
 * mmlab_memmap_init - adopt a reserved physical range as the arena
 * @base: first byte of the range (memmap_base=)
 * @size: bytes in the range (memmap_size=)
 * @arena_bytes: arena_size, if it was given too; else 0
 * @max_order: largest block order, already checked
 *
 * Checks the range (see the top of this file), takes and maps it, and
 * fills the arena from it. On failure nothing is held and one line says
 * why.
 *
 * Return: 0, -EINVAL (a range that can never be adopted), -ENXIO (not
 * reserved), -EBUSY (held by someone else), -ENOMEM (cannot be mapped,
 * or no memory for the chunk table), -EIO (not memory).
 */
int mmlab_memmap_init(u64 base, u64 size, u64 arena_bytes,
		      unsigned int max_order)
{
	struct mmlab_memmap *m = &mmlab_memmap;
	u64 last = base + size - 1;
	const char *why;
	unsigned int errors;
	u64 bad;
	int err;

	err = mmlab_check_memmap(base, size, arena_bytes, &why);
	if (err) {
		pr_err("memmap_base=%#llx memmap_size=%llu: %s\n",
		       base, size, why);
		return err;
	}
	err = mmlab_memmap_check_machine(base, size);
	if (err)
		return err;

	memset(m, 0, sizeof(*m));
	m->base = base;
	m->size = size;
	m->res = request_mem_region(base, size, KBUILD_MODNAME);
	if (!m->res) {
		pr_err("memmap: [mem %#010llx-%#010llx] is busy: another driver holds part of it (see /proc/iomem)\n",
		       base, last);
		err = -EBUSY;
		goto fail;
	}
	if (!mmlab_fault_inject())
		m->map = memremap(base, size, MEMREMAP_WB);
	if (!m->map) {
		pr_err("memmap: [mem %#010llx-%#010llx] cannot be mapped (memremap failed)\n",
		       base, last);
		err = -ENOMEM;
		goto fail;
	}
	err = mmlab_range_init(&m->range, PHYS_PFN(base), PHYS_PFN(size),
			       max_order);
	if (err) {
		pr_err("memmap: [mem %#010llx-%#010llx] cannot be cut into blocks\n",
		       base, last);
		goto fail;
	}
	err = mmlab_arena_create(&mmlab.arena, PHYS_PFN(size), max_order,
				 &mmlab_memmap_ops, m);
	if (err) {
		pr_err("memmap: cannot build the arena on [mem %#010llx-%#010llx]: error %d\n",
		       base, last, err);
		goto fail;
	}

	bad = mmlab_arena_selftest(&mmlab.arena);
	errors = mmlab_arena_validate(&mmlab.arena);
	if (bad || errors) {
		pr_err("memmap: [mem %#010llx-%#010llx] is not sound memory: %llu words lost, %u invariant violations\n",
		       base, last, bad, errors);
		err = -EIO;
		goto fail_arena;
	}
	mmlab.backing = MMLAB_BACKING_MEMMAP;
	pr_info("memmap: adopted [mem %#010llx-%#010llx], %llu kB\n",
		base, last, size >> 10);
	return 0;

fail_arena:
	mmlab_arena_destroy(&mmlab.arena);
fail:
	mmlab_memmap_release(m);
	return err;
}

/**
 * mmlab_memmap_exit - give the adopted range back
 *
 * Destroys the arena, checks that every chunk came back to the cut,
 * unmaps the range and releases it.
 */
void mmlab_memmap_exit(void)
{
	struct mmlab_memmap *m = &mmlab_memmap;

	mmlab_arena_destroy(&mmlab.arena);
	if (!mmlab_range_idle(&m->range))
		pr_err("memmap: chunks of the range were never given back\n");
	mmlab_memmap_release(m);
}
