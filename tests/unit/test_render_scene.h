/*
 * A fixed synthetic map scene shared by the render tests and the render benchmark: an irregular
 * kommun outline, a lake, roads, a density raster of three Gaussian bumps, Gi* cells, count cells,
 * incident points and Swedish place labels. Deterministic (no random numbers); needs only the
 * plain map model, no other module.
 */
#ifndef TEST_RENDER_SCENE_H
#define TEST_RENDER_SCENE_H

#include "hotspot.h"

#include <math.h>
#include <stdlib.h>

#define SCENE_X0 340000.0
#define SCENE_Y0 6460000.0

static inline hs_rgba scene_hex(unsigned v, double a)
{
    hs_rgba c = {((v >> 16) & 0xff) / 255.0, ((v >> 8) & 0xff) / 255.0, (v & 0xff) / 255.0, a};
    return c;
}

static inline float scene_density(double x, double y)
{
    static const double bump[3][4] = {
        {349000, 6468000, 600, 1.0}, {352500, 6466000, 900, 0.6}, {345500, 6471000, 500, 0.45}};
    double v = 0;
    for (int b = 0; b < 3; b++) {
        double dx = x - bump[b][0];
        double dy = y - bump[b][1];
        v += bump[b][3] * exp(-(dx * dx + dy * dy) / (2 * bump[b][2] * bump[b][2]));
    }
    return (float)(v * 120.0);
}

