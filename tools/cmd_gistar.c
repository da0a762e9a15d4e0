/*
 * `hotspot gistar`: Getis-Ord Gi* hot spots on grid counts with FDR correction.
 * Parses its options from the table below, reads and counts the records (stats_input.c) and calls
 * the library; it holds no statistics itself. The layer and a summary are the results.
 */
#include "stats_input.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const cli_opt opts[] = {
    CLI_OUT_OPTS,
    {"cell", 0, "SIZE", "cell size (default 250 m)"},
    {"distance", 0, "M|auto",
     "neighbour distance band between cell centres, inclusive (default auto)"},
    {"weights", 0, "band|queen|rook|knn",
     "neighbours: distance band (default), contiguity or k nearest"},
    {"places", 0, "POLYGONS",
     "Gi* on the counts of these areas instead of grid cells (layer gistar_places)"},
    {"k", 0, "N", "neighbours for --weights knn (default 8; ties at the k-th distance included)"},
    {"alpha", 0, "A", "FDR level for the significance classes (default 0.05)"},
    {"extent", 0, "XMIN,YMIN,XMAX,YMAX", "grid extent (default: the data, aligned)"},
    {"mask", 0, "POLYGONS", "only cells that meet these polygons are observations"},
    CLI_READ_OPTS,
    CLI_OPT_END};

typedef struct work {
    hs_records *rec;
    hs_rejects *rej;
    hs_gpkg *gp;
    double *cnt;
    uint8_t *mask;
    double *z, *p, *q;
    int8_t *bin;
    int32_t *nnb;
} work;

static void work_free(work *w)
{
    hs_records_free(w->rec);
    hs_rejects_free(w->rej);
    hs_gpkg_close(w->gp);
    free(w->cnt);
    free(w->mask);
    free(w->z);
    free(w->p);
    free(w->q);
    free(w->bin);
    free(w->nnb);
}

/* prints and records the band; chooses it first when auto */
static int choose_band(cli_args *a, hs_gistar_opts *go, int auto_dist, const hs_grid_spec *g,
                       const work *w)
{
    char how[160] = "given";
    if (auto_dist) {
        hs_auto_how ah;
        int k = 0;
        int rc = hs_gistar_auto_distance(&go->distance, &ah, &k, a->ctx, g, w->cnt, w->mask);
        if (rc) {
            return cli_fail(a, rc);
        }
        if (ah == HS_AUTO_PEAK) {
            snprintf(how, sizeof how,
                     "auto: first peak of global Moran's I z over bands of 1-10 cells");
        } else {
            snprintf(how, sizeof how,
                     "auto: no Moran's I peak; mean distance to the %d nearest non-empty cells", k);
        }
    }
    if (go->weights == HS_WEIGHTS_BAND) {
        cli_info(a,
                 "distance band: %.1f m (%s), cell centres within it are neighbours, self "
                 "included",
                 go->distance, how);
        if (go->distance < g->cell) {
            cli_info(a, "warning: the band is smaller than a cell: each cell is its only "
                        "neighbour");
        }
    } else {
        cli_info(a, "neighbours: %s contiguity, self included",
                 go->weights == HS_WEIGHTS_QUEEN ? "queen" : "rook");
    }
    return CLI_OK;
}

static int write_out(cli_args *a, work *w, const hs_grid_spec *g, const hs_gistar_opts *go,
                     int auto_dist, double alpha, const char *in, int64_t rows, const char *out)
{
    hs_gpkg_opts gpo = HS_GPKG_OPTS_INIT;
    gpo.overwrite = cli_has(a, "overwrite");
    gpo.epsg = hs_records_crs(w->rec) > 0 ? hs_records_crs(w->rec) : 3006;
    char buf[64];
    int rc = hs_gpkg_open(&w->gp, a->ctx, out, &gpo);
    if (!rc) {
        rc = hs_gistar_write_layer(w->gp, g, w->cnt, w->mask, w->z, w->p, w->q, w->bin, w->nnb);
    }
    snprintf(buf, sizeof buf, "%g", g->cell);
    if (!rc) {
        rc = hs_gpkg_set_param(w->gp, "cell_size", buf, cli_get(a, "cell") ? "given" : "default");
    }
    snprintf(buf, sizeof buf, "%.3f", go->distance);
    if (!rc && go->weights == HS_WEIGHTS_BAND) {
        rc = hs_gpkg_set_param(w->gp, "distance_band", buf, auto_dist ? "auto" : "given");
    }
    snprintf(buf, sizeof buf, "%g", alpha);
    if (!rc) {
        rc = hs_gpkg_set_param(w->gp, "alpha", buf, cli_get(a, "alpha") ? "given" : "default");
    }
    if (!rc) {
        rc = hs_gpkg_add_input(w->gp, in, rows);
    }
    if (!rc) {
        rc = hs_gpkg_commit(w->gp);
    }
    return rc ? cli_fail(a, rc) : CLI_OK;
}

