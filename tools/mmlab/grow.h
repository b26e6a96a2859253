/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Arrays that grow by doubling, for the tool's lists: the blocks of a
 * dump, the events of a trace, the runs and samples of a replay.
 */
#ifndef _MMLAB_GROW_H
#define _MMLAB_GROW_H

#include <stdlib.h>

/*
 * Room for element @n of the array @v, *@cap elements of @size bytes:
 * @v itself while @n < *@cap, else @v realloc()ed to twice *@cap (@first
 * if it is 0), and *@cap updated. NULL if out of memory; @v is then left
 * as it was.
 */
static inline void *mmlab_grow(void *v, size_t n, size_t *cap, size_t size,
			       size_t first)
{
	size_t c;

	if (n < *cap)
		return v;
	c = *cap ? *cap * 2 : first;
	v = realloc(v, c * size);
	if (v)
		*cap = c;
	return v;
}

#endif /* _MMLAB_GROW_H */
