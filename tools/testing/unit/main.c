// SPDX-License-Identifier: GPL-2.0
/*
 * main.c - the portable core's unit tests, in one translation unit.
 *
 * The userspace seam comes first, so that the core's own #include
 * "seam.h" is skipped by its include guard; then the core's .c files
 * themselves, so that their static helpers are in reach of the tests
 * (tools/testing/vma does the same with mm/vma.c); then one file of tests
 * per API group, each ending with its struct t_case table.
 */
#include "seam.h"

#include "../../kmod/core/arena.c"
#include "../../kmod/core/param.c"
#include "../../kmod/core/frag.c"
#include "../../kmod/core/buddy.c"
#include "../../kmod/core/handle.c"
#include "../../kmod/core/fit.c"
#include "../../kmod/core/slab_layout.c"
#include "../../kmod/core/slab.c"
#include "../../kmod/core/kmalloc.c"
#include "../../kmod/core/objtab.c"
#include "../../kmod/core/pgtable.c"
#include "../../kmod/core/tlb.c"
#include "../../kmod/core/ipt.c"
#include "../../kmod/core/vma.c"
#include "../../kmod/core/mmu.c"

#include <stdlib.h>

#include "test.h"
#include "backing.h"

#include "model.c"
#include "seam.c"
#include "arena_create.c"
#include "arena_lookup.c"
#include "arena_validate.c"
#include "arena_random.c"
#include "arena_range.c"
#include "param.c"
#include "buddy.c"
#include "buddy_random.c"
#include "handle.c"
#include "handle_fit.c"
#include "fit_helpers.c"
#include "fit_create.c"
#include "fit_alloc.c"
#include "fit_free.c"
#include "fit_validate.c"
#include "fit_model.c"
#include "fit_random.c"
#include "slab_layout.c"
#include "slab.c"
#include "kmalloc.c"
#include "objtab.c"
#include "mmu_helpers.c"
#include "mmu_geom.c"
#include "mmu_tlb.c"
#include "mmu.c"
#include "mmu_random.c"

static const struct t_suite suites[] = {
	T_SUITE("shim", shim_cases),
	T_SUITE("arena_create", arena_create_cases),
	T_SUITE("arena_lookup", arena_lookup_cases),
	T_SUITE("arena_validate", arena_validate_cases),
	T_SUITE("arena_random", arena_random_cases),
	T_SUITE("arena_range", arena_range_cases),
	T_SUITE("param", param_cases),
	T_SUITE("buddy", buddy_cases),
	T_SUITE("buddy_random", buddy_random_cases),
	T_SUITE("handle", handle_cases),
	T_SUITE("handle_fit", handle_fit_cases),
	T_SUITE("fit_create", fit_create_cases),
	T_SUITE("fit_alloc", fit_alloc_cases),
	T_SUITE("fit_free", fit_free_cases),
	T_SUITE("fit_validate", fit_validate_cases),
	T_SUITE("fit_random", fit_random_cases),
	T_SUITE("slab_layout", slab_layout_cases),
	T_SUITE("slab", slab_cases),
	T_SUITE("kmalloc", kmalloc_cases),
	T_SUITE("objtab", objtab_cases),
	T_SUITE("mmu_geom", mmu_geom_cases),
	T_SUITE("mmu_tlb", mmu_tlb_cases),
	T_SUITE("mmu", mmu_cases),
	T_SUITE("mmu_random", mmu_random_cases),
};

int main(int argc, char **argv)
{
	return t_main(argc, argv, suites, ARRAY_SIZE(suites));
}
