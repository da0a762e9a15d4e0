/*
 * Benchmark of the GeoPackage writer: builds N seeded incident records in memory and writes them
 * as the `incidents` layer (prepared statements, one transaction, R-tree after the load) with
 * hs_gpkg_write_incidents, then commits. Prints "STAGE write <seconds>" and rows/s. With a third
 * argument it also writes the same rows as CSV, for ogr2ogr to load in bench_gpkg.sh.
 * With --cells it writes a square grid of N cells (rounded to a square) as the `gistar` layer
 * (polygons and the ten Gi* fields, through hs_gistar_write_layer) instead.
 * Usage: bench_gpkg N OUT.gpkg [ROWS.csv] | bench_gpkg --cells N OUT.gpkg
 */
#include "core/hs_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static double cpu(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static uint64_t rng_state = 20240601;

static double uniform(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (double)(rng_state >> 11) / 9007199254740992.0;
}

static int write_cells(const char *nstr, const char *path)
{
    int64_t n = 0;
    if (hs__parse_int64(&n, nstr) || n <= 0) {
        fprintf(stderr, "bench_gpkg: bad N '%s'\n", nstr);
        return 2;
    }
    int64_t side = (int64_t)llround(sqrt((double)n));
    side = side < 1 ? 1 : side;
    size_t nc = (size_t)(side * side);
    hs_grid_spec grid = {664000, 6570000, 20, side, side};
    double *cnt = malloc(nc * sizeof *cnt), *z = malloc(nc * sizeof *z);
    double *p = malloc(nc * sizeof *p), *q = malloc(nc * sizeof *q);
    int8_t *bin = malloc(nc);
    int32_t *nnb = malloc(nc * sizeof *nnb);
    if (!cnt || !z || !p || !q || !bin || !nnb) {
        return 1;
    }
    for (size_t i = 0; i < nc; i++) {
        cnt[i] = floor(4 * uniform());
        z[i] = 6 * uniform() - 2;
        p[i] = uniform();
        q[i] = fmin(1.0, 2 * p[i]);
        bin[i] = (int8_t)(z[i] > 3 ? 3 : z[i] > 2 ? 2 : 0);
        nnb[i] = 9;
    }
    hs_ctx *ctx = NULL;
    hs_ctx_new(&ctx);
    hs_gpkg_opts o = HS_GPKG_OPTS_INIT;
    o.overwrite = 1;
    hs_gpkg *g = NULL;
    double a = now();
    double ca = cpu();
    int rc = hs_gpkg_open(&g, ctx, path, &o);
    rc = rc ? rc : hs_gistar_write_layer(g, &grid, cnt, NULL, z, p, q, bin, nnb);
    double mid = now();
    double cmid = cpu();
    rc = rc ? rc : hs_gpkg_commit(g);
    double b = now();
    double cb = cpu();
    if (rc) {
        fprintf(stderr, "bench_gpkg: %s\n", hs_ctx_errmsg(ctx));
    }
    hs_gpkg_close(g);
    hs_ctx_free(ctx);
    free(cnt);
    free(z);
    free(p);
    free(q);
    free(bin);
    free(nnb);
    if (rc) {
        return 1;
    }
    printf("hotspot  write %zu cells (%lld x %lld, gistar fields): %.2f s, %.3f M features/s\n", nc,
           (long long)side, (long long)side, b - a, (double)nc / (b - a) / 1e6);
    printf("         rows %.2f s (CPU %.2f s), index + styles + metadata + commit %.2f s (CPU %.2f "
           "s); CPU %.3f M features/s\n",
           mid - a, cmid - ca, b - mid, cb - cmid, (double)nc / (cb - ca) / 1e6);
    printf("STAGE write %.4f\n", b - a);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 4 && !strcmp(argv[1], "--cells")) {
        return write_cells(argv[2], argv[3]);
    }
    if (argc < 3) {
        fprintf(stderr, "usage: bench_gpkg N OUT.gpkg [ROWS.csv]\n");
        return 2;
    }
    int64_t n = 0;
    if (hs__parse_int64(&n, argv[1]) || n <= 0) {
        fprintf(stderr, "bench_gpkg: bad N '%s'\n", argv[1]);
        return 2;
    }
    static const char *cats[] = {"skadegörelse", "stöld", "misshandel", "narkotikabrott"};
    static const char *focus[] = {"trygghet i offentlig miljö", "narkotika", "våld i nära relation",
                                  "ungdomskriminalitet"};
    hs_records *r = NULL;
    if (hs_records_new(&r) || hs_records_reserve(r, (size_t)n)) {
        return 1;
    }
    FILE *csv = argc > 3 ? fopen(argv[3], "w") : NULL;
    if (csv) {
        fputs("id,source,category,focus_area,t_from,precision,geocode_score,kommun_code,x,y\n",
              csv);
    }
    int64_t t0 = hs_days_from_civil(2023, 1, 1) * 86400;
    for (int64_t i = 0; i < n; i++) {
        char id[32];
        hs__fmt(id, sizeof id, "K-%lld", (long long)i);
        hs_record rec = HS_RECORD_INIT;
        rec.id = id;
        rec.source = "utdrag.csv";
        rec.x = 330000 + 40000 * uniform();
        rec.y = 6460000 + 40000 * uniform();
        rec.t_from = t0 + (int64_t)(uniform() * 2 * 365 * 86400) / 60 * 60;
        rec.precision = HS_PREC_EXACT;
        rec.category = cats[i % 4];
        rec.focus_area = focus[(i / 4) % 4];
        rec.kommun_code = 1487;
        rec.geocode_score = 1.0;
        if (hs_records_add(r, &rec)) {
            return 1;
        }
        if (csv) {
            char iso[32];
            hs_tz_format(iso, HS_TZ_STOCKHOLM, rec.t_from);
            fprintf(csv, "%s,%s,%s,%s,%s,exact,1,1487,%.3f,%.3f\n", id, rec.source, rec.category,
                    rec.focus_area, iso, rec.x, rec.y);
        }
    }
    if (csv) {
        fclose(csv);
    }
    hs_records_set_crs(r, 3006);
    hs_ctx *ctx = NULL;
    hs_ctx_new(&ctx);
    hs_gpkg_opts o = HS_GPKG_OPTS_INIT;
    o.overwrite = 1;
    hs_gpkg *g = NULL;
    hs_grid_spec grid = {330000, 6460000, 250, 160, 160};
    double a = now();
    double ca = cpu();
    int rc = hs_gpkg_open(&g, ctx, argv[2], &o);
    rc = rc ? rc : hs_gpkg_write_incidents(g, r, &grid);
    double mid = now();
    double cmid = cpu();
    rc = rc ? rc : hs_gpkg_commit(g);
    double b = now();
    double cb = cpu();
    if (rc) {
        fprintf(stderr, "bench_gpkg: %s\n", hs_ctx_errmsg(ctx));
    }
    hs_gpkg_close(g);
    hs_ctx_free(ctx);
    hs_records_free(r);
    if (rc) {
        return 1;
    }
    printf("hotspot  write %lld incidents: %.2f s, %.0f rows/s, %.3f M features/s\n", (long long)n,
           b - a, (double)n / (b - a), (double)n / (b - a) / 1e6);
    printf("         rows %.2f s (CPU %.2f s), index + styles + metadata + commit %.2f s (CPU %.2f "
           "s); CPU %.3f M features/s\n",
           mid - a, cmid - ca, b - mid, cb - cmid, (double)n / (cb - ca) / 1e6);
    printf("STAGE write %.4f\n", b - a);
    return 0;
}
