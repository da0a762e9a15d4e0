/*
 * Tests of the Knox near-repeat test: a hand-counted table of four incidents, Euclidean vs
 * Manhattan distance, the mean of the permutations against its exact expectation (pairs in the
 * distance band x share of time pairs in the day band), seeded repeatability, and a planted
 * near-repeat pattern that must come out with a high ratio and the smallest possible p.
 */
#include <criterion/criterion.h>
#include <math.h>

#include "core/hs_internal.h"
#include "stats/stats.h"

static const double xs4[4] = {0, 50, 0, 1000};
static const double ys4[4] = {0, 0, 150, 1000};
static const double ts4[4] = {0, 2, 10, 1};

Test(knox, hand_counted_table)
{
    double de[2] = {100, 200};
    double te[2] = {3, 14};
    hs_knox_opts o = HS_KNOX_OPTS_INIT;
    o.dist_edges = de;
    o.n_dist = 2;
    o.day_edges = te;
    o.n_day = 2;
    o.permutations = 4999;
    int64_t obs[4];
    double mean[4];
    double ratio[4];
    double p[4];
    /* AB: 50 m, 2 days; AC: 150 m, 10 days; BC: 158 m, 8 days; D is far from all */
    cr_assert_eq(hs_knox_run(obs, mean, ratio, p, NULL, xs4, ys4, ts4, 4, &o), HS_OK);
    cr_assert_eq(obs[0], 1);
    cr_assert_eq(obs[1], 0);
    cr_assert_eq(obs[2], 0);
    cr_assert_eq(obs[3], 2);
    /* times 0 2 10 1: 3 of the 6 time pairs within 3 days, 3 in (3, 14]; E = N_d * 3 / 6 */
    double want[4] = {0.5, 0.5, 1.0, 1.0};
    for (int k = 0; k < 4; k++) {
        cr_assert(fabs(mean[k] - want[k]) < 0.05, "cell %d: mean %g, expected %g", k, mean[k],
                  want[k]);
        cr_assert_float_eq(ratio[k], (double)obs[k] / mean[k], 1e-12);
        cr_assert(p[k] > 0 && p[k] <= 1);
    }
    /* Manhattan: BC is 200 m, outside a 180 m band; Euclidean 158 m is inside */
    de[1] = 180;
    cr_assert_eq(hs_knox_run(obs, NULL, NULL, NULL, NULL, xs4, ys4, ts4, 4, &o), HS_OK);
    cr_assert_eq(obs[3], 2);
    o.manhattan = 1;
    cr_assert_eq(hs_knox_run(obs, NULL, NULL, NULL, NULL, xs4, ys4, ts4, 4, &o), HS_OK);
    cr_assert_eq(obs[3], 1);
    de[1] = 50;
    cr_assert_eq(hs_knox_run(obs, NULL, NULL, NULL, NULL, xs4, ys4, ts4, 4, &o), HS_EINVAL);
}

Test(knox, planted_near_repeats)
{
    enum { N = 260 };
    double x[N];
    double y[N];
    double t[N];
    hs__rng r;
    hs__rng_seed(&r, 9);
    for (int i = 0; i < 200; i++) {
        x[i] = (double)hs__rng_below(&r, 5000);
        y[i] = (double)hs__rng_below(&r, 5000);
        t[i] = (double)hs__rng_below(&r, 365);
    }
    for (int i = 200; i < N; i++) { /* a repeat within 40 m and 3 days of an earlier incident */
        int j = i - 200;
        x[i] = x[j] + (double)hs__rng_below(&r, 40);
        y[i] = y[j];
        t[i] = t[j] + (double)hs__rng_below(&r, 4);
    }
    double de[3] = {100, 200, 400};
    double te[3] = {7, 14, 30};
    hs_knox_opts o = HS_KNOX_OPTS_INIT;
    o.dist_edges = de;
    o.n_dist = 3;
    o.day_edges = te;
    o.n_day = 3;
    o.permutations = 199;
    int64_t obs[9];
    double ratio[9];
    double p[9];
    double p2[9];
    cr_assert_eq(hs_knox_run(obs, NULL, ratio, p, NULL, x, y, t, N, &o), HS_OK);
    cr_assert(obs[0] >= 60);
    cr_assert(ratio[0] > 5.0, "ratio %g", ratio[0]);
    cr_assert_eq(p[0], 1.0 / 200.0);
    cr_assert_eq(hs_knox_run(obs, NULL, NULL, p2, NULL, x, y, t, N, &o), HS_OK);
    for (int k = 0; k < 9; k++) {
        cr_assert_eq(p[k], p2[k], "same seed, same p");
    }
}

