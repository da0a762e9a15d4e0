/*
 * Publishing a finished GeoPackage to PostGIS through GDAL's PostgreSQL driver: the schema is
 * created when missing, every vector and attribute layer is copied with GDALVectorTranslate in one
 * transaction (EPSG code kept, GiST index, geometry column "geom"), then the gpkg_metadata rows as
 * table "metadata", and the row counts are checked. GDAL stays in this file; it computes nothing
 * and never changes the GeoPackage it reads. Raster layers are not copied (the driver cannot write
 * them into PostGIS); the log says so.
 */
#include "core/hs_internal.h"

#include <cpl_error.h>
#include <cpl_string.h>
#include <gdal.h>
#include <gdal_utils.h>
#include <ogr_api.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

int hs_postgis_is_conn(const char *s)
{
    return s != NULL && strncmp(s, "PG:", 3) == 0;
}

/* One UTF-8 letter (two bytes, lead 0xC3) folded to ASCII, or 0. */
static char fold_c3(unsigned char c)
{
    static const char map[64] = "AAAAAAACEEEEIIII"
                                "DNOOOOO_OUUUUYTs"
                                "aaaaaaaceeeeiiii"
                                "dnooooo_ouuuuyty";
    if (c < 0x80 || c > 0xBF) {
        return 0;
    }
    char r = map[c - 0x80];
    return r == '_' ? 0 : r;
}

int hs_postgis_schema_name(char *out, size_t cap, const char *name)
{
    if (!out || cap < 64) {
        return HS_EINVAL;
    }
    size_t n = 0;
    int gap = 0;
    const unsigned char *s = (const unsigned char *)(name ? name : "");
    while (*s && n < 63) {
        char c = 0;
        if (s[0] == 0xC3 && s[1]) {
            c = fold_c3(s[1]);
            s += 2;
        } else {
            c = (char)*s;
            s++;
        }
        if (c >= 'A' && c <= 'Z') {
            c = (char)(c - 'A' + 'a');
        }
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            if (gap && n > 0 && n < 62) {
                out[n++] = '_';
            }
            if (n == 0 && c >= '0' && c <= '9') {
                out[n++] = 'p';
                out[n++] = '_';
            }
            out[n++] = c;
            gap = 0;
        } else {
            gap = 1;
        }
    }
    out[n] = '\0';
    if (n == 0) {
        hs__fmt(out, cap, "%s", "hotspot");
    }
    return HS_OK;
}

static int valid_schema(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 63 || (s[0] >= '0' && s[0] <= '9')) {
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_')) {
            return 0;
        }
    }
    return 1;
}

/* GDAL's messages of one step: the first failure is the one that explains the rest. */
typedef struct errbuf {
    char first[512];
    int exists;
} errbuf;

static void CPL_STDCALL collect(CPLErr level, CPLErrorNum num, const char *msg)
{
    (void)num;
    errbuf *e = CPLGetErrorHandlerUserData();
    if (!e || level < CE_Failure || !msg) {
        return;
    }
    if (!e->first[0]) {
        hs__fmt(e->first, sizeof e->first, "%s", msg);
    }
    if (strstr(msg, "already exists")) {
        e->exists = 1;
    }
}

/* Runs GDALVectorTranslate from src into dst with the argument list args (NULL-terminated). */
static int translate(hs_ctx *ctx, GDALDatasetH dst, GDALDatasetH src, char **args, const char *what,
                     const char *schema)
{
    GDALVectorTranslateOptions *vo = GDALVectorTranslateOptionsNew(args, NULL);
    if (!vo) {
        return hs__error(ctx, HS_EINTERNAL, "postgis: bad translate options (%s)",
                         CPLGetLastErrorMsg());
    }
    int failed = 0;
    errbuf e;
    memset(&e, 0, sizeof e);
    CPLErrorReset();
    CPLPushErrorHandlerEx(collect, &e);
    GDALDatasetH r = GDALVectorTranslate(NULL, dst, 1, &src, vo, &failed);
    CPLPopErrorHandler();
    GDALVectorTranslateOptionsFree(vo);
    if (r != NULL && !failed) {
        return HS_OK;
    }
    if (e.exists) {
        return hs__error(ctx, HS_EEXIST,
                         "postgis: tables of the GeoPackage already exist in schema %s and "
                         "overwriting was not asked for",
                         schema);
    }
    return hs__error(ctx, HS_EIO, "postgis: copying %s into schema %s failed: %s", what, schema,
                     e.first[0] ? e.first : CPLGetLastErrorMsg());
}

