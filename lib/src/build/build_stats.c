/*
 * The pipeline's space-time statistics on the Gi* cells: emerging hot spots by month over the
 * project period (`emerging`), change between two periods (`change`: the [change] before/after
 * periods, else the two halves of the project period) and the Knox near-repeat table
 * (`near_repeat`). Each step logs one line and records its parameters; a step with too little
 * data is skipped with a log line. It only drives library calls: no statistics and no SQL here.
 */
#include "core/hs_internal.h"
#include "build/build.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static int set_num(hs__build *b, const char *name, const char *how, double v)
{
    char buf[64];
    hs__fmt(buf, sizeof buf, "%g", v);
    return hs_gpkg_set_param(b->gpkg, name, buf, how);
}

/* local calendar day number of instant t */
static int64_t local_day(hs_tz tz, int64_t t)
{
    return (int64_t)floor((double)hs_tz_utc_to_wall(tz, t) / 86400.0);
}

/* the grid cell of record i when it is local, in the grid and observed; -1 otherwise */
static int64_t cell_of(const hs_records *r, size_t i, const hs_grid_spec *g, const uint8_t *mask)
{
    const double *x = hs_records_x(r);
    const double *y = hs_records_y(r);
    int64_t ix;
    int64_t iy;
    if (!hs_precision_is_local((hs_precision)hs_records_precision(r)[i]) || !isfinite(x[i]) ||
        !isfinite(y[i]) || hs_grid_cell_of(&ix, &iy, g, x[i], y[i]) != 0) {
        return -1;
    }
    int64_t c = iy * g->nx + ix;
    return mask && !mask[c] ? -1 : c;
}

/* The project period [start, end) in UTC, or the records' own span when it gives none. */
static int period_of(int64_t *start, int64_t *end, hs__build *b)
{
    int rc = hs__build_period(start, end, b->tz, hs_project_get(b->p, "project", "period"));
    if (rc != HS_OK) {
        return hs__error(b->ctx, rc, "[project] period is not valid");
    }
    if (*start != HS_TIME_NONE) {
        return HS_OK;
    }
    const int64_t *tf = hs_records_t_from(b->crimes);
    for (size_t i = 0; i < hs_records_count(b->crimes); i++) {
        if (tf[i] == HS_TIME_NONE) {
            continue;
        }
        *start = *start == HS_TIME_NONE || tf[i] < *start ? tf[i] : *start;
        *end = *end == HS_TIME_NONE || tf[i] + 1 > *end ? tf[i] + 1 : *end;
    }
    return *start == HS_TIME_NONE ? hs__error(b->ctx, HS_ENODATA, "no incident has a time") : HS_OK;
}

static int step_emerging(hs__build *b, const hs_grid_spec *g, const uint8_t *mask,
                         const hs_gistar_opts *o)
{
    double t0 = now_s();
    int64_t start;
    int64_t end;
    int rc = period_of(&start, &end, b);
    if (rc != HS_OK) {
        return rc;
    }
    int64_t nt = hs_step_index(end - 1, start, HS_STEP_MONTH, b->tz) + 1;
    size_t nc = (size_t)(g->nx * g->ny);
    if (nt < 2) {
        return hs__error(b->ctx, HS_ENODATA, "emerging: the period has fewer than 2 months");
    }
    double *cnt = calloc((size_t)nt * nc, sizeof *cnt);
    int8_t *cat = malloc(nc);
    double *tz = malloc(nc * sizeof *tz);
    double *tp = malloc(nc * sizeof *tp);
    if (!cnt || !cat || !tz || !tp) {
        rc = hs__error(b->ctx, HS_ENOMEM, "emerging: out of memory");
    }
    const int64_t *tf = hs_records_t_from(b->crimes);
    int64_t used = 0;
    for (size_t i = 0; rc == HS_OK && i < hs_records_count(b->crimes); i++) {
        int64_t c = cell_of(b->crimes, i, g, mask);
        int64_t s = tf[i] == HS_TIME_NONE ? -1 : hs_step_index(tf[i], start, HS_STEP_MONTH, b->tz);
        if (c >= 0 && s >= 0 && s < nt) {
            cnt[(size_t)s * nc + (size_t)c] += 1.0;
            used++;
        }
    }
    hs_emerging_opts eo = HS_EMERGING_OPTS_INIT;
    eo.weights = *o;
    rc = rc ? rc : hs_emerging_run(cat, tz, tp, NULL, b->ctx, g, cnt, (size_t)nt, mask, &eo);
    rc = rc ? rc : hs_emerging_write_layer(b->gpkg, g, cnt, (size_t)nt, mask, cat, tz, tp);
    rc = rc ? rc : hs_gpkg_set_param(b->gpkg, "emerging_step", "month", "default");
    rc = rc ? rc : set_num(b, "emerging_steps", "auto", (double)nt);
    rc = rc ? rc : set_num(b, "emerging_time_window", "default", eo.time_window);
    int64_t hot = 0;
    int64_t cold = 0;
    for (size_t c = 0; rc == HS_OK && c < nc; c++) {
        hot += cat[c] > 0;
        cold += cat[c] < 0;
    }
    if (rc == HS_OK) {
        hs__log(b->ctx, HS_LOG_INFO,
                "emerging: %lld incidents in %lld months x %lld x %lld cells, neighbours within "
                "%.0f m and 1 previous month; %lld hot and %lld cold spot cells (%.2f s)",
                (long long)used, (long long)nt, (long long)g->nx, (long long)g->ny, o->distance,
                (long long)hot, (long long)cold, now_s() - t0);
    }
    free(cnt);
    free(cat);
    free(tz);
    free(tp);
    return rc;
}

