/*
 * Unit tests of hexagon grids and grids of either shape: hexagon area = size^2, the exact
 * nearest-centre assignment against a brute force on 100 000 seeded points (on edges and vertices
 * too) with the north-then-east tie rule, ids that do not depend on the window, covering windows,
 * conservation of counts, and rates with a minimum population.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/hs_internal.h"

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;
static double urand(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (double)(rng_state >> 11) / 9007199254740992.0;
}

static double shoelace(const hs_point *p, size_t n)
{
    double s = 0;
    for (size_t i = 0; i + 1 < n; i++) { /* relative to p[0]: no cancellation */
        s += (p[i].x - p[0].x) * (p[i + 1].y - p[0].y) - (p[i + 1].x - p[0].x) * (p[i].y - p[0].y);
    }
    return 0.5 * s;
}

/* Brute force: the nearest centre over a wide neighbourhood, ties to the north, then the east. */
static void brute(int64_t *col, int64_t *row, double side, double x, double y)
{
    double h = sqrt(3.0) * side, bd = INFINITY, bx = 0, by = 0;
    int64_t c0 = (int64_t)llround(x / (1.5 * side)), r0 = (int64_t)llround(y / h);
    for (int64_t c = c0 - 3; c <= c0 + 3; c++) {
        for (int64_t r = r0 - 3; r <= r0 + 3; r++) {
            double cx, cy;
            hs_hexgrid_centre(&cx, &cy, side, c, r);
            double d = (x - cx) * (x - cx) + (y - cy) * (y - cy);
            if (d < bd || (d == bd && (cy > by || (cy == by && cx > bx)))) {
                bd = d;
                bx = cx;
                by = cy;
                *col = c;
                *row = r;
            }
        }
    }
}

Test(hexgrid, area_equals_square_and_ring)
{
    double sizes[] = {250, 1000, 62.5, 3.0};
    for (size_t k = 0; k < 4; k++) {
        hs_hexgrid_spec h;
        hs_bbox b = {345123.4, 6472001.0, 346999.9, 6473250.0};
        cr_assert_eq(hs_hexgrid_spec_cover(&h, b, sizes[k]), HS_OK);
        cr_assert_float_eq(h.side, sizes[k] * sqrt(2.0 / (3.0 * sqrt(3.0))), 1e-12 * sizes[k]);
        hs_point ring[7];
        hs_hexgrid_ring(ring, &h, 3);
        cr_assert(ring[0].x == ring[6].x && ring[0].y == ring[6].y);
        double a = shoelace(ring, 7);
        cr_assert(a > 0, "counter-clockwise");
        cr_assert(fabs(a - sizes[k] * sizes[k]) < 1e-9 * sizes[k] * sizes[k], "area %.12g", a);
        /* every edge has the side's length */
        for (int i = 0; i < 6; i++) {
            double e = hypot(ring[i + 1].x - ring[i].x, ring[i + 1].y - ring[i].y);
            cr_assert(fabs(e - h.side) < 1e-9 * h.side);
        }
    }
    cr_assert_eq(hs_hexgrid_spec_cover(&(hs_hexgrid_spec){0}, (hs_bbox){0, 0, 1, 1}, 0), HS_EINVAL);
}

