/*
 * Tests of matching against the fixture town (tests/data/geocode): exact and damaged addresses,
 * letters and ranges, the kommun restriction, diacritics, intersections placed at the crossing,
 * places, ties and unknown streets sent to review, postcode fallback, the cache and the reverse
 * step. Expected coordinates are the fixture's own (hand-written) values.
 */
#include <criterion/criterion.h>

#include "core/hs_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static hs_ctx *ctx;
static hs_gazetteer *gaz;
static char path[1024];

static void setup(void)
{
    cr_assert_eq(hs_ctx_new(&ctx), HS_OK);
    snprintf(path, sizeof path, "%s/test_geocode_%ld.sqlite", HS_BINARY_DIR, (long)getpid());
    remove(path);
    const char *src[] = {HS_TEST_DATA "/geocode/addresses.csv", HS_TEST_DATA "/geocode/places.csv"};
    cr_assert_eq(hs_gazetteer_build(NULL, ctx, path, src, 2, NULL), HS_OK, "%s",
                 hs_ctx_errmsg(ctx));
    cr_assert_eq(hs_gazetteer_open(&gaz, ctx, path), HS_OK, "%s", hs_ctx_errmsg(ctx));
}

static void teardown(void)
{
    hs_gazetteer_close(gaz);
    remove(path);
    hs_ctx_free(ctx);
}

TestSuite(geocode, .init = setup, .fini = teardown);

static hs_geocode_result one(const char *s, int kommun)
{
    hs_geocode_result r;
    cr_assert_eq(hs_geocode_one(&r, gaz, s, kommun), HS_OK);
    return r;
}

#define AT(r, X, Y, tol)                                                                           \
    do {                                                                                           \
        cr_assert_float_eq((r).x, (X), (tol), "x %f", (r).x);                                      \
        cr_assert_float_eq((r).y, (Y), (tol), "y %f", (r).y);                                      \
    } while (0)

Test(geocode, exact_and_damaged_addresses)
{
    const char *same[] = {"Storgatan 3",          "STORGATAN 3, 462 30 VÄNERSBORG", "Storg. 3",
                          "storgt 3 lgh 1101",    "Storgatan 3, Vänersborg",        "Stogratan 3",
                          "c/o Berg, Storgatan 3"};
    for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
        hs_geocode_result r = one(same[i], 1487);
        cr_assert_eq(r.precision, HS_PREC_ADDRESS, "%s: %s (%f)", same[i], r.label, r.score);
        AT(r, 337060.0, 6470000.0, 1e-6);
        cr_assert_eq(r.kommun_code, 1487);
        cr_assert(r.score >= 0.8 && r.score <= 1.0, "%s %f", same[i], r.score);
    }
    /* exact input scores 1 */
    cr_assert_float_eq(one("Storgatan 3", 1487).score, 1.0, 1e-12);
}

Test(geocode, letters_and_ranges)
{
    hs_geocode_result r = one("Storgatan 12B", 1487);
    AT(r, 337230.0, 6470020.0, 1e-6);
    cr_assert_float_eq(r.score, 1.0, 1e-12);
    r = one("Storgatan 12 a", 1487);
    AT(r, 337225.0, 6470010.0, 1e-6);
    /* a letter the gazetteer lacks: the plain number, less sure */
    r = one("Storgatan 12C", 1487);
    cr_assert_eq(r.precision, HS_PREC_ADDRESS);
    AT(r, 337220.0, 6470000.0, 1e-6);
    cr_assert(r.score < 1.0);
    r = one("Storgatan 7-9", 1487);
    AT(r, 337140.0, 6470000.0, 1e-6);
}

Test(geocode, kommun_restricts)
{
    hs_geocode_result r = one("Storgatan 2", 1488);
    AT(r, 330040.0, 6460000.0, 1e-6);
    cr_assert_eq(r.kommun_code, 1488);
    /* Storgatan 8 exists only in 1487: in 1488 it is never placed in 1487 */
    r = one("Storgatan 8", 1488);
    cr_assert(r.kommun_code == 1488 || r.precision == HS_PREC_NONE);
    cr_assert(isnan(r.x) || fabs(r.x - 337160.0) > 1.0);
    /* without a kommun, Storgatan 2 exists twice: a tie for review */
    r = one("Storgatan 2", 0);
    cr_assert_eq(r.precision, HS_PREC_NONE);
    cr_assert_eq(r.review, HS_REVIEW_TIE);
    cr_assert(isnan(r.x));
    /* ... unless the post town tells them apart */
    r = one("Storgatan 2, Trollhättan", 0);
    cr_assert_eq(r.precision, HS_PREC_ADDRESS);
    AT(r, 330040.0, 6460000.0, 1e-6);
}

Test(geocode, diacritics_and_ocr)
{
    hs_geocode_result r = one("Lötgatan 2", 1487);
    AT(r, 338040.0, 6471000.0, 1e-6);
    r = one("Lotgatan 2", 1487);
    AT(r, 339040.0, 6472000.0, 1e-6);
    r = one("LÖTGATAN 2", 1487);
    AT(r, 338040.0, 6471000.0, 1e-6);
    /* OCR: rn for m, l for t */
    r = one("Carnpingvägen 4", 2506);
    cr_assert_eq(r.precision, HS_PREC_ADDRESS);
    AT(r, 600080.0, 7330000.0, 1e-6);
    r = one("Kungsgalan 4", 1487);
    AT(r, 337100.0, 6470080.0, 1e-6);
}

