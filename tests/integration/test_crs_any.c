/*
 * The CRS registry against PROJ and GDAL: EPSG, ESRI, OGC codes, WKT (ESRI dialect too) and PROJ
 * strings resolve to the codes PROJ gives them; a CRS without an EPSG code gets a code of its own
 * that transforms, writes a GeoPackage GDAL reads back in the same CRS, and resolves again to the
 * same code; US feet become metres; the working CRS is checked (degrees and feet refused with the
 * reason) and chosen (Sweden, the input's own CRS, its metric variant, the UTM zone of the centre);
 * an ingest keeps rows for their times when asked; map context layers in another CRS are moved into
 * the map's CRS. Reference values from cs2cs (PROJ 9.1.1) as stated at each check.
 */
#include "core/hs_internal.h"
#include "crs/crs.h"
#include "render/render.h"

#include <criterion/criterion.h>
#include <gdal.h>
#include <math.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static hs_ctx *ctx;

static void setup(void)
{
    cr_assert_eq(hs_ctx_new(&ctx), HS_OK);
}

static void teardown(void)
{
    hs_ctx_free(ctx);
}

TestSuite(crs, .init = setup, .fini = teardown);

Test(crs, codes_and_strings)
{
    int c = 0;
    cr_assert_eq(hs_crs_resolve(&c, ctx, "EPSG:26916"), HS_OK);
    cr_assert_eq(c, 26916);
    cr_assert_str_eq(hs_crs_label(ctx, c), "EPSG:26916");
    cr_assert_str_eq(hs_crs_name(ctx, c), "NAD83 / UTM zone 16N");
    cr_assert_eq(hs_crs_resolve(&c, ctx, "3006"), HS_OK);
    cr_assert_eq(c, 3006);
    cr_assert_eq(hs_crs_resolve(&c, ctx, "+proj=utm +zone=33 +datum=WGS84 +units=m +no_defs"),
                 HS_OK);
    cr_assert_eq(c, 32633, "a PROJ string identified as EPSG:32633, got %d", c);
    int esri = 0, crs84 = 0;
    cr_assert_eq(hs_crs_resolve(&esri, ctx, "ESRI:102003"), HS_OK);
    cr_assert_geq(esri, HS_CRS_USER);
    cr_assert_str_eq(hs_crs_label(ctx, esri), "ESRI:102003");
    cr_assert_eq(hs_crs_resolve(&crs84, ctx, "OGC:CRS84"), HS_OK);
    cr_assert_str_eq(hs_crs_label(ctx, crs84), "OGC:CRS84");
    int again = 0;
    cr_assert_eq(hs_crs_resolve(&again, ctx, "ESRI:102003"), HS_OK);
    cr_assert_eq(again, esri, "the same definition, the same code");
    /* WKT of EPSG:3021 without its top-level AUTHORITY node: identified */
    char *wkt = NULL, *name = NULL;
    cr_assert_eq(hs__crs_wkt(&wkt, &name, ctx, 3021), HS_OK);
    char *a = strstr(wkt, "AUTHORITY[\"EPSG\",\"3021\"]");
    cr_assert_not_null(a);
    while (a > wkt && a[-1] != ',') {
        a--;
    }
    cr_assert_gt(a, wkt);
    a[-1] = ']';
    a[0] = '\0';
    cr_assert_null(strstr(wkt, "\"3021\""));
    cr_assert_eq(hs_crs_resolve(&c, ctx, wkt), HS_OK, "%s", hs_ctx_errmsg(ctx));
    cr_assert_eq(c, 3021, "WKT without the top-level id identified as 3021, got %d", c);
    free(wkt);
    free(name);
}

Test(crs, unknown_strings)
{
    int c = 7;
    cr_assert_eq(hs_crs_resolve(&c, ctx, "EPSG:999999"), HS_EUNSUPPORTED);
    cr_assert_eq(c, 0);
    cr_assert(strstr(hs_ctx_errmsg(ctx), "'EPSG:999999' is not a CRS PROJ knows"), "%s",
              hs_ctx_errmsg(ctx));
    cr_assert_eq(hs_crs_resolve(&c, ctx, "SWEREF 99 TMX"), HS_EUNSUPPORTED);
    cr_assert(strstr(hs_ctx_errmsg(ctx), "SWEREF 99 TMX"));
    char path[] = "/tmp/hs_crs_XXXXXX";
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    cr_assert_eq(write(fd, "GEOGCS[", 7), 7);
    close(fd);
    cr_assert_eq(hs_crs_read_file(&c, ctx, path), HS_EUNSUPPORTED);
    cr_assert(strstr(hs_ctx_errmsg(ctx), path), "the message names the file: %s",
              hs_ctx_errmsg(ctx));
    unlink(path);
}

