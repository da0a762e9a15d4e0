/*
 * Concentration of counts over units (lorenz.h): the Lorenz curve, the share of units holding a
 * share of the incidents, the Gini and Bernasco and Steenbeek's generalised Gini for sparse
 * counts, and the stability of the top units between periods (top-set overlap and Spearman's rank
 * correlation). Plain C over arrays; no I/O.
 */
#include "core/hs_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int cmp_desc(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x < y) - (x > y);
}

static int check(hs_ctx *ctx, const double *c, size_t n, double *total)
{
    if (!c || n == 0) {
        return hs__error(ctx, HS_EINVAL, "concentration: no units");
    }
    double t = 0;
    for (size_t i = 0; i < n; i++) {
        if (!(c[i] >= 0)) {
            return hs__error(ctx, HS_EINVAL, "concentration: unit %zu has count %g", i, c[i]);
        }
        t += c[i];
    }
    *total = t;
    return HS_OK;
}

/* A copy of c sorted from the largest count down, or NULL. */
static double *sorted_desc(const double *c, size_t n)
{
    double *s = malloc(n * sizeof *s);
    if (s) {
        memcpy(s, c, n * sizeof *s);
        qsort(s, n, sizeof *s, cmp_desc);
    }
    return s;
}

static double units_for_sorted(const double *s, size_t n, double total, double share)
{
    if (!(total > 0)) {
        return NAN;
    }
    /* a relative tolerance so that 50 % of 10 is reached by 5 and not missed by rounding */
    double want = share * total * (1 - 1e-12), cum = 0;
    for (size_t k = 0; k < n; k++) {
        cum += s[k];
        if (cum >= want) {
            return (double)(k + 1) / (double)n;
        }
    }
    return 1.0;
}

double hs_lorenz_units_for(const double *counts, size_t n, double share)
{
    double total = 0;
    if (check(NULL, counts, n, &total) != HS_OK || !(total > 0)) {
        return NAN;
    }
    double *s = sorted_desc(counts, n);
    double r = s ? units_for_sorted(s, n, total, share) : NAN;
    free(s);
    return r;
}

int hs_lorenz_summary_of(hs_lorenz_summary *out, hs_ctx *ctx, const double *counts, size_t n)
{
    if (!out) {
        return hs__error(ctx, HS_EINVAL, "concentration: no output");
    }
    memset(out, 0, sizeof *out);
    out->share25 = out->share50 = out->gini = out->gini_gen = out->share_nz = NAN;
    double total = 0;
    int rc = check(ctx, counts, n, &total);
    if (rc != HS_OK) {
        return rc;
    }
    out->n = n;
    out->total = total;
    for (size_t i = 0; i < n; i++) {
        out->nonzero += counts[i] > 0;
    }
    out->share_nz = (double)out->nonzero / (double)n;
    if (!(total > 0)) {
        return hs__error(ctx, HS_ENODATA, "concentration: every count is 0");
    }
    double *s = sorted_desc(counts, n);
    if (!s) {
        return hs__error(ctx, HS_ENOMEM, "concentration: out of memory");
    }
    out->share25 = units_for_sorted(s, n, total, 0.25);
    out->share50 = units_for_sorted(s, n, total, 0.50);
    /* ascending rank i = n - k for the k-th largest (0-based k): weight 2i - n - 1 */
    double acc = 0;
    for (size_t k = 0; k < n; k++) {
        double i = (double)(n - k);
        acc += (2 * i - (double)n - 1) * s[k];
    }
    free(s);
    out->gini = acc / ((double)n * total);
    double r = (double)n / total;
    out->gini_gen = (r > 1 ? r : 1.0) * (out->gini - 1) + 1;
    return HS_OK;
}

