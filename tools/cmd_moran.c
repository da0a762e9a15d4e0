/*
 * `hotspot moran`: local Moran's I clusters and outliers (HH, LL, HL, LH) on grid counts with a
 * seeded conditional permutation pseudo-p and FDR, global Moran's I and the Clark-Evans index of
 * the points. Parses options, reads and counts (stats_input.c), calls the library; no statistics.
 */
#include "stats_input.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const cli_opt opts[] = {
    CLI_OUT_OPTS,
    {"cell", 0, "SIZE", "cell size (default 250 m)"},
    {"distance", 0, "M|auto", "neighbour distance band between cell centres (default auto)"},
    {"weights", 0, "band|queen|rook", "neighbours: distance band (default) or contiguity"},
    {"permutations", 0, "R", "conditional permutations per cell (default 999)"},
    {"seed", 0, "N", "random seed (default 20240601): the same seed gives the same result"},
    {"alpha", 0, "A", "FDR level of the cluster classes (default 0.05)"},
    {"no-fdr", 0, NULL, "classes from the raw pseudo-p instead of the BH-adjusted one"},
    {"extent", 0, "XMIN,YMIN,XMAX,YMAX", "grid extent (default: the data, aligned)"},
    {"mask", 0, "POLYGONS", "only cells whose centre is inside these polygons are observations"},
    CLI_READ_OPTS,
    CLI_OPT_END};

typedef struct work {
    hs_records *rec;
    hs_rejects *rej;
    hs_gpkg *gp;
    double *cnt, *ii, *pp, *q;
    uint8_t *mask, *cls;
} work;

static void work_free(work *w)
{
    hs_records_free(w->rec);
    hs_rejects_free(w->rej);
    hs_gpkg_close(w->gp);
    free(w->cnt);
    free(w->ii);
    free(w->pp);
    free(w->q);
    free(w->mask);
    free(w->cls);
}

static int parse_opts(cli_args *a, hs_moran_local_opts *mo, int *auto_dist)
{
    int rc = stats_weights(&mo->weights, auto_dist, a);
    if (rc) {
        return rc;
    }
    const char *s = cli_get(a, "permutations");
    char *end;
    if (s) {
        long v = strtol(s, &end, 10);
        if (*end || v < 0 || v > 99999) {
            cli_error(a, "--permutations: expected a whole number 0..99999, not '%s'", s);
            return CLI_USAGE;
        }
        mo->permutations = (int)v;
    }
    if ((s = cli_get(a, "seed"))) {
        unsigned long long v = strtoull(s, &end, 10);
        if (*end || !*s) {
            cli_error(a, "--seed: expected a whole number, not '%s'", s);
            return CLI_USAGE;
        }
        mo->seed = (uint64_t)v;
    }
    mo->fdr = !cli_has(a, "no-fdr");
    if ((s = cli_get(a, "alpha"))) {
        mo->alpha = strtod(s, &end);
        if (*end || !(mo->alpha > 0 && mo->alpha < 1)) {
            cli_error(a, "--alpha: expected a number between 0 and 1");
            return CLI_USAGE;
        }
    }
    return CLI_OK;
}

static int summarise(cli_args *a, const work *w, const hs_grid_spec *g,
                     const hs_moran_local_opts *mo)
{
    hs_moran_global mg;
    int rc = hs_moran_global_grid(&mg, a->ctx, g, w->cnt, w->mask, &mo->weights);
    if (rc) {
        return cli_fail(a, rc);
    }
    printf("global Moran's I: %.6f (expected %.6f), z = %.3f, p = %.3g, n = %lld\n", mg.i,
           mg.expected, mg.z, mg.p, (long long)mg.n);
    size_t nr = hs_records_count(w->rec);
    double *x = malloc((nr ? nr : 1) * sizeof *x);
    double *y = malloc((nr ? nr : 1) * sizeof *y);
    if (!x || !y) {
        free(x);
        free(y);
        return cli_fail(a, HS_ENOMEM);
    }
    size_t m = 0;
    const uint8_t *prec = hs_records_precision(w->rec);
    for (size_t i = 0; i < nr; i++) {
        double px = hs_records_x(w->rec)[i];
        double py = hs_records_y(w->rec)[i];
        int64_t ix;
        int64_t iy;
        if (hs_precision_is_local((hs_precision)prec[i]) && isfinite(px) && isfinite(py) &&
            hs_grid_cell_of(&ix, &iy, g, px, py) == 0 && (!w->mask || w->mask[iy * g->nx + ix])) {
            x[m] = px;
            y[m++] = py;
        }
    }
    size_t ncell = 0;
    for (size_t i = 0; i < (size_t)(g->nx * g->ny); i++) {
        ncell += !w->mask || w->mask[i];
    }
    hs_clark_evans ce;
    rc = hs_clark_evans_run(&ce, a->ctx, x, y, m, (double)ncell * g->cell * g->cell);
    free(x);
    free(y);
    if (rc == HS_OK) {
        printf("Clark-Evans R: %.3f (mean nearest neighbour %.1f m, expected %.1f m), z = %.3f, "
               "p = %.3g\n",
               ce.r, ce.mean_nn, ce.expected, ce.z, ce.p);
    } else {
        cli_info(a, "Clark-Evans index not computed: %s", hs_ctx_errmsg(a->ctx));
    }
    return CLI_OK;
}

