/*
 * The Mann-Kendall trend test of one series, with the tie correction of the variance and the
 * continuity-corrected z. O(n^2) over a short series (time steps of one cell); no allocation.
 */
#include "core/hs_internal.h"

#include <math.h>

int hs_mann_kendall(hs_mk_result *out, const double *x, size_t n)
{
    if (!out || (!x && n)) {
        return HS_EINVAL;
    }
    double s = 0.0;
    double m = 0.0;
    double ties = 0.0;
    for (size_t i = 0; i < n; i++) {
        if (isnan(x[i])) {
            continue;
        }
        m += 1.0;
        double t = 1.0; /* size of x[i]'s tie group, counted at its first member */
        int first = 1;
        for (size_t j = 0; j < n; j++) {
            if (isnan(x[j]) || j == i) {
                continue;
            }
            if (j > i) {
                s += (x[j] > x[i]) - (x[j] < x[i]);
                if (x[j] == x[i]) {
                    t += 1.0;
                }
            } else if (x[j] == x[i]) {
                first = 0;
            }
        }
        if (first && t > 1.0) {
            ties += t * (t - 1.0) * (2.0 * t + 5.0);
        }
    }
    if (m < 2.0) {
        return HS_EINVAL;
    }
    out->s = s;
    out->var = (m * (m - 1.0) * (2.0 * m + 5.0) - ties) / 18.0;
    if (s > 0.0 && out->var > 0.0) {
        out->z = (s - 1.0) / sqrt(out->var);
    } else if (s < 0.0 && out->var > 0.0) {
        out->z = (s + 1.0) / sqrt(out->var);
    } else {
        out->z = 0.0;
    }
    out->p = hs_norm_p2(out->z);
    out->tau = s / (m * (m - 1.0) / 2.0);
    return HS_OK;
}
