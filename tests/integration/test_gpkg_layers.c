/*
 * Writes a GeoPackage with every layer kind hotspot produces (incidents, rejects, grid, gistar,
 * places, kommuner, temporal, concentrations, emerging, change, comparison, the street segments
 * and their Gi* as lines, and the kde raster)
 * through the library, then reads it back with GDAL: every layer opens, in EPSG:3006, with its
 * rows, field types and values; the raster is a float32 gridded coverage, north up. Also checks the
 * GeoTIFF and COG writers. With HS_GPKG_OUT set, the GeoPackage is kept at that path (the QGIS
 * test, tests/cli/qgis_load.sh, uses it).
 */
#include "core/hs_internal.h"

#include <criterion/criterion.h>
#include <gdal.h>
#include <math.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define X0 345000.0
#define Y0 6472000.0
#define CELL 250.0
#define NX 8
#define NY 6

static void square(hs_point *p, double x, double y, double s)
{
    p[0] = (hs_point){x, y};
    p[1] = (hs_point){x + s, y};
    p[2] = (hs_point){x + s, y + s};
    p[3] = (hs_point){x, y + s};
}

/* A polygon layer of the NX x NY cells with one text or int field chosen per cell by f(i). */
static void cell_layer(hs_gpkg *g, const char *name, const hs_field_def *fd, size_t nf,
                       void (*fill)(hs_value *, size_t))
{
    cr_assert_eq(hs_gpkg_layer_begin(g, name, HS_GEOM_POLYGON, fd, nf), HS_OK);
    for (size_t i = 0; i < NX * NY; i++) {
        hs_point p[4];
        square(p, X0 + (double)(i % NX) * CELL, Y0 + (double)(i / NX) * CELL, CELL);
        size_t rl = 4;
        hs_geom geom = {HS_GEOM_POLYGON, 0, 0, p, &rl, 1};
        hs_value v[4];
        memset(v, 0, sizeof v);
        fill(v, i);
        cr_assert_eq(hs_gpkg_add_row(g, &geom, v), HS_OK);
    }
}

static void fill_grid(hs_value *v, size_t i)
{
    v[0].i = (int64_t)(i % 30);
}
static void fill_gistar(hs_value *v, size_t i)
{
    v[0].i = (int64_t)(i % 7) - 3;
    v[1].d = ((double)(i % 7) - 3) * 1.1;
}
static void fill_emerging(hs_value *v, size_t i)
{
    v[0].i = (int64_t)(i % 17) - 8; /* hs_emerging_cat, signed */
}
static void fill_change(hs_value *v, size_t i)
{
    static const char *p[] = {"increased", "decreased", "no significant change"};
    v[0].s = p[i % 3];
}
static void fill_comparison(hs_value *v, size_t i)
{
    static const char *p[] = {"both", "crime_only", "insecurity_only", "neither"};
    v[0].s = p[i % 4];
}
static void fill_conc(hs_value *v, size_t i)
{
    v[0].s = "fre-lör 22-03";
    v[1].d = 0.5 + (double)(i % 10);
}
static void fill_places(hs_value *v, size_t i)
{
    v[0].s = "Torget";
    v[1].i = (int64_t)i;
}

static const char *g_focus[] = {"narkotika", "trygghet i offentlig miljö", "våld i nära relation",
                                "annat"};