/** Builds the scene; raster_n is the raster side in cells (the tests use 160). */
static inline int scene_build_n(hs_map **out, hs_ctx *ctx, int raster_n, int gi_side)
{
    hs_map *m = NULL;
    int rc = hs_map_new(&m, ctx);
    if (rc != HS_OK) {
        return rc;
    }
    /* kommun: an irregular 22-gon around (350 000, 6 468 000) */
    hs_point k[22];
    for (int i = 0; i < 22; i++) {
        double a = 2 * 3.14159265358979 * i / 22;
        double r = 8500 + 1800 * sin(3 * a) + 900 * cos(5 * a);
        k[i].x = 350000 + r * cos(a) * 1.1;
        k[i].y = 6468000 + r * sin(a) * 0.85;
    }
    size_t klen = 22;
    hs_map_class kc = {{1, 1, 1, 1}, scene_hex(0x444444, 1), "Kommungräns"};
    int lk = 0;
    rc = hs_map_add_layer(&lk, m, HS_LAYER_POLYGONS, NULL, &kc, 1, 0.6,
                          HS_LAYER_IN_LEGEND | HS_LAYER_BOUNDARY);
    rc = rc ? rc : hs_map_add_polygon(m, lk, k, &klen, 1, 0, -1);
    /* context: a lake and roads */
    hs_map_class wc = {scene_hex(0xbfd9ee, 1), scene_hex(0x8db4d6, 1), "Vatten"};
    int lw = 0;
    rc = rc ? rc : hs_map_add_layer(&lw, m, HS_LAYER_POLYGONS, NULL, &wc, 1, 0.15, 0);
    hs_point lake[12];
    for (int i = 0; i < 12; i++) {
        double a = 2 * 3.14159265358979 * i / 12;
        lake[i].x = 343000 + (2200 + 500 * sin(2 * a)) * cos(a);
        lake[i].y = 6463500 + (1300 + 300 * cos(3 * a)) * sin(a);
    }
    size_t llen = 12;
    rc = rc ? rc : hs_map_add_polygon(m, lw, lake, &llen, 1, 0, -1);
    hs_map_class rdc = {{0, 0, 0, 0}, scene_hex(0x9a9a9a, 1), "Väg"};
    int lr = 0;
    rc = rc ? rc : hs_map_add_layer(&lr, m, HS_LAYER_LINES, NULL, &rdc, 1, 0.45, 0);
    hs_point r1[4] = {{339000, 6466000}, {346000, 6467500}, {352000, 6467000}, {361000, 6469500}};
    hs_point r2[3] = {{349000, 6458000}, {349500, 6468000}, {351000, 6479000}};
    rc = rc ? rc : hs_map_add_line(m, lr, r1, 4, 0);
    rc = rc ? rc : hs_map_add_line(m, lr, r2, 3, 0);
    /* density raster */
    int n = raster_n;
    hs_grid_spec g = {SCENE_X0, SCENE_Y0 - 500, 20000.0 / n, n, n};
    float *d = malloc((size_t)n * (size_t)n * sizeof(float));
    if (d == NULL) {
        hs_map_free(m);
        return HS_ENOMEM;
    }
    for (int iy = 0; iy < n; iy++) {
        for (int ix = 0; ix < n; ix++) {
            d[(size_t)iy * (size_t)n + (size_t)ix] =
                scene_density(g.x0 + (ix + 0.5) * g.cell, g.y0 + (iy + 0.5) * g.cell);
        }
    }
    rc = rc ? rc : hs_map_set_raster(m, &g, d, HS_RAMP_YLORRD, 0.85, "Täthet (per km²)", "/km²");
    free(d);
    /* Gi* cells: bins from the density at the cell centre */
    static const unsigned gi_hex[7] = {0x2166ac, 0x67a9cf, 0xd1e5f0, 0xf7f7f7,
                                       0xfddbc7, 0xef8a62, 0xb2182b};
    static const char *gi_lab[7] = {
        "Kall, 99 % konfidens", "Kall, 95 % konfidens", "Kall, 90 % konfidens", NULL,
        "Het, 90 % konfidens",  "Het, 95 % konfidens",  "Het, 99 % konfidens"};
    hs_map_class gc[7];
    for (int c = 0; c < 7; c++) {
        gc[6 - c] = (hs_map_class){scene_hex(gi_hex[c], c == 3 ? 0 : 0.75),
                                   scene_hex(0xffffff, 0.7), gi_lab[c]};
    }
    int lg = 0;
    rc = rc ? rc
            : hs_map_add_layer(&lg, m, HS_LAYER_POLYGONS, "Heta och kalla områden (Gi*)", gc, 7,
                               0.1, HS_LAYER_IN_LEGEND);
    double cell = 4000.0 / gi_side;
    for (int iy = 0; iy < gi_side && rc == HS_OK; iy++) {
        for (int ix = 0; ix < gi_side && rc == HS_OK; ix++) {
            double x = 347000 + ix * cell;
            double y = 6466000 + iy * cell;
            float v = scene_density(x + cell / 2, y + cell / 2);
            int bin = v > 100 ? 3 : v > 70 ? 2 : v > 45 ? 1 : v < 3 ? -2 : 0;
            hs_point sq[4] = {{x, y}, {x + cell, y}, {x + cell, y + cell}, {x, y + cell}};
            size_t four = 4;
            rc = hs_map_add_polygon(m, lg, sq, &four, 1, 3 - bin, (int64_t)(v / 10));
        }
    }
    /* incident points (sensitive) */
    hs_map_class pc = {scene_hex(0x222222, 0.85), {1, 1, 1, 0.9}, "Händelser (enskilda)"};
    int lp = 0;
    rc = rc ? rc
            : hs_map_add_layer(&lp, m, HS_LAYER_POINTS, NULL, &pc, 1, 1.1,
                               HS_LAYER_IN_LEGEND | HS_LAYER_SENSITIVE);
    for (int i = 0; i < 40 && rc == HS_OK; i++) {
        double a = i * 2.39996;
        double r = 150 + 35 * i;
        rc = hs_map_add_point(m, lp, 349000 + r * cos(a), 6468000 + r * sin(a), 0);
    }
    /* labels, two of them on the same spot */
    rc = rc ? rc : hs_map_add_label(m, 349050, 6468100, "Torget", 10, 3);
    rc = rc ? rc : hs_map_add_label(m, 349100, 6468000, "Resecentrum", 9, 12);
    rc = rc ? rc : hs_map_add_label(m, 352500, 6466000, "Östra industriområdet", 5, -1);
    rc = rc ? rc : hs_map_add_label(m, 345500, 6471000, "Skräcklan", 6, 7);
    rc = rc ? rc : hs_map_add_label(m, 343000, 6463500, "Vänern", 2, -1);
    rc = rc ? rc : hs_map_add_label(m, 356500, 6473000, "Öxnered", 4, -1);
    if (rc != HS_OK) {
        hs_map_free(m);
        return rc;
    }
    *out = m;
    return HS_OK;
}

static inline int scene_build(hs_map **out, hs_ctx *ctx)
{
    return scene_build_n(out, ctx, 160, 16);
}

static inline hs_map_opts scene_opts(void)
{
    hs_map_opts o = HS_MAP_OPTS_INIT;
    o.title = "Brottskoncentrationer i Exempelkommun";
    o.subtitle = "Period 2024-01-01 – 2025-12-31 · alla brott";
    o.source = "Källa: Polisen (utdrag 2026-01-15), Lantmäteriet";
    o.method = "Metod: kvartskärna, bandbredd 300 m, cell 125 m; Getis-Ord Gi* på 250 m-rutor, "
               "avståndsband 500 m, FDR 5 % (Benjamini–Hochberg)";
    return o;
}

#endif
