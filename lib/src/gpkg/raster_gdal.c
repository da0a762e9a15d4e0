/*
 * Float32 rasters through GDAL: a tiled, deflate-compressed GeoTIFF, a Cloud Optimized GeoTIFF, or
 * a 2d-gridded-coverage layer (TIFF tiles) in a GeoPackage with its unit, field name and quantity
 * set. Grids arrive in hotspot's layout (row 0 south) and are flipped to GDAL's (row 0 north).
 * Files are written beside the target and renamed into place; GDAL's errors become our codes and
 * messages. No SQLite here: GeoPackage rasters go through GDAL's driver only.
 */
#include "core/hs_internal.h"
#include "gpkg/gpkg.h"
#include "crs/crs.h"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <gdal.h>
#include <ogr_srs_api.h>

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static pthread_once_t g_once = PTHREAD_ONCE_INIT;

static void register_all(void)
{
    GDALAllRegister();
}

static int gdal_fail(hs_ctx *ctx, const char *path, const char *what)
{
    const char *msg = CPLGetLastErrorMsg();
    return hs__error(ctx, HS_EIO, "%s: %s%s%s", path, what, msg && *msg ? ": " : "",
                     msg ? msg : "");
}

/* Closes ds (flushing it); true when GDAL reported a failure meanwhile. */
static int close_failed(GDALDatasetH ds)
{
    CPLErrorReset();
    GDALClose(ds);
    return CPLGetLastErrorType() == CE_Failure || CPLGetLastErrorType() == CE_Fatal;
}

/* Sets the georeferencing of ds from grid and the EPSG code. */
static int georef(hs_ctx *ctx, GDALDatasetH ds, const char *path, const hs_grid_spec *grid,
                  int epsg)
{
    double gt[6] = {grid->x0, grid->cell, 0.0, grid->y0 + (double)grid->ny * grid->cell,
                    0.0,      -grid->cell};
    if (GDALSetGeoTransform(ds, gt) != CE_None) {
        return gdal_fail(ctx, path, "cannot set the geotransform");
    }
    OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
    int rc = srs ? hs__crs_osr(srs, ctx, epsg) : HS_ENOMEM;
    if (rc != HS_OK) {
        OSRDestroySpatialReference(srs);
        char msg[512];
        hs__fmt(msg, sizeof msg, "%s", srs ? hs_ctx_errmsg(ctx) : "out of memory");
        return hs__error(ctx, rc, "%s: %s", path, msg);
    }
    char *wkt = NULL;
    OSRExportToWkt(srs, &wkt);
    CPLErr e = GDALSetProjection(ds, wkt ? wkt : "");
    CPLFree(wkt);
    OSRDestroySpatialReference(srs);
    return e == CE_None ? HS_OK : gdal_fail(ctx, path, "cannot set the CRS");
}

/* Writes the values (row 0 south) into band 1 of ds (row 0 north). */
static int write_band(hs_ctx *ctx, GDALDatasetH ds, const char *path, const hs_grid_spec *grid,
                      const float *values, double nodata)
{
    GDALRasterBandH band = GDALGetRasterBand(ds, 1);
    if (!isnan(nodata) && GDALSetRasterNoDataValue(band, nodata) != CE_None) {
        return gdal_fail(ctx, path, "cannot set the nodata value");
    }
    int nx = (int)grid->nx;
    for (int64_t r = 0; r < grid->ny; r++) {
        const float *row = values + (size_t)(grid->ny - 1 - r) * (size_t)grid->nx;
        if (GDALRasterIO(band, GF_Write, 0, (int)r, nx, 1, (void *)row, nx, 1, GDT_Float32, 0, 0) !=
            CE_None) {
            return gdal_fail(ctx, path, "cannot write");
        }
    }
    return HS_OK;
}