/* A street grid of 3 x 3 crossing lines (24 segments) with incidents mostly on one street. */
static void write_segments(hs_gpkg *g, hs_ctx *ctx)
{
    hs_network *net = NULL;
    cr_assert_eq(hs_network_new(&net, ctx), HS_OK);
    for (int k = 0; k < 3; k++) {
        hs_point h[2] = {{X0, Y0 + 100 + 400 * k}, {X0 + 1900, Y0 + 100 + 400 * k}};
        hs_point v[2] = {{X0 + 100 + 600 * k, Y0}, {X0 + 100 + 600 * k, Y0 + 1400}};
        cr_assert_eq(hs_network_add_line(net, h, 2, "Storgatan", "Huvudgata"), HS_OK);
        cr_assert_eq(hs_network_add_line(net, v, 2, "Kyrkogatan", "Lokalgata"), HS_OK);
    }
    cr_assert_eq(hs_network_build(net, NULL), HS_OK);
    cr_assert_eq(hs_network_segment_count(net), 24);
    hs_records *r = NULL;
    cr_assert_eq(hs_records_new(&r), HS_OK);
    for (int i = 0; i < 300; i++) {
        hs_record rec = HS_RECORD_INIT;
        int hot = i % 3 != 0;
        rec.x = hot ? X0 + 150 + (i % 40) * 10 : X0 + (i * 37) % 1900;
        rec.y = hot ? Y0 + 103 : Y0 + 510 + (i % 7);
        rec.t_from = 1704067200 + (int64_t)i * 86400 * 2;
        rec.precision = HS_PREC_ADDRESS;
        cr_assert_eq(hs_records_add(r, &rec), HS_OK);
    }
    hs_segments_result res;
    cr_assert_eq(hs_segments_analyse(&res, ctx, net, r, NULL), HS_OK, "%s", hs_ctx_errmsg(ctx));
    cr_assert(res.gistar_ok);
    cr_assert_eq(hs_segments_write(g, net, &res, NULL, NULL, 5), HS_OK, "%s", hs_ctx_errmsg(ctx));
    hs_segments_result_free(&res);
    hs_records_free(r);
    hs_network_free(net);
}

