/*
 * Comparison of crime and insecurity: count ratios, the four classes, and the relative-risk
 * surface with Monte Carlo relabelling. Uses hs_kde_run for the densities; no I/O here.
 */
#include "core/hs_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *hs_cmp_class_key(hs_cmp_class c)
{
    switch (c) {
    case HS_CMP_BOTH:
        return "both";
    case HS_CMP_CRIME_ONLY:
        return "crime_only";
    case HS_CMP_INSECURITY_ONLY:
        return "insecurity_only";
    default:
        return "neither";
    }
}

const char *hs_cmp_class_label(hs_cmp_class c, const char *lang)
{
    int en = lang && strcmp(lang, "en") == 0;
    switch (c) {
    case HS_CMP_BOTH:
        return en ? "Hot spot of both" : "Brott och otrygghet";
    case HS_CMP_CRIME_ONLY:
        return en ? "Crime hot spot only" : "Endast brott";
    case HS_CMP_INSECURITY_ONLY:
        return en ? "Insecurity hot spot only" : "Endast otrygghet";
    default:
        return en ? "Neither" : "Ingetdera";
    }
}

void hs_compare_classes(uint8_t *cls, const int8_t *bin_crime, const int8_t *bin_insecurity,
                        size_t n, int hot_min)
{
    for (size_t i = 0; i < n; i++) {
        int a = bin_crime && bin_crime[i] >= hot_min;
        int b = bin_insecurity && bin_insecurity[i] >= hot_min;
        cls[i] = (uint8_t)(a && b ? HS_CMP_BOTH
                           : a    ? HS_CMP_CRIME_ONLY
                           : b    ? HS_CMP_INSECURITY_ONLY
                                  : HS_CMP_NEITHER);
    }
}

int hs_compare_counts(double *log_ratio, double *share_diff, const double *a, const double *b,
                      size_t n)
{
    if (!a || !b) {
        return HS_EINVAL;
    }
    double ta = 0, tb = 0;
    for (size_t i = 0; i < n; i++) {
        ta += a[i];
        tb += b[i];
    }
    for (size_t i = 0; i < n; i++) {
        if (log_ratio) {
            log_ratio[i] = log(((a[i] + 0.5) / (ta + 0.5)) / ((b[i] + 0.5) / (tb + 0.5)));
        }
        if (share_diff) {
            share_diff[i] = (ta > 0 ? a[i] / ta : 0.0) - (tb > 0 ? b[i] / tb : 0.0);
        }
    }
    return HS_OK;
}

