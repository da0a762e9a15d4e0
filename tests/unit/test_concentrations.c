/*
 * Tests of place x time concentrations: the binomial tail against hand-computed values, and a
 * planted "Friday and Saturday nights 22–03" concentration found, labelled and measured exactly
 * against a flat reference profile, queen clusters of cells and dense unit keys.
 */
#include <criterion/criterion.h>

#include "hotspot.h"
#include "hotspot/concentrations.h"

#include <stdlib.h>

Test(concentrations, binomial_tail)
{
    cr_assert_float_eq(hs_binom_upper(8, 10, 0.5), 56.0 / 1024.0, 1e-12);
    cr_assert_float_eq(hs_binom_upper(1, 5, 0.2), 1.0 - 0.32768, 1e-12);
    cr_assert_float_eq(hs_binom_upper(5, 5, 0.2), 0.00032, 1e-14);
    cr_assert_float_eq(hs_binom_upper(0, 5, 0.2), 1.0, 0);
    /* P(X >= 30) for Bin(100, 0.2): 0.01124897872 (R: pbinom(29, 100, 0.2, lower.tail = FALSE)) */
    cr_assert_float_eq(hs_binom_upper(30, 100, 0.2), 0.01124897872, 1e-9);
    /* non-integer weights lie between their integer neighbours */
    double a = hs_binom_upper(7, 10, 0.5), b = hs_binom_upper(7.5, 10, 0.5),
           c = hs_binom_upper(8, 10, 0.5);
    cr_assert(a > b && b > c);
}

Test(concentrations, planted_weekend_nights)
{
    double t[2 * 168];
    for (int h = 0; h < 168; h++) {
        t[h] = 20.0 / 168.0;
        t[168 + h] = 10000.0 / 168.0; /* a big flat unit makes the reference nearly flat */
    }
    int hours[] = {22, 23, 24, 25, 26};
    for (int d = 4; d <= 5; d++) { /* Friday, Saturday */
        for (int k = 0; k < 5; k++) {
            t[(d * 24 + hours[k]) % 168] += 4.0;
        }
    }
    double ref[168];
    for (int h = 0; h < 168; h++) {
        ref[h] = 1.0;
    }
    hs_concentration *c = NULL;
    size_t n = 0;
    hs_conc_opts o = HS_CONC_OPTS_INIT;
    cr_assert_eq(hs_concentrations_find(&c, &n, NULL, t, 2, ref, &o), HS_OK);
    cr_assert_geq(n, 1);
    cr_assert_eq(c[0].unit, 0);
    cr_assert_str_eq(c[0].label, "fre–lör 22–03");
    cr_assert_float_eq(c[0].n, 40.0 + 20.0 * 10.0 / 168.0, 1e-9);
    cr_assert_float_eq(c[0].share, c[0].n / 60.0, 1e-12);
    cr_assert_float_eq(c[0].expected, 10.0 / 168.0, 1e-12);
    cr_assert_float_eq(c[0].lift, c[0].share * 16.8, 1e-9);
    cr_assert(c[0].p < 1e-10);
    for (size_t i = 0; i < n; i++) {
        cr_assert_neq(c[i].unit, 1); /* the flat unit has no concentration */
        cr_assert(c[i].p <= 0.05);
    }
    hs_concentrations_free(c);
}

Test(concentrations, cell_clusters_queen)
{
    /* 5 x 4 grid (row 0 south):
     *   row 3: . . . . X
     *   row 2: X . . X .
     *   row 1: X . . . .
     *   row 0: . X . . X
     * groups: {(0,1),(0,2),(1,0)} by corner, {(3,2),(4,3)} by corner, {(4,0)} alone */
    hs_grid_spec g = {0, 0, 100, 5, 4};
    uint8_t m[20] = {0};
    int cells[][2] = {{1, 0}, {4, 0}, {0, 1}, {0, 2}, {3, 2}, {4, 3}};
    for (size_t k = 0; k < 6; k++) {
        m[cells[k][1] * 5 + cells[k][0]] = 1;
    }
    int32_t lab[20];
    size_t ng = 0;
    cr_assert_eq(hs_cell_clusters(lab, &ng, NULL, &g, m), HS_OK);
    cr_assert_eq(ng, 3);
    cr_assert_eq(lab[0 * 5 + 1], lab[1 * 5 + 0]);
    cr_assert_eq(lab[1 * 5 + 0], lab[2 * 5 + 0]);
    cr_assert_eq(lab[2 * 5 + 3], lab[3 * 5 + 4]);
    cr_assert_neq(lab[0 * 5 + 4], lab[2 * 5 + 3]);
    cr_assert_neq(lab[0 * 5 + 4], lab[0 * 5 + 1]);
    cr_assert_eq(lab[0], -1);
    cr_assert_eq(lab[0 * 5 + 1], 0); /* numbered in scan order from the south-west */
}

Test(concentrations, group_keys_dense_units)
{
    int64_t key[6] = {1487, -1, 1488, 1487, 0, 1488};
    int32_t of[6];
    int64_t *uniq = NULL;
    size_t nu = 0;
    cr_assert_eq(hs_group_keys(of, &uniq, &nu, NULL, key, 6), HS_OK);
    cr_assert_eq(nu, 3);
    cr_assert_eq(uniq[0], 0);
    cr_assert_eq(uniq[1], 1487);
    cr_assert_eq(uniq[2], 1488);
    int32_t want[6] = {1, -1, 2, 1, 0, 2};
    for (int i = 0; i < 6; i++) {
        cr_assert_eq(of[i], want[i]);
    }
    free(uniq);
}