static void write_all(const char *path)
{
    hs_ctx *ctx = NULL;
    cr_assert_eq(hs_ctx_new(&ctx), HS_OK);
    hs_gpkg_opts o = HS_GPKG_OPTS_INIT;
    o.overwrite = 1;
    hs_gpkg *g = NULL;
    cr_assert_eq(hs_gpkg_open(&g, ctx, path, &o), HS_OK, "%s", hs_ctx_errmsg(ctx));

    hs_records *r = NULL;
    cr_assert_eq(hs_records_new(&r), HS_OK);
    srand(7);
    for (int i = 0; i < 200; i++) {
        hs_record rec = HS_RECORD_INIT;
        char id[16];
        hs__fmt(id, sizeof id, "K-%d", i);
        rec.id = id;
        rec.source = "utdrag.csv";
        rec.x = X0 + NX * CELL * (rand() / (RAND_MAX + 1.0));
        rec.y = Y0 + NY * CELL * (rand() / (RAND_MAX + 1.0));
        rec.t_from = hs_days_from_civil(2024, 1 + i % 12, 1 + i % 28) * 86400 + (i % 24) * 3600;
        rec.precision = i % 10 ? HS_PREC_EXACT : HS_PREC_ADDRESS;
        rec.category = "skadegörelse";
        rec.focus_area = g_focus[i % 4];
        rec.kommun_code = 1487;
        rec.geocode_score = 1.0;
        cr_assert_eq(hs_records_add(r, &rec), HS_OK);
    }
    hs_grid_spec grid = {X0, Y0, CELL, NX, NY};
    cr_assert_eq(hs_gpkg_write_incidents(g, r, &grid), HS_OK, "%s", hs_ctx_errmsg(ctx));
    hs_records_free(r);
    hs_rejects *rj = NULL;
    cr_assert_eq(hs_rejects_new(&rj), HS_OK);
    hs_reject x = {"utdrag.csv", 12, "Händelsedatum från", "2024-13-01", "bad_date"};
    cr_assert_eq(hs_rejects_add(rj, &x), HS_OK);
    cr_assert_eq(hs_gpkg_write_rejects(g, rj), HS_OK);
    hs_rejects_free(rj);

    hs_field_def fgrid[1] = {{"n", HS_FIELD_INT}};
    cell_layer(g, "grid", fgrid, 1, fill_grid);
    hs_field_def fgi[2] = {{"gi_bin", HS_FIELD_INT}, {"gi_z", HS_FIELD_REAL}};
    cell_layer(g, "gistar", fgi, 2, fill_gistar);
    hs_field_def fem[1] = {{"category_code", HS_FIELD_INT}};
    cell_layer(g, "emerging", fem, 1, fill_emerging);
    hs_field_def fch[1] = {{"class", HS_FIELD_TEXT}};
    cell_layer(g, "change", fch, 1, fill_change);
    hs_field_def fcmp[1] = {{"class", HS_FIELD_TEXT}};
    cell_layer(g, "comparison", fcmp, 1, fill_comparison);
    hs_field_def fco[2] = {{"window", HS_FIELD_TEXT}, {"lift", HS_FIELD_REAL}};
    cell_layer(g, "concentrations", fco, 2, fill_conc);
    hs_field_def fpl[2] = {{"name", HS_FIELD_TEXT}, {"n", HS_FIELD_INT}};
    cell_layer(g, "places", fpl, 2, fill_places);

    hs_field_def fk[3] = {
        {"kommun_code", HS_FIELD_TEXT}, {"name", HS_FIELD_TEXT}, {"n", HS_FIELD_INT}};
    cr_assert_eq(hs_gpkg_layer_begin(g, "kommuner", HS_GEOM_MULTIPOLYGON, fk, 3), HS_OK);
    hs_point mp[8];
    square(mp, X0, Y0, 1000);
    square(mp + 4, X0 + 1500, Y0, 500);
    size_t rl[2] = {4, 4};
    hs_geom km = {HS_GEOM_MULTIPOLYGON, 0, 0, mp, rl, 2};
    hs_value kv[3] = {{0, 0, 0, "1487"}, {0, 0, 0, "Vänersborg"}, {0, 200, 0, NULL}};
    cr_assert_eq(hs_gpkg_add_row(g, &km, kv), HS_OK);

    hs_field_def ft[4] = {{"unit_id", HS_FIELD_TEXT},
                          {"weekday", HS_FIELD_INT},
                          {"hour", HS_FIELD_INT},
                          {"weight", HS_FIELD_REAL}};
    cr_assert_eq(hs_gpkg_layer_begin(g, "temporal", HS_GEOM_NONE, ft, 4), HS_OK);
    for (int wd = 1; wd <= 7; wd++) {
        for (int h = 0; h < 24; h++) {
            hs_value tv[4] = {
                {0, 0, 0, "all"}, {0, wd, 0, NULL}, {0, h, 0, NULL}, {0, 0, 1.0 / 168, NULL}};
            cr_assert_eq(hs_gpkg_add_row(g, NULL, tv), HS_OK);
        }
    }

    float *kde = malloc(sizeof(float) * 40 * 30);
    for (int iy = 0; iy < 30; iy++) {
        for (int ix = 0; ix < 40; ix++) {
            kde[iy * 40 + ix] = (float)(iy * 100 + ix); /* row 0 south */
        }
    }
    hs_grid_spec kg = {X0, Y0, 50.0, 40, 30};
    hs_raster_opts ro = HS_RASTER_OPTS_INIT;
    ro.format = HS_RASTER_GPKG;
    ro.units = "incidents/km2";
    ro.description = "Kernel density, quartic, bandwidth 300 m";
    cr_assert_eq(hs_gpkg_add_raster(g, &kg, kde, &ro), HS_OK);
    free(kde);
    write_segments(g, ctx);
    cr_assert_eq(hs_gpkg_set_param(g, "cell", "250", "auto"), HS_OK);
    cr_assert_eq(hs_gpkg_set_param(g, "bandwidth", "300", "auto"), HS_OK);
    cr_assert_eq(hs_gpkg_commit(g), HS_OK, "%s", hs_ctx_errmsg(ctx));
    hs_gpkg_close(g);
    hs_ctx_free(ctx);
}

static const char *out_path(char *buf, size_t n)
{
    const char *env = getenv("HS_GPKG_OUT");
    if (env && *env) {
        return env;
    }
    hs__fmt(buf, n, "%s/tests/gpkg_layers_%ld.gpkg", HS_BINARY_DIR, (long)getpid());
    return buf;
}

