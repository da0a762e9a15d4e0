/*
 * Unit tests of the core: error strings, the context, locale-independent number parsing, the
 * string dictionary, records and rejects.
 */
#include <criterion/criterion.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/hs_internal.h"

Test(core, strerror_covers_codes)
{
    for (int c = HS_OK; c >= HS_EINTERNAL; c--) {
        cr_assert_str_neq(hs_strerror(c), "unknown error", "code %d", c);
    }
    cr_assert_str_eq(hs_strerror(-999), "unknown error");
}

static void collect(void *payload, hs_log_level level, const char *message)
{
    (void)level;
    strncpy(payload, message, 63);
}

Test(core, ctx_error_and_log)
{
    hs_ctx *ctx = NULL;
    cr_assert_eq(hs_ctx_new(&ctx), HS_OK);
    cr_assert_str_eq(hs_ctx_errmsg(ctx), "");
    cr_assert_eq(hs__error(ctx, HS_EDATA, "row %d bad", 7), HS_EDATA);
    cr_assert_str_eq(hs_ctx_errmsg(ctx), "row 7 bad");
    cr_assert_eq(hs_ctx_errcode(ctx), HS_EDATA);
    char got[64] = "";
    hs_ctx_set_log(ctx, HS_LOG_WARN, collect, got);
    hs__log(ctx, HS_LOG_INFO, "dropped");
    cr_assert_str_eq(got, "");
    hs__log(ctx, HS_LOG_WARN, "kept %s", "this");
    cr_assert_str_eq(got, "kept this");
    hs_ctx_cancel(ctx);
    cr_assert_eq(hs__progress(ctx, "x", 0.5), HS_ECANCEL);
    cr_assert_eq(hs_ctx_set_lang(ctx, "de"), HS_EINVAL);
    hs_ctx_free(ctx);
    hs_ctx_free(NULL);
}

Test(core, parse_double_forms)
{
    double v;
    cr_assert_eq(hs__parse_double(&v, "6480123,45"), HS_OK);
    cr_assert_float_eq(v, 6480123.45, 1e-6);
    cr_assert_eq(hs__parse_double(&v, " -12.5 "), HS_OK);
    cr_assert_float_eq(v, -12.5, 1e-12);
    cr_assert_eq(hs__parse_double(&v, "6 480 123"), HS_OK);
    cr_assert_float_eq(v, 6480123.0, 1e-9);
    cr_assert_eq(hs__parse_double(&v, "1e3"), HS_OK);
    cr_assert_float_eq(v, 1000.0, 1e-9);
    cr_assert_eq(hs__parse_double(&v, "0.1"), HS_OK);
    cr_assert_eq(v, 0.1);
    cr_assert_eq(hs__parse_double(&v, "6 48x 123"), HS_EDATA);
    cr_assert_eq(hs__parse_double(&v, ""), HS_EDATA);
    cr_assert_eq(hs__parse_double(&v, "1,2,3"), HS_EDATA);
    cr_assert_eq(hs__parse_double(&v, "NaN"), HS_EDATA);
    cr_assert_eq(hs__parse_double(&v, "1e999"), HS_EDATA);
}

Test(core, parse_double_swedish_locale)
{
    /* Under sv_SE the C library writes decimal commas; our parser must not care. */
    if (!setlocale(LC_ALL, "sv_SE.UTF-8")) {
        cr_skip_test("sv_SE.UTF-8 locale not generated on this machine");
    }
    double v;
    cr_assert_eq(hs__parse_double(&v, "12.75"), HS_OK);
    cr_assert_float_eq(v, 12.75, 1e-12);
    cr_assert_eq(hs__parse_double(&v, "12,75"), HS_OK);
    cr_assert_float_eq(v, 12.75, 1e-12);
    setlocale(LC_ALL, "C");
}

