/*
 * Large arrays on transparent huge pages. The record columns, string pools and density grids of
 * a million-record run are tens of megabytes each, first touched once; with 4 KiB pages the page
 * faults alone cost a third of a 1 M-point `hotspot kde` (on a virtual machine, where each fault
 * is expensive). Asking the kernel for 2 MiB pages on such arrays (madvise MADV_HUGEPAGE, honoured
 * when /sys/kernel/mm/transparent_hugepage/enabled is "always" or "madvise") cuts the faults by
 * up to 512 per region. Smaller blocks, and systems without the call, are left as they are.
 */
#define _GNU_SOURCE
#include "core/hs_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

enum { HUGE_PAGE = 2u << 20, HUGE_MIN = 4u << 20 };

void hs__mem_huge(void *p, size_t bytes)
{
#ifdef MADV_HUGEPAGE
    if (!p || bytes < HUGE_MIN) {
        return;
    }
    uintptr_t a = ((uintptr_t)p + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1);
    uintptr_t b = ((uintptr_t)p + bytes) & ~(uintptr_t)(HUGE_PAGE - 1);
    if (b > a) {
        (void)madvise((void *)a, b - a, MADV_HUGEPAGE); /* advice only: a refusal changes nothing */
    }
#else
    (void)p;
    (void)bytes;
#endif
}

void *hs__malloc_big(size_t bytes)
{
    void *p = malloc(bytes);
    hs__mem_huge(p, bytes);
    return p;
}

void *hs__calloc_big(size_t n, size_t elem)
{
    void *p = calloc(n, elem);
    if (p) {
        hs__mem_huge(p, n * elem); /* calloc checked n * elem for overflow */
    }
    return p;
}

void *hs__realloc_big(void *p, size_t bytes)
{
    void *q = realloc(p, bytes);
    hs__mem_huge(q, bytes);
    return q;
}
