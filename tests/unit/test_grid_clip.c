/*
 * Unit tests of grid cells against polygons (squares and hexagons): clipped areas add up to the
 * mask's area, clipped rings match their areas, no point inside the mask is lost (against an
 * independent even-odd test), the centre mask for hexagons; and population: areal weighting
 * conserves the total, is exact when the population squares are the grid's cells, spreads a
 * uniform density in proportion to area (clipped cells too), points go to their cell, and the
 * field is found by name or the error lists the fields.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/hs_internal.h"

static uint64_t rng_state = 0x243F6A8885A308D3ull;
static double urand(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (double)(rng_state >> 11) / 9007199254740992.0;
}

/* A concave polygon with a hole, and a triangle (rings closed). */
static const hs_point outer_a[] = {{350000.5, 6580000.3}, {353210.7, 6580100}, {352400, 6582000},
                                   {353600, 6583900.2},   {350300, 6583500},   {351100, 6581900},
                                   {350000.5, 6580000.3}};
static const hs_point hole_a[] = {
    {351500, 6581000}, {351500, 6581500}, {352000, 6581500}, {352000, 6581000}, {351500, 6581000}};
static const hs_point tri_b[] = {
    {354000, 6580000}, {356000, 6580500}, {354500, 6582500}, {354000, 6580000}};

static double shoelace(const hs_point *p, size_t n)
{
    double s = 0;
    for (size_t i = 0; i + 1 < n; i++) {
        s += (p[i].x - p[0].x) * (p[i + 1].y - p[0].y) - (p[i + 1].x - p[0].x) * (p[i].y - p[0].y);
    }
    return 0.5 * s;
}

static int crosses(const hs_point *p, size_t n, double x, double y)
{
    int in = 0;
    for (size_t i = 0, j = n - 2; i + 1 < n; j = i++) {
        if ((p[i].y > y) != (p[j].y > y) &&
            x < (p[j].x - p[i].x) * (y - p[i].y) / (p[j].y - p[i].y) + p[i].x) {
            in = !in;
        }
    }
    return in;
}

static int pip(double x, double y)
{
    return (crosses(outer_a, 7, x, y) ^ crosses(hole_a, 5, x, y)) | crosses(tri_b, 4, x, y);
}

static void put_ring(FILE *f, const hs_point *p, size_t n)
{
    fputc('[', f);
    for (size_t i = 0; i < n; i++) {
        fprintf(f, "%s[%.17g,%.17g]", i ? "," : "", p[i].x, p[i].y);
    }
    fputc(']', f);
}

static const char *write_mask(void)
{
    static char path[64];
    snprintf(path, sizeof path, "/tmp/hs_test_clip_%d.geojson", (int)getpid());
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs("{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":"
          "{\"code\":\"A\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[",
          f);
    put_ring(f, outer_a, 7);
    fputc(',', f);
    put_ring(f, hole_a, 5);
    fputs("]}},{\"type\":\"Feature\",\"properties\":{\"code\":\"B\"},\"geometry\":{\"type\":"
          "\"Polygon\",\"coordinates\":[",
          f);
    put_ring(f, tri_b, 4);
    fputs("]}}]}", f);
    fclose(f);
    return path;
}

/* Population squares of 250 m over [x0, x0 + nx*250) x [y0, ...): value v(i, j) or a constant. */
static const char *write_pop_squares(const char *tag, double x0, double y0, int nx, int ny,
                                     double constant, const char *field)
{
    static char path[96];
    snprintf(path, sizeof path, "/tmp/hs_test_pop_%s_%d.geojson", tag, (int)getpid());
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs("{\"type\":\"FeatureCollection\",\"features\":[", f);
    for (int j = 0; j < ny; j++) {
        for (int i = 0; i < nx; i++) {
            double x = x0 + 250.0 * i, y = y0 + 250.0 * j;
            double v = constant > 0 ? constant : (double)((i * 7 + j * 13) % 53) + 0.5;
            fprintf(f,
                    "%s{\"type\":\"Feature\",\"properties\":{\"Rutid\":\"%d_%d\",\"%s\":%.17g},"
                    "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[%.17g,%.17g],[%.17g,"
                    "%.17g],[%.17g,%.17g],[%.17g,%.17g],[%.17g,%.17g]]]}}",
                    i || j ? "," : "", i, j, field, v, x, y, x + 250, y, x + 250, y + 250, x,
                    y + 250, x, y);
        }
    }
    fputs("]}", f);
    fclose(f);
    return path;
}

static double mask_area(void)
{
    return shoelace(outer_a, 7) - fabs(shoelace(hole_a, 5)) + shoelace(tri_b, 4);
}