Test(crs, transforms_user_codes_and_feet)
{
    int esri = 0;
    cr_assert_eq(hs_crs_resolve(&esri, ctx, "ESRI:102003"), HS_OK);
    /* cs2cs EPSG:4326 ESRI:102003 of 41.8781 N 87.6298 W: 688894.54 520846.49 (US Albers) */
    double x = -87.6298, y = 41.8781;
    cr_assert_eq(hs__crs_transform(ctx, 4326, esri, &x, &y, 1), HS_OK);
    cr_assert_float_eq(x, 688894.54, 0.05, "x %f", x);
    cr_assert_float_eq(y, 520846.49, 0.05, "y %f", y);
    /* US feet: EPSG:2248 point 1298750.68335 451803.558259 is 395860.00 137710.00 in metres of
     * the same projection (1 US ft = 1200/3937 m) */
    int m = 0;
    cr_assert_eq(hs__crs_metric(&m, ctx, 2248), HS_OK);
    cr_assert_neq(m, 2248);
    cr_assert_eq(hs_crs_check_work(ctx, m), HS_OK);
    cr_assert(strstr(hs_crs_name(ctx, m), "in metres"));
    x = 1298750.68335;
    y = 451803.558259;
    cr_assert_eq(hs__crs_transform(ctx, 2248, m, &x, &y, 1), HS_OK);
    cr_assert_float_eq(x, 1298750.68335 * 1200.0 / 3937.0, 1e-4, "x %f", x);
    cr_assert_float_eq(y, 451803.558259 * 1200.0 / 3937.0, 1e-4, "y %f", y);
    /* a metric CRS stays itself */
    cr_assert_eq(hs__crs_metric(&m, ctx, 26916), HS_OK);
    cr_assert_eq(m, 26916);
}

Test(crs, working_crs_checks)
{
    cr_assert_eq(hs_crs_check_work(ctx, 3006), HS_OK);
    cr_assert_eq(hs_crs_check_work(ctx, 32616), HS_OK);
    cr_assert_eq(hs_crs_check_work(ctx, 4326), HS_EUNSUPPORTED);
    cr_assert(strstr(hs_ctx_errmsg(ctx), "in degrees"), "%s", hs_ctx_errmsg(ctx));
    cr_assert_eq(hs_crs_check_work(ctx, 2248), HS_EUNSUPPORTED);
    cr_assert(strstr(hs_ctx_errmsg(ctx), "must be in metres"), "%s", hs_ctx_errmsg(ctx));
    cr_assert_eq(hs__crs_utm(-87.6, 41.8), 32616);
    cr_assert_eq(hs__crs_utm(151.2, -33.9), 32756);
    cr_assert_eq(hs__crs_utm(180.0, 10.0), 32601);
    cr_assert_eq(hs__crs_utm(-180.0, 10.0), 32601);
    int w = 0, se = 0;
    const char *why = NULL;
    double lon[3] = {-87.7, -87.6, -87.65}, lat[3] = {41.8, 41.9, 41.85};
    cr_assert_eq(hs__crs_default_work(&w, &why, &se, ctx, 4326, lon, lat, 3), HS_OK);
    cr_assert_eq(w, 32616);
    cr_assert_eq(se, 0);
    cr_assert(strstr(why, "UTM"));
    double sx[2] = {674000, 675000}, sy[2] = {6580000, 6581000};
    cr_assert_eq(hs__crs_default_work(&w, &why, &se, ctx, 3006, sx, sy, 2), HS_OK);
    cr_assert_eq(w, 3006);
    cr_assert_eq(se, 1);
    double fx[1] = {1298750.68}, fy[1] = {451803.56};
    cr_assert_eq(hs__crs_default_work(&w, &why, &se, ctx, 2248, fx, fy, 1), HS_OK);
    cr_assert_geq(w, HS_CRS_USER);
    cr_assert_eq(hs_crs_check_work(ctx, w), HS_OK);
}

