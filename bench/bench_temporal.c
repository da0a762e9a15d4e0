/*
 * Benchmark of aoristic hour-of-week tables: N synthetic records (seeded) with windows typical of
 * police extracts — 30 % exact, 55 % up to 16 h, 12 % up to 3 days, 3 % of 7 days or more — in
 * Europe/Stockholm over 2023–2024, spread to U units. Prints throughput and peak memory; checks
 * that the tables sum to N. Usage: bench_temporal [N] [UNITS]
 */
#include "hotspot.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

static uint64_t rng_state = 20240601u;

static uint64_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? (size_t)strtoull(argv[1], NULL, 10) : 10000000u;
    size_t nu = argc > 2 ? (size_t)strtoull(argv[2], NULL, 10) : 10000u;
    int64_t *from = malloc(n * sizeof *from);
    int64_t *to = malloc(n * sizeof *to);
    int32_t *unit = malloc(n * sizeof *unit);
    double *table = malloc(nu * HS_HOURS_PER_WEEK * sizeof *table);
    if (!from || !to || !unit || !table) {
        fprintf(stderr, "bench_temporal: out of memory\n");
        return 1;
    }
    int64_t t0 = hs_days_from_civil(2023, 1, 1) * 86400;
    for (size_t i = 0; i < n; i++) {
        from[i] = t0 + (int64_t)(rng() % (2u * 365u * 86400u)) / 60 * 60;
        uint64_t k = rng() % 100;
        if (k < 30) {
            to[i] = HS_TIME_NONE;
        } else if (k < 85) {
            to[i] = from[i] + 60 + (int64_t)(rng() % (16 * 3600));
        } else if (k < 97) {
            to[i] = from[i] + (int64_t)(rng() % (3 * 86400));
        } else {
            to[i] = from[i] + 7 * 86400 + (int64_t)(rng() % (30 * 86400));
        }
        unit[i] = (int32_t)(rng() % nu);
    }
    hs_aoristic_opts o = HS_AORISTIC_OPTS_INIT;
    hs_aoristic_stats st;
    double a = now();
    int rc = hs_aoristic_table(table, &st, NULL, from, to, NULL, unit, n, nu, &o);
    double b = now();
    if (rc != HS_OK) {
        fprintf(stderr, "bench_temporal: failed (%d)\n", rc);
        return 1;
    }
    double total = 0.0;
    for (size_t i = 0; i < nu * HS_HOURS_PER_WEEK; i++) {
        total += table[i];
    }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("hotspot aoristic: %zu records -> %zu units x 168 in %.3f s = %.2f M records/s; "
           "sum %.1f (expected %zu); peak RSS %ld MB; input arrays %zu MB\n",
           n, nu, b - a, (double)n / (b - a) / 1e6, total, n, ru.ru_maxrss / 1024,
           n * (2 * sizeof(int64_t) + sizeof(int32_t)) >> 20);
    printf("STAGE hotspot_aoristic %.3f\n", b - a);
    free(from);
    free(to);
    free(unit);
    free(table);
    return (total > (double)n - 1.0 && total < (double)n + 1.0) ? 0 : 1;
}
