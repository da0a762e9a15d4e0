/*
 * Hexagon grids: a flat-topped lattice fixed in the working CRS (hexagon area = size^2), the exact
 * nearest-centre assignment of points with its tie rule, windows covering a box, ids and rings.
 * Plain arithmetic over doubles: no GDAL, GEOS or PROJ; counting is in grid_count.c.
 */
#include "core/hs_internal.h"

#include <math.h>
#include <stdio.h>

double hs_hexgrid_side(double size)
{
    return size * sqrt(2.0 / (3.0 * sqrt(3.0)));
}

void hs_hexgrid_centre(double *x, double *y, double side, int64_t col, int64_t row)
{
    double h = sqrt(3.0) * side;
    *x = 1.5 * side * (double)col;
    *y = h * ((double)row + 0.5 * (double)(col & 1));
}

void hs_hexgrid_locate(int64_t *col, int64_t *row, double side, double x, double y)
{
    double h = sqrt(3.0) * side, dx = 1.5 * side;
    int64_t ca = (int64_t)floor(x / dx);
    int64_t bc = 0, br = 0;
    double bd = INFINITY, bx = 0, by = 0;
    /* the owning column is ca or ca + 1 (a hexagon reaches 2/3 of the column spacing); ca - 1
     * and the rows either side of the rounded one guard against rounding in the divisions */
    for (int64_t c = ca - 1; c <= ca + 1; c++) {
        int64_t r0 = (int64_t)floor(y / h - 0.5 * (double)(c & 1) + 0.5);
        for (int64_t r = r0 - 1; r <= r0 + 1; r++) {
            double cx, cy;
            hs_hexgrid_centre(&cx, &cy, side, c, r);
            double d = (x - cx) * (x - cx) + (y - cy) * (y - cy);
            if (d < bd || (d == bd && (cy > by || (cy == by && cx > bx)))) {
                bd = d;
                bx = cx;
                by = cy;
                bc = c;
                br = r;
            }
        }
    }
    *col = bc;
    *row = br;
}

int hs_hexgrid_spec_cover(hs_hexgrid_spec *out, hs_bbox box, double size)
{
    if (!out || !(size > 0) || !isfinite(size) || !(box.xmin <= box.xmax) ||
        !(box.ymin <= box.ymax) || !isfinite(box.xmin) || !isfinite(box.xmax) ||
        !isfinite(box.ymin) || !isfinite(box.ymax)) {
        return HS_EINVAL;
    }
    double s = hs_hexgrid_side(size), h = sqrt(3.0) * s, dx = 1.5 * s;
    /* columns whose hexagons' x-range [dx c - s, dx c + s] meets the box (closed), rows likewise
     * for either parity of column */
    double c0 = ceil((box.xmin - s) / dx), c1 = floor((box.xmax + s) / dx);
    double r0 = fmin(ceil(box.ymin / h - 0.5), ceil(box.ymin / h - 1.0));
    double r1 = fmax(floor(box.ymax / h + 0.5), floor(box.ymax / h));
    double nc = c1 - c0 + 1, nr = r1 - r0 + 1;
    if (!(nc >= 1) || !(nr >= 1) || nc > 1e9 || nr > 1e9 || nc * nr > 4e9) {
        return nc * nr > 4e9 ? HS_ELIMIT : HS_EINVAL;
    }
    out->size = size;
    out->side = s;
    out->col0 = (int64_t)c0;
    out->row0 = (int64_t)r0;
    out->ncol = (int64_t)nc;
    out->nrow = (int64_t)nr;
    return HS_OK;
}

static void cell_colrow(int64_t *col, int64_t *row, const hs_hexgrid_spec *h, size_t cell)
{
    *col = h->col0 + (int64_t)(cell % (size_t)h->ncol);
    *row = h->row0 + (int64_t)(cell / (size_t)h->ncol);
}

int hs_hexgrid_cell_of(size_t *cell, const hs_hexgrid_spec *h, double x, double y)
{
    if (!isfinite(x) || !isfinite(y)) {
        return -1;
    }
    int64_t c, r;
    hs_hexgrid_locate(&c, &r, h->side, x, y);
    c -= h->col0;
    r -= h->row0;
    if (c < 0 || r < 0 || c >= h->ncol || r >= h->nrow) {
        return -1;
    }
    *cell = (size_t)(r * h->ncol + c);
    return 0;
}

int hs_hexgrid_in_box(const hs_hexgrid_spec *h, size_t cell, hs_bbox box)
{
    int64_t c, r;
    double cx, cy, hh = 0.5 * sqrt(3.0) * h->side;
    cell_colrow(&c, &r, h, cell);
    hs_hexgrid_centre(&cx, &cy, h->side, c, r);
    return cx - h->side < box.xmax && cx + h->side > box.xmin && cy - hh < box.ymax &&
           cy + hh > box.ymin;
}

void hs_hexgrid_cell_id(char *buf, size_t size, const hs_hexgrid_spec *h, size_t cell)
{
    int64_t c, r;
    cell_colrow(&c, &r, h, cell);
    snprintf(buf, size, "H%.10g_%lld_%lld", h->size, (long long)c, (long long)r);
}

void hs_hexgrid_ring(hs_point ring[7], const hs_hexgrid_spec *h, size_t cell)
{
    int64_t c, r;
    double cx, cy, s = h->side, hh = 0.5 * sqrt(3.0) * s;
    cell_colrow(&c, &r, h, cell);
    hs_hexgrid_centre(&cx, &cy, s, c, r);
    ring[0] = (hs_point){cx + s, cy};
    ring[1] = (hs_point){cx + 0.5 * s, cy + hh};
    ring[2] = (hs_point){cx - 0.5 * s, cy + hh};
    ring[3] = (hs_point){cx - s, cy};
    ring[4] = (hs_point){cx - 0.5 * s, cy - hh};
    ring[5] = (hs_point){cx + 0.5 * s, cy - hh};
    ring[6] = ring[0];
}
