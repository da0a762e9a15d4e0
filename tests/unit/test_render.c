/*
 * Unit and visual tests of the map renderer: scale-bar lengths, tick positions, small-count
 * suppression, greedy label placement (hand-checked cases and properties), and a fixed synthetic
 * scene rendered to PNG at 60 dpi and compared with tests/data/render/scene_a4.png (mean absolute
 * difference per channel below 2.0 of 255, so font hinting changes do not break it), plus the
 * text of a PDF rendering read back with pdftotext.
 */
#include <criterion/criterion.h>
#include <cairo.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hs_internal.h"

/* ---- layout arithmetic ---- */

Test(render, scalebar_round_lengths)
{
    cr_assert_float_eq(hs_scalebar_length(3700), 2000, 1e-9);
    cr_assert_float_eq(hs_scalebar_length(12), 10, 1e-9);
    cr_assert_float_eq(hs_scalebar_length(0.7), 0.5, 1e-12);
    cr_assert_float_eq(hs_scalebar_length(1000), 1000, 1e-9);
    cr_assert_float_eq(hs_scalebar_length(999.9), 500, 1e-9);
    cr_assert_float_eq(hs_scalebar_length(5000), 5000, 1e-9);
    cr_assert_float_eq(hs_scalebar_length(4999), 2000, 1e-9);
    cr_assert_float_eq(hs_scalebar_length(0), 0, 0);
    /* property: a 1-2-5 value, never above the limit, above 40 % of it */
    for (double x = 0.013; x < 1e7; x *= 1.37) {
        double l = hs_scalebar_length(x);
        cr_assert(l <= x * (1 + 1e-12) && l > 0.4 * x, "x=%g l=%g", x, l);
        double mant = l / pow(10, floor(log10(l) + 1e-12));
        cr_assert(fabs(mant - 1) < 1e-9 || fabs(mant - 2) < 1e-9 || fabs(mant - 5) < 1e-9,
                  "mantissa %g", mant);
    }
}

Test(render, ticks_on_round_multiples)
{
    double t[16];
    double step = 0;
    /* 6 461 234 .. 6 478 900: 5 000 m steps give 6 465 000, 6 470 000, 6 475 000 */
    size_t n = hs_ticks(t, 16, &step, 6461234, 6478900, 3);
    cr_assert_eq(n, 3);
    cr_assert_float_eq(step, 5000, 1e-9);
    cr_assert_float_eq(t[0], 6465000, 1e-6);
    cr_assert_float_eq(t[2], 6475000, 1e-6);
    /* 0..1000 with at least 3: step 500 gives 0, 500, 1000 */
    n = hs_ticks(t, 16, &step, 0, 1000, 3);
    cr_assert_eq(n, 3);
    cr_assert_float_eq(step, 500, 1e-9);
    /* at least 4 in 0..1000: 200 */
    n = hs_ticks(t, 16, &step, 0, 1000, 4);
    cr_assert_float_eq(step, 200, 1e-9);
    cr_assert_eq(n, 6);
    cr_assert_eq(hs_ticks(t, 16, &step, 5, 5, 3), 0);
}

Test(render, count_suppression)
{
    cr_assert_eq(hs_count_suppressed(4, 1, 5), 1);
    cr_assert_eq(hs_count_suppressed(5, 1, 5), 0);
    cr_assert_eq(hs_count_suppressed(0, 1, 5), 1);
    cr_assert_eq(hs_count_suppressed(-1, 1, 5), 0); /* no count at all */
    cr_assert_eq(hs_count_suppressed(1, 0, 5), 0);  /* internal map shows every count */
    cr_assert_eq(hs_count_suppressed(9, 1, 10), 1);
}

static int boxes_overlap(const hs_label_box *a, const hs_label_box *b)
{
    return a->x < b->x + b->w && b->x < a->x + a->w && a->y < b->y + b->h && b->y < a->y + a->h;
}