/* Periods A and B as local day ranges [a0, a1) and [b0, b1). */
static int change_periods(int64_t d[4], const char **how, hs__build *b)
{
    const char *bs = hs_project_get(b->p, "change", "before");
    const char *as = hs_project_get(b->p, "change", "after");
    int64_t s[2];
    int64_t e[2];
    int rc = HS_OK;
    if (bs || as) {
        *how = "given";
        if (!bs || !as || hs__build_period(&s[0], &e[0], b->tz, bs) != HS_OK ||
            hs__build_period(&s[1], &e[1], b->tz, as) != HS_OK) {
            return hs__error(b->ctx, HS_EINVAL, "[change] needs valid before and after periods");
        }
        for (int k = 0; k < 2; k++) {
            d[2 * k] = local_day(b->tz, s[k]);
            d[2 * k + 1] = local_day(b->tz, e[k]);
        }
        return HS_OK;
    }
    *how = "auto";
    if ((rc = period_of(&s[0], &e[0], b)) != HS_OK) {
        return rc;
    }
    int64_t lo = local_day(b->tz, s[0]);
    int64_t hi = local_day(b->tz, e[0] - 1) + 1;
    d[0] = lo;
    d[1] = lo + (hi - lo) / 2;
    d[2] = d[1];
    d[3] = hi;
    return HS_OK;
}

