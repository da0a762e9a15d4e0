/*
 * Benchmark driver for Gi*: reads x,y points (the bench-ref CSV), counts them into the same square
 * grid as bench-ref's R runners (clipped to the last row/column as there), runs Gi* with queen
 * contiguity + self, p-values, BH FDR and gi_bin, and prints STAGE timings and a RESULT line in the
 * format of ref/spdep_gistar.R. Writes PREFIX_gistar.f64 (z, row 0 south) and PREFIX_bin.i8.
 * Usage: bench_gistar POINTS.csv PREFIX CELL [XMIN YMIN XMAX YMAX]
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
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static double stage(const char *name, double t0)
{
    double t = now();
    printf("STAGE %-28s %8.3f s\n", name, t - t0);
    return t;
}

static int arg_double(double *out, const char *s)
{
    return hs__parse_double(out, s) == HS_OK ? 0 : -1;
}

int main(int argc, char **argv)
{
    double box[4] = {664000, 6570000, 684000, 6590000};
    double cell;
    if (argc != 4 && argc != 8) {
        fprintf(stderr, "usage: bench_gistar POINTS.csv PREFIX CELL [XMIN YMIN XMAX YMAX]\n");
        return 2;
    }
    if (arg_double(&cell, argv[3]) || !(cell > 0)) {
        fprintf(stderr, "bench_gistar: bad cell '%s'\n", argv[3]);
        return 2;
    }
    for (int i = 0; argc == 8 && i < 4; i++) {
        if (arg_double(&box[i], argv[4 + i])) {
            fprintf(stderr, "bench_gistar: bad extent value '%s'\n", argv[4 + i]);
            return 2;
        }
    }
    double t0 = now();
    FILE *f = fopen(argv[1], "r");
    if (!f) {
        fprintf(stderr, "bench_gistar: cannot open %s\n", argv[1]);
        return 1;
    }
    hs_grid_spec g = {box[0], box[1], cell, (int64_t)llround((box[2] - box[0]) / cell),
                      (int64_t)llround((box[3] - box[1]) / cell)};
    size_t n = (size_t)(g.nx * g.ny);
    double *cnt = calloc(n, sizeof *cnt);
    double *z = malloc(n * sizeof *z);
    double *p = malloc(n * sizeof *p);
    double *q = malloc(n * sizeof *q);
    int8_t *bin = malloc(n);
    int32_t *nnb = malloc(n * sizeof *nnb);
    if (!cnt || !z || !p || !q || !bin || !nnb) {
        fprintf(stderr, "bench_gistar: out of memory\n");
        return 1;
    }
    char line[256];
    size_t npts = 0;
    if (!fgets(line, sizeof line, f)) {
        fprintf(stderr, "bench_gistar: empty file\n");
        return 1;
    }
    while (fgets(line, sizeof line, f)) {
        char *c1 = strchr(line, ',');
        if (!c1) {
            continue;
        }
        *c1 = '\0';
        char *c2 = strchr(c1 + 1, ',');
        if (c2) {
            *c2 = '\0';
        }
        double x;
        double y;
        if (hs__parse_double(&x, line) || hs__parse_double(&y, c1 + 1)) {
            continue;
        }
        int64_t ix = (int64_t)floor((x - g.x0) / cell);
        int64_t iy = (int64_t)floor((y - g.y0) / cell);
        ix = ix > g.nx - 1 ? g.nx - 1 : ix;
        iy = iy > g.ny - 1 ? g.ny - 1 : iy;
        if (ix >= 0 && iy >= 0) {
            cnt[iy * g.nx + ix] += 1.0;
            npts++;
        }
    }
    fclose(f);
    t0 = stage("read csv + aggregate", t0);
    hs_ctx *ctx = NULL;
    hs_ctx_new(&ctx);
    hs_gistar_opts o = HS_GISTAR_OPTS_INIT;
    o.weights = HS_WEIGHTS_QUEEN;
    int rc = hs_gistar_grid(z, NULL, NULL, NULL, nnb, ctx, &g, cnt, NULL, &o);
    t0 = stage("Gi* z (queen + self)", t0);
    if (rc == HS_OK) {
        rc = hs_gistar_grid(z, p, q, bin, nnb, ctx, &g, cnt, NULL, &o);
    }
    t0 = stage("Gi* z + p + BH + gi_bin", t0);
    if (rc) {
        fprintf(stderr, "bench_gistar: %s\n", hs_ctx_errmsg(ctx));
        return 1;
    }
    double zmax = -INFINITY;
    double zmin = INFINITY;
    double nbsum = 0;
    long sig = 0;
    long hot = 0;
    for (size_t i = 0; i < n; i++) {
        zmax = fmax(zmax, z[i]);
        zmin = fmin(zmin, z[i]);
        nbsum += nnb[i];
        sig += q[i] < 0.05;
        hot += q[i] < 0.05 && z[i] > 0;
    }
    printf("RESULT cells=%zu points=%zu mean nbrs(incl self)=%.2f maxz=%.3f minz=%.3f "
           "sig(FDR<0.05)=%ld hot=%ld\n",
           n, npts, nbsum / (double)n, zmax, zmin, sig, hot);
    char path[4096];
    hs__fmt(path, sizeof path, "%s_gistar.f64", argv[2]);
    FILE *o1 = fopen(path, "wb");
    hs__fmt(path, sizeof path, "%s_bin.i8", argv[2]);
    FILE *o2 = fopen(path, "wb");
    if (!o1 || !o2 || fwrite(z, sizeof *z, n, o1) != n || fwrite(bin, 1, n, o2) != n) {
        fprintf(stderr, "bench_gistar: cannot write %s_*\n", argv[2]);
        return 1;
    }
    fclose(o1);
    fclose(o2);
    hs_ctx_free(ctx);
    free(cnt);
    free(z);
    free(p);
    free(q);
    free(bin);
    free(nnb);
    return 0;
}