Test(render, labels_without_overlap)
{
    /* two labels on the same anchor: the first goes right, the second left */
    hs_label_box b[2] = {{50, 50, 20, 4, 1, 0, 0, 0}, {50, 50, 20, 4, 1, 0, 0, 0}};
    cr_assert_eq(hs_labels_place(b, 2, 0, 0, 100, 100, NULL, 0, 1), 2);
    cr_assert_float_eq(b[0].x, 51, 1e-9);
    cr_assert_float_eq(b[0].y, 48, 1e-9);
    cr_assert_float_eq(b[1].x, 29, 1e-9);
    /* priority wins: the higher one takes the right-hand place */
    hs_label_box c[2] = {{50, 50, 20, 4, 1, 0, 0, 0}, {50, 50, 20, 4, 9, 0, 0, 0}};
    hs_labels_place(c, 2, 0, 0, 100, 100, NULL, 0, 1);
    cr_assert_float_eq(c[1].x, 51, 1e-9);
    /* near the right edge the label goes left; an obstacle blocks a position */
    hs_label_box d = {80, 50, 20, 4, 1, 0, 0, 0};
    double obst[4] = {60, 49, 30, 2};
    cr_assert_eq(hs_labels_place(&d, 1, 0, 0, 100, 100, obst, 1, 1), 1);
    cr_assert_float_eq(d.x, 70, 1e-9); /* right is outside, left hits the obstacle: above */
    cr_assert_float_eq(d.y, 45, 1e-9);
    /* property: 200 random labels never overlap and stay inside the frame */
    hs_label_box many[200];
    unsigned seed = 12345;
    for (int i = 0; i < 200; i++) {
        seed = seed * 1103515245u + 12345u;
        double ax = (seed >> 8) % 1000 / 10.0;
        seed = seed * 1103515245u + 12345u;
        double ay = (seed >> 8) % 1000 / 10.0;
        many[i] = (hs_label_box){ax, ay, 8 + i % 7, 3, i % 4, 0, 0, 0};
    }
    size_t placed = hs_labels_place(many, 200, 0, 0, 100, 100, NULL, 0, 1);
    cr_assert(placed > 20 && placed < 200, "placed %zu", placed);
    for (int i = 0; i < 200; i++) {
        if (!many[i].placed) {
            continue;
        }
        cr_assert(many[i].x >= 0 && many[i].y >= 0 && many[i].x + many[i].w <= 100 &&
                  many[i].y + many[i].h <= 100);
        for (int j = i + 1; j < 200; j++) {
            cr_assert(!(many[j].placed && boxes_overlap(&many[i], &many[j])), "%d/%d", i, j);
        }
    }
}

Test(render, ramp_endpoints)
{
    hs_rgba lo = hs_ramp_color(HS_RAMP_YLORRD, 0);
    hs_rgba hi = hs_ramp_color(HS_RAMP_YLORRD, 1);
    cr_assert_float_eq(lo.r, 1.0, 1e-9);          /* #ffffcc */
    cr_assert_float_eq(hi.r, 0x80 / 255.0, 1e-9); /* #800026 */
    hs_rgba v = hs_ramp_color(HS_RAMP_VIRIDIS, 2.0);
    cr_assert_float_eq(v.g, 0xe7 / 255.0, 1e-9); /* clamped to #fde725 */
    /* luminance rises monotonically along viridis (perceptual) */
    double prev = -1;
    for (int i = 0; i <= 20; i++) {
        hs_rgba c = hs_ramp_color(HS_RAMP_VIRIDIS, i / 20.0);
        double y = 0.2126 * c.r + 0.7152 * c.g + 0.0722 * c.b;
        cr_assert(y > prev);
        prev = y;
    }
}

/* ---- the synthetic scene ---- */

#include "test_render_scene.h"

static double png_mad(const char *a, const char *b, int *same_size)
{
    cairo_surface_t *x = cairo_image_surface_create_from_png(a);
    cairo_surface_t *y = cairo_image_surface_create_from_png(b);
    double mad = 1e9;
    *same_size = 0;
    if (cairo_surface_status(x) == CAIRO_STATUS_SUCCESS &&
        cairo_surface_status(y) == CAIRO_STATUS_SUCCESS &&
        cairo_image_surface_get_width(x) == cairo_image_surface_get_width(y) &&
        cairo_image_surface_get_height(x) == cairo_image_surface_get_height(y)) {
        *same_size = 1;
        int w = cairo_image_surface_get_width(x);
        int h = cairo_image_surface_get_height(x);
        const unsigned char *p = cairo_image_surface_get_data(x);
        const unsigned char *q = cairo_image_surface_get_data(y);
        int sp = cairo_image_surface_get_stride(x);
        int sq = cairo_image_surface_get_stride(y);
        double sum = 0;
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w * 4; c++) {
                if (c % 4 == 3) {
                    continue; /* alpha (or padding) byte */
                }
                sum += abs((int)p[r * sp + c] - (int)q[r * sq + c]);
            }
        }
        mad = sum / ((double)w * h * 3);
    }
    cairo_surface_destroy(x);
    cairo_surface_destroy(y);
    return mad;
}

