/*
 * Incidents counted into square cells for the report: an open-addressing table keyed by the
 * cell's column and row, so a focus area's counts cost one look-up per incident instead of a sort
 * of every incident. The cells come out by count descending (ties by column, then row). Plain C;
 * it reads no files.
 */
#include "core/hs_internal.h"
#include "report/report.h"

#include <stdlib.h>
#include <string.h>

static size_t slot_of(int64_t ix, int64_t iy, size_t mask)
{
    uint64_t h = (uint64_t)ix * 0x9E3779B97F4A7C15ull ^ (uint64_t)iy * 0xC2B2AE3D27D4EB4Full;
    h ^= h >> 29;
    return (size_t)h & mask;
}

static int rehash(hs__report_cells *c, size_t nslots)
{
    hs__report_cell *s = calloc(nslots, sizeof *s);
    if (s == NULL) {
        return HS_ENOMEM;
    }
    for (size_t i = 0; i < c->nslots; i++) {
        if (c->slot[i].n > 0) {
            size_t k = slot_of(c->slot[i].ix, c->slot[i].iy, nslots - 1);
            while (s[k].n > 0) {
                k = (k + 1) & (nslots - 1);
            }
            s[k] = c->slot[i];
        }
    }
    free(c->slot);
    c->slot = s;
    c->nslots = nslots;
    return HS_OK;
}

int hs__report_cells_add(hs__report_cells *c, int64_t ix, int64_t iy)
{
    if (c->nslots == 0 || (c->n + 1) * 2 > c->nslots) {
        if (rehash(c, c->nslots ? c->nslots * 2 : 256) != HS_OK) {
            return HS_ENOMEM;
        }
    }
    size_t mask = c->nslots - 1;
    size_t k = slot_of(ix, iy, mask);
    while (c->slot[k].n > 0 && (c->slot[k].ix != ix || c->slot[k].iy != iy)) {
        k = (k + 1) & mask;
    }
    if (c->slot[k].n == 0) {
        c->slot[k].ix = ix;
        c->slot[k].iy = iy;
        c->n++;
    }
    c->slot[k].n++;
    return HS_OK;
}

static int by_count(const void *a, const void *b)
{
    const hs__report_cell *p = a;
    const hs__report_cell *q = b;
    if (p->n != q->n) {
        return p->n > q->n ? -1 : 1;
    }
    if (p->ix != q->ix) {
        return p->ix < q->ix ? -1 : 1;
    }
    return p->iy < q->iy ? -1 : (p->iy > q->iy ? 1 : 0);
}

size_t hs__report_cells_sorted(hs__report_cells *c)
{
    size_t m = 0;
    for (size_t i = 0; i < c->nslots; i++) {
        if (c->slot[i].n > 0) {
            c->slot[m++] = c->slot[i];
        }
    }
    if (m > 1) {
        qsort(c->slot, m, sizeof *c->slot, by_count);
    }
    c->nslots = 0; /* no longer a table: the first m slots hold the cells */
    return m;
}

void hs__report_cells_free(hs__report_cells *c)
{
    if (c) {
        free(c->slot);
        memset(c, 0, sizeof *c);
    }
}