static int epsg_of(OGRSpatialReferenceH srs)
{
    const char *code = srs ? OSRGetAuthorityCode(srs, NULL) : NULL;
    return code ? (int)strtol(code, NULL, 10) : -1;
}

Test(gpkg_layers, every_layer_reads_back_with_gdal)
{
    char buf[400];
    const char *path = out_path(buf, sizeof buf);
    unlink(path);
    write_all(path);
    GDALAllRegister();
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    cr_assert_not_null(ds, "GDAL cannot open %s", path);
    struct {
        const char *name;
        GIntBig rows;
        int spatial;
    } want[] = {{"incidents", 200, 1},      {"rejects", 1, 0},
                {"grid", NX * NY, 1},       {"gistar", NX * NY, 1},
                {"emerging", NX * NY, 1},   {"change", NX * NY, 1},
                {"comparison", NX * NY, 1}, {"concentrations", NX * NY, 1},
                {"places", NX * NY, 1},     {"kommuner", 1, 1},
                {"temporal", 168, 0},       {"run", -1, 0},
                {"segments", 24, 1},        {"segments_gistar", 24, 1}};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        OGRLayerH L = GDALDatasetGetLayerByName(ds, want[i].name);
        cr_assert_not_null(L, "layer %s", want[i].name);
        if (want[i].rows >= 0) {
            cr_expect_eq(OGR_L_GetFeatureCount(L, TRUE), want[i].rows, "%s", want[i].name);
        }
        if (want[i].spatial) {
            cr_expect_eq(epsg_of(OGR_L_GetSpatialRef(L)), 3006, "%s", want[i].name);
            /* the spatial index answers a window query */
            OGR_L_SetSpatialFilterRect(L, X0, Y0, X0 + CELL - 1, Y0 + CELL - 1);
            cr_expect_gt(OGR_L_GetFeatureCount(L, TRUE), 0, "%s", want[i].name);
            OGR_L_SetSpatialFilter(L, NULL);
        }
    }
    OGRLayerH inc = GDALDatasetGetLayerByName(ds, "incidents");
    OGRFeatureDefnH def = OGR_L_GetLayerDefn(inc);
    int it = OGR_FD_GetFieldIndex(def, "t_from");
    cr_assert_geq(it, 0);
    cr_expect_eq(OGR_Fld_GetType(OGR_FD_GetFieldDefn(def, it)), OFTDateTime);
    cr_expect_eq(
        OGR_Fld_GetType(OGR_FD_GetFieldDefn(def, OGR_FD_GetFieldIndex(def, "geocode_score"))),
        OFTReal);
    OGR_L_SetAttributeFilter(inc, "id = 'K-5'");
    OGRFeatureH f = OGR_L_GetNextFeature(inc);
    cr_assert_not_null(f);
    int y, mo, d, h, mi, tz;
    float s;
    cr_assert(OGR_F_GetFieldAsDateTimeEx(f, it, &y, &mo, &d, &h, &mi, &s, &tz));
    /* K-5: 2024-06-06 05:00 UTC = 07:00 CEST (+02:00 is tz flag 100 + 8) */
    cr_expect(y == 2024 && mo == 6 && d == 6 && h == 7 && mi == 0, "%d-%d-%d %d:%d", y, mo, d, h,
              mi);
    cr_expect_eq(tz, 108);
    cr_expect_str_eq(OGR_F_GetFieldAsString(f, OGR_FD_GetFieldIndex(def, "kommun_code")), "1487");
    OGR_F_Destroy(f);
    OGRLayerH grid = GDALDatasetGetLayerByName(ds, "grid");
    OGRFeatureDefnH gdef = OGR_L_GetLayerDefn(grid);
    cr_expect_eq(OGR_Fld_GetType(OGR_FD_GetFieldDefn(gdef, OGR_FD_GetFieldIndex(gdef, "n"))),
                 OFTInteger64);
    cr_expect_eq(OGR_L_GetGeomType(GDALDatasetGetLayerByName(ds, "kommuner")), wkbMultiPolygon);
    OGRLayerH seg = GDALDatasetGetLayerByName(ds, "segments");
    cr_expect_eq(OGR_L_GetGeomType(seg), wkbLineString);
    OGR_L_SetAttributeFilter(seg, "rank = 1");
    OGRFeatureH sf = OGR_L_GetNextFeature(seg);
    cr_assert_not_null(sf);
    OGRFeatureDefnH sd = OGR_L_GetLayerDefn(seg);
    cr_expect_str_eq(OGR_F_GetFieldAsString(sf, OGR_FD_GetFieldIndex(sd, "name")), "Storgatan");
    cr_expect_str_eq(OGR_F_GetFieldAsString(sf, OGR_FD_GetFieldIndex(sd, "to_street")),
                     "Kyrkogatan");
    cr_expect_gt(OGR_F_GetFieldAsDouble(sf, OGR_FD_GetFieldIndex(sd, "n")), 50);
    cr_expect_float_eq(OGR_G_Length(OGR_F_GetGeometryRef(sf)),
                       OGR_F_GetFieldAsDouble(sf, OGR_FD_GetFieldIndex(sd, "length_m")), 1e-9);
    OGR_F_Destroy(sf);
    GDALClose(ds);

    /* the raster: float32, north up, value (ix, iy) = iy * 100 + ix with row 0 south */
    char sub[500];
    hs__fmt(sub, sizeof sub, "GPKG:%s:kde", path);
    GDALDatasetH rs = GDALOpenEx(sub, GDAL_OF_RASTER | GDAL_OF_READONLY, NULL, NULL, NULL);
    cr_assert_not_null(rs);
    cr_expect_eq(GDALGetRasterXSize(rs), 40);
    cr_expect_eq(GDALGetRasterYSize(rs), 30);
    double gt[6];
    cr_assert_eq(GDALGetGeoTransform(rs, gt), CE_None);
    cr_expect_float_eq(gt[0], X0, 1e-6);
    cr_expect_float_eq(gt[3], Y0 + 30 * 50.0, 1e-6);
    cr_expect_float_eq(gt[5], -50.0, 1e-9);
    GDALRasterBandH b = GDALGetRasterBand(rs, 1);
    cr_expect_eq(GDALGetRasterDataType(b), GDT_Float32);
    float v[2];
    cr_assert_eq(GDALRasterIO(b, GF_Read, 3, 0, 1, 1, &v[0], 1, 1, GDT_Float32, 0, 0), CE_None);
    cr_assert_eq(GDALRasterIO(b, GF_Read, 5, 29, 1, 1, &v[1], 1, 1, GDT_Float32, 0, 0), CE_None);
    cr_expect_float_eq(v[0], 29 * 100 + 3, 1e-3); /* top row = northernmost = iy 29 */
    cr_expect_float_eq(v[1], 0 * 100 + 5, 1e-3);
    const char *uom = GDALGetRasterUnitType(b);
    cr_expect_str_eq(uom ? uom : "", "incidents/km2");
    OGRSpatialReferenceH srs = OSRNewSpatialReference(GDALGetProjectionRef(rs));
    cr_expect_eq(epsg_of(srs), 3006);
    OSRDestroySpatialReference(srs);
    GDALClose(rs);
    if (!getenv("HS_GPKG_OUT")) {
        unlink(path);
    }
}