static void check_clip(hs_ctx *ctx, hs_areas *a, hs_cellgrid *g)
{
    hs_grid_clip *c = NULL;
    cr_assert_eq(hs_grid_clip_new(&c, ctx, g, a), HS_OK, "%s", hs_ctx_errmsg(ctx));
    size_t nc = hs_cellgrid_ncells(g);
    const uint8_t *st = hs_grid_clip_state(c);
    const double *ar = hs_grid_clip_area(c);
    double size = hs_cellgrid_size(g), total = 0;
    size_t ncut = 0, nin = 0;
    for (size_t k = 0; k < nc; k++) {
        total += ar[k];
        const hs_point *pts;
        const size_t *rl;
        const uint8_t *outer;
        size_t nr;
        cr_assert_eq(hs_grid_clip_rings(&pts, &rl, &nr, &outer, c, k), HS_OK);
        if (st[k] == HS_CLIP_INSIDE) {
            nin++;
            cr_assert(fabs(ar[k] - size * size) < 1e-9 * size * size);
            cr_assert_eq(nr, 0);
        } else if (st[k] == HS_CLIP_CUT) {
            ncut++;
            cr_assert(nr > 0 && outer[0] == 1);
            double s = 0;
            for (size_t r = 0; r < nr; r++) {
                double sa = shoelace(pts, rl[r]);
                cr_assert(outer[r] ? sa > 0 : sa < 0, "outer rings CCW, holes CW");
                s += sa;
                pts += rl[r];
            }
            cr_assert(fabs(s - ar[k]) < 1e-6 * size * size, "rings %.6f, area %.6f", s, ar[k]);
            cr_assert(ar[k] > 0 && ar[k] < size * size * (1 + 1e-9));
        } else {
            cr_assert_eq(ar[k], 0);
        }
    }
    double want = mask_area();
    cr_assert(fabs(total - want) < 1e-6 * want, "clipped areas %.6f, mask %.6f", total, want);
    cr_assert(ncut > 10 && nin > 10);
    /* no point inside the mask is lost: inside flags against an independent even-odd test */
    enum { N = 20000 };
    static double x[N], y[N];
    static uint8_t in[N];
    size_t want_in = 0;
    for (int i = 0; i < N; i++) {
        x[i] = 349500 + urand() * 7000;
        y[i] = 6579500 + urand() * 5000;
        want_in += (size_t)pip(x[i], y[i]);
    }
    cr_assert_eq(hs_grid_clip_points(in, ctx, c, x, y, N), HS_OK);
    for (int i = 0; i < N; i++) {
        cr_assert_eq(in[i], pip(x[i], y[i]), "point %d (%.3f, %.3f)", i, x[i], y[i]);
        size_t cell;
        if (in[i]) {
            cr_assert_eq(hs_cellgrid_cell_of(&cell, g, x[i], y[i]), 0);
            cr_assert_neq(st[cell], HS_CLIP_OUTSIDE, "a point inside lies in a kept cell");
        }
    }
    int64_t *counts = calloc(nc, sizeof *counts), sum = 0;
    cr_assert_eq(hs_cellgrid_count(counts, NULL, NULL, ctx, g, x, y, NULL, in, NULL, 0, N), HS_OK);
    for (size_t k = 0; k < nc; k++) {
        sum += st[k] != HS_CLIP_OUTSIDE ? counts[k] : 0;
    }
    cr_assert_eq((size_t)sum, want_in);
    free(counts);
    hs_grid_clip_free(c);
}

Test(gridclip, areas_and_points_squares_and_hexagons)
{
    hs_ctx *ctx = NULL;
    hs_ctx_new(&ctx);
    hs_areas *a = NULL;
    cr_assert_eq(hs_areas_open(&a, ctx, write_mask(), NULL), HS_OK, "%s", hs_ctx_errmsg(ctx));
    hs_bbox box = hs_areas_bbox(a);
    hs_cellgrid g = {.shape = HS_GRID_SQUARE};
    cr_assert_eq(hs_grid_spec_cover(&g.square, box, 250), HS_OK);
    check_clip(ctx, a, &g);
    g.shape = HS_GRID_HEX;
    cr_assert_eq(hs_hexgrid_spec_cover(&g.hex, box, 250), HS_OK);
    check_clip(ctx, a, &g);
    cr_assert_eq(hs_hexgrid_spec_cover(&g.hex, box, 97.3), HS_OK);
    check_clip(ctx, a, &g);
    /* the hexagon centre mask agrees with the even-odd test at every centre */
    size_t nc = hs_cellgrid_ncells(&g);
    uint8_t *m = malloc(nc);
    cr_assert_eq(hs_cellgrid_mask(m, ctx, &g, a), HS_OK);
    for (size_t k = 0; k < nc; k++) {
        double cx, cy;
        hs_cellgrid_anchor(&cx, &cy, &g, k);
        cr_assert_eq(m[k], pip(cx, cy), "centre %zu", k);
    }
    free(m);
    hs_areas_free(a);
    hs_ctx_free(ctx);
}

