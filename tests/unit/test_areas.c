/*
 * Unit tests of named areas: reading polygons through OGR, point in polygon with GEOS (holes,
 * shared boundaries counted once for the first area), ring accessors and orientation, the
 * scanline grid mask checked against GEOS, aggregation per area and per kommun code, and the
 * real kommun boundaries.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/hs_internal.h"

/* Two unit squares sharing the edge x = 100 (B listed first), and C with a hole; C's ring is
 * given clockwise on purpose. */
static const char *geojson =
    "{\"type\":\"FeatureCollection\",\"features\":["
    "{\"type\":\"Feature\",\"properties\":{\"code\":\"B\",\"name\":\"Torget\",\"kind\":\"torg\"},"
    "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[100,0],[200,0],[200,100],[100,100],[100,"
    "0]]]}},"
    "{\"type\":\"Feature\",\"properties\":{\"code\":\"A\",\"name\":\"Parken\",\"kind\":\"park\"},"
    "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[100,0],[100,100],[0,100],[0,0]]]}}"
    ","
    "{\"type\":\"Feature\",\"properties\":{\"code\":\"C\",\"name\":\"Ringen\"},"
    "\"geometry\":{\"type\":\"MultiPolygon\",\"coordinates\":[[[[300,0],[300,300],[600,300],[600,0]"
    ","
    "[300,0]],[[400,100],[500,100],[500,200],[400,200],[400,100]]],"
    "[[[700,0],[800,0],[800,50],[700,0]]]]}}]}";

static char *write_tmp(void)
{
    static char path[64];
    snprintf(path, sizeof path, "/tmp/hs_test_areas_%d.geojson", (int)getpid());
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs(geojson, f);
    fclose(f);
    return path;
}

Test(areas, open_accessors_locate)
{
    hs_ctx *ctx = NULL;
    hs_ctx_new(&ctx);
    char *path = write_tmp();
    hs_areas *a = NULL;
    cr_assert_eq(hs_areas_open(&a, ctx, path, NULL), HS_OK, "%s", hs_ctx_errmsg(ctx));
    cr_assert_eq(hs_areas_count(a), 3);
    cr_assert_str_eq(hs_areas_id(a, 0), "B");
    cr_assert_str_eq(hs_areas_name(a, 1), "Parken");
    cr_assert_str_eq(hs_areas_kind(a, 0), "torg");
    cr_assert_null(hs_areas_kind(a, 2));
    cr_assert_eq(hs_areas_find(a, "c"), 2);
    cr_assert_eq(hs_areas_find(a, "D"), -1);
    hs_bbox b = hs_areas_bbox(a);
    cr_assert(b.xmin == 0 && b.ymin == 0 && b.xmax == 800 && b.ymax == 300);

    const hs_point *pts;
    const size_t *len;
    const uint8_t *outer;
    size_t nr;
    cr_assert_eq(hs_areas_rings(&pts, &len, &nr, &outer, a, 2), HS_OK);
    cr_assert_eq(nr, 3);
    cr_assert_eq(len[0], 5);
    cr_assert_eq(len[1], 5);
    cr_assert_eq(len[2], 4);
    cr_assert(outer[0] == 1 && outer[1] == 0 && outer[2] == 1);
    /* orientation: outer counter-clockwise (positive area), hole clockwise */
    const hs_point *r = pts;
    for (size_t k = 0; k < 2; k++) {
        double s = 0;
        for (size_t i = 0; i + 1 < len[k]; i++) {
            s += r[i].x * r[i + 1].y - r[i + 1].x * r[i].y;
        }
        cr_assert(k == 0 ? s > 0 : s < 0, "ring %zu area %g", k, s);
        cr_assert(r[0].x == r[len[k] - 1].x && r[0].y == r[len[k] - 1].y, "closed");
        r += len[k];
    }

    double x[] = {50, 150, 100, 100, 450, 350, 750, 760, 900, 400, 100};
    double y[] = {50, 50, 50, 100, 150, 150, 10, 40, 10, 100, 0};
    int32_t want[] = {1, 0, 0, 0, -1, 2, 2, -1, -1, 2, 0};
    int32_t got[11];
    cr_assert_eq(hs_areas_locate(got, ctx, a, x, y, 11), HS_OK);
    for (int i = 0; i < 11; i++) {
        cr_assert_eq(got[i], want[i], "point %d (%g,%g): %d, want %d", i, x[i], y[i], got[i],
                     want[i]);
    }

    /* aggregation: shared-boundary points counted once, kommun precision skipped */
    uint8_t prec[11];
    int32_t cat[11];
    for (int i = 0; i < 11; i++) {
        prec[i] = i == 1 ? HS_PREC_KOMMUN : HS_PREC_ADDRESS;
        cat[i] = i % 2;
    }
    int64_t counts[3], cc[6], outside = 0;
    cr_assert_eq(hs_aggregate_areas(counts, cc, &outside, ctx, a, x, y, prec, cat, 2, 11), HS_OK);
    cr_assert(counts[0] == 3 && counts[1] == 1 && counts[2] == 3);
    cr_assert_eq(outside, 3);
    cr_assert_eq(cc[0 * 3 + 0] + cc[1 * 3 + 0], 3);
    cr_assert_eq(cc[1 * 3 + 0], 1); /* point 3 */
    hs_areas_free(a);
    unlink(path);

    cr_assert_eq(hs_areas_open(&a, ctx, "/nonexistent/x.gpkg", NULL), HS_EIO);
    cr_assert(strstr(hs_ctx_errmsg(ctx), "/nonexistent/x.gpkg") != NULL);
    hs_ctx_free(ctx);
}