static int analyse(cli_args *a, work *w, const char *in, const char *out)
{
    double cell;
    int rc = stats_cell(&cell, a, 250.0);
    if (rc) {
        return rc;
    }
    double alpha = 0.05;
    if (cli_get(a, "alpha")) {
        char *end;
        alpha = strtod(cli_get(a, "alpha"), &end);
        if (*end || !(alpha > 0 && alpha < 1)) {
            cli_error(a, "--alpha: expected a number between 0 and 1");
            return CLI_USAGE;
        }
    }
    hs_gistar_opts go = HS_GISTAR_OPTS_INIT;
    int auto_dist = 0;
    int knn = 0;
    if (cli_get(a, "weights") && strcmp(cli_get(a, "weights"), "knn") == 0) {
        char *end;
        long k = cli_get(a, "k") ? strtol(cli_get(a, "k"), &end, 10) : 8;
        if (cli_get(a, "k") && (*end || k < 1 || k > 1000)) {
            cli_error(a, "--k: expected a whole number from 1 to 1000");
            return CLI_USAGE;
        }
        knn = (int)k;
        go.weights = HS_WEIGHTS_QUEEN; /* not used: the k nearest lists replace the stencil */
    } else if ((rc = stats_weights(&go, &auto_dist, a))) {
        return rc;
    }
    hs_ingest_stats st;
    if ((rc = stats_read(a, &w->rec, &w->rej, &st, in))) {
        return rc;
    }
    hs_grid_spec g;
    if ((rc = stats_make_grid(a, &g, w->rec, cell))) {
        return rc;
    }
    size_t n = (size_t)(g.nx * g.ny);
    w->cnt = malloc(n * sizeof *w->cnt);
    w->z = malloc(n * sizeof *w->z);
    w->p = malloc(n * sizeof *w->p);
    w->q = malloc(n * sizeof *w->q);
    w->bin = malloc(n);
    w->nnb = malloc(n * sizeof *w->nnb);
    if (!w->cnt || !w->z || !w->p || !w->q || !w->bin || !w->nnb) {
        cli_error(a, "out of memory for %lld x %lld cells", (long long)g.nx, (long long)g.ny);
        return CLI_FAIL;
    }
    int64_t total = 0;
    int64_t nobs = 0;
    if ((rc = stats_count(w->cnt, &total, a, &g, w->rec)) ||
        (rc = stats_mask(&w->mask, &nobs, a, &g, w->rec))) {
        return rc;
    }
    cli_info(a,
             "grid: %lld x %lld cells of %g m from (%.0f, %.0f); %lld observations (zeros "
             "included), %lld incidents",
             (long long)g.nx, (long long)g.ny, g.cell, g.x0, g.y0, (long long)nobs,
             (long long)total);
    if (knn) {
        cli_info(a, "neighbours: the %d nearest observed cells (ties included), self included",
                 knn);
    } else if ((rc = choose_band(a, &go, auto_dist, &g, w))) {
        return rc;
    }
    cli_info(a, "alpha: %g (FDR, Benjamini-Hochberg); gi_bin at 90/95/99 %% after FDR", alpha);
    rc =
        knn ? hs_gistar_knn_grid(w->z, w->p, w->q, w->bin, w->nnb, a->ctx, &g, w->cnt, w->mask, knn)
            : hs_gistar_grid(w->z, w->p, w->q, w->bin, w->nnb, a->ctx, &g, w->cnt, w->mask, &go);
    if (rc) {
        return cli_fail(a, rc);
    }
    int64_t hot = 0;
    int64_t cold = 0;
    int64_t bins[7] = {0};
    for (size_t i = 0; i < n; i++) {
        if (w->mask && !w->mask[i]) {
            continue;
        }
        bins[w->bin[i] + 3]++;
        hot += w->q[i] <= alpha && w->z[i] > 0;
        cold += w->q[i] <= alpha && w->z[i] < 0;
    }
    if ((rc = write_out(a, w, &g, &go, auto_dist, alpha, in, st.rows_read, out))) {
        return rc;
    }
    printf("%s: gistar layer, %lld cells\n", out, (long long)nobs);
    printf("hot spots at FDR %g: %lld, cold spots: %lld\n", alpha, (long long)hot, (long long)cold);
    printf("gi_bin -3..3: %lld %lld %lld %lld %lld %lld %lld\n", (long long)bins[0],
           (long long)bins[1], (long long)bins[2], (long long)bins[3], (long long)bins[4],
           (long long)bins[5], (long long)bins[6]);
    return CLI_OK;
}

