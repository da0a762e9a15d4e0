/*
 * Place x time concentrations over hour-of-week tables: every window (a group of start days, a
 * first hour and a length) is scored by its share of the unit's weight, its lift against the
 * reference profile and a one-sided binomial test (regularized incomplete beta, so aoristic
 * weights need not be integers), Bonferroni-adjusted over the windows tried; the best
 * non-overlapping windows of each unit are kept and ranked. Plain C; no I/O.
 */
#include "core/hs_internal.h"
#include "temporal/temporal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Continued fraction of the incomplete beta function (modified Lentz). */
static double beta_cf(double a, double b, double x)
{
    const double tiny = 1e-300;
    double c = 1.0;
    double d = 1.0 - (a + b) * x / (a + 1.0);
    if (fabs(d) < tiny) {
        d = tiny;
    }
    d = 1.0 / d;
    double f = d;
    for (int m = 1; m <= 500; m++) {
        double m2 = 2.0 * m;
        double num = m * (b - m) * x / ((a + m2 - 1.0) * (a + m2));
        d = 1.0 + num * d;
        d = fabs(d) < tiny ? tiny : d;
        c = 1.0 + num / c;
        c = fabs(c) < tiny ? tiny : c;
        d = 1.0 / d;
        f *= d * c;
        num = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1.0));
        d = 1.0 + num * d;
        d = fabs(d) < tiny ? tiny : d;
        c = 1.0 + num / c;
        c = fabs(c) < tiny ? tiny : c;
        d = 1.0 / d;
        double delta = d * c;
        f *= delta;
        if (fabs(delta - 1.0) < 1e-14) {
            break;
        }
    }
    return f;
}

/* Regularized incomplete beta I_x(a, b). */
static double inc_beta(double a, double b, double x)
{
    if (x <= 0.0) {
        return 0.0;
    }
    if (x >= 1.0) {
        return 1.0;
    }
    double lfront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x);
    if (x < (a + 1.0) / (a + b + 2.0)) {
        return exp(lfront) * beta_cf(a, b, x) / a;
    }
    return 1.0 - exp(lfront) * beta_cf(b, a, 1.0 - x) / b;
}

double hs_binom_upper(double x, double n, double p)
{
    if (x <= 0.0) {
        return 1.0;
    }
    if (x > n || p <= 0.0) {
        return 0.0;
    }
    if (p >= 1.0) {
        return 1.0;
    }
    return inc_beta(x, n - x + 1.0, p);
}

/* Start-day groups tried: each day alone and the usual groups. */
static const unsigned day_groups[] = {0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40,
                                      0x1F, 0x0F, 0x30, 0x60, 0x4F, 0x7F};
#define NGROUPS (sizeof day_groups / sizeof day_groups[0])

/* Sum of table over the window via the cyclic prefix sums pre[0..336]. */
static double window_sum(const double *pre, unsigned days, int start, int len)
{
    double s = 0.0;
    for (int d = 0; d < 7; d++) {
        if (days & (1u << d)) {
            int a = d * 24 + start;
            s += pre[a + len] - pre[a];
        }
    }
    return s;
}

static void prefix(double *pre, const double *t)
{
    pre[0] = 0.0;
    for (int i = 0; i < 2 * HS_HOURS_PER_WEEK; i++) {
        pre[i + 1] = pre[i] + t[i % HS_HOURS_PER_WEEK];
    }
}

static int better(const hs_concentration *a, const hs_concentration *b)
{
    if (a->p != b->p) {
        return a->p < b->p;
    }
    if (a->lift != b->lift) {
        return a->lift > b->lift;
    }
    return a->len < b->len;
}

static int cmp_conc(const void *pa, const void *pb)
{
    const hs_concentration *a = pa;
    const hs_concentration *b = pb;
    if (better(a, b)) {
        return -1;
    }
    if (better(b, a)) {
        return 1;
    }
    return a->unit < b->unit ? -1 : (a->unit > b->unit);
}

static int overlaps(const uint8_t *used, unsigned days, int start, int len)
{
    uint8_t m[HS_HOURS_PER_WEEK];
    hs__window_mask(m, days, start, len);
    for (int h = 0; h < HS_HOURS_PER_WEEK; h++) {
        if (m[h] && used[h]) {
            return 1;
        }
    }
    return 0;
}

