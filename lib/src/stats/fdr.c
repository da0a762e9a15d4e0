/*
 * Benjamini-Hochberg false discovery rate: adjusted p-values (as R's p.adjust "BH") and the
 * rejection threshold. Sorting only (a radix sort: a million p-values in a few milliseconds); it
 * must not know what the p-values belong to.
 */
#include "core/hs_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct pidx {
    double p;
    size_t i;
} pidx;

/* LSD radix sort on the IEEE bits of p >= 0 (their order is the numeric order), 16 bits per pass;
 * stable, so equal p keep their index order */
static int radix_sort(pidx *v, size_t m)
{
    pidx *tmp = malloc((m ? m : 1) * sizeof *tmp);
    size_t *cnt = malloc(65536 * sizeof *cnt);
    if (!tmp || !cnt) {
        free(tmp);
        free(cnt);
        return HS_ENOMEM;
    }
    pidx *src = v;
    pidx *dst = tmp;
    for (int shift = 0; shift < 64; shift += 16) {
        memset(cnt, 0, 65536 * sizeof *cnt);
        uint64_t bits;
        for (size_t i = 0; i < m; i++) {
            memcpy(&bits, &src[i].p, sizeof bits);
            cnt[(bits >> shift) & 0xffff]++;
        }
        if (cnt[0] == m) {
            continue; /* every key has zeros in these bits */
        }
        size_t sum = 0;
        for (size_t d = 0; d < 65536; d++) {
            size_t c = cnt[d];
            cnt[d] = sum;
            sum += c;
        }
        for (size_t i = 0; i < m; i++) {
            memcpy(&bits, &src[i].p, sizeof bits);
            dst[cnt[(bits >> shift) & 0xffff]++] = src[i];
        }
        pidx *t = src;
        src = dst;
        dst = t;
    }
    if (src != v) {
        memcpy(v, src, m * sizeof *v);
    }
    free(tmp);
    free(cnt);
    return HS_OK;
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
            if (p[i] < 0.0 || p[i] > 1.0) {
                free(v);
                return HS_EINVAL;
            }
            v[m].p = p[i] + 0.0; /* -0.0 becomes +0.0 */
            v[m].i = i;
            m++;
        }
    }
    int rc = radix_sort(v, m);
    if (rc) {
        free(v);
        return rc;
    }
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
