/*
 * The pipeline's analysis stage: everything that goes into the GeoPackage. Incidents and rejects,
 * counts per SCB-aligned cell, the kernel density raster, Gi* hot spots, places and kommuner,
 * temporal tables and concentrations, and the comparison of crime and insecurity. Each step logs
 * its parameters (given or chosen) and records them in the run metadata.
 */
#include "core/hs_internal.h"
#include "build/build.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct cells {
    hs_grid_spec g;
    uint8_t *mask;
    double *n; /* crime counts */
    double *q; /* complaint counts */
    int8_t *bin;
    int8_t *qbin;
} cells;

static double tick(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* Records a parameter with prec decimals (prec < 0: shortest form). */
static int param(hs__build *b, const char *name, const char *how, int prec, double v)
{
    char buf[64];
    if (prec < 0) {
        hs__fmt(buf, sizeof buf, "%g", v);
    } else {
        hs__fmt(buf, sizeof buf, "%.*f", prec, v);
    }
    return hs_gpkg_set_param(b->gpkg, name, buf, how);
}

/* The permutations a step can afford: the requested count, or fewer (at least
 * HS__MIN_PERMUTATIONS) when requested x cost per permutation would exceed HS__PERM_BUDGET steps;
 * a reduction is logged with the Monte Carlo error it leaves and *how becomes "reduced". */
static int afford(hs__build *b, const char *step, int requested, double cost, const char **how)
{
    if (requested <= HS__MIN_PERMUTATIONS || !((double)requested * cost > HS__PERM_BUDGET)) {
        return requested;
    }
    int r = (int)(HS__PERM_BUDGET / cost);
    r = r < HS__MIN_PERMUTATIONS ? HS__MIN_PERMUTATIONS : r;
    hs__log(b->ctx, HS_LOG_WARN,
            "%s: %d permutations x %.3g steps each exceed the budget of %.3g steps: %d "
            "permutations (p resolved to %.4f, Monte Carlo error of p at most %.3f)",
            step, requested, cost, HS__PERM_BUDGET, r, 1.0 / (r + 1.0), 0.5 / sqrt((double)r));
    *how = "reduced";
    return r;
}

static hs_bbox union_box(hs_bbox a, hs_bbox c)
{
    return (hs_bbox){fmin(a.xmin, c.xmin), fmin(a.ymin, c.ymin), fmax(a.xmax, c.xmax),
                     fmax(a.ymax, c.ymax)};
}

/* The study area: the boundary (of this pass's kommun) when given, else every located record. */
static hs_bbox study_box(const hs__build *b)
{
    if (b->boundary && b->area >= 0) {
        return hs_areas_area_bbox(b->boundary, (size_t)b->area);
    }
    if (b->boundary) {
        return hs_areas_bbox(b->boundary);
    }
    return union_box(hs_records_bbox(b->crimes), hs_records_bbox(b->complaints));
}

static uint8_t *grid_mask(hs__build *b, const hs_grid_spec *g, int want)
{
    if (!b->boundary || !want) {
        return NULL;
    }
    uint8_t *m = malloc((size_t)(g->nx * g->ny));
    if (m && hs_areas_mask_grid(m, b->boundary, g, b->area) != HS_OK) {
        free(m);
        return NULL;
    }
    return m;
}

static int count_cells(double *out, int64_t *tmp, hs__build *b, const hs_records *r,
                       const hs_grid_spec *g)
{
    size_t nc = (size_t)(g->nx * g->ny);
    int rc = hs_grid_count(tmp, NULL, NULL, b->ctx, g, hs_records_x(r), hs_records_y(r),
                           hs_records_precision(r), NULL, 0, hs_records_count(r));
    for (size_t c = 0; rc == HS_OK && c < nc; c++) {
        out[c] = (double)tmp[c];
    }
    return rc;
}

/* The display names of the categories of r from the inputs' category tables (the first that
 * names one), else the built-in table's, into the GeoPackage's categories table. */
static int step_categories(hs__build *b)
{
    const hs_records *sets[2] = {b->crimes, b->complaints};
    size_t ni = hs_project_input_count(b->p);
    hs_catmap **maps = calloc(ni ? ni : 1, sizeof *maps);
    size_t total = hs_records_category_count(b->crimes) + hs_records_category_count(b->complaints);
    const char **keys = calloc(total ? total : 1, sizeof *keys);
    char(*sv)[128] = calloc(total ? total : 1, sizeof *sv);
    char(*en)[128] = calloc(total ? total : 1, sizeof *en);
    const char **psv = calloc(total ? total : 1, sizeof *psv);
    const char **pen = calloc(total ? total : 1, sizeof *pen);
    int rc = maps && keys && sv && en && psv && pen ? HS_OK
                                                    : hs__error(b->ctx, HS_ENOMEM, "out of memory");
    for (size_t i = 0; rc == HS_OK && i < ni; i++) {
        char sec[300];
        hs__fmt(sec, sizeof sec, "input %s", hs_project_input_name(b->p, i));
        const char *path = hs_project_path(b->p, sec, "categories");
        rc = path ? hs_catmap_load(&maps[i], b->ctx, path) : HS_OK;
    }
    size_t n = 0;
    for (int s = 0; rc == HS_OK && s < 2; s++) {
        for (size_t k = 0; k < hs_records_category_count(sets[s]); k++) {
            const char *key = hs_records_category_name(sets[s], k);
            int seen = key == NULL;
            for (size_t j = 0; j < n && !seen; j++) {
                seen = strcmp(keys[j], key) == 0;
            }
            if (seen) {
                continue;
            }
            const hs_catmap *m = NULL;
            for (size_t i = 0; i < ni && m == NULL; i++) {
                m = maps[i] && hs_catmap_label(maps[i], key, "sv") ? maps[i] : NULL;
            }
            keys[n] = key;
            hs_category_display(sv[n], sizeof sv[n], m, key, "sv");
            hs_category_display(en[n], sizeof en[n], m, key, "en");
            psv[n] = sv[n];
            pen[n] = en[n];
            n++;
        }
    }
    rc = rc ? rc : hs_gpkg_set_categories(b->gpkg, keys, psv, pen, n, b->lang);
    for (size_t i = 0; maps && i < ni; i++) {
        hs_catmap_free(maps[i]);
    }
    free(maps);
    free(keys);
    free(sv);
    free(en);
    free(psv);
    free(pen);
    return rc;
}

static int step_records(hs__build *b, const hs_grid_spec *grid)
{
    double t = tick();
    int rc = step_categories(b);
    rc = rc ? rc : hs_gpkg_write_incidents(b->gpkg, b->crimes, grid);
    if (rc == HS_OK && hs_records_count(b->complaints) > 0) {
        rc = hs_gpkg_write_records(b->gpkg, "complaints", b->complaints, grid);
    }
    rc = rc ? rc : hs_gpkg_write_rejects(b->gpkg, b->rejects);
    if (rc == HS_OK) {
        int yes = hs_project_bool(b->p, "geocode", "district_in_analysis", 0);
        rc = hs_gpkg_set_param(b->gpkg, "district_in_analysis", yes ? "yes" : "no",
                               hs_project_get(b->p, "geocode", "district_in_analysis") ? "given"
                                                                                       : "default");
    }
    if (rc == HS_OK && b->place_text) {
        rc = hs_gpkg_write_review(b->gpkg, b->review);
        rc = rc ? rc
                : hs_gpkg_set_param(b->gpkg, "place_source",
                                    "platser lästa ur polisens händelsetexter", "place_text");
    }
    for (size_t i = 0; rc == HS_OK && i < hs_project_input_count(b->p); i++) {
        char sec[300];
        hs__fmt(sec, sizeof sec, "input %s", hs_project_input_name(b->p, i));
        const char *path = hs_project_path(b->p, sec, "path");
        char key[320];
        hs__fmt(key, sizeof key, "%s.path", sec);
        const char *digest = hs__state_digest(b->state, key); /* read once, by the fingerprint */
        int64_t rows = i < HS__MAX_INPUT_ROWS ? b->input_rows[i] : -1;
        rc = hs_postgis_is_conn(path) ? hs_gpkg_set_param(b->gpkg, "input_database", path, "given")
             : digest                 ? hs_gpkg_add_input_sha256(b->gpkg, path, rows, digest)
                                      : hs_gpkg_add_input(b->gpkg, path, rows);
    }
    const uint8_t *prec = hs_records_precision(b->crimes);
    for (size_t i = 0; i < hs_records_count(b->crimes); i++) {
        b->sum->by_precision[prec[i] <= HS_PREC_NONE ? prec[i] : HS_PREC_NONE]++;
        b->sum->local += hs_precision_is_local((hs_precision)prec[i]);
    }
    hs__log(b->ctx, HS_LOG_INFO, "incidents: %zu written, %zu rejects (%.2f s)",
            hs_records_count(b->crimes), hs_rejects_count(b->rejects), tick() - t);
    return rc;
}

/* Inhabitants per cell of g from the project's population layer (areal weighting), for rates per
 * 1 000 inhabitants in the grid layer. */
static int grid_population(hs__build *b, double **pop, const hs_grid_spec *g, const char *path,
                           const hs_grid_clip *clip)
{
    hs_population_opts po = HS_POPULATION_OPTS_INIT;
    po.field = hs_project_get(b->p, "grid", "population_field");
    char kommuner[64 * 5 + 1] = "";
    for (size_t k = 0; k < hs_project_kommun_count(b->p) && k < 64; k++) {
        size_t off = strlen(kommuner);
        hs__fmt(kommuner + off, sizeof kommuner - off, "%s%04d", k ? "," : "",
                hs_project_kommun(b->p, k));
    }
    po.kommuner = kommuner[0] ? kommuner : NULL;
    po.epsg = hs_records_crs(b->crimes);
    hs_population *p = NULL;
    int rc = hs_population_open(&p, b->ctx, path, &po);
    if (rc != HS_OK) {
        return rc;
    }
    hs_cellgrid cg = {.shape = HS_GRID_SQUARE, .square = *g};
    double placed = 0.0;
    *pop = calloc(hs_cellgrid_ncells(&cg), sizeof **pop);
    rc = *pop ? hs_population_cells(*pop, &placed, b->ctx, p, &cg, clip)
              : hs__error(b->ctx, HS_ENOMEM, "grid: out of memory");
    if (rc == HS_OK) {
        hs__log(b->ctx, HS_LOG_INFO,
                "grid: population from %s (field %s): %.0f of %.0f inhabitants in the grid", path,
                hs_population_field(p), placed, hs_population_total(p));
        rc = hs_gpkg_set_param(b->gpkg, "grid_population", path, "given");
    }
    hs_population_free(p);
    return rc;
}

/* [grid] clip: the cells cut by the boundary get the part inside (and their area), cells outside
 * are dropped, and only records inside the boundary count (*inside per record). */
static int grid_clip(hs__build *b, hs_grid_clip **clip, uint8_t **inside, uint8_t **mask,
                     const hs_cellgrid *cg, const hs_records *r)
{
    size_t nc = hs_cellgrid_ncells(cg), n = hs_records_count(r);
    int rc = hs_grid_clip_new(clip, b->ctx, cg, b->boundary);
    if (rc != HS_OK) {
        return rc;
    }
    *inside = malloc(n ? n : 1);
    if (!*mask) {
        *mask = malloc(nc ? nc : 1);
    }
    if (!*inside || !*mask) {
        return hs__error(b->ctx, HS_ENOMEM, "grid: out of memory");
    }
    const uint8_t *state = hs_grid_clip_state(*clip);
    for (size_t c = 0; c < nc; c++) {
        (*mask)[c] = state[c] != HS_CLIP_OUTSIDE;
    }
    return hs_grid_clip_points(*inside, b->ctx, *clip, hs_records_x(r), hs_records_y(r), n);
}

static int step_grid(hs__build *b, const hs_records *r, const char *layer, int min_count)
{
    double t = tick();
    double cell = hs_project_double(b->p, "grid", "cell", 250);
    hs_grid_spec g;
    int rc = hs_grid_spec_aligned(&g, study_box(b), cell);
    if (rc != HS_OK) {
        return hs__error(b->ctx, HS_ENODATA, "grid: no located records to count");
    }
    size_t nc = (size_t)(g.nx * g.ny), ncat = hs_records_category_count(r);
    int64_t *counts = calloc(nc, sizeof *counts);
    int64_t *cat = calloc(nc * (ncat ? ncat : 1), sizeof *cat);
    const char **names = calloc(ncat ? ncat : 1, sizeof *names);
    uint8_t *mask = grid_mask(b, &g, hs_project_bool(b->p, "grid", "mask", 1));
    if (!counts || !cat || !names) {
        rc = hs__error(b->ctx, HS_ENOMEM, "grid: out of memory");
    }
    for (size_t k = 0; k < ncat && names; k++) {
        names[k] = hs_records_category_name(r, k);
    }
    hs_cellgrid cg = {.shape = HS_GRID_SQUARE, .square = g};
    hs_grid_clip *clip = NULL;
    uint8_t *inside = NULL;
    if (rc == HS_OK && b->boundary && hs_project_bool(b->p, "grid", "clip", 0)) {
        rc = grid_clip(b, &clip, &inside, &mask, &cg, r);
    }
    int64_t outside = 0;
    rc = rc ? rc
            : hs_cellgrid_count(counts, cat, &outside, b->ctx, &cg, hs_records_x(r),
                                hs_records_y(r), hs_records_precision(r), inside,
                                hs_records_category(r), ncat, hs_records_count(r));
    double *pop = NULL;
    const char *pop_path = hs_project_path(b->p, "grid", "population");
    if (rc == HS_OK && pop_path) {
        rc = grid_population(b, &pop, &g, pop_path, clip);
    }
    hs_grid_layer_opts lo = HS_GRID_LAYER_OPTS_INIT;
    lo.name = layer;
    lo.cat_counts = cat;
    lo.cat_names = names;
    lo.ncat = ncat;
    lo.keep = mask;
    lo.min_count = min_count;
    lo.pop = pop;
    lo.min_pop = hs_project_double(b->p, "grid", "min_pop", 50);
    lo.clip = clip;
    rc = rc ? rc : hs_layer_cells(b->gpkg, &cg, counts, &lo);
    if (rc == HS_OK && clip) {
        rc = hs_gpkg_set_param(b->gpkg, "grid_clip", "boundary", "given");
    }
    free(pop);
    free(inside);
    hs_grid_clip_free(clip);
    rc = rc ? rc
            : param(b, "grid_cell_m", hs_project_get(b->p, "grid", "cell") ? "given" : "default", 0,
                    cell);
    hs__log(b->ctx, HS_LOG_INFO, "%s: %lld x %lld cells of %.0f m, %zu categories (%.2f s)", layer,
            (long long)g.nx, (long long)g.ny, cell, ncat, tick() - t);
    free(counts);
    free(cat);
    free(names);
    free(mask);
    return rc;
}

/* The density raster of r; bandwidth h_given > 0 is used as is (the shared bandwidth of the
 * complaint layer), else the project's. */
static int step_kde(hs__build *b, const hs_records *r, const char *layer, double h_given)
{
    double t = tick();
    const hs_project *p = b->p;
    hs_kde_opts o = HS_KDE_OPTS_INIT;
    const char *kernel = hs_project_get(p, "kde", "kernel");
    if (kernel && hs_kernel_parse(&o.kernel, kernel) != HS_OK) {
        return hs__error(b->ctx, HS_EINVAL, "[kde] kernel '%s' is not known", kernel);
    }
    const char *bw = hs_project_get(p, "kde", "bandwidth");
    const char *how = "given";
    if (h_given > 0) {
        o.bandwidth = h_given;
        how = "shared";
    } else if (!bw || hs_bw_rule_parse(&o.rule, bw) == HS_OK) {
        how = "auto";
        o.bandwidth = 0;
    } else {
        o.bandwidth = hs_project_double(p, "kde", "bandwidth", 0);
    }
    const char *units = hs_project_get(p, "kde", "units");
    o.units = units && strcmp(units, "counts") == 0 ? HS_KDE_PER_CELL : HS_KDE_PER_KM2;
    o.edge = hs_project_bool(p, "kde", "edge", 0);
    const char *method = hs_project_get(p, "kde", "method");
    o.method = !method || strcmp(method, "auto") == 0 ? HS_KDE_AUTO
               : strcmp(method, "binned") == 0        ? HS_KDE_BINNED
                                                      : HS_KDE_EXACT;
    o.tolerance = hs_project_double(p, "kde", "tolerance", HS_KDE_TOLERANCE);
    if (!(o.tolerance > 0 && o.tolerance < 1)) {
        return hs__error(b->ctx, HS_EINVAL, "[kde] tolerance %g is not between 0 and 1",
                         o.tolerance);
    }
    o.precision = hs_records_precision(r);
    const double *x = hs_records_x(r), *y = hs_records_y(r);
    const double *w = hs_records_weight(r);
    size_t n = hs_records_count(r);
    double h = o.bandwidth;
    int rc = HS_OK;
    if (!(h > 0) && (rc = hs_kde_bandwidth(&h, b->ctx, x, y, w, n, &o)) != HS_OK) {
        return rc;
    }
    o.bandwidth = h;
    double cell = hs_project_double(p, "kde", "cell", 50);
    hs_grid_spec g;
    if (b->boundary) {
        rc = hs_grid_spec_aligned(&g, study_box(b), cell);
    } else {
        rc = hs_kde_default_grid(&g, b->ctx, x, y, n, cell, hs_kernel_radius(o.kernel, h), &o);
    }
    if (rc != HS_OK) {
        return rc;
    }
    size_t nc = (size_t)(g.nx * g.ny);
    uint8_t *mask = grid_mask(b, &g, hs_project_bool(p, "kde", "mask", 1));
    o.mask = mask;
    double *d = malloc(nc * sizeof *d);
    float *f = malloc(nc * sizeof *f);
    if (!d || !f) {
        rc = hs__error(b->ctx, HS_ENOMEM, "kde: out of memory");
    }
    hs_kde_info info;
    memset(&info, 0, sizeof info);
    rc = rc ? rc : hs_kde_compute(d, &info, b->ctx, &g, x, y, w, n, &o);
    for (size_t c = 0; rc == HS_OK && c < nc; c++) {
        f[c] = (float)d[c];
    }
    if (rc == HS_OK) {
        hs_raster_opts ro = HS_RASTER_OPTS_INIT;
        ro.format = HS_RASTER_GPKG;
        ro.epsg = hs_records_crs(r);
        ro.layer = layer;
        ro.units = o.units == HS_KDE_PER_CELL ? "incidents per cell" : "incidents/km2";
        ro.description = "Kernel density of incidents";
        rc = hs_gpkg_add_raster(b->gpkg, &g, f, &ro);
    }
    /* the crime surface's parameters; the complaints' shared bandwidth is compare_bandwidth_m */
    int crimes = h_given <= 0;
    if (crimes) {
        b->sum->bandwidth = h;
    }
    rc = rc || !crimes ? rc : param(b, "kde_bandwidth_m", how, 1, h);
    rc = rc || !crimes ? rc
                       : hs_gpkg_set_param(b->gpkg, "kde_bandwidth_rule",
                                           strcmp(how, "auto") != 0 ? "given"
                                           : o.rule == HS_BW_SCOTT  ? "scott"
                                           : o.rule == HS_BW_CV     ? "cv"
                                                                    : "arcgis",
                                           how);
    rc = rc || !crimes ? rc
                       : param(b, "kde_cell_m",
                               hs_project_get(p, "kde", "cell") ? "given" : "default", 0, cell);
    rc = rc || !crimes ? rc
                       : hs_gpkg_set_param(b->gpkg, "kde_kernel", hs_kernel_name(o.kernel),
                                           kernel ? "given" : "default");
    rc = rc || !crimes ? rc
                       : hs_gpkg_set_param(b->gpkg, "kde_method",
                                           info.method == HS_KDE_BINNED ? "binned" : "exact",
                                           o.method == HS_KDE_AUTO ? "auto"
                                           : method                ? "given"
                                                                   : "default");
    if (rc == HS_OK && crimes && info.method == HS_KDE_BINNED) {
        rc = param(b, "kde_error_bound", "computed", -1, info.error_bound);
    }
    hs__log(b->ctx, HS_LOG_INFO,
            "%s: %s kernel, bandwidth %.0f m (%s), %lld x %lld cells of %.0f m, %s (%.2f s)", layer,
            hs_kernel_name(o.kernel), h, strcmp(how, "auto") == 0 ? "chosen" : how, (long long)g.nx,
            (long long)g.ny, cell, info.method == HS_KDE_BINNED ? "binned" : "exact", tick() - t);
    free(mask);
    free(d);
    free(f);
    return rc;
}

static int hot_min_of(double alpha)
{
    return alpha <= 0.01 + 1e-12 ? 3 : alpha <= 0.05 + 1e-12 ? 2 : 1;
}

static int gistar_of(int8_t *bin, double *z, double *pv, double *q, int32_t *nnb, hs__build *b,
                     const cells *c, const double *counts, const hs_gistar_opts *o)
{
    return hs_gistar_grid(z, pv, q, bin, nnb, b->ctx, &c->g, counts, c->mask, o);
}

static int step_gistar(hs__build *b, cells *c, hs_gistar_opts *o)
{
    double t = tick();
    const hs_project *p = b->p;
    double cell = hs_project_double(p, "gistar", "cell", hs_project_double(p, "grid", "cell", 250));
    int rc = hs_grid_spec_aligned(&c->g, study_box(b), cell);
    if (rc != HS_OK) {
        return hs__error(b->ctx, HS_ENODATA, "gistar: no located records");
    }
    size_t nc = (size_t)(c->g.nx * c->g.ny);
    c->mask = grid_mask(b, &c->g, 1);
    c->n = calloc(nc, sizeof *c->n);
    c->q = calloc(nc, sizeof *c->q);
    c->bin = calloc(nc, sizeof *c->bin);
    c->qbin = calloc(nc, sizeof *c->qbin);
    int64_t *tmp = calloc(nc, sizeof *tmp);
    double *z = malloc(nc * sizeof *z), *pv = malloc(nc * sizeof *pv), *q = malloc(nc * sizeof *q);
    int32_t *nnb = malloc(nc * sizeof *nnb);
    if (!c->n || !c->q || !c->bin || !c->qbin || !tmp || !z || !pv || !q || !nnb) {
        rc = hs__error(b->ctx, HS_ENOMEM, "gistar: out of memory");
    }
    rc = rc ? rc : count_cells(c->n, tmp, b, b->crimes, &c->g);
    rc = rc ? rc : count_cells(c->q, tmp, b, b->complaints, &c->g);
    const char *dist = hs_project_get(p, "gistar", "distance");
    const char *how = "given";
    const char *rule = "given";
    o->weights = HS_WEIGHTS_BAND;
    if (rc == HS_OK && (!dist || strcmp(dist, "auto") == 0)) {
        hs_auto_how ah = HS_AUTO_PEAK;
        int k = 0;
        how = "auto";
        rc = hs_gistar_auto_distance(&o->distance, &ah, &k, b->ctx, &c->g, c->n, c->mask);
        rule = ah == HS_AUTO_KNN ? "knn" : "moran_peak";
    } else {
        o->distance = hs_project_double(p, "gistar", "distance", 500);
    }
    rc = rc ? rc : gistar_of(c->bin, z, pv, q, nnb, b, c, c->n, o);
    char thin[300] = "";
    if (rc == HS_ENODATA) {
        /* e.g. every cell has the same count: nothing can be significant; the layer is written
         * with every cell in the class "not significant" */
        hs__fmt(thin, sizeof thin, "%s", hs_ctx_errmsg(b->ctx));
        hs_ctx_clear_error(b->ctx);
        for (size_t i = 0; i < nc; i++) {
            z[i] = 0.0;
            pv[i] = q[i] = 1.0;
            c->bin[i] = 0;
            nnb[i] = 0;
        }
        rc = HS_OK;
    }
    rc = rc ? rc : hs_gistar_write_layer(b->gpkg, &c->g, c->n, c->mask, z, pv, q, c->bin, nnb);
    double alpha = hs_project_double(p, "gistar", "alpha", 0.05);
    int hot = 0;
    for (size_t i = 0; rc == HS_OK && i < nc; i++) {
        hot += c->bin[i] >= hot_min_of(alpha);
    }
    b->sum->distance = o->distance;
    b->sum->hot_cells = hot;
    if (rc == HS_OK && thin[0]) {
        rc = hs__build_thin_note(b, "gistar", 0, thin);
    }
    rc = rc ? rc : param(b, "gistar_cell_m", "given", 0, cell);
    rc = rc ? rc : param(b, "gistar_distance_m", how, 1, o->distance);
    rc = rc ? rc : hs_gpkg_set_param(b->gpkg, "gistar_distance_rule", rule, how);
    rc = rc ? rc
            : param(b, "gistar_alpha", hs_project_get(p, "gistar", "alpha") ? "given" : "default",
                    -1, alpha);
    rc = rc ? rc : hs_gpkg_set_param(b->gpkg, "gistar_fdr", "Benjamini-Hochberg", "default");
    hs__log(b->ctx, HS_LOG_INFO,
            "gistar: %lld x %lld cells of %.0f m, distance band %.0f m (%s), %d hot cells at "
            "alpha %g after FDR (%.2f s)",
            (long long)c->g.nx, (long long)c->g.ny, cell, o->distance, how, hot, alpha, tick() - t);
    free(tmp);
    free(z);
    free(pv);
    free(q);
    free(nnb);
    return rc;
}

/* Local Moran's I on the Gi* cells (same neighbourhood, the cell itself excluded) and the global I.
 */
static int step_moran(hs__build *b, const cells *c, const hs_gistar_opts *o)
{
    double t = tick();
    size_t nc = (size_t)(c->g.nx * c->g.ny);
    double *ii = malloc(nc * sizeof *ii), *pp = malloc(nc * sizeof *pp),
           *q = malloc(nc * sizeof *q);
    uint8_t *cls = malloc(nc);
    int rc = ii && pp && q && cls ? HS_OK : hs__error(b->ctx, HS_ENOMEM, "moran: out of memory");
    hs_moran_local_opts mo = HS_MORAN_LOCAL_OPTS_INIT;
    mo.weights = *o;
    const char *perm_how = hs_project_get(b->p, "compare", "permutations") ? "given" : "default";
    mo.permutations = (int)hs_project_int(b->p, "compare", "permutations", 999);
    mo.seed = (uint64_t)hs_project_int(b->p, "compare", "seed", 20240601);
    /* a conditional permutation draws the neighbours of every observed cell */
    double band = o->distance > 0 ? o->distance / c->g.cell : 1.5;
    double nnb = 3.15 * band * band + 1.0;
    size_t nobs = 0;
    for (size_t i = 0; i < nc; i++) {
        nobs += !c->mask || c->mask[i];
    }
    double cost = (double)nobs * nnb;
    const char *method = "permutation";
    if (mo.permutations > 0 && (double)HS__MIN_PERMUTATIONS * cost > HS__PERM_BUDGET) {
        /* not even the fewest permutations fit: the randomisation variance instead */
        hs__log(b->ctx, HS_LOG_WARN,
                "moran: %d permutations x %.3g steps each exceed the budget of %.3g steps even "
                "at %d: local p from the normal approximation (randomisation variance, "
                "Anselin 1995)",
                mo.permutations, cost, HS__PERM_BUDGET, HS__MIN_PERMUTATIONS);
        mo.permutations = HS_MORAN_ANALYTIC;
        method = "analytic";
    } else {
        mo.permutations = afford(b, "moran", mo.permutations, cost, &perm_how);
    }
    hs_moran_global gm;
    memset(&gm, 0, sizeof gm);
    rc = rc ? rc : hs_moran_global_grid(&gm, b->ctx, &c->g, c->n, c->mask, o);
    rc = rc ? rc : hs_moran_local_grid(ii, pp, q, cls, b->ctx, &c->g, c->n, c->mask, &mo);
    rc = rc ? rc : hs_moran_write_layer(b->gpkg, &c->g, c->n, c->mask, ii, pp, q, cls);
    rc = rc ? rc
            : param(b, "moran_permutations", perm_how, 0,
                    mo.permutations < 0 ? 0.0 : (double)mo.permutations);
    rc = rc ? rc : hs_gpkg_set_param(b->gpkg, "moran_method", method, "auto");
    rc = rc ? rc : param(b, "moran_global_i", "auto", 4, gm.i);
    rc = rc ? rc : param(b, "moran_global_z", "auto", 2, gm.z);
    if (rc == HS_OK) {
        hs__log(b->ctx, HS_LOG_INFO,
                "moran: global I = %.3f (z = %.1f, p = %.2g); local I with %d permutations%s "
                "(%.2f s)",
                gm.i, gm.z, gm.p, mo.permutations < 0 ? 0 : mo.permutations,
                mo.permutations < 0 ? " (normal approximation)" : "", tick() - t);
    }
    rc = hs__build_thin(b, "moran", rc);
    free(ii);
    free(pp);
    free(q);
    free(cls);
    return rc;
}

static int step_areas(hs__build *b, int min_count)
{
    double t = tick();
    int rc = HS_OK;
    size_t n = hs_records_count(b->crimes), ncat = hs_records_category_count(b->crimes);
    if (b->places) {
        size_t na = hs_areas_count(b->places);
        int64_t *counts = calloc(na ? na : 1, sizeof *counts);
        int64_t *cat = calloc((na ? na : 1) * (ncat ? ncat : 1), sizeof *cat);
        const char **names = calloc(ncat ? ncat : 1, sizeof *names);
        if (!counts || !cat || !names) {
            rc = hs__error(b->ctx, HS_ENOMEM, "places: out of memory");
        }
        for (size_t k = 0; names && k < ncat; k++) {
            names[k] = hs_records_category_name(b->crimes, k);
        }
        rc = rc ? rc
                : hs_aggregate_areas(counts, cat, NULL, b->ctx, b->places, hs_records_x(b->crimes),
                                     hs_records_y(b->crimes), hs_records_precision(b->crimes),
                                     hs_records_category(b->crimes), ncat, n);
        rc = rc ? rc
                : hs_layer_areas(b->gpkg, "places", b->places, counts, cat, names, ncat, min_count,
                                 0);
        double *dc = rc == HS_OK && na ? malloc(na * sizeof *dc) : NULL;
        for (size_t k = 0; dc && k < na; k++) {
            dc[k] = (double)counts[k];
        }
        hs_lorenz_summary ls;
        if (dc && hs_lorenz_summary_of(&ls, b->ctx, dc, na) == HS_OK) {
            rc = hs_lorenz_write_params(b->gpkg, "conc_places", &ls);
            hs__log(b->ctx, HS_LOG_INFO,
                    "places: 50 %% of the incidents in %.1f %% of the %zu places; Gini %.3f, "
                    "generalised %.3f",
                    100 * ls.share50, na, ls.gini, ls.gini_gen);
        } else {
            hs_ctx_clear_error(b->ctx);
        }
        free(dc);
        free(counts);
        free(cat);
        free(names);
    }
    if (rc == HS_OK && b->boundary) {
        size_t na = hs_areas_count(b->boundary);
        int64_t *counts = calloc(na ? na : 1, sizeof *counts);
        rc = counts ? hs_aggregate_by_code(counts, NULL, b->ctx, b->boundary,
                                           hs_records_kommun(b->crimes), n)
                    : HS_ENOMEM;
        rc =
            rc ? rc : hs_layer_areas(b->gpkg, "kommuner", b->boundary, counts, NULL, NULL, 0, 0, 1);
        free(counts);
    }
    if (b->places || b->boundary) {
        hs__log(b->ctx, HS_LOG_INFO, "places: %zu places, %zu kommuner (%.2f s)",
                b->places ? hs_areas_count(b->places) : 0,
                b->boundary ? hs_areas_count(b->boundary) : 0, tick() - t);
    }
    return rc;
}

static int step_compare(hs__build *b, cells *c, const hs_gistar_opts *o)
{
    size_t nq = hs_records_count(b->complaints);
    if (nq == 0) {
        return HS_OK;
    }
    double t = tick();
    const hs_project *p = b->p;
    size_t nc = (size_t)(c->g.nx * c->g.ny);
    double *lr = malloc(nc * sizeof *lr), *sd = malloc(nc * sizeof *sd);
    double *rr = malloc(nc * sizeof *rr), *ph = malloc(nc * sizeof *ph),
           *pl = malloc(nc * sizeof *pl);
    uint8_t *cls = malloc(nc);
    double *qz = malloc(nc * sizeof *qz), *qp = malloc(nc * sizeof *qp),
           *qq = malloc(nc * sizeof *qq);
    int32_t *qn = malloc(nc * sizeof *qn);
    int rc = lr && sd && rr && ph && pl && cls && qz && qp && qq && qn ? HS_OK : HS_ENOMEM;
    /* the complaints' own hot spots, same cells and neighbourhood as the incidents' */
    int qrc = rc ? rc : gistar_of(c->qbin, qz, qp, qq, qn, b, c, c->q, o);
    if (qrc == HS_ENODATA) {
        memset(c->qbin, 0, nc);
        hs_ctx_clear_error(b->ctx);
    } else {
        rc = qrc;
        rc = rc ? rc
                : hs_gistar_write_layer_named(b->gpkg, "complaints_gistar", &c->g, c->q, c->mask,
                                              qz, qp, qq, c->qbin, qn);
    }
    free(qz);
    free(qp);
    free(qq);
    free(qn);
    double alpha = hs_project_double(p, "gistar", "alpha", 0.05);
    if (rc == HS_OK) {
        hs_compare_classes(cls, c->bin, c->qbin, nc, hot_min_of(alpha));
        rc = hs_compare_counts(lr, sd, c->n, c->q, nc);
    }
    /* relative risk on the same cells with one shared bandwidth for both point sets */
    double h = hs_project_double(p, "compare", "bandwidth", 0);
    const char *how = h > 0 ? "given" : "auto";
    if (!(h > 0)) {
        h = b->sum->bandwidth > 0 ? b->sum->bandwidth : 2 * c->g.cell;
    }
    hs_relrisk_opts ro = HS_RELRISK_OPTS_INIT;
    ro.bandwidth = h;
    const char *perm_how = hs_project_get(p, "compare", "permutations") ? "given" : "default";
    ro.permutations = (int)hs_project_int(p, "compare", "permutations", 999);
    ro.seed = (uint64_t)hs_project_int(p, "compare", "seed", 20240601);
    size_t n1 = 0, n2 = 0;
    size_t *i1 = NULL, *i2 = NULL;
    double *x1 = NULL, *y1 = NULL, *w1 = NULL, *x2 = NULL, *y2 = NULL, *w2 = NULL;
    if (rc == HS_OK) {
        hs_records_local_index(&n1, NULL, 0, b->crimes);
        hs_records_local_index(&n2, NULL, 0, b->complaints);
        i1 = malloc((n1 + 1) * sizeof *i1);
        i2 = malloc((n2 + 1) * sizeof *i2);
        x1 = malloc((n1 + 1) * sizeof *x1);
        y1 = malloc((n1 + 1) * sizeof *y1);
        w1 = malloc((n1 + 1) * sizeof *w1);
        x2 = malloc((n2 + 1) * sizeof *x2);
        y2 = malloc((n2 + 1) * sizeof *y2);
        w2 = malloc((n2 + 1) * sizeof *w2);
        rc = i1 && i2 && x1 && y1 && w1 && x2 && y2 && w2 ? HS_OK : HS_ENOMEM;
    }
    if (rc == HS_OK) {
        hs_records_local_index(&n1, i1, n1, b->crimes);
        hs_records_local_index(&n2, i2, n2, b->complaints);
        for (size_t i = 0; i < n1; i++) {
            x1[i] = hs_records_x(b->crimes)[i1[i]];
            y1[i] = hs_records_y(b->crimes)[i1[i]];
            w1[i] = hs_records_weight(b->crimes)[i1[i]];
        }
        for (size_t i = 0; i < n2; i++) {
            x2[i] = hs_records_x(b->complaints)[i2[i]];
            y2[i] = hs_records_y(b->complaints)[i2[i]];
            w2[i] = hs_records_weight(b->complaints)[i2[i]];
        }
        if (n1 > 0 && n2 > 0) {
            /* a relabelling scatters the smaller group into every cell its kernel reaches */
            double win = 2.0 * hs_kernel_radius(ro.kernel, h) / c->g.cell + 1.0;
            double cost = (double)(n1 < n2 ? n1 : n2) * win * win + (double)nc;
            ro.permutations = afford(b, "comparison", ro.permutations, cost, &perm_how);
            rc = hs_relrisk_run(rr, ph, pl, b->ctx, &c->g, x1, y1, w1, n1, x2, y2, w2, n2, &ro);
        } else {
            for (size_t i = 0; i < nc; i++) {
                rr[i] = ph[i] = pl[i] = NAN;
            }
        }
    }
    if (rc == HS_OK) {
        hs_cmp_cells cc = {c->n, c->q, c->bin, c->qbin, cls, lr, sd, rr, ph, pl};
        rc = hs_layer_comparison(b->gpkg, &c->g, &cc, c->mask, b->lang);
    }
    rc = rc ? rc : param(b, "compare_bandwidth_m", how, 1, h);
    rc = rc ? rc : param(b, "compare_permutations", perm_how, 0, (double)ro.permutations);
    size_t count[4] = {0, 0, 0, 0};
    for (size_t i = 0; rc == HS_OK && i < nc; i++) {
        if (!c->mask || c->mask[i]) {
            count[cls[i] & 3]++;
        }
    }
    hs__log(b->ctx, HS_LOG_INFO,
            "comparison: %zu complaints; shared bandwidth %.0f m (%s); cells hot in both %zu, "
            "crime only %zu, insecurity only %zu; %d relabellings (%.2f s)",
            nq, h, how, count[HS_CMP_BOTH], count[HS_CMP_CRIME_ONLY], count[HS_CMP_INSECURITY_ONLY],
            ro.permutations, tick() - t);
    free(lr);
    free(sd);
    free(rr);
    free(ph);
    free(pl);
    free(cls);
    free(i1);
    free(i2);
    free(x1);
    free(y1);
    free(w1);
    free(x2);
    free(y2);
    free(w2);
    return rc;
}

/* Records placed precisely enough for cells (hs_precision_is_local). */
static size_t located_count(const hs_records *r)
{
    const uint8_t *pr = hs_records_precision(r);
    size_t n = 0;
    for (size_t i = 0; i < hs_records_count(r); i++) {
        n += hs_precision_is_local((hs_precision)pr[i]);
    }
    return n;
}

int hs__build_analysis(hs__build *b)
{
    int min_count = (int)hs_project_int(b->p, "privacy", "min_count", 5);
    cells c;
    memset(&c, 0, sizeof c);
    hs_gistar_opts go = HS_GISTAR_OPTS_INIT;
    int rc = hs_gpkg_set_command(b->gpkg, b->opts.command ? b->opts.command : "hotspot build");
    const char *period = hs_project_get(b->p, "project", "period");
    rc = rc || !period ? rc : hs_gpkg_set_param(b->gpkg, "period", period, "given");
    rc = rc ? rc
            : param(b, "privacy_min_count",
                    hs_project_get(b->p, "privacy", "min_count") ? "given" : "default", 0,
                    (double)min_count);
    if (rc == HS_OK) {
        /* the incidents layer carries the Gi* cell ids */
        double cell =
            hs_project_double(b->p, "gistar", "cell", hs_project_double(b->p, "grid", "cell", 250));
        hs_grid_spec g;
        int grc = hs_grid_spec_aligned(&g, study_box(b), cell);
        rc = step_records(b, grc == HS_OK ? &g : NULL);
    }
    rc = rc ? rc : hs__progress(b->ctx, "analysis", 0.1);
    size_t located = located_count(b->crimes);
    rc = rc ? rc : param(b, "located_incidents", "computed", 0, (double)located);
    if (rc == HS_OK && located == 0) {
        /* a table with times only: the temporal tables are all there is to compute; the maps
         * show the kommun with a note and the report says why its maps are empty */
        hs__log(b->ctx, HS_LOG_WARN,
                "no incident has a usable place: cells, density, Gi*, Moran's I and the "
                "comparison are left out; the temporal tables count all %zu incidents",
                hs_records_count(b->crimes));
        static const char *const steps[] = {"grid",     "kde",    "gistar",     "moran",
                                            "emerging", "change", "near_repeat"};
        for (size_t i = 0; rc == HS_OK && i < sizeof steps / sizeof steps[0]; i++) {
            rc = hs__build_thin_note(b, steps[i], 1,
                                     "no incident has a place more precise than the kommun");
        }
        rc = rc ? rc : step_areas(b, min_count);
        rc = rc ? rc : hs__build_temporal(b);
        return rc ? rc : hs__progress(b->ctx, "analysis", 1.0);
    }
    rc = rc ? rc : step_grid(b, b->crimes, "grid", min_count);
    if (rc == HS_OK && hs_records_count(b->complaints) > 0) {
        rc = step_grid(b, b->complaints, "complaints_grid", min_count);
    }
    rc = rc ? rc : hs__progress(b->ctx, "analysis", 0.2);
    rc = rc ? rc : hs__build_thin(b, "kde", step_kde(b, b->crimes, "kde", 0));
    if (rc == HS_OK && hs_records_count(b->complaints) > 0) {
        /* one shared bandwidth, so that the two surfaces compare */
        double h = hs_project_double(b->p, "compare", "bandwidth", b->sum->bandwidth);
        rc = hs__build_thin(b, "complaints_kde", step_kde(b, b->complaints, "complaints_kde", h));
    }
    rc = rc ? rc : hs__progress(b->ctx, "analysis", 0.4);
    rc = rc ? rc : step_gistar(b, &c, &go);
    rc = rc ? rc : step_moran(b, &c, &go);
    rc = rc ? rc : hs__build_stats(b, &c.g, c.n, c.mask, &go);
    rc = rc ? rc : hs__progress(b->ctx, "analysis", 0.6);
    rc = rc ? rc : step_areas(b, min_count);
    rc = rc ? rc : hs__build_segments(b, &c.g, c.n, c.mask);
    rc = rc ? rc : hs__build_temporal(b);
    rc = rc ? rc : step_compare(b, &c, &go);
    rc = rc ? rc : hs__build_measures(b);
    rc = rc ? rc : hs__progress(b->ctx, "analysis", 1.0);
    free(c.mask);
    free(c.n);
    free(c.q);
    free(c.bin);
    free(c.qbin);
    return rc;
}
