/*
 * Change between two periods or groups per unit: rate ratio, the exact conditional binomial test
 * of two Poisson counts with exposures, BH over the units that could show a change, and the
 * classes. Plain C over arrays; it must not read or write files.
 */
#include "core/hs_internal.h"

#include <math.h>
#include <stdlib.h>

const char *hs_change_class_name(hs_change_class c)
{
    switch (c) {
    case HS_CHANGE_INCREASED:
        return "increased";
    case HS_CHANGE_DECREASED:
        return "decreased";
    case HS_CHANGE_TOO_FEW:
        return "too few incidents";
    case HS_CHANGE_EMPTY:
        return "no incidents";
    default:
        return "no significant change";
    }
}

int hs_change_run(double *ratio, double *p, double *q, uint8_t *cls, hs_ctx *ctx, const double *a,
                  const double *b, size_t n, const hs_change_opts *opts)
{
    if (!a || !b || !opts || opts->version != HS_CHANGE_OPTS_VERSION) {
        return hs__error(ctx, HS_EINVAL, "change: missing counts or options");
    }
    if (!(opts->exposure_a > 0.0) || !(opts->exposure_b > 0.0) || !(opts->alpha > 0.0) ||
        !(opts->alpha < 1.0)) {
        return hs__error(ctx, HS_EINVAL, "change: exposures must be > 0 and alpha in (0, 1)");
    }
    double p0 = opts->exposure_b / (opts->exposure_a + opts->exposure_b);
    double *pp = malloc((n ? n : 1) * sizeof *pp);
    double *pf = calloc(n ? n : 1, sizeof *pf); /* the FDR family: NaN for too few */
    double *qq = malloc((n ? n : 1) * sizeof *qq);
    uint8_t *cc = malloc(n ? n : 1);
    int rc = HS_OK;
    if (!pp || !pf || !qq || !cc) {
        rc = hs__error(ctx, HS_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        if (!(a[i] >= 0.0) || !(b[i] >= 0.0) || a[i] != floor(a[i]) || b[i] != floor(b[i]) ||
            a[i] + b[i] > 1e9) {
            rc = hs__error(ctx, HS_EDATA, "change: unit %zu: counts %g and %g are not whole", i,
                           a[i], b[i]);
            goto done;
        }
        int64_t ka = (int64_t)a[i];
        int64_t kb = (int64_t)b[i];
        int64_t tot = ka + kb;
        double lo;
        double hi;
        hs_binom_test(&pp[i], kb, tot, p0);
        hs_binom_test(&lo, 0, tot, p0);
        hs_binom_test(&hi, tot, tot, p0);
        pf[i] = pp[i];
        if (tot == 0) {
            cc[i] = HS_CHANGE_EMPTY;
            pf[i] = NAN;
        } else if (fmin(lo, hi) > opts->alpha) {
            cc[i] = HS_CHANGE_TOO_FEW;
            pf[i] = NAN;
        } else {
            cc[i] = HS_CHANGE_NONE;
        }
        if (ratio) {
            ratio[i] = ka > 0 ? (b[i] / opts->exposure_b) / (a[i] / opts->exposure_a) : NAN;
        }
    }
    rc = hs_fdr_bh(qq, pf, n);
    if (rc) {
        hs__error(ctx, rc, "FDR: %s", hs_strerror(rc));
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        if (cc[i] == HS_CHANGE_NONE && (opts->fdr ? qq[i] : pp[i]) <= opts->alpha) {
            double rb = b[i] / opts->exposure_b;
            double ra = a[i] / opts->exposure_a;
            cc[i] = rb > ra ? HS_CHANGE_INCREASED : HS_CHANGE_DECREASED;
        }
        if (p) {
            p[i] = pp[i];
        }
        if (q) {
            q[i] = qq[i];
        }
        if (cls) {
            cls[i] = cc[i];
        }
    }
done:
    free(pp);
    free(pf);
    free(qq);
    free(cc);
    return rc;
}