/* Builds the common argument list; returns NULL when out of memory. */
static char **base_args(const char *schema, int overwrite)
{
    char lco[100];
    hs__fmt(lco, sizeof lco, "SCHEMA=%s", schema);
    char **a = NULL;
    a = CSLAddString(a, "-lco");
    a = CSLAddString(a, lco);
    a = CSLAddString(a, "-lco");
    a = CSLAddString(a, "GEOMETRY_NAME=geom");
    a = CSLAddString(a, "-lco");
    a = CSLAddString(a, "SPATIAL_INDEX=GIST");
    if (overwrite) {
        a = CSLAddString(a, "-lco");
        a = CSLAddString(a, "OVERWRITE=YES");
    }
    return a;
}

/* Copies the vector layers (one transaction) and returns how many there were in *nlayers. */
static int copy_layers(hs_ctx *ctx, GDALDatasetH dst, GDALDatasetH src, const char *schema,
                       int overwrite, int *nlayers)
{
    char **a = base_args(schema, overwrite);
    a = CSLAddString(a, "-gt");
    a = CSLAddString(a, "unlimited");
    int n = GDALDatasetGetLayerCount(src);
    for (int i = 0; i < n; i++) {
        OGRLayerH l = GDALDatasetGetLayer(src, i);
        a = CSLAddString(a, OGR_L_GetName(l));
    }
    *nlayers = n;
    if (!a) {
        return hs__error(ctx, HS_ENOMEM, "out of memory");
    }
    int rc = n > 0 ? translate(ctx, dst, src, a, "the layers", schema) : HS_OK;
    CSLDestroy(a);
    return rc;
}

/* The gpkg_metadata rows as table "metadata", when the GeoPackage has them. */
static int copy_metadata(hs_ctx *ctx, GDALDatasetH dst, GDALDatasetH src, const char *schema,
                         int overwrite)
{
    static const char sql[] = "SELECT md_scope, mime_type, metadata FROM gpkg_metadata";
    OGRLayerH probe = GDALDatasetExecuteSQL(src, sql, NULL, NULL);
    if (!probe) {
        CPLErrorReset();
        return HS_OK;
    }
    GDALDatasetReleaseResultSet(src, probe);
    char **a = base_args(schema, overwrite);
    a = CSLAddString(a, "-sql");
    a = CSLAddString(a, sql);
    a = CSLAddString(a, "-nln");
    a = CSLAddString(a, "metadata");
    if (!a) {
        return hs__error(ctx, HS_ENOMEM, "out of memory");
    }
    int rc = translate(ctx, dst, src, a, "the metadata", schema);
    CSLDestroy(a);
    return rc;
}

/* Every layer of src has as many rows in schema.name of dst. */
static int check_counts(hs_ctx *ctx, GDALDatasetH dst, GDALDatasetH src, const char *schema)
{
    int n = GDALDatasetGetLayerCount(src);
    for (int i = 0; i < n; i++) {
        OGRLayerH l = GDALDatasetGetLayer(src, i);
        char name[200];
        hs__fmt(name, sizeof name, "%s.%s", schema, OGR_L_GetName(l));
        OGRLayerH d = GDALDatasetGetLayerByName(dst, name);
        GIntBig want = OGR_L_GetFeatureCount(l, 1);
        GIntBig got = d ? OGR_L_GetFeatureCount(d, 1) : -1;
        if (got != want) {
            return hs__error(ctx, HS_EIO, "postgis: %s has %lld rows, the GeoPackage %lld", name,
                             (long long)got, (long long)want);
        }
    }
    return HS_OK;
}

static int create_schema(hs_ctx *ctx, GDALDatasetH dst, const char *schema)
{
    char sql[128];
    hs__fmt(sql, sizeof sql, "CREATE SCHEMA IF NOT EXISTS \"%s\"", schema);
    CPLErrorReset();
    OGRLayerH r = GDALDatasetExecuteSQL(dst, sql, NULL, NULL);
    if (r) {
        GDALDatasetReleaseResultSet(dst, r);
    }
    if (CPLGetLastErrorType() >= CE_Failure) {
        return hs__error(ctx, HS_EIO, "postgis: cannot create schema %s: %s", schema,
                         CPLGetLastErrorMsg());
    }
    return HS_OK;
}

