/*
 * `hotspot kde`: kernel density raster (GeoTIFF/COG or a GeoPackage raster layer).
 * Parses its options from the table below, reads the records and calls the library; it holds no
 * statistics itself. It prints the parameters it chose (cell, bandwidth and rule) on stderr and
 * the result on stdout.
 */
#include "cli.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const cli_opt opts[] = {
    CLI_OUT_OPTS,
    {"cell", 0, "SIZE", "raster cell size (default 50 m)"},
    {"bandwidth", 0, "H|auto|scott|cv",
     "bandwidth in metres (sigma for gaussian), or a rule (default auto = ArcGIS rule)"},
    {"kernel", 0, "NAME",
     "quartic (default), epanechnikov, triweight, triangular, uniform, gaussian"},
    {"extent", 0, "XMIN,YMIN,XMAX,YMAX", "raster extent (default: the data plus the bandwidth)"},
    {"mask", 0, "POLYGONS", "set cells outside these polygons to nodata"},
    {"units", 0, "density|counts", "density per km2 (default) or expected incidents per cell"},
    {"edge", 0, NULL, "uniform edge correction (as spatstat)"},
    {"method", 0, "auto|exact|binned",
     "auto (default): binned when its stated bound is within 1e-4 of the peak, else exact; "
     "exact sums at cell centres; or binned on a sub-grid + FFT with a stated bound"},
    {"tolerance", 0, "T",
     "binned: one point's binning error at most T of the kernel's peak (default 0.005)"},
    {"cog", 0, NULL, "write a Cloud Optimized GeoTIFF"},
    CLI_READ_OPTS,
    CLI_OPT_END};

typedef struct kde_work {
    hs_records *rec;
    hs_rejects *rej;
    hs_gpkg *gp;
    uint8_t *mask;
    double *dens;
    float *f;
} kde_work;

static void kde_work_free(kde_work *w)
{
    hs_records_free(w->rec);
    hs_rejects_free(w->rej);
    hs_gpkg_close(w->gp);
    free(w->mask);
    free(w->dens);
    free(w->f);
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    if (n < m) {
        return 0;
    }
    for (size_t i = 0; i < m; i++) {
        char c = s[n - m + i];
        if ((c >= 'A' && c <= 'Z' ? c + 32 : c) != suffix[i]) {
            return 0;
        }
    }
    return 1;
}

/* --kernel, --bandwidth, --units, --edge into o; *rule_given set when a rule chooses h */
static int parse_opts(cli_args *a, hs_kde_opts *o, double *cell)
{
    const char *k = cli_get(a, "kernel");
    if (k && hs_kernel_parse(&o->kernel, k) != HS_OK) {
        cli_error(a,
                  "--kernel: '%s' is not one of quartic, epanechnikov, triweight, triangular, "
                  "uniform, gaussian",
                  k);
        return CLI_USAGE;
    }
    const char *bw = cli_get(a, "bandwidth");
    if (bw && hs_bw_rule_parse(&o->rule, bw) != HS_OK &&
        (cli_parse_length(&o->bandwidth, bw) || !(o->bandwidth > 0))) {
        cli_error(a,
                  "--bandwidth: expected a positive length (300, 300m, 0.5km) or auto, scott, "
                  "cv, not '%s'",
                  bw);
        return CLI_USAGE;
    }
    const char *u = cli_get(a, "units");
    if (u && strcmp(u, "density") == 0) {
        o->units = HS_KDE_PER_KM2;
    } else if (u && strcmp(u, "counts") == 0) {
        o->units = HS_KDE_PER_CELL;
    } else if (u) {
        cli_error(a, "--units: expected density or counts, not '%s'", u);
        return CLI_USAGE;
    }
    o->edge = cli_has(a, "edge");
    const char *m = cli_get(a, "method");
    o->method = HS_KDE_AUTO;
    if (m && strcmp(m, "binned") == 0) {
        o->method = HS_KDE_BINNED;
    } else if (m && strcmp(m, "exact") == 0) {
        o->method = HS_KDE_EXACT;
    } else if (m && strcmp(m, "auto") != 0) {
        cli_error(a, "--method: expected auto, exact or binned, not '%s'", m);
        return CLI_USAGE;
    }
    const char *t = cli_get(a, "tolerance");
    if (t) {
        char *end;
        o->tolerance = strtod(t, &end);
        if (*end || !(o->tolerance > 0 && o->tolerance < 1)) {
            cli_error(a, "--tolerance: expected a number between 0 and 1 such as 0.001, not '%s'",
                      t);
            return CLI_USAGE;
        }
        if (o->method != HS_KDE_BINNED) {
            cli_error(a, "--tolerance applies to --method binned only");
            return CLI_USAGE;
        }
    }
    *cell = 50.0;
    const char *c = cli_get(a, "cell");
    if (c && (cli_parse_length(cell, c) || !(*cell > 0))) {
        cli_error(a, "--cell: expected a positive length such as 50 or 0.1km, not '%s'", c);
        return CLI_USAGE;
    }
    return CLI_OK;
}