Test(geocode, intersection_at_crossing)
{
    /* closest pair: Storgatan 5 (337100, 6470000) and Kungsgatan 1 (337100, 6470020) */
    const char *forms[] = {"Kungsgatan/Storgatan", "korsningen Storgatan och Kungsgatan",
                           "Storg. & Kungsgatan"};
    for (size_t i = 0; i < 3; i++) {
        hs_geocode_result r = one(forms[i], 1487);
        cr_assert_eq(r.precision, HS_PREC_INTERSECTION, "%s", forms[i]);
        AT(r, 337100.0, 6470010.0, 1e-6);
    }
}

Test(geocode, streets_places_postcodes)
{
    /* no number: the street, at its member nearest the mean */
    hs_geocode_result r = one("Kungsgatan", 1487);
    cr_assert_eq(r.precision, HS_PREC_STREET);
    cr_assert_str_eq(r.label, "Kungsgatan");
    cr_assert_float_eq(r.x, 337100.0, 1e-6);
    cr_assert(r.y == 6470100.0 || r.y == 6470120.0);
    /* a number the street lacks: the street, with score 0.85 */
    r = one("Kungsgatan 99", 1487);
    cr_assert_eq(r.precision, HS_PREC_STREET);
    cr_assert_float_eq(r.score, 0.85, 1e-12);
    hs_geocode_opts strict = HS_GEOCODE_OPTS_INIT;
    strict.min_score = 0.9;
    cr_assert_eq(hs_geocode_one_opts(&r, gaz, "Kungsgatan 99", 1487, &strict), HS_OK);
    cr_assert_eq(r.precision, HS_PREC_NONE);
    cr_assert_eq(r.review, HS_REVIEW_LOW_SCORE);
    r = one("Resecentrum", 1487);
    cr_assert_eq(r.precision, HS_PREC_PLACE);
    AT(r, 337500.0, 6470500.0, 1e-6);
    r = one("Torget", 0);
    cr_assert_eq(r.review, HS_REVIEW_TIE);
    r = one("Torget", 1488);
    AT(r, 330050.0, 6460050.0, 1e-6);
    /* unknown street with a postcode: the postcode's centroid (three points of 46232) */
    r = one("Okändavägen 3, 462 32 Vänersborg", 0);
    cr_assert_eq(r.precision, HS_PREC_POSTCODE);
    AT(r, 337225.0, 6470010.0, 1e-6);
    r = one("Xyzzy 5", 1487);
    cr_assert_eq(r.precision, HS_PREC_NONE);
    cr_assert_neq(r.review, HS_REVIEW_NONE);
}

static int nreview;
static void on_review(void *payload, size_t i, const char *address, const hs_geocode_result *res)
{
    (void)payload;
    (void)address;
    (void)res;
    cr_assert_eq(i, 2);
    nreview++;
}

Test(geocode, records_cache_and_reverse)
{
    hs_records *rs;
    cr_assert_eq(hs_records_new(&rs), HS_OK);
    const char *addr[] = {"Storgatan 3", "Kungsgatan 4", "Ingen gata 1", NULL};
    for (size_t i = 0; i < 4; i++) {
        hs_record rec = HS_RECORD_INIT;
        rec.address = addr[i];
        rec.kommun_code = i < 3 ? 1487 : 0;
        if (i == 3) { /* given coordinates: only the reverse step */
            rec.x = 338041.0;
            rec.y = 6471001.0;
            rec.precision = HS_PREC_EXACT;
        }
        cr_assert_eq(hs_records_add(rs, &rec), HS_OK);
    }
    hs_geocode_stats st;
    nreview = 0;
    cr_assert_eq(hs_geocode_records(&st, ctx, gaz, rs, NULL, on_review, NULL), HS_OK, "%s",
                 hs_ctx_errmsg(ctx));
    cr_assert_eq(st.tried, 3);
    cr_assert_eq(st.placed, 2);
    cr_assert_eq(st.review, 1);
    cr_assert_eq(st.cached, 0);
    cr_assert_eq(st.reversed, 1);
    cr_assert_eq(nreview, 1);
    hs_record r;
    hs_records_get(&r, rs, 1);
    cr_assert_float_eq(r.x, 337100.0, 1e-6);
    cr_assert_float_eq(r.y, 6470080.0, 1e-6);
    cr_assert_eq(r.precision, HS_PREC_ADDRESS);
    cr_assert_str_eq(r.label, "Kungsgatan 4, Vänersborg");
    hs_records_get(&r, rs, 3);
    cr_assert_eq(r.kommun_code, 1487);
    hs_records_free(rs);

    /* the same addresses again: every answer from the cache */
    cr_assert_eq(hs_records_new(&rs), HS_OK);
    for (size_t i = 0; i < 3; i++) {
        hs_record rec = HS_RECORD_INIT;
        rec.address = addr[i];
        rec.kommun_code = 1487;
        cr_assert_eq(hs_records_add(rs, &rec), HS_OK);
    }
    nreview = 0;
    cr_assert_eq(hs_geocode_records(&st, ctx, gaz, rs, NULL, on_review, NULL), HS_OK);
    cr_assert_eq(st.cached, 3);
    cr_assert_eq(st.placed, 2);
    hs_records_get(&r, rs, 0);
    cr_assert_float_eq(r.x, 337060.0, 1e-6);
    hs_records_free(rs);

    hs_reverse_result rv;
    cr_assert_eq(hs_gazetteer_reverse(&rv, gaz, 337490.0, 6470490.0), HS_OK);
    cr_assert_eq(rv.kommun_code, 1487);
    cr_assert_str_eq(rv.place, "Resecentrum");
    cr_assert_float_eq(rv.place_dist, sqrt(200.0), 1e-9);
}