/* Counts the raster tables in gpkg_contents, to say which were left out. */
static int raster_count(GDALDatasetH src)
{
    OGRLayerH r = GDALDatasetExecuteSQL(
        src,
        "SELECT count(*) FROM gpkg_contents WHERE data_type <> 'features' AND "
        "data_type <> 'attributes'",
        NULL, NULL);
    int n = 0;
    if (r) {
        OGRFeatureH f = OGR_L_GetNextFeature(r);
        if (f) {
            n = OGR_F_GetFieldAsInteger(f, 0);
            OGR_F_Destroy(f);
        }
        GDALDatasetReleaseResultSet(src, r);
    }
    CPLErrorReset();
    return n;
}

static double tick(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

int hs_postgis_export(hs_ctx *ctx, const char *gpkg_path, const char *pg_conn,
                      const hs_postgis_opts *opts)
{
    double t0 = tick();
    hs_postgis_opts o = HS_POSTGIS_OPTS_INIT;
    if (opts) {
        o = *opts;
    }
    if (!gpkg_path || !hs_postgis_is_conn(pg_conn) || o.version != HS_POSTGIS_OPTS_VERSION) {
        return hs__error(ctx, HS_EINVAL,
                         "hs_postgis_export: invalid arguments (the connection must start PG:)");
    }
    const char *schema = o.schema ? o.schema : "hotspot";
    if (!valid_schema(schema)) {
        return hs__error(ctx, HS_EINVAL,
                         "postgis: schema '%s' is not valid (letters, digits and _, at most 63)",
                         schema);
    }
    GDALAllRegister();
    CPLPushErrorHandler(CPLQuietErrorHandler);
    static const char *const gpkg_drv[] = {"GPKG", NULL};
    static const char *const pg_drv[] = {"PostgreSQL", NULL};
    int rc = HS_OK;
    GDALDatasetH dst = NULL;
    GDALDatasetH src =
        GDALOpenEx(gpkg_path, GDAL_OF_VECTOR | GDAL_OF_READONLY, gpkg_drv, NULL, NULL);
    if (!src) {
        rc = hs__error(ctx, HS_ENOTFOUND, "%s: cannot open as a GeoPackage (%s)", gpkg_path,
                       CPLGetLastErrorMsg());
        goto done;
    }
    dst = GDALOpenEx(pg_conn, GDAL_OF_VECTOR | GDAL_OF_UPDATE, pg_drv, NULL, NULL);
    if (!dst) {
        rc = hs__error(ctx, HS_ENOTFOUND, "postgis: cannot connect (%s)", CPLGetLastErrorMsg());
        goto done;
    }
    rc = create_schema(ctx, dst, schema);
    int nlayers = 0;
    if (rc == HS_OK) {
        rc = copy_layers(ctx, dst, src, schema, o.overwrite, &nlayers);
    }
    if (rc == HS_OK) {
        rc = copy_metadata(ctx, dst, src, schema, o.overwrite);
    }
    if (rc == HS_OK) {
        /* Reopen so the layer list includes the new tables of the schema. */
        GDALClose(dst);
        dst = GDALOpenEx(pg_conn, GDAL_OF_VECTOR | GDAL_OF_READONLY, pg_drv, NULL, NULL);
        rc = dst ? check_counts(ctx, dst, src, schema)
                 : hs__error(ctx, HS_EIO, "postgis: cannot reconnect (%s)", CPLGetLastErrorMsg());
    }
    if (rc == HS_OK) {
        int nr = raster_count(src);
        hs__log(ctx, HS_LOG_INFO,
                "postgis: %d layers and the metadata copied into schema %s in %.2f s%s", nlayers,
                schema, tick() - t0, nr > 0 ? " (raster layers such as kde not copied)" : "");
    }
done:
    if (dst) {
        GDALClose(dst);
    }
    if (src) {
        GDALClose(src);
    }
    CPLPopErrorHandler();
    return rc;
}
