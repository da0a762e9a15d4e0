/*
 * Tests of the native CSV reader (separators, quotes, embedded newlines, CRLF/LF, BOM, CP1252 to
 * UTF-8, a last line without newline, blank lines) and of the PROJ seam hs__crs_transform
 * against cs2cs values, plus the value-range CRS detection.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/hs_internal.h"
#include "crs/crs.h"
#include "ingest/ingest.h"

static char path[64];

static hs__table *open_bytes(hs_ctx *ctx, const char *bytes, size_t n, const char *enc)
{
    snprintf(path, sizeof path, "/tmp/hs_csv_%d.csv", (int)getpid());
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f);
    fwrite(bytes, 1, n, f);
    fclose(f);
    hs__table *t = NULL;
    cr_assert_eq(hs__csv_open(&t, ctx, path, enc), HS_OK, "%s", hs_ctx_errmsg(ctx));
    return t;
}

static void expect_row(hs__table *t, size_t n, const char *const *want)
{
    const char *const *f = NULL;
    size_t nf = 0;
    cr_assert_eq(t->next(t, &f, &nf), 1);
    cr_assert_eq(nf, n);
    for (size_t i = 0; i < n; i++) {
        cr_assert_str_eq(f[i], want[i], "field %zu", i);
    }
}

Test(csv, quotes_newlines_and_separators)
{
    hs_ctx *ctx = NULL;
    hs_ctx_new(&ctx);
    const char data[] = "a,b,c\r\n1,\"x, \"\"y\"\"\nz\",3\r\n\r\n4,,\"\"\n5,6,7";
    hs__table *t = open_bytes(ctx, data, sizeof data - 1, NULL);
    cr_assert_eq(t->delim, ',');
    cr_assert_str_eq(t->encoding, "UTF-8");
    cr_assert_eq(t->ncols, 3);
    cr_assert_str_eq(t->names[2], "c");
    expect_row(t, 3, (const char *[]){"1", "x, \"y\"\nz", "3"});
    expect_row(t, 3, (const char *[]){"4", "", ""});
    expect_row(t, 3, (const char *[]){"5", "6", "7"});
    const char *const *f;
    size_t nf;
    cr_assert_eq(t->next(t, &f, &nf), 0);
    hs__table_close(t);
    const char tsv[] = "x\ty\n1\t2\n";
    t = open_bytes(ctx, tsv, sizeof tsv - 1, NULL);
    cr_assert_eq(t->delim, '\t');
    expect_row(t, 2, (const char *[]){"1", "2"});
    hs__table_close(t);
    remove(path);
    hs_ctx_free(ctx);
}

Test(csv, encodings)
{
    hs_ctx *ctx = NULL;
    hs_ctx_new(&ctx);
    /* CP1252: "Brottsbenämning;Plats" / "Skadegörelse;Å\x80" (0x80 = euro sign) */
    const char cp[] = "Brottsben\xe4mning;Plats\nSkadeg\xf6relse;\xc5\x80\n";
    hs__table *t = open_bytes(ctx, cp, sizeof cp - 1, NULL);
    cr_assert_str_eq(t->encoding, "CP1252");
    cr_assert_str_eq(t->names[0], "Brottsbenämning");
    expect_row(t, 2, (const char *[]){"Skadegörelse", "Å€"});
    hs__table_close(t);
    /* UTF-8 with BOM, semicolons */
    const char u8[] = "\xef\xbb\xbfId;Namn\n1;\xc3\xa5\xc3\xa4\xc3\xb6\n";
    t = open_bytes(ctx, u8, sizeof u8 - 1, NULL);
    cr_assert_str_eq(t->encoding, "UTF-8");
    cr_assert_eq(t->delim, ';');
    cr_assert_str_eq(t->names[0], "Id");
    expect_row(t, 2, (const char *[]){"1", "åäö"});
    hs__table_close(t);
    /* forced encoding wins over detection */
    t = open_bytes(ctx, u8 + 3, sizeof u8 - 4, "CP1252");
    expect_row(t, 2, (const char *[]){"1", "Ã¥Ã¤Ã¶"});
    hs__table_close(t);
    hs__table *bad = NULL;
    cr_assert_eq(hs__csv_open(&bad, ctx, path, "EBCDIC"), HS_EUNSUPPORTED);
    cr_assert_eq(hs__csv_open(&bad, ctx, "/nonexistent.csv", NULL), HS_EIO);
    remove(path);
    hs_ctx_free(ctx);
}

Test(crs, transform_against_cs2cs)
{
    hs_ctx *ctx = NULL;
    hs_ctx_new(&ctx);
    /* cs2cs EPSG:3006 EPSG:3021 and EPSG:4326 (PROJ 9.1.1) of E 345000 N 6480000 */
    double x[2] = {345000.0, 345000.0}, y[2] = {6480000.0, 6480000.0};
    cr_assert_eq(hs__crs_transform(ctx, 3006, 3021, x, y, 1), HS_OK);
    cr_assert_float_eq(x[0], 1297930.8557, 0.01);
    cr_assert_float_eq(y[0], 6484104.1841, 0.01);
    cr_assert_eq(hs__crs_transform(ctx, 3006, 4326, x + 1, y + 1, 1), HS_OK);
    cr_assert_float_eq(x[1], 12.34517386, 1e-7);
    cr_assert_float_eq(y[1], 58.43318388, 1e-7);
    cr_assert_eq(hs__crs_transform(ctx, 4326, 3006, x + 1, y + 1, 1), HS_OK); /* cached, back */
    cr_assert_float_eq(x[1], 345000.0, 0.001);
    cr_assert_float_eq(y[1], 6480000.0, 0.001);
    cr_assert_eq(hs__crs_transform(ctx, 3006, 999999, x, y, 1), HS_EUNSUPPORTED);
    hs_ctx_free(ctx);
}

Test(crs, detection_by_range)
{
    double x[3] = {345000, 6480000, 350000}, y[3] = {6480000, 345000, 6490000};
    int epsg = 0;
    cr_assert_eq(hs__crs_vote(&epsg, x, y, 3), HS_OK);
    cr_assert_eq(epsg, 3006);
    double rx[2] = {1297930, 1300000}, ry[2] = {6484104, 6490000};
    cr_assert_eq(hs__crs_vote(&epsg, rx, ry, 2), HS_OK);
    cr_assert_eq(epsg, 3021);
    double gx[2] = {58.4, 12.3}, gy[2] = {12.3, 58.4};
    cr_assert_eq(hs__crs_vote(&epsg, gx, gy, 2), HS_OK);
    cr_assert_eq(epsg, 4326);
    double zx[2] = {0, 5}, zy[2] = {0, 5};
    cr_assert_eq(hs__crs_vote(&epsg, zx, zy, 2), HS_ENOTFOUND);
    cr_assert_eq(hs__crs_fit(3006, 345000, 6480000), HS__XY_OK);
    cr_assert_eq(hs__crs_fit(3006, 6480000, 345000), HS__XY_SWAPPED);
    cr_assert_eq(hs__crs_fit(3006, 0, 0), HS__XY_MISSING);
    cr_assert_eq(hs__crs_fit(3006, 100, 200), HS__XY_OUTSIDE);
    cr_assert_eq(hs__crs_fit(3010, 150000, 6480000), HS__XY_OK); /* a local zone when told */
}