/* brute-force Knox counts: every pair, Euclidean or Manhattan */
static void brute(int64_t *obs, const double *x, const double *y, const double *t, size_t n,
                  const double *de, size_t nd, const double *te, size_t nt, int manhattan)
{
    for (size_t k = 0; k < nd * nt; k++) {
        obs[k] = 0;
    }
    for (size_t i = 0; i < n; i++) {
        for (size_t j = i + 1; j < n; j++) {
            double dx = fabs(x[i] - x[j]), dy = fabs(y[i] - y[j]);
            double d = manhattan ? dx + dy : sqrt(dx * dx + dy * dy);
            double dt = fabs(t[i] - t[j]);
            size_t a = 0, b = 0;
            while (a < nd && d > de[a]) {
                a++;
            }
            while (b < nt && dt > te[b]) {
                b++;
            }
            if (a < nd && b < nt) {
                obs[a * nt + b]++;
            }
        }
    }
}

static void random_points(double *x, double *y, double *t, size_t n, uint64_t seed, double side)
{
    hs__rng r;
    hs__rng_seed(&r, seed);
    for (size_t i = 0; i < n; i++) {
        /* clustered: half the points near a few centres, on whole metres so ties at the edges
         * occur */
        if (i % 2) {
            x[i] = (double)hs__rng_below(&r, (uint64_t)side);
            y[i] = (double)hs__rng_below(&r, (uint64_t)side);
        } else {
            double cx = 1000.0 * (double)(hs__rng_below(&r, 3) + 1);
            x[i] = cx + (double)hs__rng_below(&r, 300);
            y[i] = cx + (double)hs__rng_below(&r, 300);
        }
        t[i] = (double)hs__rng_below(&r, 400);
    }
}

Test(knox, grid_pairs_equal_brute_force)
{
    enum { N = 3000 };
    static double x[N], y[N], t[N];
    random_points(x, y, t, N, 77, 6000);
    double de[3] = {100, 200, 400};
    double te[3] = {7, 14, 28};
    int64_t want[9], got[9];
    for (int man = 0; man <= 1; man++) {
        hs_knox_opts o = HS_KNOX_OPTS_INIT;
        o.dist_edges = de;
        o.n_dist = 3;
        o.day_edges = te;
        o.n_day = 3;
        o.manhattan = man;
        o.permutations = 0;
        hs_knox_info info;
        cr_assert_eq(hs_knox_compute(got, NULL, NULL, NULL, &info, NULL, x, y, t, N, &o), HS_OK);
        brute(want, x, y, t, N, de, 3, te, 3, man);
        for (int k = 0; k < 9; k++) {
            cr_assert_eq(got[k], want[k], "manhattan %d band %d: %lld, brute force %lld", man, k,
                         (long long)got[k], (long long)want[k]);
        }
        cr_assert_eq(info.n, N);
        cr_assert_eq(info.sample, 1.0);
        cr_assert(info.candidates >= (double)info.pairs);
    }
}

/* P(X >= k) for Poisson(lambda) by summing the probabilities (each from its logarithm): those
 * from k up when k is above the mean, else one minus those below k */
static double poisson_upper(int64_t k, double lambda)
{
    double s = 0;
    if ((double)k > lambda) {
        for (int64_t i = k; i < k + 100000; i++) {
            double term = exp((double)i * log(lambda) - lambda - lgamma((double)i + 1.0));
            s += term;
            if (term < 1e-18 * s) {
                break;
            }
        }
        return s;
    }
    for (int64_t i = 0; i < k; i++) {
        s += exp((double)i * log(lambda) - lambda - lgamma((double)i + 1.0));
    }
    return 1.0 - s;
}

Test(knox, analytic_expectation_when_permutations_cannot_be_afforded)
{
    enum { N = 1500 };
    static double x[N], y[N], t[N];
    random_points(x, y, t, N, 5, 4000);
    double de[2] = {150, 300};
    double te[2] = {10, 30};
    hs_knox_opts o = HS_KNOX_OPTS_INIT;
    o.dist_edges = de;
    o.n_dist = 2;
    o.day_edges = te;
    o.n_day = 2;
    o.permutations = 999;
    o.max_work = 10; /* far below pairs x 19 */
    int64_t obs[4];
    double mean[4], ratio[4], p[4];
    hs_knox_info info;
    cr_assert_eq(hs_knox_compute(obs, mean, ratio, p, &info, NULL, x, y, t, N, &o), HS_OK);
    cr_assert_eq(info.method, HS_KNOX_ANALYTIC);
    cr_assert_eq(info.permutations, 0);
    /* the expectation by brute force: pairs per distance band x time pairs per day band / all */
    double nd[2] = {0, 0}, nt[2] = {0, 0};
    for (size_t i = 0; i < N; i++) {
        for (size_t j = i + 1; j < N; j++) {
            double d = hypot(x[i] - x[j], y[i] - y[j]), dt = fabs(t[i] - t[j]);
            nd[0] += d <= 150;
            nd[1] += d > 150 && d <= 300;
            nt[0] += dt <= 10;
            nt[1] += dt > 10 && dt <= 30;
        }
    }
    double all = (double)N * (N - 1) / 2.0;
    for (int a = 0; a < 2; a++) {
        for (int b = 0; b < 2; b++) {
            double e = nd[a] * nt[b] / all;
            cr_assert_float_eq(mean[a * 2 + b], e, 1e-9 * e, "band %d %d", a, b);
            cr_assert_float_eq(p[a * 2 + b], poisson_upper(obs[a * 2 + b], e), 1e-9, "p band %d %d",
                               a, b);
            cr_assert_float_eq(ratio[a * 2 + b], (double)obs[a * 2 + b] / e, 1e-12);
        }
    }
    /* the permutations' mean converges to the same expectation */
    o.max_work = 0;
    o.permutations = 400;
    double pmean[4];
    cr_assert_eq(hs_knox_compute(obs, pmean, NULL, NULL, &info, NULL, x, y, t, N, &o), HS_OK);
    cr_assert_eq(info.method, HS_KNOX_PERMUTATION);
    for (int k = 0; k < 4; k++) {
        cr_assert(fabs(pmean[k] - mean[k]) < 0.05 * mean[k] + 1.0, "band %d: %g vs %g", k, pmean[k],
                  mean[k]);
    }
}