static int check_args(hs_ctx *ctx, const hs_grid_spec *grid, const float *values,
                      const hs_raster_opts *opts)
{
    if (!grid || !values || grid->nx <= 0 || grid->ny <= 0 || grid->nx > 1 << 30 ||
        grid->ny > 1 << 30 || !(grid->cell > 0) || opts->version != HS_RASTER_OPTS_VERSION) {
        return hs__error(ctx, HS_EINVAL, "hs_raster_write: invalid grid or options");
    }
    return HS_OK;
}

/* Creates (or appends to, when append) a GeoPackage raster layer at path. */
static int write_gpkg(hs_ctx *ctx, const char *path, const hs_grid_spec *grid, const float *values,
                      const hs_raster_opts *opts, int append)
{
    GDALDriverH drv = GDALGetDriverByName("GPKG");
    if (!drv) {
        return hs__error(ctx, HS_EUNSUPPORTED, "GDAL has no GPKG driver");
    }
    const char *layer = opts->layer ? opts->layer : "kde";
    const hs_style *st = hs_style_for_layer(layer);
    if (!st) {
        st = hs_style_get("density");
    }
    const char *title = st ? hs_style_title(st, hs_ctx_lang(ctx)) : layer;
    char ident[256];
    if (st && strcmp(st->layer, layer) != 0) { /* keep identifiers unique: name the layer */
        hs__fmt(ident, sizeof ident, "%s (%s)", title, layer);
        title = ident;
    }
    char **co = NULL;
    co = CSLSetNameValue(co, "RASTER_TABLE", layer);
    co = CSLSetNameValue(co, "RASTER_IDENTIFIER", title ? title : layer);
    co = CSLSetNameValue(co, "RASTER_DESCRIPTION", opts->description ? opts->description : "");
    co = CSLSetNameValue(co, "TILE_FORMAT", "TIFF");
    co = CSLSetNameValue(co, "BLOCKSIZE", "256");
    co = CSLSetNameValue(co, "UOM", opts->units ? opts->units : "incidents/km2");
    co = CSLSetNameValue(co, "FIELD_NAME", st && st->field ? st->field : "density");
    co = CSLSetNameValue(co, "QUANTITY_DEFINITION",
                         opts->description ? opts->description : "Incident density");
    if (append) {
        co = CSLSetNameValue(co, "APPEND_SUBDATASET", "YES");
    }
    GDALDatasetH ds =
        GDALCreate(drv, path, (int)grid->nx, (int)grid->ny, 1, GDT_Float32, (CSLConstList)co);
    CSLDestroy(co);
    if (!ds) {
        return gdal_fail(ctx, path, "cannot create the raster layer");
    }
    int rc = georef(ctx, ds, path, grid, opts->epsg);
    if (!rc) {
        rc = write_band(ctx, ds, path, grid, values, opts->nodata);
    }
    if (close_failed(ds) && !rc) {
        rc = gdal_fail(ctx, path, "cannot finish the raster layer");
    }
    return rc;
}

int hs__raster_gpkg_append(hs_ctx *ctx, const char *path, const hs_grid_spec *grid,
                           const float *values, const hs_raster_opts *opts)
{
    pthread_once(&g_once, register_all);
    int rc = check_args(ctx, grid, values, opts);
    if (rc) {
        return rc;
    }
    CPLPushErrorHandler(CPLQuietErrorHandler);
    CPLErrorReset();
    rc = write_gpkg(ctx, path, grid, values, opts, 1);
    CPLPopErrorHandler();
    return rc;
}