static int step_change(hs__build *b, const hs_grid_spec *g, const uint8_t *mask)
{
    double t0 = now_s();
    int64_t d[4];
    const char *how;
    int rc = change_periods(d, &how, b);
    if (rc != HS_OK) {
        return rc;
    }
    if (d[1] <= d[0] || d[3] <= d[2]) {
        return hs__error(b->ctx, HS_ENODATA, "change: a period is empty");
    }
    size_t nc = (size_t)(g->nx * g->ny);
    double *cnt = calloc(2 * nc, sizeof *cnt);
    double *ratio = malloc(nc * sizeof *ratio);
    double *p = malloc(nc * sizeof *p);
    double *q = malloc(nc * sizeof *q);
    uint8_t *cls = malloc(nc);
    if (!cnt || !ratio || !p || !q || !cls) {
        rc = hs__error(b->ctx, HS_ENOMEM, "change: out of memory");
    }
    const int64_t *tf = hs_records_t_from(b->crimes);
    double total[2] = {0, 0};
    for (size_t i = 0; rc == HS_OK && i < hs_records_count(b->crimes); i++) {
        int64_t c = cell_of(b->crimes, i, g, mask);
        if (c < 0 || tf[i] == HS_TIME_NONE) {
            continue;
        }
        int64_t day = local_day(b->tz, tf[i]);
        for (int k = 0; k < 2; k++) {
            if (day >= d[2 * k] && day < d[2 * k + 1]) {
                cnt[(size_t)k * nc + (size_t)c] += 1.0;
                total[k] += 1.0;
            }
        }
    }
    if (rc == HS_OK && total[0] + total[1] == 0) {
        rc = hs__error(b->ctx, HS_ENODATA, "change: no located incident in either period");
    }
    hs_change_opts co = HS_CHANGE_OPTS_INIT;
    co.exposure_a = (double)(d[1] - d[0]);
    co.exposure_b = (double)(d[3] - d[2]);
    rc = rc ? rc : hs_change_run(ratio, p, q, cls, b->ctx, cnt, cnt + nc, nc, &co);
    rc = rc ? rc : hs_change_write_layer(b->gpkg, g, cnt, cnt + nc, ratio, p, q, cls);
    rc = rc ? rc : set_num(b, "change_days_a", how, co.exposure_a);
    rc = rc ? rc : set_num(b, "change_days_b", how, co.exposure_b);
    rc = rc ? rc : set_num(b, "change_alpha", "default", co.alpha);
    int64_t k[5] = {0, 0, 0, 0, 0};
    for (size_t c = 0; rc == HS_OK && c < nc; c++) {
        k[cls[c] < 5 ? cls[c] : 0] += cnt[c] + cnt[nc + c] > 0;
    }
    if (rc == HS_OK) {
        hs__log(b->ctx, HS_LOG_INFO,
                "change: A %lld days (%.0f incidents), B %lld days (%.0f) (%s); cells increased "
                "%lld, decreased %lld, no significant change %lld, too few %lld (%.2f s)",
                (long long)(d[1] - d[0]), total[0], (long long)(d[3] - d[2]), total[1],
                strcmp(how, "given") == 0 ? "[change] periods" : "halves of the period",
                (long long)k[HS_CHANGE_INCREASED], (long long)k[HS_CHANGE_DECREASED],
                (long long)k[HS_CHANGE_NONE], (long long)k[HS_CHANGE_TOO_FEW], now_s() - t0);
    }
    if (rc == HS_OK && (total[0] == 0 || total[1] == 0)) {
        rc = hs__build_thin_note(b, "change", 0,
                                 total[0] == 0 ? "no located incident in period A"
                                               : "no located incident in period B");
    }
    free(cnt);
    free(ratio);
    free(p);
    free(q);
    free(cls);
    return rc;
}

/* keep[k] = 1 for the categories of r listed in the comma-separated list (NULL: "*" = all) */
static uint8_t *category_filter(const hs_records *r, const char *list)
{
    if (!list || strcmp(list, "*") == 0) {
        return NULL;
    }
    size_t nk = hs_records_category_count(r);
    uint8_t *keep = calloc(nk ? nk : 1, 1);
    for (size_t k = 0; keep && k < nk; k++) {
        const char *name = hs_records_category_name(r, k);
        size_t len = name ? strlen(name) : 0;
        for (const char *q = list; len && *q;) {
            while (*q == ' ' || *q == ',') {
                q++;
            }
            const char *e = q;
            while (*e && *e != ',') {
                e++;
            }
            const char *t = e;
            while (t > q && t[-1] == ' ') {
                t--;
            }
            char tok[128];
            if ((size_t)(t - q) == len && len < sizeof tok) {
                memcpy(tok, q, len);
                tok[len] = '\0';
                keep[k] |= hs__strcasecmp(tok, name) == 0;
            }
            q = e;
        }
    }
    return keep;
}