/* A GeoPackage in a CRS without an EPSG code: GDAL reads it in that CRS, and reading it back
 * through the ingest gives the same code and the same points. */
Test(crs, geopackage_in_a_user_crs)
{
    int esri = 0;
    cr_assert_eq(hs_crs_resolve(&esri, ctx, "ESRI:102003"), HS_OK);
    const char *path = "/tmp/hs_test_crs_user.gpkg";
    unlink(path);
    hs_records *r = NULL;
    cr_assert_eq(hs_records_new(&r), HS_OK);
    hs_records_set_crs(r, esri);
    for (int i = 0; i < 5; i++) {
        hs_record rec = HS_RECORD_INIT;
        rec.x = 657000.0 + 100.0 * i;
        rec.y = 2131000.0 + 50.0 * i;
        rec.t_from = 1700000000 + 3600 * i;
        rec.precision = HS_PREC_EXACT;
        cr_assert_eq(hs_records_add(r, &rec), HS_OK);
    }
    hs_gpkg_opts go = HS_GPKG_OPTS_INIT;
    go.epsg = esri;
    hs_gpkg *g = NULL;
    cr_assert_eq(hs_gpkg_open(&g, ctx, path, &go), HS_OK, "%s", hs_ctx_errmsg(ctx));
    cr_assert_eq(hs_gpkg_write_incidents(g, r, NULL), HS_OK, "%s", hs_ctx_errmsg(ctx));
    cr_assert_eq(hs_gpkg_commit(g), HS_OK, "%s", hs_ctx_errmsg(ctx));
    hs_gpkg_close(g);
    GDALAllRegister();
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR, NULL, NULL, NULL);
    cr_assert_not_null(ds);
    OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(GDALDatasetGetLayerByName(ds, "incidents"));
    cr_assert_not_null(srs);
    OGRSpatialReferenceH want = OSRNewSpatialReference(NULL);
    cr_assert_eq(OSRSetFromUserInput(want, "ESRI:102003"), OGRERR_NONE);
    cr_assert(OSRIsSame(srs, want), "the layer is in ESRI:102003");
    OSRDestroySpatialReference(want);
    GDALClose(ds);
    hs_records *back = NULL;
    hs_rejects *rj = NULL;
    cr_assert_eq(hs_records_new(&back), HS_OK);
    cr_assert_eq(hs_rejects_new(&rj), HS_OK);
    hs_ingest_stats st;
    cr_assert_eq(hs_ingest_file(&st, ctx, back, rj, path, NULL), HS_OK, "%s", hs_ctx_errmsg(ctx));
    cr_assert_eq(st.crs_detected, esri, "read back in the same CRS code");
    cr_assert_eq(hs_records_crs(back), esri);
    cr_assert_eq(hs_records_count(back), 5);
    for (size_t i = 0; i < 5; i++) {
        cr_assert_float_eq(hs_records_x(back)[i], 657000.0 + 100.0 * (double)i, 1e-6);
        cr_assert_float_eq(hs_records_y(back)[i], 2131000.0 + 50.0 * (double)i, 1e-6);
    }
    hs_records_free(back);
    hs_rejects_free(rj);
    hs_records_free(r);
    unlink(path);
}

Test(crs, times_without_places)
{
    const char *path = "/tmp/hs_test_crs_times.csv";
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs("x,y,from,to\n", f);
    fputs("345000,6480000,2024-01-01 10:00,2024-01-01 12:00\n", f); /* located */
    fputs(",,2024-01-02 10:00,2024-01-02 11:00\n", f);              /* no coordinates */
    fputs("abc,6480000,2024-01-03 10:00,\n", f);                    /* not a number */
    fputs("9e9,9e9,2024-01-04 10:00,\n", f);                        /* outside Sweden */
    fputs("345000,6480000,not a date,\n", f);                       /* still rejected */
    fclose(f);
    hs_ingest_opts o = HS_INGEST_OPTS_INIT;
    o.crs = "EPSG:3006";
    o.keep_unlocated = 1;
    hs_records *r = NULL;
    hs_rejects *rj = NULL;
    cr_assert_eq(hs_records_new(&r), HS_OK);
    cr_assert_eq(hs_rejects_new(&rj), HS_OK);
    hs_ingest_stats st;
    cr_assert_eq(hs_ingest_file(&st, ctx, r, rj, path, &o), HS_OK, "%s", hs_ctx_errmsg(ctx));
    cr_assert_eq(st.kept, 4);
    cr_assert_eq(st.unlocated, 3);
    cr_assert_eq(st.rejected, 1);
    cr_assert_eq(hs_records_precision(r)[0], HS_PREC_EXACT);
    for (size_t i = 1; i < 4; i++) {
        cr_assert_eq(hs_records_precision(r)[i], HS_PREC_NONE);
        cr_assert(isnan(hs_records_x(r)[i]));
        cr_assert_neq(hs_records_t_from(r)[i], HS_TIME_NONE, "the row keeps its time");
    }
    hs_records_free(r);
    hs_rejects_free(rj);
    /* without keep_unlocated the same rows are rejected, with their reasons */
    o.keep_unlocated = 0;
    cr_assert_eq(hs_records_new(&r), HS_OK);
    cr_assert_eq(hs_rejects_new(&rj), HS_OK);
    cr_assert_eq(hs_ingest_file(&st, ctx, r, rj, path, &o), HS_OK);
    cr_assert_eq(st.kept, 1);
    cr_assert_eq(st.rejected, 4);
    hs_records_free(r);
    hs_rejects_free(rj);
    unlink(path);
}