static void check_tiff(hs_raster_format fmt, const char *name)
{
    char path[400];
    hs__fmt(path, sizeof path, "%s/tests/%s_%ld.tif", HS_BINARY_DIR, name, (long)getpid());
    float vals[300 * 20];
    for (int i = 0; i < 300 * 20; i++) {
        vals[i] = (float)i;
    }
    hs_grid_spec g = {X0, Y0, 10.0, 300, 20};
    hs_raster_opts o = HS_RASTER_OPTS_INIT;
    o.format = fmt;
    o.nodata = -1;
    hs_ctx *ctx = NULL;
    cr_assert_eq(hs_ctx_new(&ctx), HS_OK);
    cr_assert_eq(hs_raster_write(ctx, path, &g, vals, &o), HS_OK, "%s", hs_ctx_errmsg(ctx));
    hs_ctx_free(ctx);
    GDALAllRegister();
    GDALDatasetH ds = GDALOpen(path, GA_ReadOnly);
    cr_assert_not_null(ds);
    GDALRasterBandH b = GDALGetRasterBand(ds, 1);
    int bx, by;
    GDALGetBlockSize(b, &bx, &by);
    cr_expect_eq(bx, 256);
    cr_expect_eq(by, 256);
    const char *comp = GDALGetMetadataItem(ds, "COMPRESSION", "IMAGE_STRUCTURE");
    cr_expect_str_eq(comp ? comp : "", "DEFLATE");
    float v;
    cr_assert_eq(GDALRasterIO(b, GF_Read, 7, 0, 1, 1, &v, 1, 1, GDT_Float32, 0, 0), CE_None);
    cr_expect_float_eq(v, 19 * 300 + 7, 1e-3);
    int has = 0;
    cr_expect_float_eq(GDALGetRasterNoDataValue(b, &has), -1.0, 1e-9);
    if (fmt == HS_RASTER_COG) {
        const char *layout = GDALGetMetadataItem(ds, "LAYOUT", "IMAGE_STRUCTURE");
        cr_expect_str_eq(layout ? layout : "", "COG");
    }
    GDALClose(ds);
    unlink(path);
}

