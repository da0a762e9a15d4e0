/*
 * Maps of one time window ("weekend nights"): each record weighs the aoristic share of its window
 * inside the window (times its own weight), and those weights feed the existing kernels — a
 * kernel density raster (kde.h) and Gi* on grid cells (gistar.h) — written into an open
 * GeoPackage. Only the weighting lives here; the kernels are the grid/KDE module's.
 */
#include "core/hs_internal.h"

#include <math.h>
#include <stdlib.h>

static int write_gistar(hs_gpkg *g, hs_ctx *ctx, const hs_records *rec, const double *w,
                        double cell)
{
    hs_grid_spec gs;
    int rc = hs_grid_spec_aligned(&gs, hs_records_bbox(rec), cell);
    if (rc != HS_OK) {
        return hs__error(ctx, rc, "time window: no located records for a grid");
    }
    size_t nc = (size_t)(gs.nx * gs.ny);
    size_t n = hs_records_count(rec);
    const double *x = hs_records_x(rec);
    const double *y = hs_records_y(rec);
    const uint8_t *pr = hs_records_precision(rec);
    double *counts = calloc(nc, sizeof *counts);
    double *z = malloc(nc * sizeof *z);
    double *p = malloc(nc * sizeof *p);
    double *q = malloc(nc * sizeof *q);
    int8_t *bin = malloc(nc * sizeof *bin);
    int32_t *nnb = malloc(nc * sizeof *nnb);
    rc = (counts && z && p && q && bin && nnb) ? HS_OK : HS_ENOMEM;
    for (size_t i = 0; rc == HS_OK && i < n; i++) {
        int64_t ix, iy;
        if (hs_precision_is_local((hs_precision)pr[i]) &&
            hs_grid_cell_of(&ix, &iy, &gs, x[i], y[i]) == 0) {
            counts[iy * gs.nx + ix] += w[i];
        }
    }
    hs_gistar_opts go = HS_GISTAR_OPTS_INIT;
    go.weights = HS_WEIGHTS_QUEEN;
    if (rc == HS_OK) {
        rc = hs_gistar_grid(z, p, q, bin, nnb, ctx, &gs, counts, NULL, &go);
    }
    if (rc == HS_OK) {
        rc = hs_gistar_write_layer(g, &gs, counts, NULL, z, p, q, bin, nnb);
    } else if (rc == HS_ENODATA) {
        hs__log(ctx, HS_LOG_WARN, "time window: no Gi* (too few cells or no variance)");
        rc = HS_OK;
    }
    free(counts);
    free(z);
    free(p);
    free(q);
    free(bin);
    free(nnb);
    return rc;
}

static int write_kde(hs_gpkg *g, hs_ctx *ctx, const hs_records *rec, const double *w, double cell,
                     const char *label)
{
    size_t n = hs_records_count(rec);
    const double *x = hs_records_x(rec);
    const double *y = hs_records_y(rec);
    hs_kde_opts ko = HS_KDE_OPTS_INIT;
    ko.precision = hs_records_precision(rec);
    double h = 0.0;
    int rc = hs_kde_bandwidth(&h, ctx, x, y, w, n, &ko);
    if (rc != HS_OK) {
        return rc;
    }
    ko.bandwidth = h;
    hs_grid_spec kg;
    rc = hs_kde_default_grid(&kg, ctx, x, y, n, cell, hs_kernel_radius(ko.kernel, h), &ko);
    if (rc != HS_OK) {
        return rc;
    }
    size_t nc = (size_t)(kg.nx * kg.ny);
    double *out = malloc(nc * sizeof *out);
    float *vals = malloc(nc * sizeof *vals);
    rc = (out && vals) ? HS_OK : HS_ENOMEM;
    if (rc == HS_OK) {
        rc = hs_kde_run(out, ctx, &kg, x, y, w, n, &ko);
    }
    for (size_t c = 0; rc == HS_OK && c < nc; c++) {
        vals[c] = (float)out[c];
    }
    hs_raster_opts ro = HS_RASTER_OPTS_INIT;
    ro.format = HS_RASTER_GPKG;
    ro.epsg = hs_records_crs(rec) ? hs_records_crs(rec) : 3006;
    ro.layer = "kde";
    ro.units = "incidents/km2";
    ro.description = label;
    if (rc == HS_OK) {
        rc = hs_gpkg_add_raster(g, &kg, vals, &ro);
    }
    hs__log(ctx, HS_LOG_INFO, "time window %s: quartic kernel, bandwidth %.0f m, cell %.0f m",
            label, h, cell);
    free(out);
    free(vals);
    return rc;
}

int hs_temporal_write_window(hs_gpkg *g, hs_ctx *ctx, const hs_records *rec, const uint8_t *mask,
                             const char *label, double cell, double kde_cell,
                             const hs_aoristic_opts *opts)
{
    if (!g || !rec || !mask || !(cell > 0) || !(kde_cell > 0)) {
        return hs__error(ctx, HS_EINVAL, "time window maps: missing arguments");
    }
    size_t n = hs_records_count(rec);
    double *w = malloc((n ? n : 1) * sizeof *w);
    if (!w) {
        return hs__error(ctx, HS_ENOMEM, "time window maps: out of memory");
    }
    int rc = hs_aoristic_window_weights(w, ctx, hs_records_t_from(rec), hs_records_t_to(rec), n,
                                        mask, opts);
    const double *rw = hs_records_weight(rec);
    double total = 0.0;
    for (size_t i = 0; rc == HS_OK && i < n; i++) {
        w[i] *= rw[i];
        total += w[i];
    }
    if (rc == HS_OK && !(total > 0.0)) {
        rc = hs__error(ctx, HS_ENODATA, "time window %s: no record falls in it", label);
    }
    if (rc == HS_OK) {
        hs__log(ctx, HS_LOG_INFO, "time window %s: %.1f of %zu records' weight falls in it", label,
                total, n);
        rc = write_gistar(g, ctx, rec, w, cell);
    }
    if (rc == HS_OK) {
        rc = write_kde(g, ctx, rec, w, kde_cell, label);
    }
    free(w);
    return rc;
}