/* A context layer (a lon/lat square) drawn on a map whose layer is in SWEREF 99 TM lands in
 * SWEREF 99 TM coordinates (cs2cs EPSG:4326 EPSG:3006 of 59.85 N 17.63 E: 647333.23 6637630.99). */
Test(crs, map_context_moved_into_the_map_crs)
{
    const char *gpkg = "/tmp/hs_test_crs_map.gpkg", *ctxf = "/tmp/hs_test_crs_water.geojson";
    unlink(gpkg);
    hs_gpkg_opts go = HS_GPKG_OPTS_INIT;
    hs_gpkg *g = NULL;
    cr_assert_eq(hs_gpkg_open(&g, ctx, gpkg, &go), HS_OK);
    static const hs_field_def fd[] = {{"cell_id", HS_FIELD_TEXT}, {"n", HS_FIELD_INT}};
    cr_assert_eq(hs_gpkg_layer_begin(g, "grid", HS_GEOM_POLYGON, fd, 2), HS_OK);
    hs_point p[4] = {{647000, 6637000}, {647250, 6637000}, {647250, 6637250}, {647000, 6637250}};
    size_t rl = 4;
    hs_geom geom = {HS_GEOM_POLYGON, 0, 0, p, &rl, 1};
    hs_value v[2] = {{0, 0, 0, "x"}, {0, 9, 0, NULL}};
    cr_assert_eq(hs_gpkg_add_row(g, &geom, v), HS_OK);
    cr_assert_eq(hs_gpkg_commit(g), HS_OK);
    hs_gpkg_close(g);
    FILE *f = fopen(ctxf, "w");
    cr_assert_not_null(f);
    fputs("{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{},"
          "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[17.63,59.85],[17.64,59.85],"
          "[17.64,59.86],[17.63,59.86],[17.63,59.85]]]}}]}",
          f);
    fclose(f);
    hs_map *m = NULL;
    cr_assert_eq(hs_map_new(&m, ctx), HS_OK);
    hs_map_load_opts lo = HS_MAP_LOAD_OPTS_INIT;
    const char *const cx[] = {ctxf};
    lo.layer = "grid";
    lo.context = cx;
    lo.ncontext = 1;
    cr_assert_eq(hs_map_load_gpkg(m, NULL, gpkg, &lo), HS_OK, "%s", hs_ctx_errmsg(ctx));
    /* the basemap is read for the frame when drawn */
    hs_bbox frame = {640000, 6630000, 655000, 6645000};
    cr_assert_eq(hs__basemap_load(m, frame, 25000, 3006), HS_OK, "%s", hs_ctx_errmsg(ctx));
    const hs__map_layer *water = NULL;
    for (size_t i = 0; i < HS__BM_MAX_CLASSES; i++) {
        if (m->basemap->polys[i].npts == 5 && !water) {
            water = &m->basemap->polys[i];
        }
    }
    cr_assert_not_null(water);
    cr_assert_float_eq(water->pts[0].x, 647333.23, 0.01, "x %f", water->pts[0].x);
    cr_assert_float_eq(water->pts[0].y, 6637630.99, 0.01, "y %f", water->pts[0].y);
    hs_map_free(m);
    unlink(gpkg);
    unlink(ctxf);
}