static double sum_of(const double *v, size_t n)
{
    double s = 0;
    for (size_t i = 0; i < n; i++) {
        s += v[i];
    }
    return s;
}

Test(population, areal_weighting)
{
    hs_ctx *ctx = NULL;
    hs_ctx_new(&ctx);
    /* 24 x 18 SCB-like squares from (349750, 6579750) */
    const char *path = write_pop_squares("var", 349750, 6579750, 24, 18, 0, "BefTotalt");
    hs_population *p = NULL;
    cr_assert_eq(hs_population_open(&p, ctx, path, NULL), HS_OK, "%s", hs_ctx_errmsg(ctx));
    cr_assert_str_eq(hs_population_field(p), "BefTotalt");
    cr_assert_eq(hs_population_count(p), 24 * 18);
    cr_assert_eq(hs_population_is_points(p), 0);
    double total = hs_population_total(p);
    /* the count grid is the population grid: exact cell by cell */
    hs_cellgrid g = {.shape = HS_GRID_SQUARE};
    cr_assert_eq(hs_grid_spec_cover(&g.square, (hs_bbox){349000, 6579000, 357000, 6585000}, 250),
                 0);
    size_t nc = hs_cellgrid_ncells(&g);
    double *pop = calloc(nc, sizeof *pop), placed = 0;
    cr_assert_eq(hs_population_cells(pop, &placed, ctx, p, &g, NULL), HS_OK, "%s",
                 hs_ctx_errmsg(ctx));
    for (size_t k = 0; k < nc; k++) {
        double x, y;
        hs_cellgrid_anchor(&x, &y, &g, k);
        int i = (int)lround((x - 349750) / 250), j = (int)lround((y - 6579750) / 250);
        double want = i >= 0 && i < 24 && j >= 0 && j < 18 ? ((i * 7 + j * 13) % 53) + 0.5 : 0;
        cr_assert(fabs(pop[k] - want) <= 1e-9 * fmax(1, want), "cell %zu: %.12g, want %g", k,
                  pop[k], want);
    }
    cr_assert(fabs(placed - total) < 1e-9 * total);
    free(pop);
    /* 1 km squares and hexagons: the total is conserved */
    double sizes[] = {1000, 250, 333.3};
    for (int s = 0; s < 3; s++) {
        hs_bbox b = {349750, 6579750, 349750 + 24 * 250, 6579750 + 18 * 250};
        if (s == 0) {
            g.shape = HS_GRID_SQUARE;
            cr_assert_eq(hs_grid_spec_cover(&g.square, b, sizes[s]), 0);
        } else {
            g.shape = HS_GRID_HEX;
            cr_assert_eq(hs_hexgrid_spec_cover(&g.hex, b, sizes[s]), 0);
        }
        nc = hs_cellgrid_ncells(&g);
        pop = calloc(nc, sizeof *pop);
        cr_assert_eq(hs_population_cells(pop, &placed, ctx, p, &g, NULL), HS_OK);
        cr_assert(fabs(sum_of(pop, nc) - total) < 1e-9 * total, "size %g: %.12g of %.12g", sizes[s],
                  sum_of(pop, nc), total);
        free(pop);
    }
    hs_population_free(p);
    hs_ctx_free(ctx);
}