/* Gi* on polygon counts: areas whose centroids lie within --distance (default 1000 m) are
 * neighbours. */
static int analyse_places(cli_args *a, const char *in, const char *out)
{
    double dist = 1000.0;
    const char *ds = cli_get(a, "distance");
    if (ds && (cli_parse_length(&dist, ds) || !(dist > 0))) {
        cli_error(a, "--distance: expected a positive length between area centroids");
        return CLI_USAGE;
    }
    hs_records *rec = NULL;
    hs_rejects *rej = NULL;
    hs_ingest_stats st;
    int rc = stats_read(a, &rec, &rej, &st, in);
    hs_areas *ar = NULL;
    hs_gpkg *gp = NULL;
    double *cnt = NULL, *z = NULL, *p = NULL, *q = NULL;
    int64_t *ic = NULL;
    int8_t *bin = NULL;
    int32_t *nnb = NULL;
    if (rc == CLI_OK) {
        hs_areas_opts ao = HS_AREAS_OPTS_INIT;
        ao.epsg = hs_records_crs(rec);
        int hrc = hs_areas_open(&ar, a->ctx, cli_get(a, "places"), &ao);
        size_t n = ar ? hs_areas_count(ar) : 0;
        if (hrc == HS_OK) {
            cnt = malloc((n + 1) * sizeof *cnt);
            ic = calloc(n + 1, sizeof *ic);
            z = malloc((n + 1) * sizeof *z);
            p = malloc((n + 1) * sizeof *p);
            q = malloc((n + 1) * sizeof *q);
            bin = malloc(n + 1);
            nnb = malloc((n + 1) * sizeof *nnb);
            hrc = cnt && ic && z && p && q && bin && nnb ? HS_OK : HS_ENOMEM;
        }
        if (hrc == HS_OK) {
            hrc =
                hs_aggregate_areas(ic, NULL, NULL, a->ctx, ar, hs_records_x(rec), hs_records_y(rec),
                                   hs_records_precision(rec), NULL, 0, hs_records_count(rec));
        }
        for (size_t k = 0; hrc == HS_OK && k < n; k++) {
            cnt[k] = (double)ic[k];
        }
        if (hrc == HS_OK) {
            cli_info(a, "areas: %zu from %s; neighbours: centroids within %.0f m, self included", n,
                     cli_get(a, "places"), dist);
            hrc = hs_gistar_areas(z, p, q, bin, nnb, a->ctx, ar, cnt, dist);
        }
        if (hrc == HS_OK) {
            hs_gpkg_opts gpo = HS_GPKG_OPTS_INIT;
            gpo.overwrite = cli_has(a, "overwrite");
            gpo.epsg = hs_records_crs(rec) > 0 ? hs_records_crs(rec) : 3006;
            hrc = hs_gpkg_open(&gp, a->ctx, out, &gpo);
        }
        hrc = hrc ? hrc : hs_gistar_areas_write_layer(gp, ar, cnt, z, p, q, bin, nnb);
        hrc = hrc ? hrc : hs_gpkg_commit(gp);
        if (hrc == HS_OK) {
            printf("%s: gistar_places layer, %zu areas\n", out, n);
        }
        rc = hrc == HS_OK ? CLI_OK : cli_fail(a, hrc);
    }
    hs_gpkg_close(gp);
    hs_areas_free(ar);
    hs_records_free(rec);
    hs_rejects_free(rej);
    free(cnt);
    free(ic);
    free(z);
    free(p);
    free(q);
    free(bin);
    free(nnb);
    return rc;
}

static int run(cli_args *a)
{
    const char *out = NULL;
    int rc = cli_input_output(a, &out);
    if (rc) {
        return rc;
    }
    if (cli_get(a, "places")) {
        return analyse_places(a, a->pos[0], out);
    }
    work w;
    memset(&w, 0, sizeof w);
    rc = analyse(a, &w, a->pos[0], out);
    work_free(&w);
    return rc;
}

const cli_cmd cmd_gistar = {"gistar", "INPUT -o OUT.gpkg --cell 250 [--distance M] [--alpha 0.05]",
                            "Getis-Ord Gi* hot spots on grid counts with FDR correction", opts,
                            run};
