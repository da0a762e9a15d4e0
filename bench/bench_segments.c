/*
 * Benchmark driver for crime concentration at street segments: a jittered street grid of about
 * NSEG segments (streets as polylines through their crossings, a bend between two), NPOINTS
 * seeded incidents (70 % near a street, 30 % anywhere) with times over two years, then each
 * stage timed: noding (with the crossing search), snapping, the tally, the concentration summary,
 * network neighbours and Gi*, and the whole hs_segments_analyse (with stability and the top
 * segments' time windows). Prints STAGE lines and a RESULT line.
 * Usage: bench_segments [NPOINTS] [NSEG]   (defaults 1000000 and 50000)
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
    printf("STAGE %-34s %8.3f s\n", name, t - t0);
    return t;
}

static uint64_t rng = 88172645463325252ULL;
static double urand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (double)(rng >> 11) / 9007199254740992.0;
}

static double gauss(void)
{
    double u = urand() + 1e-300, v = urand();
    return sqrt(-2 * log(u)) * cos(6.283185307179586 * v);
}

int main(int argc, char **argv)
{
    long np = argc > 1 ? strtol(argv[1], NULL, 10) : 1000000;
    long want = argc > 2 ? strtol(argv[2], NULL, 10) : 50000;
    if (np < 1 || want < 4) {
        fprintf(stderr, "usage: bench_segments [NPOINTS] [NSEG]\n");
        return 2;
    }
    /* k x k crossings give 2 k (k - 1) segments */
    int k = (int)ceil((1 + sqrt(1 + 2.0 * (double)want)) / 2);
    double step = 120, X0 = 600000, Y0 = 6600000;
    hs_ctx *ctx = NULL;
    hs_ctx_new(&ctx);
    double t = now(), t_all = t;
    hs_network *net = NULL;
    hs_network_new(&net, ctx);
    hs_point *cross = malloc((size_t)k * (size_t)k * sizeof *cross);
    hs_point *line = malloc((size_t)(2 * k + 2) * sizeof *line);
    for (int j = 0; j < k; j++) {
        for (int i = 0; i < k; i++) {
            cross[j * k + i] = (hs_point){X0 + i * step + (urand() - 0.5) * 20,
                                          Y0 + j * step + (urand() - 0.5) * 20};
        }
    }
    for (int dir = 0; dir < 2; dir++) {
        for (int j = 0; j < k; j++) {
            size_t m = 0;
            for (int i = 0; i < k; i++) {
                hs_point p = dir ? cross[i * k + j] : cross[j * k + i];
                if (i > 0) {
                    hs_point q = line[m - 1];
                    line[m++] = (hs_point){(p.x + q.x) / 2 + (urand() - 0.5) * 8,
                                           (p.y + q.y) / 2 + (urand() - 0.5) * 8};
                }
                line[m++] = p;
            }
            char name[32];
            snprintf(name, sizeof name, "%s %d", dir ? "Gata" : "Väg", j);
            hs_network_add_line(net, line, m, name, NULL);
        }
    }
    t = stage("network lines", t);
    if (hs_network_build(net, NULL) != HS_OK) {
        fprintf(stderr, "build: %s\n", hs_ctx_errmsg(ctx));
        return 1;
    }
    size_t ns = hs_network_segment_count(net);
    t = stage("noding (crossings + shared vertices)", t);
    /* incidents */
    hs_records *rec = NULL;
    hs_records_new(&rec);
    hs_records_reserve(rec, (size_t)np);
    double *x = malloc((size_t)np * sizeof *x), *y = malloc((size_t)np * sizeof *y);
    double W = (k - 1) * step;
    for (long i = 0; i < np; i++) {
        if (urand() < 0.7) {
            /* near a street, more on a few: a heavy-tailed choice of segment */
            size_t s = (size_t)(pow(urand(), 3) * (double)ns);
            hs_network_segment sg;
            hs_network_segment_get(&sg, net, s);
            double u = urand();
            x[i] = sg.pts[0].x + u * (sg.pts[1].x - sg.pts[0].x) + gauss() * 10;
            y[i] = sg.pts[0].y + u * (sg.pts[1].y - sg.pts[0].y) + gauss() * 10;
        } else {
            x[i] = X0 + urand() * W;
            y[i] = Y0 + urand() * W;
        }
        hs_record r = HS_RECORD_INIT;
        r.x = x[i];
        r.y = y[i];
        r.precision = HS_PREC_ADDRESS;
        r.t_from = 1704067200 + (int64_t)(urand() * 2 * 365 * 86400);
        hs_records_add(rec, &r);
    }
    t = stage("incidents (generated)", t);
    int64_t *seg = malloc((size_t)np * sizeof *seg), *node = malloc((size_t)np * sizeof *node);
    hs_network_snap(seg, node, NULL, ctx, net, x, y, (size_t)np, 50);
    t = stage("snap (50 m)", t);
    double *cnt = calloc(ns, sizeof *cnt);
    hs_network_tally(cnt, net, seg, node, NULL, (size_t)np);
    t = stage("tally", t);
    hs_lorenz_summary ls;
    hs_lorenz_summary_of(&ls, ctx, cnt, ns);
    t = stage("Lorenz, Gini, generalised Gini", t);
    int64_t *start, *idx;
    hs_network_neighbours(&start, &idx, ctx, net, 0);
    t = stage("network neighbours (shared node)", t);
    double *z = malloc(ns * sizeof *z), *p = malloc(ns * sizeof *p), *q = malloc(ns * sizeof *q);
    int8_t *bin = malloc(ns);
    int32_t *nnb = malloc(ns * sizeof *nnb);
    hs_gistar_lists(z, p, q, bin, nnb, ctx, cnt, ns, start, idx);
    t = stage("Gi* + BH", t);
    free(start);
    free(idx);
    hs_network_neighbours(&start, &idx, ctx, net, 250);
    t = stage("network neighbours (250 m)", t);
    hs_segments_result res;
    if (hs_segments_analyse(&res, ctx, net, rec, NULL) != HS_OK) {
        fprintf(stderr, "analyse: %s\n", hs_ctx_errmsg(ctx));
        return 1;
    }
    t = stage("hs_segments_analyse (all of it)", t);
    size_t snapped = 0;
    for (long i = 0; i < np; i++) {
        snapped += seg[i] >= 0;
    }
    printf("RESULT segments %zu nodes %zu incidents %ld snapped %zu share50 %.4f gini %.4f "
           "gini_gen %.4f stability_stay %.3f spearman %.3f total %.2f s\n",
           ns, hs_network_node_count(net), np, snapped, ls.share50, ls.gini, ls.gini_gen,
           res.stab.stay, res.stab.spearman, now() - t_all);
    hs_segments_result_free(&res);
    free(start);
    free(idx);
    free(z);
    free(p);
    free(q);
    free(bin);
    free(nnb);
    free(cnt);
    free(seg);
    free(node);
    free(x);
    free(y);
    free(cross);
    free(line);
    hs_records_free(rec);
    hs_network_free(net);
    hs_ctx_free(ctx);
    return 0;
}