Test(knox, fewer_permutations_within_the_budget)
{
    enum { N = 800 };
    static double x[N], y[N], t[N];
    random_points(x, y, t, N, 11, 3000);
    double de[1] = {200};
    double te[1] = {14};
    hs_knox_opts o = HS_KNOX_OPTS_INIT;
    o.dist_edges = de;
    o.n_dist = 1;
    o.day_edges = te;
    o.n_day = 1;
    o.permutations = 999;
    int64_t obs[1];
    double p[1];
    hs_knox_info info;
    cr_assert_eq(hs_knox_compute(obs, NULL, NULL, p, &info, NULL, x, y, t, N, &o), HS_OK);
    cr_assert_eq(info.permutations, 999);
    o.max_work = (double)info.pairs * 50.5;
    cr_assert_eq(hs_knox_compute(obs, NULL, NULL, p, &info, NULL, x, y, t, N, &o), HS_OK);
    cr_assert_eq(info.permutations, 50);
    cr_assert_eq(info.method, HS_KNOX_PERMUTATION);
    cr_assert(info.p_se > 0 && info.p_se <= 0.5 / sqrt(50.0) + 1e-12, "p_se %g", info.p_se);
    cr_assert(p[0] >= 1.0 / 51.0 && p[0] <= 1.0);
}

Test(knox, seeded_subsample_when_pairs_exceed_the_budget)
{
    enum { N = 4000 };
    static double x[N], y[N], t[N];
    hs__rng r;
    hs__rng_seed(&r, 3);
    for (int i = 0; i < N; i++) { /* pairs of incidents 20 m and 1 day apart, else spread out */
        int j = i / 2;
        x[i] = (double)(j % 60) * 500.0 + (i % 2) * 20.0;
        y[i] = (double)(j / 60) * 500.0;
        t[i] = (double)hs__rng_below(&r, 700) + (i % 2);
        if (i % 2) {
            t[i] = t[i - 1] + 1;
        }
    }
    double de[2] = {50, 400};
    double te[2] = {3, 30};
    hs_knox_opts o = HS_KNOX_OPTS_INIT;
    o.dist_edges = de;
    o.n_dist = 2;
    o.day_edges = te;
    o.n_day = 2;
    o.permutations = 99;
    int64_t obs[4], obs2[4];
    double ratio[4], p[4], p2[4];
    hs_knox_info info, full;
    cr_assert_eq(hs_knox_compute(obs, NULL, ratio, p, &full, NULL, x, y, t, N, &o), HS_OK);
    cr_assert_eq(full.sample, 1.0);
    o.max_pairs = full.candidates / 4; /* half the incidents */
    cr_assert_eq(hs_knox_compute(obs, NULL, ratio, p, &info, NULL, x, y, t, N, &o), HS_OK);
    cr_assert(fabs(info.sample - 0.5) < 1e-9, "sample %g", info.sample);
    cr_assert(info.n > N * 0.45 && info.n < N * 0.55, "n %zu", info.n);
    cr_assert(info.pairs < full.pairs);
    /* the planted near repeats still stand out */
    cr_assert(ratio[0] > 20.0, "ratio %g", ratio[0]);
    cr_assert(p[0] <= 0.02);
    cr_assert_eq(hs_knox_compute(obs2, NULL, NULL, p2, &info, NULL, x, y, t, N, &o), HS_OK);
    for (int k = 0; k < 4; k++) {
        cr_assert_eq(obs[k], obs2[k], "same seed, same sample");
        cr_assert_eq(p[k], p2[k]);
    }
}

Test(knox, poisson_tail)
{
    const double lam[] = {0.3, 2.5, 17.0, 140.0};
    const int64_t ks[] = {0, 1, 3, 10, 25, 160};
    for (size_t a = 0; a < 4; a++) {
        for (size_t b = 0; b < 6; b++) {
            double want = poisson_upper(ks[b], lam[a]);
            cr_assert_float_eq(hs__poisson_upper(ks[b], lam[a]), want, 1e-10 + 1e-8 * want,
                               "k %lld lambda %g", (long long)ks[b], lam[a]);
        }
    }
    cr_assert_eq(hs__poisson_upper(0, 0.0), 1.0);
    cr_assert_eq(hs__poisson_upper(3, 0.0), 0.0);
}
