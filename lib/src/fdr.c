/*
 * Benjamini-Hochberg false discovery rate: adjusted p-values (as R's p.adjust "BH") and the
 * rejection threshold. Sorting only; it must not know what the p-values belong to.
 */
#include "hs_internal.h"

#include <math.h>
#include <stdlib.h>

typedef struct pidx {
    double p;
    size_t i;
} pidx;

static int cmp_pidx(const void *a, const void *b)
{
    const pidx *x = a;
    const pidx *y = b;
    if (x->p < y->p) {
        return -1;
    }
    if (x->p > y->p) {
        return 1;
    }
    return (x->i > y->i) - (x->i < y->i);
}

/* the non-NaN p-values sorted ascending; *m_out their number */
static int sorted(pidx **out, size_t *m_out, const double *p, size_t n)
{
    pidx *v = malloc((n ? n : 1) * sizeof *v);
    if (!v) {
        return HS_ENOMEM;
    }
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isnan(p[i])) {
            v[m].p = p[i];
            v[m].i = i;
            m++;
        }
    }
    qsort(v, m, sizeof *v, cmp_pidx);
    *out = v;
    *m_out = m;
    return HS_OK;
}

int hs_fdr_bh(double *q, const double *p, size_t n)
{
    if ((!q || !p) && n) {
        return HS_EINVAL;
    }
    pidx *v;
    size_t m;
    int rc = sorted(&v, &m, p, n);
    if (rc) {
        return rc;
    }
    for (size_t i = 0; i < n; i++) {
        if (isnan(p[i])) {
            q[i] = NAN;
        }
    }
    double run = 1.0;
    for (size_t k = m; k-- > 0;) {
        double a = v[k].p * (double)m / (double)(k + 1);
        if (a < run) {
            run = a;
        }
        q[v[k].i] = run;
    }
    free(v);
    return HS_OK;
}

int hs_fdr_bh_threshold(double *p_crit, const double *p, size_t n, double alpha)
{
    if (!p_crit || (!p && n)) {
        return HS_EINVAL;
    }
    pidx *v;
    size_t m;
    int rc = sorted(&v, &m, p, n);
    if (rc) {
        return rc;
    }
    *p_crit = 0.0;
    for (size_t k = m; k-- > 0;) {
        if (v[k].p <= alpha * (double)(k + 1) / (double)m) {
            *p_crit = v[k].p;
            break;
        }
    }
    free(v);
    return HS_OK;
}