Test(gpkg_layers, geotiff_and_cog)
{
    check_tiff(HS_RASTER_GTIFF, "gtiff");
    check_tiff(HS_RASTER_COG, "cog");
}

/* A raster added to an existing GeoPackage (copied to a temporary, appended, renamed) keeps the
 * vector layers already there. */
Test(gpkg_layers, raster_appended_to_existing_gpkg)
{
    char path[400];
    hs__fmt(path, sizeof path, "%s/tests/append_%ld.gpkg", HS_BINARY_DIR, (long)getpid());
    unlink(path);
    hs_ctx *ctx = NULL;
    cr_assert_eq(hs_ctx_new(&ctx), HS_OK);
    hs_gpkg *g = NULL;
    cr_assert_eq(hs_gpkg_open(&g, ctx, path, NULL), HS_OK);
    hs_field_def fd = {"n", HS_FIELD_INT};
    cr_assert_eq(hs_gpkg_layer_begin(g, "grid", HS_GEOM_POINT, &fd, 1), HS_OK);
    hs_geom p = {HS_GEOM_POINT, X0, Y0, NULL, NULL, 0};
    hs_value v = {0, 4, 0, NULL};
    cr_assert_eq(hs_gpkg_add_row(g, &p, &v), HS_OK);
    cr_assert_eq(hs_gpkg_commit(g), HS_OK, "%s", hs_ctx_errmsg(ctx));
    hs_gpkg_close(g);
    float vals[6] = {1, 2, 3, 4, 5, 6};
    hs_grid_spec gs = {X0, Y0, 100.0, 3, 2};
    hs_raster_opts o = HS_RASTER_OPTS_INIT;
    o.format = HS_RASTER_GPKG;
    cr_assert_eq(hs_raster_write(ctx, path, &gs, vals, &o), HS_OK, "%s", hs_ctx_errmsg(ctx));
    hs_ctx_free(ctx);
    GDALAllRegister();
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    cr_assert_not_null(ds);
    cr_expect_not_null(GDALDatasetGetLayerByName(ds, "grid"));
    GDALClose(ds);
    char sub[500];
    hs__fmt(sub, sizeof sub, "GPKG:%s:kde", path);
    GDALDatasetH rs = GDALOpenEx(sub, GDAL_OF_RASTER | GDAL_OF_READONLY, NULL, NULL, NULL);
    cr_assert_not_null(rs);
    float top[3];
    cr_assert_eq(
        GDALRasterIO(GDALGetRasterBand(rs, 1), GF_Read, 0, 0, 3, 1, top, 3, 1, GDT_Float32, 0, 0),
        CE_None);
    cr_expect(top[0] == 4 && top[1] == 5 && top[2] == 6); /* north row = row 1 */
    GDALClose(rs);
    unlink(path);
}
