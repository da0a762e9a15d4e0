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

/* n records of one source: ids "<tag><i>", codes cycling over three, every seventh with an
 * address, every fifth without a code */
static hs_records *coded(const char *tag, const char *source, int n)
{
    static const char *const codes[] = {"0823", "9301", "0371"};
    hs_records *r = NULL;
    cr_assert_eq(hs_records_new(&r), HS_OK);
    for (int i = 0; i < n; i++) {
        char id[32];
        snprintf(id, sizeof id, "%s%d", tag, i);
        hs_record rec = HS_RECORD_INIT;
        rec.id = id;
        rec.source = source;
        rec.row = i + 1;
        rec.x = i;
        rec.y = -i;
        rec.precision = HS_PREC_EXACT;
        rec.code = i % 5 == 4 ? NULL : codes[i % 3];
        rec.address = i % 7 == 0 ? "Storgatan 1" : NULL;
        rec.category = i % 2 ? "stöld" : "våld";
        cr_assert_eq(hs_records_add(r, &rec), HS_OK);
    }
    return r;
}

Test(core, records_codes_interned_and_texts_sparse)
{
    hs_records *r = coded("a", "polis", 3000);
    hs_record out;
    for (int i = 0; i < 3000; i += 13) {
        cr_assert_eq(hs_records_get(&out, r, (size_t)i), HS_OK);
        if (i % 5 == 4) {
            cr_assert_null(out.code);
        } else {
            cr_assert_str_eq(out.code, i % 3 == 0 ? "0823" : i % 3 == 1 ? "9301" : "0371");
        }
        if (i % 7 == 0) {
            cr_assert_str_eq(out.address, "Storgatan 1");
        } else {
            cr_assert_null(out.address);
        }
        cr_assert_null(out.label);
        cr_assert_null(out.place_text);
    }
    /* a text no record had so far: the column appears, the others stay NULL */
    cr_assert_eq(hs_records_set_location(r, 10, 5, 6, HS_PREC_ADDRESS, 0.9, "Storgatan 1"), HS_OK);
    cr_assert_eq(hs_records_set_place_text(r, 11, "Kungsgatan", "title"), HS_OK);
    cr_assert_eq(hs_records_get(&out, r, 10), HS_OK);
    cr_assert_str_eq(out.label, "Storgatan 1");
    cr_assert_null(out.place_text);
    cr_assert_eq(hs_records_get(&out, r, 11), HS_OK);
    cr_assert_null(out.label);
    cr_assert_str_eq(out.place_text, "Kungsgatan");
    cr_assert_str_eq(out.place_field, "title");
    hs_records_free(r);
}

Test(core, records_append_moves_and_rebases)
{
    hs_records *a = coded("a", "polis", 1500);
    hs_records *b = coded("b", "trygghet", 2500);
    cr_assert_eq(hs_records_set_place(b, 3, "Torget"), HS_OK); /* a column only b has */
    cr_assert_eq(hs__records_append(a, b, 1500), HS_OK);
    cr_assert_eq(hs_records_count(b), 0);
    hs_records_free(b);
    cr_assert_eq(hs_records_count(a), 4000);
    hs_record out;
    cr_assert_eq(hs_records_get(&out, a, 1499), HS_OK);
    cr_assert_str_eq(out.id, "a1499");
    cr_assert_str_eq(out.source, "polis");
    cr_assert_null(out.place);
    cr_assert_eq(hs_records_get(&out, a, 1503), HS_OK);
    cr_assert_str_eq(out.id, "b3");
    cr_assert_str_eq(out.source, "trygghet");
    cr_assert_str_eq(out.place, "Torget");
    cr_assert_str_eq(out.code, "0823");
    cr_assert_eq(out.row, 1504);
    cr_assert_eq(out.x, 3.0);
    cr_assert_eq(hs_records_get(&out, a, 1507), HS_OK);
    cr_assert_str_eq(out.id, "b7");
    cr_assert_str_eq(out.address, "Storgatan 1");
    cr_assert_null(out.place);
    cr_assert_str_eq(out.code, "9301");
    cr_assert_eq(hs_records_get(&out, a, 1504), HS_OK);
    cr_assert_null(out.code); /* b4: every fifth without a code */
    cr_assert_eq(hs_records_category_count(a), 2);
    hs_records_free(a);
}

/* Columns that hold one value (weight, times, kommun, source, score) cost no memory per record
 * until a record differs; readers and appends see the same values either way. */
Test(core, records_uniform_columns)
{
    hs_records *a = coded("a", "polis", 3000), *b = coded("b", "polis", 2000);
    size_t uniform = hs_records_memory(a);
    const double *w = hs_records_weight(a); /* a reader of the whole column gets it filled */
    cr_assert_not_null(w);
    cr_assert_eq(w[0], 1.0);
    cr_assert_eq(w[2999], 1.0);
    cr_assert(hs_records_memory(a) >= uniform + 3000 * sizeof(double), "memory %zu, before %zu",
              hs_records_memory(a), uniform);
    /* b: one kommun and score set late, at one record; all others keep theirs */
    cr_assert_eq(hs_records_set_kommun(b, 1999, 380), HS_OK);
    cr_assert_eq(hs_records_set_location(b, 5, 1, 2, HS_PREC_ADDRESS, 0.5, NULL), HS_OK);
    hs_record out;
    cr_assert_eq(hs_records_get(&out, b, 1998), HS_OK);
    cr_assert_eq(out.kommun_code, 0);
    cr_assert_eq(out.geocode_score, 0.0);
    cr_assert_eq(hs_records_get(&out, b, 1999), HS_OK);
    cr_assert_eq(out.kommun_code, 380);
    cr_assert_eq(hs_records_get(&out, b, 5), HS_OK);
    cr_assert_float_eq(out.geocode_score, 0.5, 1e-7);
    /* c: a source and times of its own, uniform within c */
    hs_records *c = NULL;
    cr_assert_eq(hs_records_new(&c), HS_OK);
    for (int i = 0; i < 10; i++) {
        hs_record rec = HS_RECORD_INIT;
        rec.source = "trygghet";
        rec.row = i + 1;
        rec.t_from = rec.t_to = 1700000000;
        rec.weight = 2.5;
        cr_assert_eq(hs_records_add(c, &rec), HS_OK);
    }
    cr_assert_eq(hs__records_append(a, b, 3000), HS_OK);
    cr_assert_eq(hs__records_append(a, c, 5000), HS_OK);
    hs_records_free(b);
    hs_records_free(c);
    cr_assert_eq(hs_records_count(a), 5010);
    const int32_t *k = hs_records_kommun(a);
    const int64_t *tf = hs_records_t_from(a);
    w = hs_records_weight(a);
    for (size_t i = 0; i < 5010; i++) {
        cr_assert_eq(k[i], i == 4999 ? 380 : 0, "kommun at %zu", i);
        cr_assert_eq(tf[i], i >= 5000 ? 1700000000 : HS_TIME_NONE, "t_from at %zu", i);
        cr_assert_eq(w[i], i >= 5000 ? 2.5 : 1.0, "weight at %zu", i);
        if (i % 97 == 0 || i >= 4998) {
            cr_assert_eq(hs_records_get(&out, a, i), HS_OK);
            cr_assert_str_eq(out.source, i >= 5000 ? "trygghet" : "polis");
            cr_assert_eq(out.geocode_score, i == 3005 ? 0.5f : 0.0f, "score at %zu", i);
        }
    }
    hs_records_free(a);
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