Test(render, scene_matches_reference)
{
    hs_ctx *ctx = NULL;
    hs_map *m = NULL;
    cr_assert_eq(hs_ctx_new(&ctx), HS_OK);
    cr_assert_eq(scene_build(&m, ctx), HS_OK, "%s", hs_ctx_errmsg(ctx));
    hs_map_opts o = scene_opts();
    o.dpi = 60;
    const char *out = HS_BINARY_DIR "/test_render_scene_a4.png";
    cr_assert_eq(hs_map_render(m, out, &o), HS_OK, "%s", hs_ctx_errmsg(ctx));
    int same = 0;
    double mad = png_mad(out, HS_TEST_DATA "/render/scene_a4.png", &same);
    cr_assert(same, "size differs from the reference (or reference missing)");
    cr_assert_lt(mad, 2.0, "mean abs difference %.3f", mad);
    /* landscape A3 with the public flag renders too and differs from the portrait sheet */
    o.paper = HS_PAPER_A3;
    o.landscape = 1;
    o.dpi = 30;
    o.is_public = 1;
    const char *out2 = HS_BINARY_DIR "/test_render_scene_a3.png";
    cr_assert_eq(hs_map_render(m, out2, &o), HS_OK, "%s", hs_ctx_errmsg(ctx));
    cairo_surface_t *s = cairo_image_surface_create_from_png(out2);
    cr_assert_eq(cairo_image_surface_get_width(s), (int)lround(420 / 25.4 * 30));
    cr_assert_eq(cairo_image_surface_get_height(s), (int)lround(297 / 25.4 * 30));
    cairo_surface_destroy(s);
    hs_map_free(m);
    hs_ctx_free(ctx);
}

static char *read_cmd(const char *cmd)
{
    FILE *p = popen(cmd, "r");
    cr_assert_not_null(p);
    size_t cap = 1 << 16;
    char *buf = calloc(cap, 1);
    size_t n = fread(buf, 1, cap - 1, p);
    buf[n] = '\0';
    pclose(p);
    return buf;
}

Test(render, pdf_text_and_privacy)
{
    hs_ctx *ctx = NULL;
    hs_map *m = NULL;
    cr_assert_eq(hs_ctx_new(&ctx), HS_OK);
    cr_assert_eq(scene_build(&m, ctx), HS_OK);
    hs_map_opts o = scene_opts();
    const char *pdf = HS_BINARY_DIR "/test_render_scene.pdf";
    cr_assert_eq(hs_map_render(m, pdf, &o), HS_OK, "%s", hs_ctx_errmsg(ctx));
    char *txt = read_cmd("pdftotext -layout " HS_BINARY_DIR "/test_render_scene.pdf -");
    cr_assert(strstr(txt, "Brottskoncentrationer i Exempelkommun") != NULL, "%s", txt);
    cr_assert(strstr(txt, "Källa: Polisen") != NULL);
    cr_assert(strstr(txt, "Het, 99 % konfidens") != NULL);
    cr_assert(strstr(txt, "Vänersborgs torg") != NULL || strstr(txt, "Torget") != NULL);
    cr_assert(strstr(txt, "SWEREF 99 TM") != NULL);
    cr_assert(strstr(txt, "Händelser") != NULL, "internal map lists the incidents layer");
    cr_assert(strstr(txt, "färre än") == NULL);
    /* count 3 is shown on the internal map */
    cr_assert(strstr(txt, "Torget (3)") != NULL, "%s", txt);
    free(txt);
    o.is_public = 1;
    cr_assert_eq(hs_map_render(m, pdf, &o), HS_OK);
    txt = read_cmd("pdftotext -layout " HS_BINARY_DIR "/test_render_scene.pdf -");
    cr_assert(strstr(txt, "färre än 5 händelser") != NULL, "public note missing");
    cr_assert(strstr(txt, "Händelser") == NULL, "incidents listed on a public map");
    cr_assert(strstr(txt, "Torget (3)") == NULL, "a count below 5 shown on a public map");
    cr_assert(strstr(txt, "Resecentrum (12)") != NULL, "%s", txt);
    free(txt);
    cr_assert_eq(hs_map_render(m, HS_BINARY_DIR "/x.bmp", &o), HS_EUNSUPPORTED);
    hs_map_free(m);
    hs_ctx_free(ctx);
}

Test(render, empty_map_fails)
{
    hs_ctx *ctx = NULL;
    hs_map *m = NULL;
    cr_assert_eq(hs_ctx_new(&ctx), HS_OK);
    cr_assert_eq(hs_map_new(&m, ctx), HS_OK);
    hs_map_opts o = HS_MAP_OPTS_INIT;
    cr_assert_eq(hs_map_render(m, HS_BINARY_DIR "/test_render_empty.png", &o), HS_ENODATA);
    hs_map_free(m);
    hs_ctx_free(ctx);
}

Test(render, clean_scales)
{
    cr_assert_float_eq(hs_clean_scale(7800), 10000, 1e-6);
    cr_assert_float_eq(hs_clean_scale(10000), 10000, 1e-6);
    cr_assert_float_eq(hs_clean_scale(10001), 15000, 1e-6);
    cr_assert_float_eq(hs_clean_scale(21000), 25000, 1e-6);
    cr_assert_float_eq(hs_clean_scale(52000), 75000, 1e-6);
    cr_assert_float_eq(hs_clean_scale(76000), 100000, 1e-6);
    cr_assert_float_eq(hs_clean_scale(180000), 200000, 1e-6);
    cr_assert_float_eq(hs_clean_scale(0), 0, 1e-12);
}

