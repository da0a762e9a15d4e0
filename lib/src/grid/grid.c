/*
 * Aligned square grids: the spec covering a box, the cell of a point and SCB-style cell ids.
 * Plain arithmetic; counting and densities live in their own files.
 */
#include "core/hs_internal.h"
#include "grid/grid.h"

#include <math.h>
#include <stdio.h>

int hs_grid_spec_aligned(hs_grid_spec *out, hs_bbox box, double cell)
{
    if (!out || !(cell > 0) || !isfinite(cell) || !(box.xmin <= box.xmax) ||
        !(box.ymin <= box.ymax) || !isfinite(box.xmin) || !isfinite(box.xmax) ||
        !isfinite(box.ymin) || !isfinite(box.ymax)) {
        return HS_EINVAL;
    }
    double x0 = floor(box.xmin / cell) * cell;
    double y0 = floor(box.ymin / cell) * cell;
    double x1 = floor(box.xmax / cell) * cell + cell;
    double y1 = floor(box.ymax / cell) * cell + cell;
    double nx = floor((x1 - x0) / cell + 0.5), ny = floor((y1 - y0) / cell + 0.5);
    if (nx > 1e9 || ny > 1e9 || nx * ny > 4e9) {
        return HS_ELIMIT;
    }
    out->x0 = x0;
    out->y0 = y0;
    out->cell = cell;
    out->nx = (int64_t)nx;
    out->ny = (int64_t)ny;
    return HS_OK;
}

int hs_grid_spec_cover(hs_grid_spec *out, hs_bbox box, double cell)
{
    if (!out || !(cell > 0) || !isfinite(cell) || !(box.xmin < box.xmax) ||
        !(box.ymin < box.ymax) || !isfinite(box.xmin) || !isfinite(box.xmax) ||
        !isfinite(box.ymin) || !isfinite(box.ymax)) {
        return HS_EINVAL;
    }
    double x0 = floor(box.xmin / cell) * cell, y0 = floor(box.ymin / cell) * cell;
    double nx = ceil((box.xmax - x0) / cell - 1e-9), ny = ceil((box.ymax - y0) / cell - 1e-9);
    if (nx > 1e9 || ny > 1e9 || nx * ny > 4e9) {
        return HS_ELIMIT;
    }
    out->x0 = x0;
    out->y0 = y0;
    out->cell = cell;
    out->nx = nx < 1 ? 1 : (int64_t)nx;
    out->ny = ny < 1 ? 1 : (int64_t)ny;
    return HS_OK;
}

int hs_grid_cell_of(int64_t *ix, int64_t *iy, const hs_grid_spec *g, double x, double y)
{
    double fx = floor((x - g->x0) / g->cell), fy = floor((y - g->y0) / g->cell);
    if (!(fx >= 0 && fy >= 0 && fx < (double)g->nx && fy < (double)g->ny)) {
        return -1;
    }
    *ix = (int64_t)fx;
    *iy = (int64_t)fy;
    return 0;
}

void hs_grid_cell_id(char *buf, size_t size, const hs_grid_spec *g, int64_t ix, int64_t iy)
{
    double x = g->x0 + (double)ix * g->cell, y = g->y0 + (double)iy * g->cell;
    if (x == floor(x) && y == floor(y) && x >= 0 && x < 1e6 && y >= 0 && y < 1e7 && size >= 14) {
        char *p = hs__put_digits(buf, (uint64_t)x, 6);
        p = hs__put_digits(p, (uint64_t)y, 7);
        *p = '\0';
    } else {
        snprintf(buf, size, "E%.6gN%.7g", x, y);
    }
}

void hs__cell_ring(hs_point ring[5], const hs_grid_spec *g, int64_t ix, int64_t iy)
{
    double x0 = g->x0 + (double)ix * g->cell;
    double y0 = g->y0 + (double)iy * g->cell;
    ring[0] = (hs_point){x0, y0};
    ring[1] = (hs_point){x0 + g->cell, y0};
    ring[2] = (hs_point){x0 + g->cell, y0 + g->cell};
    ring[3] = (hs_point){x0, y0 + g->cell};
    ring[4] = ring[0];
}
