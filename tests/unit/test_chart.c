/*
 * Tests of the charts: weekday abbreviations, the brottsklocka read back from PDF text (weekday
 * rows, hour columns, row shares computed by hand), monthly series and category bars, a stored
 * reference PNG of the clock (mean absolute difference per channel below 2.0 of 255) and the
 * errors for bad arguments.
 */
#include <criterion/criterion.h>
#include <cairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hs_internal.h"

static char *pdf_text(const char *pdf)
{
    char cmd[512];
    hs__fmt(cmd, sizeof cmd, "pdftotext -layout %s -", pdf);
    FILE *p = popen(cmd, "r");
    cr_assert_not_null(p);
    char *buf = calloc(1 << 16, 1);
    size_t n = fread(buf, 1, (1 << 16) - 1, p);
    buf[n] = '\0';
    pclose(p);
    return buf;
}

Test(chart, weekday_abbreviations)
{
    cr_assert_str_eq(hs_weekday_abbr(0, "sv"), "mån");
    cr_assert_str_eq(hs_weekday_abbr(5, NULL), "lör");
    cr_assert_str_eq(hs_weekday_abbr(6, "sv"), "sön");
    cr_assert_str_eq(hs_weekday_abbr(6, "en"), "Sun");
    cr_assert_str_eq(hs_weekday_abbr(7, "sv"), "");
}

/* the clock of the tests: Friday and Saturday nights dominate; 40 % of the weight on Saturday */
static void clock_weights(double *w)
{
    for (int i = 0; i < 7 * 24; i++) {
        w[i] = 0;
    }
    w[0 * 24 + 8] = 10;  /* mån 08: 10 */
    w[4 * 24 + 22] = 20; /* fre 22: 20 */
    w[4 * 24 + 23] = 10; /* fre 23: 10 */
    w[5 * 24 + 0] = 25;  /* lör 00: 25 */
    w[5 * 24 + 1] = 15;  /* lör 01: 15 */
    w[2 * 24 + 12] = 20; /* ons 12: 20 -> total 100 */
}

Test(chart, clock_pdf_text)
{
    hs_ctx *ctx = NULL;
    cr_assert_eq(hs_ctx_new(&ctx), HS_OK);
    double w[7 * 24];
    clock_weights(w);
    hs_chart_opts o = HS_CHART_OPTS_INIT;
    o.title = "Brottsklocka – Exempelkommun";
    o.source = "Källa: Polisen";
    const char *pdf = HS_BINARY_DIR "/test_chart_clock.pdf";
    cr_assert_eq(hs_chart_clock(ctx, pdf, w, &o), HS_OK, "%s", hs_ctx_errmsg(ctx));
    char *t = pdf_text(pdf);
    cr_assert(strstr(t, "Brottsklocka – Exempelkommun") != NULL, "%s", t);
    const char *days[7] = {"mån", "tis", "ons", "tor", "fre", "lör", "sön"};
    for (int d = 0; d < 7; d++) {
        cr_assert(strstr(t, days[d]) != NULL, "%s missing", days[d]);
    }
    cr_assert(strstr(t, "23") != NULL && strstr(t, "00") != NULL);
    /* row shares by hand: lör 40 %, fre 30 %, ons 20 %, mån 10 % */
    char *lor = strstr(t, "lör");
    cr_assert(lor != NULL);
    char *nl = strchr(lor, '\n');
    if (nl) {
        *nl = '\0';
    }
    cr_assert(strstr(lor, "40") != NULL, "row: %s", lor);
    free(t);
    hs_ctx_free(ctx);
}

Test(chart, clock_png_reference)
{
    hs_ctx *ctx = NULL;
    cr_assert_eq(hs_ctx_new(&ctx), HS_OK);
    double w[7 * 24];
    clock_weights(w);
    hs_chart_opts o = HS_CHART_OPTS_INIT;
    o.title = "Brottsklocka";
    o.dpi = 60;
    const char *png = HS_BINARY_DIR "/test_chart_clock.png";
    cr_assert_eq(hs_chart_clock(ctx, png, w, &o), HS_OK, "%s", hs_ctx_errmsg(ctx));
    cairo_surface_t *a = cairo_image_surface_create_from_png(png);
    cairo_surface_t *b = cairo_image_surface_create_from_png(HS_TEST_DATA "/render/clock.png");
    cr_assert_eq(cairo_surface_status(b), CAIRO_STATUS_SUCCESS, "reference missing");
    int wd = cairo_image_surface_get_width(a);
    int ht = cairo_image_surface_get_height(a);
    cr_assert_eq(wd, cairo_image_surface_get_width(b));
    cr_assert_eq(ht, cairo_image_surface_get_height(b));
    const unsigned char *p = cairo_image_surface_get_data(a);
    const unsigned char *q = cairo_image_surface_get_data(b);
    int sp = cairo_image_surface_get_stride(a);
    int sq = cairo_image_surface_get_stride(b);
    double sum = 0;
    for (int r = 0; r < ht; r++) {
        for (int c = 0; c < wd * 4; c++) {
            if (c % 4 != 3) {
                sum += abs((int)p[r * sp + c] - (int)q[r * sq + c]);
            }
        }
    }
    double mad = sum / ((double)wd * ht * 3);
    cr_assert_lt(mad, 2.0, "mean abs difference %.3f", mad);
    cairo_surface_destroy(a);
    cairo_surface_destroy(b);
    hs_ctx_free(ctx);
}

Test(chart, monthly_and_bars)
{
    hs_ctx *ctx = NULL;
    cr_assert_eq(hs_ctx_new(&ctx), HS_OK);
    double cur[12] = {12, 9, 14, 18, 25, 31, 40, 33, 22, 17, 13, 20};
    double prev[12] = {10, 11, 12, 15, 20, 26, 35, 30, 21, 15, 14, 16};
    hs_chart_opts o = HS_CHART_OPTS_INIT;
    o.title = "Händelser per månad";
    const char *pdf = HS_BINARY_DIR "/test_chart_monthly.pdf";
    cr_assert_eq(hs_chart_monthly(ctx, pdf, cur, prev, 12, 1, &o), HS_OK, "%s", hs_ctx_errmsg(ctx));
    char *t = pdf_text(pdf);
    cr_assert(strstr(t, "maj") != NULL && strstr(t, "okt") != NULL && strstr(t, "dec") != NULL);
    cr_assert(strstr(t, "Föregående år") != NULL);
    cr_assert(strstr(t, "40") != NULL, "axis reaches the maximum: %s", t);
    free(t);
    const char *labels[3] = {"Skadegörelse", "Misshandel", "Stöld från fordon"};
    double vals[3] = {120, 45, 78};
    o.title = "Händelser per kategori";
    cr_assert_eq(hs_chart_bars(ctx, pdf, labels, vals, 3, &o), HS_OK);
    t = pdf_text(pdf);
    cr_assert(strstr(t, "Stöld från fordon") != NULL && strstr(t, "120") != NULL, "%s", t);
    free(t);
    cr_assert_eq(hs_chart_bars(ctx, HS_BINARY_DIR "/x.gif", labels, vals, 3, &o), HS_EUNSUPPORTED);
    cr_assert_eq(hs_chart_clock(ctx, pdf, NULL, &o), HS_EINVAL);
    o.width_mm = 10;
    cr_assert_eq(hs_chart_bars(ctx, pdf, labels, vals, 3, &o), HS_EINVAL);
    hs_ctx_free(ctx);
}
