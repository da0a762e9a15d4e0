/*
 * The normal distribution, the exact binomial test and the Poisson tail. Probabilities are
 * computed from erfc and log-gamma so that tails keep their relative accuracy; nothing here
 * allocates or logs.
 */
#include "core/hs_internal.h"
#include "stats/stats.h"

#include <math.h>

double hs_norm_cdf(double z)
{
    return 0.5 * erfc(-z / sqrt(2.0));
}

double hs_norm_p2(double z)
{
    if (isnan(z)) {
        return NAN;
    }
    return erfc(fabs(z) / sqrt(2.0));
}

/* log of the binomial probability of i successes in n trials */
static double log_dbinom(int64_t i, int64_t n, double p)
{
    double lc = lgamma((double)n + 1.0) - lgamma((double)i + 1.0) - lgamma((double)(n - i) + 1.0);
    double a = i > 0 ? (double)i * log(p) : 0.0;
    double b = n - i > 0 ? (double)(n - i) * log1p(-p) : 0.0;
    return lc + a + b;
}

static double dbinom(int64_t i, int64_t n, double p)
{
    if (p <= 0.0) {
        return i == 0 ? 1.0 : 0.0;
    }
    if (p >= 1.0) {
        return i == n ? 1.0 : 0.0;
    }
    return exp(log_dbinom(i, n, p));
}

int hs_binom_test(double *p_out, int64_t k, int64_t n, double p0)
{
    if (!p_out || n < 0 || k < 0 || k > n || !(p0 >= 0.0 && p0 <= 1.0)) {
        return HS_EINVAL;
    }
    if (n == 0) {
        *p_out = 1.0;
        return HS_OK;
    }
    const double rel = 1.0 + 1e-7;
    double d = dbinom(k, n, p0);
    double m = (double)n * p0;
    double sum = 0.0;
    if ((double)k == m) {
        *p_out = 1.0;
        return HS_OK;
    }
    /* sum every outcome at most as likely as k: the tail through k plus the far tail */
    for (int64_t i = 0; i <= n; i++) {
        double di = dbinom(i, n, p0);
        int same_side = ((double)k < m) ? (i <= k) : (i >= k);
        int far_side = ((double)k < m) ? ((double)i >= ceil(m)) : ((double)i <= floor(m));
        if (same_side || (far_side && di <= d * rel)) {
            sum += di;
        }
    }
    *p_out = sum < 1.0 ? sum : 1.0;
    return HS_OK;
}

/* xoshiro256** seeded through splitmix64 (Blackman and Vigna, public domain reference code) */
static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

void hs__rng_seed(hs__rng *r, uint64_t seed)
{
    uint64_t x = seed;
    for (int i = 0; i < 4; i++) {
        r->s[i] = splitmix64(&x);
    }
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

uint64_t hs__rng_next(hs__rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

uint64_t hs__rng_below(hs__rng *r, uint64_t n)
{
    uint64_t limit = (UINT64_MAX / n) * n; /* reject the incomplete last block */
    uint64_t v;
    do {
        v = hs__rng_next(r);
    } while (v >= limit);
    return v % n;
}

/* Regularized lower incomplete gamma P(a, x) by its series (x < a + 1) or by the continued
 * fraction of Q(a, x) (Lentz), to about 1e-14. */
static double gamma_p(double a, double x)
{
    if (!(x > 0)) {
        return 0.0;
    }
    double lg = lgamma(a);
    if (x < a + 1.0) {
        double ap = a, sum = 1.0 / a, del = sum;
        for (int k = 0; k < 10000; k++) {
            ap += 1.0;
            del *= x / ap;
            sum += del;
            if (fabs(del) < fabs(sum) * 1e-15) {
                break;
            }
        }
        return fmin(1.0, sum * exp(-x + a * log(x) - lg));
    }
    const double tiny = 1e-300;
    double b = x + 1.0 - a, c = 1.0 / tiny, d = 1.0 / b, h = d;
    for (int i = 1; i < 10000; i++) {
        double an = -i * (i - a);
        b += 2.0;
        d = an * d + b;
        d = fabs(d) < tiny ? tiny : d;
        c = b + an / c;
        c = fabs(c) < tiny ? tiny : c;
        d = 1.0 / d;
        double del = d * c;
        h *= del;
        if (fabs(del - 1.0) < 1e-15) {
            break;
        }
    }
    return fmax(0.0, 1.0 - exp(-x + a * log(x) - lg) * h);
}

double hs__poisson_upper(int64_t k, double lambda)
{
    if (k <= 0) {
        return 1.0;
    }
    if (!(lambda > 0)) {
        return 0.0;
    }
    return gamma_p((double)k, lambda); /* P(X >= k) = P(k, lambda) */
}