static int step_near_repeat(hs__build *b)
{
    double t0 = now_s();
    static const double dist[] = {100, 200, 400};
    static const double days[] = {7, 14, 28};
    enum { ND = 3, NT = 3, NB = ND * NT };
    hs_knox_opts o = HS_KNOX_OPTS_INIT;
    o.dist_edges = dist;
    o.n_dist = ND;
    o.day_edges = days;
    o.n_day = NT;
    const char *perm = hs_project_get(b->p, "compare", "permutations");
    const char *seed = hs_project_get(b->p, "compare", "seed");
    /* near repeats are a property of burglary (Townsley, Johnson): by default only that category;
     * [compare] near_repeat_categories = a list, or "*" for every incident */
    const char *cats = hs_project_get(b->p, "compare", "near_repeat_categories");
    const char *cat_list = cats ? cats : HS__NEAR_REPEAT_DEFAULT;
    /* Every permutation re-bins all close pairs (~10^5 in a town): 199 keeps the build fast and
     * still resolves p down to 0.005; [compare] permutations overrides it. hs_knox_compute
     * bounds the pairs and the permutations (and says when it does). */
    o.permutations = (int)hs_project_int(b->p, "compare", "permutations", 199);
    o.seed = (uint64_t)hs_project_int(b->p, "compare", "seed", 20240601);
    const hs_records *r = b->crimes;
    size_t nr = hs_records_count(r);
    double *x = malloc((nr ? nr : 1) * sizeof *x);
    double *y = malloc((nr ? nr : 1) * sizeof *y);
    double *t = malloc((nr ? nr : 1) * sizeof *t);
    uint8_t *keep = category_filter(r, cat_list);
    int64_t obs[NB];
    double mean[NB];
    double ratio[NB];
    double p[NB];
    hs_knox_info info;
    int rc = x && y && t && (keep || strcmp(cat_list, "*") == 0)
                 ? HS_OK
                 : hs__error(b->ctx, HS_ENOMEM, "near_repeat: out of memory");
    size_t m = rc == HS_OK ? hs_knox_points_in(x, y, t, r, b->tz, keep) : 0;
    rc = rc ? rc
            : hs_gpkg_set_param(b->gpkg, "near_repeat_categories", cat_list,
                                cats ? "given" : "default");
    if (rc == HS_OK && m < 2) {
        rc = hs__error(b->ctx, HS_ENODATA,
                       "near_repeat: fewer than 2 incidents with place and time in the "
                       "categories %s ([compare] near_repeat_categories)",
                       cat_list);
    }
    rc = rc ? rc : hs_knox_compute(obs, mean, ratio, p, &info, b->ctx, x, y, t, m, &o);
    rc = rc ? rc : hs_knox_write_table(b->gpkg, &o, obs, mean, ratio, p);
    rc = rc ? rc
            : hs_gpkg_set_param(b->gpkg, "near_repeat_distance_bands_m", "100,200,400", "default");
    rc = rc ? rc : hs_gpkg_set_param(b->gpkg, "near_repeat_day_bands", "7,14,28", "default");
    const char *perm_how = info.permutations < o.permutations ? "reduced"
                           : perm                             ? "given"
                                                              : "default";
    rc = rc ? rc : set_num(b, "near_repeat_permutations", perm_how, (double)info.permutations);
    rc = rc ? rc
            : hs_gpkg_set_param(b->gpkg, "near_repeat_method",
                                info.method == HS_KNOX_ANALYTIC ? "analytic" : "permutation",
                                info.method == HS_KNOX_ANALYTIC ? "budget" : "default");
    rc = rc ? rc
            : set_num(b, "near_repeat_sample", info.sample < 1 ? "budget" : "default", info.sample);
    char sbuf[32];
    hs__fmt(sbuf, sizeof sbuf, "%llu", (unsigned long long)o.seed);
    rc = rc ? rc : hs_gpkg_set_param(b->gpkg, "near_repeat_seed", sbuf, seed ? "given" : "default");
    int sig = 0;
    for (size_t k = 0; rc == HS_OK && k < NB; k++) {
        sig += p[k] < 0.05 && ratio[k] > 1;
    }
    if (rc == HS_OK) {
        char how[96];
        if (info.method == HS_KNOX_ANALYTIC) {
            hs__fmt(how, sizeof how, "analytic expectation (budget)");
        } else {
            hs__fmt(how, sizeof how, "%d permutations", info.permutations);
        }
        hs__log(b->ctx, HS_LOG_INFO,
                "near_repeat: %zu incidents (%s) with place and time%s, %llu close pairs, 3 x 3 "
                "bands (100-400 m, 7-28 days), %s; %d band(s) with a ratio above 1 at p < 0.05 "
                "(%.2f s)",
                m, cat_list, info.sample < 1 ? " (a seeded sample)" : "",
                (unsigned long long)info.pairs, how, sig, now_s() - t0);
    }
    if (rc == HS_OK && info.pairs == 0) {
        rc = hs__build_thin_note(b, "near_repeat", 0,
                                 "no two incidents within 400 m and 28 days of each other");
    }
    free(x);
    free(y);
    free(t);
    free(keep);
    return rc;
}

int hs__build_stats(hs__build *b, const hs_grid_spec *g, const double *counts, const uint8_t *mask,
                    const hs_gistar_opts *o)
{
    (void)counts; /* the cube and the periods are counted again from the records' times */
    int rc = hs__build_thin(b, "emerging", step_emerging(b, g, mask, o));
    rc = rc ? rc : hs__build_thin(b, "change", step_change(b, g, mask));
    rc = rc ? rc : hs__build_thin(b, "near_repeat", step_near_repeat(b));
    return rc;
}