int hs_concentrations_find(hs_concentration **out, size_t *nout, hs_ctx *ctx, const double *tables,
                           size_t nunits, const double *reference, const hs_conc_opts *opts)
{
    hs_conc_opts def = HS_CONC_OPTS_INIT;
    const hs_conc_opts *o = opts ? opts : &def;
    if (!out || !nout || (!tables && nunits > 0)) {
        return hs__error(ctx, HS_EINVAL, "concentrations: missing arguments");
    }
    *out = NULL;
    *nout = 0;
    if (o->version != HS_CONC_OPTS_VERSION || o->max_len < 1 || o->max_len > 24 ||
        o->per_unit < 1) {
        return hs__error(ctx, HS_EINVAL, "concentrations: bad options");
    }
    double ref[HS_HOURS_PER_WEEK] = {0};
    for (int h = 0; h < HS_HOURS_PER_WEEK; h++) {
        if (reference) {
            ref[h] = reference[h];
        } else {
            for (size_t u = 0; u < nunits; u++) {
                ref[h] += tables[u * HS_HOURS_PER_WEEK + h];
            }
        }
    }
    double rpre[2 * HS_HOURS_PER_WEEK + 1];
    prefix(rpre, ref);
    double rtotal = rpre[HS_HOURS_PER_WEEK];
    if (!(rtotal > 0.0)) {
        return HS_OK;
    }
    double ntried = (double)(NGROUPS * 24 * (size_t)o->max_len);
    hs_concentration *res = NULL;
    size_t nres = 0, cap = 0;
    for (size_t u = 0; u < nunits; u++) {
        double pre[2 * HS_HOURS_PER_WEEK + 1];
        prefix(pre, tables + u * HS_HOURS_PER_WEEK);
        double total = pre[HS_HOURS_PER_WEEK];
        if (!(total >= o->min_n)) {
            continue;
        }
        uint8_t used[HS_HOURS_PER_WEEK] = {0};
        for (int kept = 0; kept < o->per_unit; kept++) {
            hs_concentration best;
            int have = 0;
            for (size_t g = 0; g < NGROUPS; g++) {
                for (int s = 0; s < 24; s++) {
                    for (int len = 1; len <= o->max_len; len++) {
                        hs_concentration c;
                        c.n = window_sum(pre, day_groups[g], s, len);
                        if (c.n < o->min_n) {
                            continue;
                        }
                        c.expected = window_sum(rpre, day_groups[g], s, len) / rtotal;
                        c.share = c.n / total;
                        if (!(c.expected > 0.0)) {
                            continue;
                        }
                        c.lift = c.share / c.expected;
                        if (c.lift < o->min_lift) {
                            continue;
                        }
                        c.p = fmin(1.0, hs_binom_upper(c.n, total, c.expected) * ntried);
                        c.days = day_groups[g];
                        c.start = s;
                        c.len = len;
                        if ((!have || better(&c, &best)) && !overlaps(used, c.days, s, len)) {
                            best = c;
                            have = 1;
                        }
                    }
                }
            }
            if (!have || best.p > o->alpha) {
                break;
            }
            uint8_t m[HS_HOURS_PER_WEEK];
            hs__window_mask(m, best.days, best.start, best.len);
            for (int h = 0; h < HS_HOURS_PER_WEEK; h++) {
                used[h] |= m[h];
            }
            best.unit = u;
            best.total = total;
            hs__window_label(best.label, sizeof best.label, best.days, best.start, best.len);
            if (hs__grow((void **)&res, &cap, nres + 1, sizeof *res) != HS_OK) {
                free(res);
                return hs__error(ctx, HS_ENOMEM, "concentrations: out of memory");
            }
            res[nres++] = best;
        }
        int rc = hs__progress(ctx, "concentrations", (double)(u + 1) / (double)nunits);
        if (rc != HS_OK) {
            free(res);
            return rc;
        }
    }
    if (nres > 1) {
        qsort(res, nres, sizeof *res, cmp_conc);
    }
    *out = res;
    *nout = nres;
    return HS_OK;
}

void hs_concentrations_free(hs_concentration *c)
{
    free(c);
}