Test(core, parse_int64_limits)
{
    int64_t v;
    cr_assert_eq(hs__parse_int64(&v, "9223372036854775807"), HS_OK);
    cr_assert_eq(v, INT64_MAX);
    cr_assert_eq(hs__parse_int64(&v, "-9223372036854775808"), HS_OK);
    cr_assert_eq(v, INT64_MIN);
    cr_assert_eq(hs__parse_int64(&v, "9223372036854775808"), HS_EDATA);
    cr_assert_eq(hs__parse_int64(&v, "12a"), HS_EDATA);
}

Test(core, dict_interns)
{
    hs__dict d = {0};
    int32_t a, b, c;
    char name[32];
    for (int i = 0; i < 1000; i++) {
        snprintf(name, sizeof name, "k%d", i);
        cr_assert_eq(hs__dict_intern(&a, &d, name), HS_OK);
        cr_assert_eq(a, i);
    }
    cr_assert_eq(hs__dict_intern(&b, &d, "k500"), HS_OK);
    cr_assert_eq(b, 500);
    cr_assert_eq(hs__dict_intern(&c, &d, NULL), HS_OK);
    cr_assert_eq(c, -1);
    cr_assert_str_eq(hs__dict_name(&d, 999), "k999");
    hs__dict_free(&d);
}

Test(core, records_roundtrip_and_local_filter)
{
    hs_records *r = NULL;
    cr_assert_eq(hs_records_new(&r), HS_OK);
    for (int i = 0; i < 5000; i++) {
        hs_record rec = HS_RECORD_INIT;
        rec.id = i % 2 ? "odd" : "even";
        rec.x = 300000 + i;
        rec.y = 6400000 + i;
        rec.precision = i % 10 == 0 ? HS_PREC_KOMMUN : HS_PREC_EXACT;
        rec.category = i % 3 ? "stöld" : "våld";
        cr_assert_eq(hs_records_add(r, &rec), HS_OK);
    }
    cr_assert_eq(hs_records_count(r), 5000);
    cr_assert_eq(hs_records_category_count(r), 2);
    hs_record out;
    cr_assert_eq(hs_records_get(&out, r, 4), HS_OK);
    cr_assert_str_eq(out.id, "even");
    cr_assert_str_eq(out.category, "stöld");
    cr_assert_eq(out.x, 300004.0);
    hs_record blank = HS_RECORD_INIT;
    cr_assert(isnan(blank.x));
    cr_assert_eq(hs_records_set_place(r, 4, "Stortorget"), HS_OK);
    cr_assert_eq(hs_records_get(&out, r, 4), HS_OK);
    cr_assert_str_eq(out.place, "Stortorget");
    cr_assert_eq(hs_records_get(&out, r, 5), HS_OK);
    cr_assert_null(out.place);
    size_t n = 0;
    cr_assert_eq(hs_records_local_index(&n, NULL, 0, r), HS_OK);
    cr_assert_eq(n, 4500);
    hs_bbox b = hs_records_bbox(r);
    cr_assert_eq(b.xmin, 300001.0);
    cr_assert_eq(b.xmax, 304999.0);
    hs_records_free(r);
}

Test(core, rejects_by_reason)
{
    hs_rejects *rj = NULL;
    cr_assert_eq(hs_rejects_new(&rj), HS_OK);
    const char *reasons[] = {"bad_date", "bad_date", "missing_coordinates", "bad_date"};
    for (int i = 0; i < 4; i++) {
        hs_reject r = {"f.csv", i + 1, "Datum", "x", reasons[i]};
        cr_assert_eq(hs_rejects_add(rj, &r), HS_OK);
    }
    const char *names[4];
    size_t counts[4];
    size_t k = hs_rejects_by_reason(names, counts, 4, rj);
    cr_assert_eq(k, 2);
    cr_assert_str_eq(names[0], "bad_date");
    cr_assert_eq(counts[0], 3);
    hs_reject out;
    cr_assert_eq(hs_rejects_get(&out, rj, 2), HS_OK);
    cr_assert_eq(out.row, 3);
    cr_assert_str_eq(out.reason, "missing_coordinates");
    hs_rejects_free(rj);
}