int hs_lorenz_curve(double *y, hs_ctx *ctx, const double *counts, size_t n)
{
    double total = 0;
    int rc = check(ctx, counts, n, &total);
    if (rc != HS_OK) {
        return rc;
    }
    if (!y) {
        return hs__error(ctx, HS_EINVAL, "concentration: no output");
    }
    if (!(total > 0)) {
        return hs__error(ctx, HS_ENODATA, "concentration: every count is 0");
    }
    double *s = sorted_desc(counts, n);
    if (!s) {
        return hs__error(ctx, HS_ENOMEM, "concentration: out of memory");
    }
    double cum = 0;
    y[0] = 0;
    for (size_t k = 0; k < n; k++) {
        cum += s[k];
        y[k + 1] = cum / total;
    }
    y[n] = 1.0;
    free(s);
    return HS_OK;
}

typedef struct ranked {
    double v;
    size_t i;
} ranked;

/* Descending by value, then ascending by unit. */
static int cmp_ranked(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (x->v != y->v) {
        return x->v < y->v ? 1 : -1;
    }
    return (x->i > y->i) - (x->i < y->i);
}

/* r[i] = average rank (1 = largest) of x[i]; top[i] = 1 when in the top set of size k. */
static int ranks_of(double *r, uint8_t *top, size_t *ntop, const double *x, size_t n, size_t k)
{
    ranked *o = malloc(n * sizeof *o);
    if (!o) {
        return HS_ENOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        o[i] = (ranked){x[i], i};
    }
    qsort(o, n, sizeof *o, cmp_ranked);
    size_t t = 0;
    for (size_t a = 0; a < n;) {
        size_t b = a;
        while (b < n && o[b].v == o[a].v) {
            b++;
        }
        double avg = ((double)a + 1 + (double)b) / 2.0;
        for (size_t j = a; j < b; j++) {
            r[o[j].i] = avg;
        }
        a = b;
    }
    memset(top, 0, n);
    for (size_t j = 0; j < k && j < n && o[j].v > 0; j++) {
        top[o[j].i] = 1;
        t++;
    }
    *ntop = t;
    free(o);
    return HS_OK;
}

int hs_lorenz_stability_of(hs_lorenz_stability *out, hs_ctx *ctx, const double *a, const double *b,
                           size_t n, double top)
{
    if (!out || !(top > 0 && top <= 1)) {
        return hs__error(ctx, HS_EINVAL, "stability: top share must lie in (0, 1]");
    }
    memset(out, 0, sizeof *out);
    out->stay = out->spearman = NAN;
    double ta = 0, tb = 0;
    int rc = check(ctx, a, n, &ta);
    rc = rc ? rc : check(ctx, b, n, &tb);
    if (rc != HS_OK) {
        return rc;
    }
    out->mean_a = ta / (double)n;
    out->mean_b = tb / (double)n;
    size_t k = (size_t)ceil(top * (double)n - 1e-9);
    double *ra = malloc(n * sizeof *ra), *rb = malloc(n * sizeof *rb);
    uint8_t *sa = malloc(n), *sb = malloc(n);
    size_t na = 0, nb = 0;
    rc = ra && rb && sa && sb ? HS_OK : hs__error(ctx, HS_ENOMEM, "stability: out of memory");
    rc = rc ? rc : ranks_of(ra, sa, &na, a, n, k);
    rc = rc ? rc : ranks_of(rb, sb, &nb, b, n, k);
    if (rc == HS_OK) {
        out->ntop = na;
        for (size_t i = 0; i < n; i++) {
            out->nstay += sa[i] && sb[i];
        }
        out->stay = na ? (double)out->nstay / (double)na : NAN;
        double m = ((double)n + 1) / 2.0, sab = 0, saa = 0, sbb = 0;
        for (size_t i = 0; i < n; i++) {
            sab += (ra[i] - m) * (rb[i] - m);
            saa += (ra[i] - m) * (ra[i] - m);
            sbb += (rb[i] - m) * (rb[i] - m);
        }
        out->spearman = saa > 0 && sbb > 0 ? sab / sqrt(saa * sbb) : NAN;
    }
    free(ra);
    free(rb);
    free(sa);
    free(sb);
    return rc;
}
