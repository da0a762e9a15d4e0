/*
 * The Clark-Evans nearest-neighbour index of a point pattern (no edge correction). Nearest
 * neighbours by a sweep over the points sorted by x; plain C, no spatial index library.
 */
#include "core/hs_internal.h"

#include <math.h>
#include <stdlib.h>

typedef struct xi {
    double x;
    double y;
} xi;

static int cmp_x(const void *a, const void *b)
{
    const xi *p = a;
    const xi *q = b;
    return (p->x > q->x) - (p->x < q->x);
}

int hs_clark_evans_run(hs_clark_evans *out, hs_ctx *ctx, const double *x, const double *y, size_t n,
                       double area)
{
    if (!out || (!x && n) || (!y && n)) {
        return hs__error(ctx, HS_EINVAL, "Clark-Evans: missing points");
    }
    if (n < 2) {
        return hs__error(ctx, HS_ENODATA, "Clark-Evans needs at least 2 points");
    }
    xi *v = malloc(n * sizeof *v);
    if (!v) {
        return hs__error(ctx, HS_ENOMEM, "out of memory");
    }
    double x0 = INFINITY;
    double x1 = -INFINITY;
    double y0 = INFINITY;
    double y1 = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(x[i]) || !isfinite(y[i])) {
            free(v);
            return hs__error(ctx, HS_EDATA, "Clark-Evans: point %zu has no coordinates", i);
        }
        v[i].x = x[i];
        v[i].y = y[i];
        x0 = fmin(x0, x[i]);
        x1 = fmax(x1, x[i]);
        y0 = fmin(y0, y[i]);
        y1 = fmax(y1, y[i]);
    }
    if (!(area > 0.0)) {
        area = (x1 - x0) * (y1 - y0);
    }
    if (!(area > 0.0)) {
        free(v);
        return hs__error(ctx, HS_ENODATA, "Clark-Evans: the points span no area");
    }
    qsort(v, n, sizeof *v, cmp_x);
    double sum = 0.0;
    for (size_t i = 0; i < n; i++) {
        double best = INFINITY;
        for (size_t j = i + 1; j < n && v[j].x - v[i].x < best; j++) {
            best = fmin(best, hypot(v[j].x - v[i].x, v[j].y - v[i].y));
        }
        for (size_t j = i; j-- > 0 && v[i].x - v[j].x < best;) {
            best = fmin(best, hypot(v[j].x - v[i].x, v[j].y - v[i].y));
        }
        sum += best;
    }
    free(v);
    double rho = (double)n / area;
    out->mean_nn = sum / (double)n;
    out->expected = 0.5 / sqrt(rho);
    out->r = out->mean_nn / out->expected;
    out->z = (out->mean_nn - out->expected) / (0.26136 / sqrt((double)n * rho));
    out->p = hs_norm_p2(out->z);
    return HS_OK;
}
