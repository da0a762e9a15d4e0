/*
 * Gi* with k-nearest-neighbour weights on a grid against a brute-force computation of the
 * DOMAIN.md formula: neighbours found by sorting every observed cell by distance (ties at the k-th
 * distance included), self added.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>

#include "hotspot.h"

#define NX 9
#define NY 7

static void brute(double *z, const double *x, const uint8_t *mask, int k)
{
    int n = 0;
    double sum = 0, sum2 = 0;
    for (int c = 0; c < NX * NY; c++) {
        if (mask[c]) {
            n++;
            sum += x[c];
            sum2 += x[c] * x[c];
        }
    }
    double mean = sum / n, s = sqrt(sum2 / n - mean * mean);
    for (int c = 0; c < NX * NY; c++) {
        if (!mask[c]) {
            z[c] = NAN;
            continue;
        }
        double d2[NX * NY];
        int m = 0;
        for (int o = 0; o < NX * NY; o++) {
            if (mask[o] && o != c) {
                int dx = o % NX - c % NX, dy = o / NX - c / NX;
                d2[m++] = dx * dx + dy * dy;
            }
        }
        /* the k-th smallest distance */
        double sorted[NX * NY];
        for (int i = 0; i < m; i++) {
            sorted[i] = d2[i];
        }
        for (int i = 0; i < m; i++) {
            for (int j = i + 1; j < m; j++) {
                if (sorted[j] < sorted[i]) {
                    double t = sorted[i];
                    sorted[i] = sorted[j];
                    sorted[j] = t;
                }
            }
        }
        double kth = sorted[k - 1];
        double wx = x[c], w = 1; /* self */
        for (int o = 0; o < NX * NY; o++) {
            int dx = o % NX - c % NX, dy = o / NX - c / NX;
            if (mask[o] && o != c && dx * dx + dy * dy <= kth) {
                wx += x[o];
                w += 1;
            }
        }
        z[c] = (wx - mean * w) / (s * sqrt((n * w - w * w) / (n - 1)));
    }
}

Test(gistar_knn, equals_brute_force)
{
    double x[NX * NY], z[NX * NY], zb[NX * NY], p[NX * NY], q[NX * NY];
    uint8_t mask[NX * NY];
    int8_t bin[NX * NY];
    int32_t nnb[NX * NY];
    unsigned s = 7;
    for (int c = 0; c < NX * NY; c++) {
        s = s * 1103515245u + 12345u;
        x[c] = (double)((s >> 16) % 13);
        mask[c] = (c * 7) % 11 != 3; /* a few holes */
    }
    hs_grid_spec g = {0, 0, 100, NX, NY};
    int ks[] = {1, 4, 8, 12};
    for (size_t t = 0; t < 4; t++) {
        cr_assert_eq(hs_gistar_knn_grid(z, p, q, bin, nnb, NULL, &g, x, mask, ks[t]), HS_OK);
        brute(zb, x, mask, ks[t]);
        for (int c = 0; c < NX * NY; c++) {
            if (!mask[c]) {
                cr_assert(isnan(z[c]));
                cr_assert_eq(nnb[c], 0);
                continue;
            }
            cr_assert_float_eq(z[c], zb[c], 1e-9, "k %d cell %d: %g vs %g", ks[t], c, z[c], zb[c]);
            cr_assert_geq(nnb[c], ks[t] + 1);
        }
    }
    cr_assert_eq(hs_gistar_knn_grid(z, p, q, bin, nnb, NULL, &g, x, mask, 0), HS_EINVAL);
}