/* splitmix64: a small, well-mixed generator; seeded runs repeat exactly. */
static uint64_t next_u64(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static size_t uniform_below(uint64_t *s, size_t n)
{
    /* rejection sampling avoids modulo bias */
    uint64_t lim = UINT64_MAX - UINT64_MAX % n;
    uint64_t r;
    do {
        r = next_u64(s);
    } while (r >= lim);
    return (size_t)(r % n);
}

typedef struct relrisk_work {
    size_t n, n1, ncell;
    double *x, *y, *w; /* pooled points */
    double *px, *py, *pw;
    double *pooled; /* unnormalised pooled density sums */
    double *part;
    size_t *perm;
} relrisk_work;

static void work_free(relrisk_work *k)
{
    free(k->x);
    free(k->y);
    free(k->w);
    free(k->px);
    free(k->py);
    free(k->pw);
    free(k->pooled);
    free(k->part);
    free(k->perm);
}

/* Density of the first m points of the permutation (or of the rest when rest != 0). */
static int subset_density(double *out, double *wsum, relrisk_work *k, hs_ctx *ctx,
                          const hs_grid_spec *g, const hs_kde_opts *ko, size_t from, size_t to)
{
    size_t m = 0;
    double ws = 0;
    for (size_t i = from; i < to; i++) {
        size_t j = k->perm[i];
        k->px[m] = k->x[j];
        k->py[m] = k->y[j];
        k->pw[m] = k->w[j];
        ws += k->w[j];
        m++;
    }
    *wsum = ws;
    /* no context: the hundreds of density runs of one relabelling test log nothing */
    int rc = hs_kde_run(out, NULL, g, k->px, k->py, k->pw, m, ko);
    return rc == HS_OK ? rc
                       : hs__error(ctx, rc, "relative risk: density failed (%s)", hs_strerror(rc));
}

/* log(f1/f2) for the split: part holds the unnormalised density of the computed side. */
static double lrr_at(const relrisk_work *k, size_t c, int part_is_1, double w1, double w2,
                     double floor_abs)
{
    double s_part = k->part[c], s_rest = k->pooled[c] - s_part;
    if (s_rest < 0) {
        s_rest = 0;
    }
    double s1 = part_is_1 ? s_part : s_rest, s2 = part_is_1 ? s_rest : s_part;
    double f1 = w1 > 0 ? s1 / w1 : 0, f2 = w2 > 0 ? s2 / w2 : 0;
    return log(fmax(f1, floor_abs)) - log(fmax(f2, floor_abs));
}

int hs_relrisk_run(double *log_rr, double *p_hi, double *p_lo, hs_ctx *ctx, const hs_grid_spec *g,
                   const double *x1, const double *y1, const double *w1, size_t n1,
                   const double *x2, const double *y2, const double *w2, size_t n2,
                   const hs_relrisk_opts *opts)
{
    hs_relrisk_opts o = HS_RELRISK_OPTS_INIT;
    if (opts) {
        o = *opts;
    }
    if (!log_rr || !g || !(o.bandwidth > 0) || o.permutations < 0 || g->nx <= 0 || g->ny <= 0) {
        return hs__error(ctx, HS_EINVAL, "relative risk: bad arguments (bandwidth %g)",
                         o.bandwidth);
    }
    if (n1 == 0 || n2 == 0) {
        return hs__error(ctx, HS_ENODATA, "relative risk: both groups need points (%zu and %zu)",
                         n1, n2);
    }
    relrisk_work k = {0};
    k.n = n1 + n2;
    k.n1 = n1;
    k.ncell = (size_t)(g->nx * g->ny);
    k.x = malloc(k.n * sizeof *k.x);
    k.y = malloc(k.n * sizeof *k.y);
    k.w = malloc(k.n * sizeof *k.w);
    k.px = malloc(k.n * sizeof *k.px);
    k.py = malloc(k.n * sizeof *k.py);
    k.pw = malloc(k.n * sizeof *k.pw);
    k.perm = malloc(k.n * sizeof *k.perm);
    k.pooled = malloc(k.ncell * sizeof *k.pooled);
    k.part = malloc(k.ncell * sizeof *k.part);
    size_t *hi = p_hi ? calloc(k.ncell, sizeof *hi) : NULL;
    size_t *lo = p_lo ? calloc(k.ncell, sizeof *lo) : NULL;
    int rc = HS_OK;
    if (!k.x || !k.y || !k.w || !k.px || !k.py || !k.pw || !k.perm || !k.pooled || !k.part ||
        (p_hi && !hi) || (p_lo && !lo)) {
        rc = hs__error(ctx, HS_ENOMEM, "relative risk: out of memory");
        goto done;
    }
    for (size_t i = 0; i < n1; i++) {
        k.x[i] = x1[i];
        k.y[i] = y1[i];
        k.w[i] = w1 ? w1[i] : 1.0;
    }
    for (size_t i = 0; i < n2; i++) {
        k.x[n1 + i] = x2[i];
        k.y[n1 + i] = y2[i];
        k.w[n1 + i] = w2 ? w2[i] : 1.0;
    }
    for (size_t i = 0; i < k.n; i++) {
        k.perm[i] = i;
    }
    hs_kde_opts ko = HS_KDE_OPTS_INIT;
    ko.kernel = o.kernel;
    ko.bandwidth = o.bandwidth;
    ko.units = HS_KDE_PER_M2;
    ko.nodata = 0.0;
    double wall = 0, wa = 0;
    if ((rc = subset_density(k.pooled, &wall, &k, ctx, g, &ko, 0, k.n)) != HS_OK) {
        goto done;
    }
    /* compute the smaller group's surface, the other is pooled minus it */
    int part_is_1 = n1 <= n2;
    size_t from = part_is_1 ? 0 : n1, to = part_is_1 ? n1 : k.n;
    if ((rc = subset_density(k.part, &wa, &k, ctx, g, &ko, from, to)) != HS_OK) {
        goto done;
    }
    double peak = 0;
    for (size_t c = 0; c < k.ncell; c++) {
        peak = fmax(peak, k.pooled[c] / wall);
    }
    double floor_abs = peak * o.floor_share;
    double w1s = part_is_1 ? wa : wall - wa, w2s = wall - w1s;
    for (size_t c = 0; c < k.ncell; c++) {
        log_rr[c] =
            k.pooled[c] / wall < floor_abs ? NAN : lrr_at(&k, c, part_is_1, w1s, w2s, floor_abs);
    }
    uint64_t state = o.seed;
    size_t m = part_is_1 ? n1 : n2;
    for (int r = 0; r < o.permutations && (p_hi || p_lo); r++) {
        /* a random subset of m points: partial Fisher-Yates */
        for (size_t i = 0; i < m; i++) {
            size_t j = i + uniform_below(&state, k.n - i);
            size_t t = k.perm[i];
            k.perm[i] = k.perm[j];
            k.perm[j] = t;
        }
        if ((rc = subset_density(k.part, &wa, &k, ctx, g, &ko, 0, m)) != HS_OK) {
            goto done;
        }
        double a1 = part_is_1 ? wa : wall - wa, a2 = wall - a1;
        for (size_t c = 0; c < k.ncell; c++) {
            if (isnan(log_rr[c])) {
                continue;
            }
            double v = lrr_at(&k, c, part_is_1, a1, a2, floor_abs);
            if (hi && v >= log_rr[c] - 1e-12) {
                hi[c]++;
            }
            if (lo && v <= log_rr[c] + 1e-12) {
                lo[c]++;
            }
        }
        if ((rc = hs__progress(ctx, "relative risk", (r + 1.0) / o.permutations)) != HS_OK) {
            goto done;
        }
    }
    for (size_t c = 0; c < k.ncell; c++) {
        double denom = o.permutations + 1.0;
        if (p_hi) {
            p_hi[c] = isnan(log_rr[c]) || !o.permutations ? NAN : (hi[c] + 1.0) / denom;
        }
        if (p_lo) {
            p_lo[c] = isnan(log_rr[c]) || !o.permutations ? NAN : (lo[c] + 1.0) / denom;
        }
    }
done:
    free(hi);
    free(lo);
    work_free(&k);
    return rc;
}
