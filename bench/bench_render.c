/*
 * Render benchmark: an A4 map at 300 dpi of the synthetic kommun scene with a 1 000 x 1 000
 * density raster and 10 000 Gi* cells, written as PNG and as PDF. Prints one RESULT line per
 * output with the wall time of hs_map_render (building the scene is timed separately).
 * Usage: bench_render OUTDIR
 */
#include "../tests/unit/test_render_scene.h"

#include <stdio.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: bench_render OUTDIR\n");
        return 2;
    }
    hs_ctx *ctx = NULL;
    hs_map *m = NULL;
    if (hs_ctx_new(&ctx) != HS_OK) {
        return 1;
    }
    double t0 = now();
    int rc = scene_build_n(&m, ctx, 1000, 100);
    double t1 = now();
    if (rc != HS_OK) {
        fprintf(stderr, "bench_render: %s\n", hs_ctx_errmsg(ctx));
        return 1;
    }
    printf("STAGE build scene (1000x1000 raster, 10000 cells) %.3f s\n", t1 - t0);
    const char *ext[2] = {"png", "pdf"};
    for (int i = 0; i < 2 && rc == HS_OK; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/bench_render_a4.%s", argv[1], ext[i]);
        hs_map_opts o = scene_opts();
        o.dpi = 300;
        double a = now();
        rc = hs_map_render(m, path, &o);
        double b = now();
        printf("RESULT render A4 300 dpi %s %.3f s\n", ext[i], b - a);
    }
    if (rc != HS_OK) {
        fprintf(stderr, "bench_render: %s\n", hs_ctx_errmsg(ctx));
    }
    hs_map_free(m);
    hs_ctx_free(ctx);
    return rc == HS_OK ? 0 : 1;
}