static int make_grid(cli_args *a, hs_grid_spec *g, const kde_work *w, double cell, double h,
                     const hs_kde_opts *o)
{
    const char *ext = cli_get(a, "extent");
    if (ext) {
        hs_bbox box;
        if (cli_parse_extent(&box, ext) != 0) {
            cli_error(a,
                      "--extent: expected XMIN,YMIN,XMAX,YMAX (XMIN < XMAX, YMIN < YMAX), not "
                      "'%s'",
                      ext);
            return CLI_USAGE;
        }
        if (hs_grid_spec_cover(g, box, cell) != HS_OK) {
            cli_error(a, "--extent: %s at %g m cells gives too many cells", ext, cell);
            return CLI_USAGE;
        }
        return CLI_OK;
    }
    /* the data plus the kernel's reach (3 sigma for a Gaussian) */
    double reach = o->kernel == HS_KERNEL_GAUSSIAN ? 3.0 * h : h;
    size_t n = hs_records_count(w->rec);
    int rc = hs_kde_default_grid(g, a->ctx, hs_records_x(w->rec), hs_records_y(w->rec), n, cell,
                                 reach, o);
    return rc ? cli_fail(a, rc) : CLI_OK;
}

static int compute(cli_args *a, kde_work *w, const char *out)
{
    hs_kde_opts o = HS_KDE_OPTS_INIT;
    double cell;
    int rc = parse_opts(a, &o, &cell);
    if (rc) {
        return rc;
    }
    if ((rc = hs_records_new(&w->rec)) || (rc = hs_rejects_new(&w->rej))) {
        return cli_fail(a, rc);
    }
    a->places_only = 1; /* a density needs places and weights, not times */
    if ((rc = cli_read_inputs(a, w->rec, w->rej, 0, a->npos))) {
        return rc;
    }
    size_t n = hs_records_count(w->rec), nlocal = 0;
    hs_records_local_index(&nlocal, NULL, 0, w->rec);
    if (nlocal == 0) {
        cli_error(a, "no located records finer than kommun precision: no density to estimate");
        return CLI_NODATA;
    }
    if (nlocal < n) {
        cli_info(a, "%zu records of kommun or lan precision (or unlocated) left out of the density",
                 n - nlocal);
    }
    const double *x = hs_records_x(w->rec), *y = hs_records_y(w->rec);
    const double *wt = cli_get(a, "weight") ? hs_records_weight(w->rec) : NULL;
    o.precision = hs_records_precision(w->rec);
    const char *how = "given";
    if (!(o.bandwidth > 0)) {
        if ((rc = hs_kde_bandwidth(&o.bandwidth, a->ctx, x, y, wt, n, &o))) {
            return cli_fail(a, rc);
        }
        how = hs_bw_rule_name(o.rule);
    }
    hs_grid_spec g;
    if ((rc = make_grid(a, &g, w, cell, o.bandwidth, &o))) {
        return rc;
    }
    cli_info(a,
             "kde: kernel %s, bandwidth %.1f m (%s), cell %g m (%s), %lld x %lld cells from "
             "(%.0f, %.0f), units %s%s",
             hs_kernel_name(o.kernel), o.bandwidth, how, g.cell,
             cli_get(a, "cell") ? "given" : "default", (long long)g.nx, (long long)g.ny, g.x0, g.y0,
             o.units == HS_KDE_PER_CELL ? "expected incidents per cell" : "incidents per km2",
             o.edge ? ", uniform edge correction" : "");
    size_t ncells = (size_t)(g.nx * g.ny);
    if ((rc = cli_grid_mask(a, &w->mask, &g, hs_records_crs(w->rec))) != CLI_OK) {
        return rc;
    }
    if (w->mask) {
        o.mask = w->mask;
        o.nodata = -9999.0;
    }
    w->dens = malloc(ncells * sizeof *w->dens);
    w->f = malloc(ncells * sizeof *w->f);
    if (!w->dens || !w->f) {
        cli_error(a, "out of memory for %lld x %lld cells", (long long)g.nx, (long long)g.ny);
        return CLI_FAIL;
    }
    hs_kde_info info;
    if ((rc = hs_kde_compute(w->dens, &info, a->ctx, &g, x, y, wt, n, &o))) {
        return cli_fail(a, rc);
    }
    double peak = info.peak;
    for (size_t c = 0; c < ncells; c++) {
        w->f[c] = (float)w->dens[c];
    }
    const char *unit = o.units == HS_KDE_PER_CELL ? "incidents/cell" : "incidents/km2";
    const char *mname = info.method == HS_KDE_BINNED ? "binned" : "exact";
    if (o.method == HS_KDE_AUTO) {
        cli_info(a, "kde: method auto chose %s: %s", mname, info.note);
    }
    if (info.method == HS_KDE_BINNED && !info.binned_y_only) {
        cli_info(a,
                 "kde: binned on a sub-grid of %g m (1/%d of the cell); error bound %.3g %s "
                 "(%.2g of the peak)",
                 g.cell / info.subdivision, info.subdivision, info.error_bound, unit,
                 peak > 0 ? info.error_bound / peak : 0.0);
    } else if (info.method == HS_KDE_BINNED) {
        cli_info(a, "kde: error bound %.3g %s (%.2g of the peak)", info.error_bound, unit,
                 peak > 0 ? info.error_bound / peak : 0.0);
    }
    hs_raster_opts ro = HS_RASTER_OPTS_INIT;
    ro.epsg = hs_records_crs(w->rec) > 0 ? hs_records_crs(w->rec) : 3006;
    ro.nodata = w->mask ? -9999.0 : NAN;
    ro.units = o.units == HS_KDE_PER_CELL ? "incidents/cell" : "incidents/km2";
    char desc[320];
    char bound_txt[64] = "";
    if (info.method == HS_KDE_BINNED) {
        snprintf(bound_txt, sizeof bound_txt, ", error bound %.3g %s", info.error_bound, unit);
    }
    snprintf(desc, sizeof desc,
             "kernel density, %s kernel, bandwidth %.1f m (%s), method %s%s%s (1/%d of the "
             "cell)%s",
             hs_kernel_name(o.kernel), o.bandwidth, how, mname,
             info.binned_y_only ? " along y" : "", o.method == HS_KDE_AUTO ? " by auto" : "",
             info.subdivision, bound_txt);
    if (info.method != HS_KDE_BINNED) {
        snprintf(desc, sizeof desc, "kernel density, %s kernel, bandwidth %.1f m (%s), method %s%s",
                 hs_kernel_name(o.kernel), o.bandwidth, how, mname,
                 o.method == HS_KDE_AUTO ? " by auto" : "");
    }
    ro.description = desc;
    if (ends_with(out, ".gpkg")) {
        ro.format = HS_RASTER_GPKG;
        hs_gpkg_opts gpo = HS_GPKG_OPTS_INIT;
        gpo.overwrite = cli_has(a, "overwrite");
        gpo.epsg = ro.epsg;
        char buf[64];
        if ((rc = hs_gpkg_open(&w->gp, a->ctx, out, &gpo)) ||
            (rc = hs_gpkg_add_raster(w->gp, &g, w->f, &ro))) {
            return cli_fail(a, rc);
        }
        snprintf(buf, sizeof buf, "%.3f", o.bandwidth);
        rc =
            hs_gpkg_set_param(w->gp, "kde_bandwidth", buf, strcmp(how, "given") ? "auto" : "given");
        snprintf(buf, sizeof buf, "%g", g.cell);
        if (!rc) {
            rc =
                hs_gpkg_set_param(w->gp, "kde_cell", buf, cli_get(a, "cell") ? "given" : "default");
        }
        if (!rc) {
            rc = hs_gpkg_set_param(w->gp, "kde_kernel", hs_kernel_name(o.kernel),
                                   cli_get(a, "kernel") ? "given" : "default");
        }
        if (!rc) {
            const char *mo = !cli_get(a, "method") ? "default" : "given";
            rc = hs_gpkg_set_param(w->gp, "kde_method", mname,
                                   o.method == HS_KDE_AUTO ? "auto" : mo);
        }
        if (!rc && info.method == HS_KDE_BINNED) {
            snprintf(buf, sizeof buf, "%.6g", info.error_bound);
            rc = hs_gpkg_set_param(w->gp, "kde_error_bound", buf, "computed");
        }
        if (rc || (rc = hs_gpkg_commit(w->gp))) {
            return cli_fail(a, rc);
        }
    } else {
        ro.format = cli_has(a, "cog") ? HS_RASTER_COG : HS_RASTER_GTIFF;
        if ((rc = hs_raster_write(a->ctx, out, &g, w->f, &ro))) {
            return cli_fail(a, rc);
        }
    }
    printf("%s: kde raster %lld x %lld cells of %g m, %s kernel, bandwidth %.1f m (%s), peak %.6g "
           "%s, %zu points\n",
           out, (long long)g.nx, (long long)g.ny, g.cell, hs_kernel_name(o.kernel), o.bandwidth,
           how, peak, ro.units, nlocal);
    return CLI_OK;
}

static int run(cli_args *a)
{
    const char *out = cli_get(a, "output");
    if (!out) {
        cli_error(a, "-o OUT.tif or OUT.gpkg is required");
        return CLI_USAGE;
    }
    int rc = cli_check_output(a, out);
    if (rc) {
        return rc;
    }
    kde_work w;
    memset(&w, 0, sizeof w);
    rc = compute(a, &w, out);
    kde_work_free(&w);
    return rc;
}

const cli_cmd cmd_kde = {"kde",
                         "INPUT... -o OUT.tif|OUT.gpkg --cell 50 --bandwidth 300|auto --kernel "
                         "quartic",
                         "kernel density raster (GeoTIFF/COG or a GeoPackage raster layer)", opts,
                         run};