Test(areas, mask_grid_matches_geos)
{
    hs_ctx *ctx = NULL;
    hs_ctx_new(&ctx);
    char *path = write_tmp();
    hs_areas *a = NULL;
    cr_assert_eq(hs_areas_open(&a, ctx, path, NULL), HS_OK);
    hs_grid_spec g = {-30, -30, 7, 130, 50};
    size_t nc = 130 * 50;
    uint8_t *m = malloc(nc);
    double *cx = malloc(nc * sizeof *cx), *cy = malloc(nc * sizeof *cy);
    int32_t *loc = malloc(nc * sizeof *loc);
    for (int64_t iy = 0; iy < g.ny; iy++) {
        for (int64_t ix = 0; ix < g.nx; ix++) {
            cx[iy * g.nx + ix] = g.x0 + (ix + 0.5) * g.cell;
            cy[iy * g.nx + ix] = g.y0 + (iy + 0.5) * g.cell;
        }
    }
    cr_assert_eq(hs_areas_locate(loc, ctx, a, cx, cy, nc), HS_OK);
    cr_assert_eq(hs_areas_mask_grid(m, a, &g, -1), HS_OK);
    size_t inside = 0;
    for (size_t c = 0; c < nc; c++) {
        cr_assert_eq(m[c], loc[c] >= 0, "cell %zu (%g,%g)", c, cx[c], cy[c]);
        inside += m[c];
    }
    cr_assert(inside > 1000);
    cr_assert_eq(hs_areas_mask_grid(m, a, &g, 2), HS_OK);
    for (size_t c = 0; c < nc; c++) {
        cr_assert_eq(m[c], loc[c] == 2);
    }
    free(m);
    free(cx);
    free(cy);
    free(loc);
    hs_areas_free(a);
    unlink(path);
    hs_ctx_free(ctx);
}

Test(areas, kommuner_of_sweden)
{
    char path[512];
    snprintf(path, sizeof path, "%s/se_admin/se_kommuner_sweref99tm.gpkg", HS_SHARED_DATA);
    hs_ctx *ctx = NULL;
    hs_ctx_new(&ctx);
    hs_areas *a = NULL;
    cr_assert_eq(hs_areas_open(&a, ctx, path, NULL), HS_OK, "%s", hs_ctx_errmsg(ctx));
    cr_assert_eq(hs_areas_count(a), 290);
    int64_t k = hs_areas_find(a, "1487");
    cr_assert_geq(k, 0);
    cr_assert_str_eq(hs_areas_name(a, (size_t)k), "Vänersborg");
    /* 1 km cells over Vänersborg: the scanline mask and GEOS agree on every centre */
    hs_grid_spec g;
    cr_assert_eq(hs_grid_spec_aligned(&g, hs_areas_area_bbox(a, (size_t)k), 1000), HS_OK);
    size_t nc = (size_t)(g.nx * g.ny);
    uint8_t *m = malloc(nc);
    double *cx = malloc(nc * sizeof *cx), *cy = malloc(nc * sizeof *cy);
    int32_t *loc = malloc(nc * sizeof *loc);
    for (size_t c = 0; c < nc; c++) {
        cx[c] = g.x0 + ((double)(c % (size_t)g.nx) + 0.5) * g.cell;
        cy[c] = g.y0 + ((double)(c / (size_t)g.nx) + 0.5) * g.cell;
    }
    cr_assert_eq(hs_areas_mask_grid(m, a, &g, k), HS_OK);
    cr_assert_eq(hs_areas_locate(loc, ctx, a, cx, cy, nc), HS_OK);
    size_t inside = 0;
    for (size_t c = 0; c < nc; c++) {
        cr_assert_eq(m[c], loc[c] == k, "cell %zu", c);
        inside += m[c];
    }
    /* Vänersborg covers about 640 km2 of land and water */
    cr_assert(inside > 400 && inside < 900, "%zu cells", inside);
    /* a lokalpolisområde as a list of kommuner: the where filter keeps just those */
    hs_areas *lpo = NULL;
    hs_areas_opts o = HS_AREAS_OPTS_INIT;
    o.where = "code IN ('1487','1488','1430')";
    cr_assert_eq(hs_areas_open(&lpo, ctx, path, &o), HS_OK, "%s", hs_ctx_errmsg(ctx));
    cr_assert_eq(hs_areas_count(lpo), 3);
    /* reprojected to WGS84 and back: a kommun's box moves into degrees */
    hs_areas *w = NULL;
    o.where = "code = '1487'";
    o.epsg = 4326;
    cr_assert_eq(hs_areas_open(&w, ctx, path, &o), HS_OK, "%s", hs_ctx_errmsg(ctx));
    hs_bbox wb = hs_areas_bbox(w);
    cr_assert(wb.xmin > 11 && wb.xmax < 13 && wb.ymin > 57.9 && wb.ymax < 58.7, "%g %g %g %g",
              wb.xmin, wb.ymin, wb.xmax, wb.ymax);
    int32_t kc[4] = {1487, 1487, 9999, 1430};
    int64_t counts[3], miss = 0;
    cr_assert_eq(hs_aggregate_by_code(counts, &miss, ctx, lpo, kc, 4), HS_OK);
    cr_assert_eq(counts[0] + counts[1] + counts[2], 3);
    cr_assert_eq(miss, 1);
    hs_areas_free(w);
    hs_areas_free(lpo);
    free(m);
    free(cx);
    free(cy);
    free(loc);
    hs_areas_free(a);
    hs_ctx_free(ctx);
}