Test(hexgrid, nearest_centre_brute_force_100k)
{
    const double size = 250, side = hs_hexgrid_side(size), h = sqrt(3.0) * side;
    size_t on_edge = 0;
    for (int i = 0; i < 100000; i++) {
        double x, y;
        int kind = i % 5;
        if (kind < 2) { /* anywhere in a Swedish-sized box */
            x = 260000 + urand() * 660000;
            y = 6130000 + urand() * 1550000;
        } else {
            /* on an edge (kind 2, 3) or exactly on a vertex (kind 4) of a random hexagon */
            int64_t c = 1000 + (int64_t)(urand() * 4000), r = 20000 + (int64_t)(urand() * 9000);
            hs_hexgrid_spec one = {size, side, c, r, 1, 1};
            hs_point ring[7];
            hs_hexgrid_ring(ring, &one, 0);
            int v = (int)(urand() * 6);
            double t = kind == 4 ? 0 : kind == 3 ? 0.5 : urand();
            x = ring[v].x + t * (ring[v + 1].x - ring[v].x);
            y = ring[v].y + t * (ring[v + 1].y - ring[v].y);
            on_edge++;
        }
        int64_t c, r, bc = 0, br = 0;
        hs_hexgrid_locate(&c, &r, side, x, y);
        brute(&bc, &br, side, x, y);
        cr_assert(c == bc && r == br,
                  "point %d (%.6f, %.6f): locate (%lld, %lld), brute (%lld, %lld)", i, x, y,
                  (long long)c, (long long)r, (long long)bc, (long long)br);
        double cx, cy;
        hs_hexgrid_centre(&cx, &cy, side, c, r);
        cr_assert(hypot(x - cx, y - cy) <= side * (1 + 1e-12), "inside its hexagon's circle");
    }
    cr_assert_eq(on_edge, 60000);
    /* exact ties: (0, h/2) lies at exactly h/2 from the centres of rows 0 and 1 of column 0 (the
     * subtraction h/2 - h is exact): the northern hexagon wins */
    int64_t c, r;
    hs_hexgrid_locate(&c, &r, side, 0.0, h / 2);
    cr_assert(c == 0 && r == 1, "(%lld, %lld)", (long long)c, (long long)r);
    hs_hexgrid_locate(&c, &r, side, 0.0, -h / 2);
    cr_assert(c == 0 && r == 0, "(%lld, %lld)", (long long)c, (long long)r);
    hs_hexgrid_locate(&c, &r, side, 0.0, 0.0);
    cr_assert(c == 0 && r == 0);
    /* the lattice is anchored on the origin: odd columns are shifted north by half a row */
    double cx, cy;
    hs_hexgrid_centre(&cx, &cy, side, -1, 0);
    cr_assert(cx == -1.5 * side && fabs(cy - h / 2) < 1e-12);
}

Test(hexgrid, ids_stable_under_shifted_extent)
{
    hs_hexgrid_spec a, b;
    cr_assert_eq(hs_hexgrid_spec_cover(&a, (hs_bbox){350000, 6580000, 360000, 6590000}, 250), 0);
    cr_assert_eq(hs_hexgrid_spec_cover(&b, (hs_bbox){354321, 6583210, 371000, 6599000}, 250), 0);
    cr_assert(a.col0 != b.col0 || a.row0 != b.row0);
    for (int i = 0; i < 20000; i++) {
        double x = 354400 + urand() * 5500, y = 6583300 + urand() * 6600;
        size_t ca, cb;
        cr_assert_eq(hs_hexgrid_cell_of(&ca, &a, x, y), 0);
        cr_assert_eq(hs_hexgrid_cell_of(&cb, &b, x, y), 0);
        char ia[64], ib[64];
        hs_hexgrid_cell_id(ia, sizeof ia, &a, ca);
        hs_hexgrid_cell_id(ib, sizeof ib, &b, cb);
        cr_assert_str_eq(ia, ib);
        hs_point ra[7], rb[7];
        hs_hexgrid_ring(ra, &a, ca);
        hs_hexgrid_ring(rb, &b, cb);
        cr_assert(memcmp(ra, rb, sizeof ra) == 0, "same hexagon, same coordinates");
    }
    /* the id names the global column and row */
    size_t c;
    double side = hs_hexgrid_side(250), cx, cy;
    hs_hexgrid_centre(&cx, &cy, side, 1520, 24500);
    cr_assert_eq(hs_hexgrid_cell_of(&c, &a, cx, cy), 0);
    char id[64];
    hs_hexgrid_cell_id(id, sizeof id, &a, c);
    cr_assert_str_eq(id, "H250_1520_24500");
    hs_cellgrid g = {.shape = HS_GRID_HEX, .hex = a};
    double ax, ay;
    hs_cellgrid_anchor(&ax, &ay, &g, c);
    cr_assert(ax == cx && ay == cy, "x0/y0 of a hexagon is its centre");
}

