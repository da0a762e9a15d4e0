/*
 * Tests of the near-repeat (Knox) chart: a hand-made 3 x 3 table rendered to PDF and read back
 * with pdftotext (Swedish title, distance and day band labels, ratios with a decimal comma and the
 * asterisk exactly on the cells with p < 0.05), the English labels, a PNG with the PNG signature
 * and the errors for bad arguments.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hs_internal.h"

static const double DIST[3] = {100, 200, 400};
static const double DAYS[3] = {7, 14, 28};
/* row-major by distance band; only 0-100 m x 0-7 days and 100-200 m x 0-7 days are significant */
static const double RATIO[9] = {1.62, 1.10, 0.98, 1.31, 1.04, 1.00, 0.91, 1.02, 0.99};
static const double P[9] = {0.001, 0.20, 0.60, 0.02, 0.35, 0.50, 0.97, 0.40, 0.55};

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

/* the text line that starts with label (after spaces), cut at its end; NULL when absent */
static char *line_of(char *text, const char *label)
{
    for (char *s = text; s && *s;) {
        char *nl = strchr(s, '\n');
        char *b = s;
        while (*b == ' ') {
            b++;
        }
        if (strncmp(b, label, strlen(label)) == 0) {
            if (nl) {
                *nl = '\0';
            }
            return b;
        }
        s = nl ? nl + 1 : NULL;
    }
    return NULL;
}

static int count_of(const char *s, char c)
{
    int n = 0;
    for (; *s; s++) {
        n += *s == c;
    }
    return n;
}

Test(chart_knox, pdf_swedish_labels_and_marks)
{
    hs_ctx *ctx = NULL;
    cr_assert_eq(hs_ctx_new(&ctx), HS_OK);
    const char *pdf = HS_BINARY_DIR "/test_chart_knox.pdf";
    cr_assert_eq(hs_chart_knox(ctx, pdf, DIST, 3, DAYS, 3, RATIO, P, NULL), HS_OK, "%s",
                 hs_ctx_errmsg(ctx));
    char *t = pdf_text(pdf);
    cr_assert(strstr(t, "Upprepad brottslighet nära i tid och rum") != NULL, "%s", t);
    cr_assert(strstr(t, "0–7 dagar") != NULL, "%s", t);
    cr_assert(strstr(t, "8–14 dagar") != NULL, "%s", t);
    cr_assert(strstr(t, "15–28 dagar") != NULL, "%s", t);
    cr_assert(strstr(t, "p < 0,05") != NULL, "%s", t);
    char *copy = strdup(t);
    char *r0 = line_of(copy, "0–100 m");
    cr_assert_not_null(r0, "%s", t);
    cr_assert(strstr(r0, "1,62*") != NULL && strstr(r0, "1,10") != NULL, "row: %s", r0);
    cr_assert_eq(count_of(r0, '*'), 1, "row: %s", r0);
    free(copy);
    copy = strdup(t);
    char *r1 = line_of(copy, "100–200 m");
    cr_assert_not_null(r1, "%s", t);
    cr_assert(strstr(r1, "1,31*") != NULL && strstr(r1, "1,04") != NULL, "row: %s", r1);
    cr_assert_eq(count_of(r1, '*'), 1, "row: %s", r1);
    free(copy);
    copy = strdup(t);
    char *r2 = line_of(copy, "200–400 m");
    cr_assert_not_null(r2, "%s", t);
    cr_assert(strstr(r2, "0,91") != NULL && strstr(r2, "0,99") != NULL, "row: %s", r2);
    cr_assert_eq(count_of(r2, '*'), 0, "row: %s", r2);
    free(copy);
    free(t);
    hs_ctx_free(ctx);
}

Test(chart_knox, english_title_and_given_title)
{
    hs_ctx *ctx = NULL;
    cr_assert_eq(hs_ctx_new(&ctx), HS_OK);
    hs_chart_opts o = HS_CHART_OPTS_INIT;
    o.lang = "en";
    const char *pdf = HS_BINARY_DIR "/test_chart_knox_en.pdf";
    cr_assert_eq(hs_chart_knox(ctx, pdf, DIST, 3, DAYS, 3, RATIO, NULL, &o), HS_OK);
    char *t = pdf_text(pdf);
    cr_assert(strstr(t, "Near repeats (Knox test)") != NULL, "%s", t);
    cr_assert(strstr(t, "8–14 days") != NULL && strstr(t, "1.62") != NULL, "%s", t);
    cr_assert(strstr(t, "1.62*") == NULL, "no p-values, no marks: %s", t);
    free(t);
    o.lang = "sv";
    o.title = "Knoxtabell – Exempelstad";
    cr_assert_eq(hs_chart_knox(ctx, pdf, DIST, 3, DAYS, 3, RATIO, P, &o), HS_OK);
    t = pdf_text(pdf);
    cr_assert(strstr(t, "Knoxtabell – Exempelstad") != NULL, "%s", t);
    free(t);
    hs_ctx_free(ctx);
}

Test(chart_knox, png_signature)
{
    hs_ctx *ctx = NULL;
    cr_assert_eq(hs_ctx_new(&ctx), HS_OK);
    const char *png = HS_BINARY_DIR "/test_chart_knox.png";
    remove(png);
    cr_assert_eq(hs_chart_knox(ctx, png, DIST, 3, DAYS, 3, RATIO, P, NULL), HS_OK, "%s",
                 hs_ctx_errmsg(ctx));
    FILE *f = fopen(png, "rb");
    cr_assert_not_null(f);
    unsigned char sig[8] = {0};
    cr_assert_eq(fread(sig, 1, 8, f), 8);
    fclose(f);
    static const unsigned char want[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    cr_assert(memcmp(sig, want, 8) == 0);
    hs_ctx_free(ctx);
}

Test(chart_knox, bad_arguments)
{
    hs_ctx *ctx = NULL;
    cr_assert_eq(hs_ctx_new(&ctx), HS_OK);
    const char *pdf = HS_BINARY_DIR "/test_chart_knox_bad.pdf";
    cr_assert_eq(hs_chart_knox(ctx, NULL, DIST, 3, DAYS, 3, RATIO, P, NULL), HS_EINVAL);
    cr_assert_eq(hs_chart_knox(ctx, pdf, DIST, 0, DAYS, 3, RATIO, P, NULL), HS_EINVAL);
    cr_assert_eq(hs_chart_knox(ctx, pdf, DIST, 3, DAYS, 3, NULL, P, NULL), HS_EINVAL);
    hs_chart_opts o = HS_CHART_OPTS_INIT;
    o.width_mm = 30;
    o.height_mm = 20;
    cr_assert_eq(hs_chart_knox(ctx, pdf, DIST, 3, DAYS, 3, RATIO, P, &o), HS_EINVAL);
    hs_ctx_free(ctx);
}