static int analyse(cli_args *a, work *w, const char *in, const char *out)
{
    double cell;
    hs_moran_local_opts mo = HS_MORAN_LOCAL_OPTS_INIT;
    int auto_dist = 0;
    int rc = stats_cell(&cell, a, 250.0);
    if (rc || (rc = parse_opts(a, &mo, &auto_dist))) {
        return rc;
    }
    hs_ingest_stats st;
    hs_grid_spec g;
    if ((rc = stats_read(a, &w->rec, &w->rej, &st, in)) ||
        (rc = stats_make_grid(a, &g, w->rec, cell))) {
        return rc;
    }
    size_t n = (size_t)(g.nx * g.ny);
    w->cnt = malloc(n * sizeof *w->cnt);
    w->ii = malloc(n * sizeof *w->ii);
    w->pp = malloc(n * sizeof *w->pp);
    w->q = malloc(n * sizeof *w->q);
    w->cls = malloc(n);
    if (!w->cnt || !w->ii || !w->pp || !w->q || !w->cls) {
        return cli_fail(a, HS_ENOMEM);
    }
    int64_t total = 0;
    int64_t nobs = 0;
    if ((rc = stats_count(w->cnt, &total, a, &g, w->rec)) ||
        (rc = stats_mask(&w->mask, &nobs, a, &g, w->rec))) {
        return rc;
    }
    if (auto_dist) {
        hs_auto_how how;
        int k;
        if ((rc = hs_gistar_auto_distance(&mo.weights.distance, &how, &k, a->ctx, &g, w->cnt,
                                          w->mask))) {
            return cli_fail(a, rc);
        }
    }
    cli_info(a, "grid: %lld x %lld cells of %g m, %lld observations; neighbours: %s %.1f m%s",
             (long long)g.nx, (long long)g.ny, g.cell, (long long)nobs,
             mo.weights.weights == HS_WEIGHTS_BAND ? "band" : "contiguity", mo.weights.distance,
             auto_dist ? " (auto, as for gistar)" : "");
    cli_info(a, "%d permutations, seed %llu, alpha %g %s", mo.permutations,
             (unsigned long long)mo.seed, mo.alpha, mo.fdr ? "after FDR (BH)" : "without FDR");
    rc = hs_moran_local_grid(w->ii, w->pp, w->q, w->cls, a->ctx, &g, w->cnt, w->mask, &mo);
    if (rc) {
        return cli_fail(a, rc);
    }
    if ((rc = summarise(a, w, &g, &mo))) {
        return rc;
    }
    hs_gpkg_opts gpo = HS_GPKG_OPTS_INIT;
    gpo.overwrite = cli_has(a, "overwrite");
    gpo.epsg = hs_records_crs(w->rec) > 0 ? hs_records_crs(w->rec) : 3006;
    if ((rc = hs_gpkg_open(&w->gp, a->ctx, out, &gpo)) ||
        (rc = hs_moran_write_layer(w->gp, &g, w->cnt, w->mask, w->ii, w->pp, w->q, w->cls)) ||
        (rc = hs_gpkg_add_input(w->gp, in, st.rows_read)) || (rc = hs_gpkg_commit(w->gp))) {
        return cli_fail(a, rc);
    }
    int64_t k[5] = {0};
    for (size_t i = 0; i < n; i++) {
        if (!w->mask || w->mask[i]) {
            k[w->cls[i]]++;
        }
    }
    if (mo.fdr && k[HS_LISA_NS] == nobs) {
        cli_info(a,
                 "warning: no cell passes FDR; with %d permutations the smallest pseudo-p is "
                 "%.2g: raise --permutations or use --no-fdr",
                 mo.permutations, 1.0 / (mo.permutations + 1.0));
    }
    printf("%s: moran layer, %lld cells: HH %lld, LL %lld, HL %lld, LH %lld, not significant "
           "%lld\n",
           out, (long long)nobs, (long long)k[HS_LISA_HH], (long long)k[HS_LISA_LL],
           (long long)k[HS_LISA_HL], (long long)k[HS_LISA_LH], (long long)k[HS_LISA_NS]);
    return CLI_OK;
}

static int run(cli_args *a)
{
    const char *out = NULL;
    int rc = cli_input_output(a, &out);
    if (rc) {
        return rc;
    }
    work w;
    memset(&w, 0, sizeof w);
    rc = analyse(a, &w, a->pos[0], out);
    work_free(&w);
    return rc;
}

const cli_cmd cmd_moran = {"moran", "INPUT -o OUT.gpkg --cell 250 [--distance M] [--seed N]",
                           "local and global Moran's I (clusters and outliers), Clark-Evans", opts,
                           run};