Test(hexgrid, cover_and_conservation)
{
    enum { N = 50000 };
    static double x[N], y[N];
    static int32_t cat[N];
    hs_bbox box = {INFINITY, INFINITY, -INFINITY, -INFINITY};
    for (int i = 0; i < N; i++) {
        x[i] = 350000 + urand() * 12345;
        y[i] = 6580000 + urand() * 9876;
        cat[i] = i % 3;
        box.xmin = fmin(box.xmin, x[i]);
        box.ymin = fmin(box.ymin, y[i]);
        box.xmax = fmax(box.xmax, x[i]);
        box.ymax = fmax(box.ymax, y[i]);
    }
    x[7] = NAN; /* never counts */
    uint8_t prec[N];
    memset(prec, HS_PREC_EXACT, sizeof prec);
    prec[8] = HS_PREC_KOMMUN; /* never counts */
    hs_cellgrid g = {.shape = HS_GRID_HEX};
    cr_assert_eq(hs_hexgrid_spec_cover(&g.hex, box, 250), HS_OK);
    size_t nc = hs_cellgrid_ncells(&g);
    int64_t *counts = calloc(nc, sizeof *counts), *cc = calloc(3 * nc, sizeof *cc), outside = -1;
    cr_assert_eq(hs_cellgrid_count(counts, cc, &outside, NULL, &g, x, y, prec, NULL, cat, 3, N),
                 HS_OK);
    int64_t sum = 0, csum = 0, inbox = 0;
    for (size_t c = 0; c < nc; c++) {
        sum += counts[c];
        csum += cc[c] + cc[nc + c] + cc[2 * nc + c];
        cr_assert(counts[c] == cc[c] + cc[nc + c] + cc[2 * nc + c]);
        inbox += counts[c] > 0 && hs_hexgrid_in_box(&g.hex, c, box);
        if (counts[c] > 0) {
            cr_assert(hs_hexgrid_in_box(&g.hex, c, box), "a hexagon holding points meets the box");
        }
    }
    cr_assert_eq(outside, 0, "the cover holds every point of the box");
    cr_assert_eq(sum, N - 2);
    cr_assert_eq(csum, N - 2);
    /* a keep filter: only the points kept count, the others are not "outside" */
    uint8_t *keep = malloc(N);
    for (int i = 0; i < N; i++) {
        keep[i] = (uint8_t)(i % 2);
    }
    cr_assert_eq(hs_cellgrid_count(counts, NULL, &outside, NULL, &g, x, y, prec, keep, NULL, 0, N),
                 HS_OK);
    sum = 0;
    for (size_t c = 0; c < nc; c++) {
        sum += counts[c];
    }
    cr_assert_eq(sum, N / 2 - 1); /* point 7 is odd and NaN */
    cr_assert_eq(outside, 0);
    /* the square grid through hs_cellgrid gives what hs_grid_count gives */
    hs_cellgrid sq = {.shape = HS_GRID_SQUARE};
    cr_assert_eq(hs_grid_spec_aligned(&sq.square, box, 250), HS_OK);
    size_t ns = hs_cellgrid_ncells(&sq);
    int64_t *a = calloc(ns, sizeof *a), *b = calloc(ns, sizeof *b);
    cr_assert_eq(hs_grid_count(a, NULL, NULL, NULL, &sq.square, x, y, prec, NULL, 0, N), HS_OK);
    cr_assert_eq(hs_cellgrid_count(b, NULL, NULL, NULL, &sq, x, y, prec, NULL, NULL, 0, N), HS_OK);
    cr_assert(memcmp(a, b, ns * sizeof *a) == 0);
    char id[64];
    hs_cellgrid_cell_id(id, sizeof id, &sq, 0);
    cr_assert_str_eq(id, "3500006580000");
    free(a);
    free(b);
    free(keep);
    free(counts);
    free(cc);
}

Test(hexgrid, rates_min_pop)
{
    int64_t n[5] = {3, 0, 7, 2, 1};
    double pop[5] = {1500, 200, 49.9, 0, NAN}, rate[5];
    hs_grid_rates_min(rate, n, pop, 5, 50);
    cr_assert_float_eq(rate[0], 2.0, 1e-12);
    cr_assert_float_eq(rate[1], 0.0, 1e-12);
    cr_assert(isnan(rate[2]), "below the minimum population");
    cr_assert(isnan(rate[3]) && isnan(rate[4]));
    hs_grid_rates(rate, n, pop, 5);
    cr_assert_float_eq(rate[2], 1000.0 * 7 / 49.9, 1e-9);
}