static int write_tiff(hs_ctx *ctx, const char *tmp, const hs_grid_spec *grid, const float *values,
                      const hs_raster_opts *opts)
{
    int cog = opts->format == HS_RASTER_COG;
    GDALDriverH drv = GDALGetDriverByName(cog ? "MEM" : "GTiff");
    GDALDriverH cogdrv = cog ? GDALGetDriverByName("COG") : NULL;
    if (!drv || (cog && !cogdrv)) {
        return hs__error(ctx, HS_EUNSUPPORTED, "GDAL lacks the %s driver", cog ? "COG" : "GTiff");
    }
    char **co = NULL;
    if (!cog) {
        co = CSLSetNameValue(co, "TILED", "YES");
        co = CSLSetNameValue(co, "BLOCKXSIZE", "256");
        co = CSLSetNameValue(co, "BLOCKYSIZE", "256");
        co = CSLSetNameValue(co, "COMPRESS", "DEFLATE");
        co = CSLSetNameValue(co, "PREDICTOR", "3");
    }
    GDALDatasetH ds = GDALCreate(drv, cog ? "" : tmp, (int)grid->nx, (int)grid->ny, 1, GDT_Float32,
                                 (CSLConstList)co);
    CSLDestroy(co);
    if (!ds) {
        return gdal_fail(ctx, tmp, "cannot create");
    }
    int rc = georef(ctx, ds, tmp, grid, opts->epsg);
    if (!rc) {
        rc = write_band(ctx, ds, tmp, grid, values, opts->nodata);
    }
    if (!rc && opts->units) {
        GDALSetRasterUnitType(GDALGetRasterBand(ds, 1), opts->units);
    }
    if (!rc && opts->description) {
        GDALSetDescription(GDALGetRasterBand(ds, 1), opts->description);
    }
    if (!rc && cog) {
        char **cco = NULL;
        cco = CSLSetNameValue(cco, "COMPRESS", "DEFLATE");
        cco = CSLSetNameValue(cco, "PREDICTOR", "YES");
        cco = CSLSetNameValue(cco, "BLOCKSIZE", "256");
        GDALDatasetH out = GDALCreateCopy(cogdrv, tmp, ds, FALSE, (CSLConstList)cco, NULL, NULL);
        CSLDestroy(cco);
        if (!out || close_failed(out)) {
            rc = gdal_fail(ctx, tmp, "cannot write the COG");
        }
    }
    if (close_failed(ds) && !rc) {
        rc = gdal_fail(ctx, tmp, "cannot finish");
    }
    return rc;
}

static int copy_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb");
    if (!in) {
        return HS_EIO;
    }
    FILE *out = fopen(to, "wb");
    if (!out) {
        fclose(in);
        return HS_EIO;
    }
    char buf[65536];
    size_t n;
    int bad = 0;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0) {
        bad |= fwrite(buf, 1, n, out) != n;
    }
    bad |= ferror(in);
    fclose(in);
    bad |= fclose(out) != 0;
    return bad ? HS_EIO : HS_OK;
}

int hs_raster_write(hs_ctx *ctx, const char *path, const hs_grid_spec *grid, const float *values,
                    const hs_raster_opts *opts)
{
    hs_raster_opts def = HS_RASTER_OPTS_INIT;
    if (!opts) {
        opts = &def;
    }
    if (!path || !*path) {
        return hs__error(ctx, HS_EINVAL, "hs_raster_write: no path");
    }
    int rc = check_args(ctx, grid, values, opts);
    if (rc) {
        return rc;
    }
    pthread_once(&g_once, register_all);
    size_t n = strlen(path) + 32;
    char *tmp = malloc(n);
    if (!tmp) {
        return hs__error(ctx, HS_ENOMEM, "out of memory");
    }
    hs__fmt(tmp, n, "%s.tmp-%ld", path, (long)getpid());
    unlink(tmp);
    struct stat sb;
    int exists = stat(path, &sb) == 0;
    CPLPushErrorHandler(CPLQuietErrorHandler);
    CPLErrorReset();
    if (opts->format == HS_RASTER_GPKG) {
        if (exists && copy_file(path, tmp)) {
            rc = hs__error(ctx, HS_EIO, "%s: cannot copy to %s", path, tmp);
        }
        if (!rc) {
            rc = write_gpkg(ctx, tmp, grid, values, opts, exists);
        }
    } else {
        rc = write_tiff(ctx, tmp, grid, values, opts);
    }
    CPLPopErrorHandler();
    if (!rc && rename(tmp, path) != 0) {
        rc = hs__error(ctx, HS_EIO, "%s: %s", path, strerror(errno));
    }
    if (rc) {
        unlink(tmp);
    }
    free(tmp);
    return rc;
}