Test(population, uniform_density_follows_area_clipped_too)
{
    hs_ctx *ctx = NULL;
    hs_ctx_new(&ctx);
    /* 100 inhabitants per 250 m square over the whole mask: density 100 / 62 500 per m^2 */
    const char *path = write_pop_squares("uni", 349750, 6579750, 28, 18, 100, "folkmangd");
    hs_population *p = NULL;
    cr_assert_eq(hs_population_open(&p, ctx, path, NULL), HS_OK, "%s", hs_ctx_errmsg(ctx));
    hs_areas *a = NULL;
    cr_assert_eq(hs_areas_open(&a, ctx, write_mask(), NULL), HS_OK);
    hs_cellgrid g = {.shape = HS_GRID_HEX};
    cr_assert_eq(hs_hexgrid_spec_cover(&g.hex, hs_areas_bbox(a), 250), HS_OK);
    hs_grid_clip *c = NULL;
    cr_assert_eq(hs_grid_clip_new(&c, ctx, &g, a), HS_OK);
    size_t nc = hs_cellgrid_ncells(&g);
    double *pop = calloc(nc, sizeof *pop), placed;
    cr_assert_eq(hs_population_cells(pop, &placed, ctx, p, &g, c), HS_OK, "%s", hs_ctx_errmsg(ctx));
    const double *ar = hs_grid_clip_area(c);
    for (size_t k = 0; k < nc; k++) {
        double want = ar[k] * 100.0 / 62500.0;
        cr_assert(fabs(pop[k] - want) < 1e-9 * 100, "cell %zu: %.12g, want %.12g", k, pop[k], want);
    }
    cr_assert(fabs(placed - mask_area() * 100.0 / 62500.0) < 1e-9 * placed);
    /* unclipped: a hexagon inside the population squares holds exactly 100 (same area) */
    cr_assert_eq(hs_population_cells(pop, NULL, ctx, p, &g, NULL), HS_OK);
    size_t full = 0;
    for (size_t k = 0; k < nc; k++) {
        hs_bbox b = hs_cellgrid_cell_bbox(&g, k);
        if (b.xmin > 349750 && b.xmax < 349750 + 28 * 250 && b.ymin > 6579750 &&
            b.ymax < 6579750 + 18 * 250) {
            cr_assert(fabs(pop[k] - 100) < 1e-9 * 100, "%.12g", pop[k]);
            full++;
        }
    }
    cr_assert(full > 100);
    free(pop);
    hs_grid_clip_free(c);
    hs_areas_free(a);
    hs_population_free(p);
    hs_ctx_free(ctx);
}

Test(population, points_and_field_errors)
{
    hs_ctx *ctx = NULL;
    hs_ctx_new(&ctx);
    char path[64];
    snprintf(path, sizeof path, "/tmp/hs_test_poppt_%d.geojson", (int)getpid());
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs("{\"type\":\"FeatureCollection\",\"features\":["
          "{\"type\":\"Feature\",\"properties\":{\"namn\":\"A\",\"Invånare\":1200},"
          "\"geometry\":{\"type\":\"Point\",\"coordinates\":[350100,6580100]}},"
          "{\"type\":\"Feature\",\"properties\":{\"namn\":\"B\",\"Invånare\":\"340,5\"},"
          "\"geometry\":{\"type\":\"Point\",\"coordinates\":[350000,6580250]}},"
          "{\"type\":\"Feature\",\"properties\":{\"namn\":\"C\",\"Invånare\":null},"
          "\"geometry\":{\"type\":\"Point\",\"coordinates\":[350300,6580300]}}]}",
          f);
    fclose(f);
    hs_population *p = NULL;
    cr_assert_eq(hs_population_open(&p, ctx, path, NULL), HS_OK, "%s", hs_ctx_errmsg(ctx));
    cr_assert_str_eq(hs_population_field(p), "Invånare");
    cr_assert_eq(hs_population_is_points(p), 1);
    cr_assert_eq(hs_population_count(p), 2, "the NULL value is skipped");
    hs_cellgrid g = {.shape = HS_GRID_SQUARE, .square = {350000, 6580000, 250, 2, 2}};
    double pop[4];
    cr_assert_eq(hs_population_cells(pop, NULL, ctx, p, &g, NULL), HS_OK);
    cr_assert_float_eq(pop[0], 1200, 1e-12);
    cr_assert_float_eq(pop[2], 340.5, 1e-12, "a point on the south edge belongs to the cell");
    cr_assert(pop[1] == 0 && pop[3] == 0);
    hs_population_free(p);
    /* a named field that does not exist, and no field found by name: the fields are listed */
    hs_population_opts o = HS_POPULATION_OPTS_INIT;
    o.field = "BEF";
    cr_assert_eq(hs_population_open(&p, ctx, path, &o), HS_ENOTFOUND);
    cr_assert(strstr(hs_ctx_errmsg(ctx), "namn") && strstr(hs_ctx_errmsg(ctx), path), "%s",
              hs_ctx_errmsg(ctx));
    const char *sq = write_pop_squares("nofield", 0, 0, 1, 1, 5, "value");
    cr_assert_eq(hs_population_open(&p, ctx, sq, NULL), HS_ENOTFOUND);
    cr_assert(strstr(hs_ctx_errmsg(ctx), "Rutid, value"), "%s", hs_ctx_errmsg(ctx));
    o.field = "VALUE";
    cr_assert_eq(hs_population_open(&p, ctx, sq, &o), HS_OK, "case-insensitive");
    hs_population_free(p);
    hs_ctx_free(ctx);
}