Test(render, labels_keep_off_points_and_drop_the_lowest)
{
    /* a label may not cover another label's point: b's right-hand place would cover a's */
    hs_label_box b[2] = {{60, 50, 5, 4, 9, 0, 0, 0}, {50, 50, 20, 4, 1, 0, 0, 0}};
    cr_assert_eq(hs_labels_place(b, 2, 0, 0, 100, 100, NULL, 0, 1), 2);
    cr_assert(!(b[1].x < 60.7 && b[1].x + b[1].w > 59.3 && b[1].y < 50.7 && b[1].y + b[1].h > 49.3),
              "label at %g,%g covers the other point", b[1].x, b[1].y);
    /* a frame with room for one: the higher priority stays, the other is left out */
    hs_label_box c[2] = {{5, 5, 8, 4, 1, 0, 0, 0}, {5, 5, 8, 4, 7, 0, 0, 0}};
    cr_assert_eq(hs_labels_place(c, 2, 0, 0, 15, 10, NULL, 0, 1), 1);
    cr_assert_eq(c[1].placed, 1);
    cr_assert_eq(c[0].placed, 0);
}

/* A 10 km square kommun; a dense cluster of cells near its south-west corner (10 cells of 100
 * incidents) and three light cells far off (1 incident each, under 5 % of the total). */
static hs_map *focus_scene(hs_ctx *ctx, int with_focus)
{
    hs_map *m = NULL;
    cr_assert_eq(hs_map_new(&m, ctx), HS_OK);
    hs_map_class k = {{1, 1, 1, 1}, {0, 0, 0, 1}, "Kommungräns"};
    int lb = -1, lc = -1;
    cr_assert_eq(hs_map_add_layer(&lb, m, HS_LAYER_POLYGONS, NULL, &k, 1, 0.3, HS_LAYER_BOUNDARY),
                 HS_OK);
    hs_point sq[4] = {{0, 0}, {10000, 0}, {10000, 10000}, {0, 10000}};
    size_t four = 4;
    cr_assert_eq(hs_map_add_polygon(m, lb, sq, &four, 1, 0, -1), HS_OK);
    cr_assert_eq(hs_map_add_layer(&lc, m, HS_LAYER_POLYGONS, "Cells", &k, 1, 0.1,
                                  with_focus ? HS_LAYER_FOCUS : 0),
                 HS_OK);
    for (int i = 0; i < 13; i++) {
        double x = i < 10 ? 2000 + 250 * (i % 5) : 9000 - 600 * (i - 10);
        double y = i < 10 ? 2000 + 250 * (i / 5) : 9500;
        hs_point c[4] = {{x, y}, {x + 250, y}, {x + 250, y + 250}, {x, y + 250}};
        cr_assert_eq(hs_map_add_polygon(m, lc, c, &four, 1, 0, i < 10 ? 100 : 1), HS_OK);
    }
    return m;
}

Test(render, focus_extent_frames_the_dense_part)
{
    hs_ctx *ctx = NULL;
    cr_assert_eq(hs_ctx_new(&ctx), HS_OK);
    hs_map *m = focus_scene(ctx, 1);
    hs_bbox e = hs_map_focus_extent(m);
    /* the cluster 2000..3250 x 2000..2500 inside, padded; the light cells at y 9500 outside */
    cr_assert(e.xmin < 2000 && e.xmax > 3250 && e.ymin < 2000 && e.ymax > 2500);
    cr_assert(e.ymax < 9500, "ymax %g", e.ymax);
    cr_assert(e.xmax - e.xmin >= 1500 - 1e-6 && e.ymax - e.ymin >= 1500 - 1e-6);
    cr_assert(e.xmax - e.xmin < 5000);
    /* drawn at a clean scale with the overview inset, which a kommun map has not */
    hs_map_opts o = scene_opts();
    o.dpi = 40;
    o.extent = e;
    const char *out = HS_BINARY_DIR "/test_render_focus.png";
    cr_assert_eq(hs_map_render(m, out, &o), HS_OK, "%s", hs_ctx_errmsg(ctx));
    hs_map_free(m);
    /* without a focus layer the frame is the whole kommun */
    m = focus_scene(ctx, 0);
    e = hs_map_focus_extent(m);
    cr_assert_float_eq(e.xmin, 0, 1e-9);
    cr_assert_float_eq(e.ymax, 10000, 1e-9);
    hs_map_free(m);
    hs_ctx_free(ctx);
}
