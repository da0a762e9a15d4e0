/*
 * Tests of the category table: the built-in default equals shapes/brottskoder.csv rule for rule,
 * lookup precedence (exact code, code prefix, exact name, name prefix), case folding of å ä ö,
 * kinds, and load errors naming file and line.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "hotspot.h"

static void expect(const hs_catmap *m, hs_record_kind kind, const char *code, const char *name,
                   const char *cat, const char *focus)
{
    const char *c = NULL, *f = NULL;
    int hit = hs_catmap_lookup(&c, &f, m, kind, code, name);
    if (!cat) {
        cr_assert_eq(hit, 0);
        cr_assert_null(c);
        return;
    }
    cr_assert_eq(hit, 1, "no rule for code '%s' name '%s'", code ? code : "", name ? name : "");
    cr_assert_str_eq(c, cat);
    if (focus) {
        cr_assert_str_eq(f, focus);
    } else {
        cr_assert_null(f);
    }
}

Test(catmap, default_equals_shapes_file)
{
    hs_catmap *a = NULL, *b = NULL;
    hs_ctx *ctx = NULL;
    hs_ctx_new(&ctx);
    cr_assert_eq(hs_catmap_default(&a), HS_OK);
    cr_assert_eq(hs_catmap_load(&b, ctx, HS_SOURCE_DIR "/shapes/brottskoder.csv"), HS_OK, "%s",
                 hs_ctx_errmsg(ctx));
    cr_assert_gt(hs_catmap_count(a), 100);
    cr_assert_eq(hs_catmap_count(a), hs_catmap_count(b));
    const char *probes[] = {"0301",
                            "0856",
                            "1201",
                            "1699",
                            "Misshandel, grov",
                            "Rån väpnat",
                            "Brand automatlarm",
                            "Sammanfattning natt",
                            "Trafikolycka, vilt",
                            "Övrigt",
                            "Stöld/inbrott",
                            "narkotikabrott"};
    for (size_t i = 0; i < sizeof probes / sizeof probes[0]; i++) {
        const char *c1, *f1, *c2, *f2;
        int h1 = hs_catmap_lookup(&c1, &f1, a, HS_KIND_INCIDENT, probes[i], probes[i]);
        int h2 = hs_catmap_lookup(&c2, &f2, b, HS_KIND_INCIDENT, probes[i], probes[i]);
        cr_assert_eq(h1, h2);
        cr_assert_eq(h1, 1, "%s", probes[i]);
        cr_assert_str_eq(c1, c2);
    }
    hs_catmap_free(a);
    hs_catmap_free(b);
    hs_ctx_free(ctx);
}

Test(catmap, precedence_and_folding)
{
    hs_catmap *m = NULL;
    cr_assert_eq(hs_catmap_new(&m), HS_OK);
    cr_assert_eq(hs_catmap_add(m, HS_KIND_INCIDENT, "08*", "stold", "brott"), HS_OK);
    cr_assert_eq(hs_catmap_add(m, HS_KIND_INCIDENT, "0856", "fordon", NULL), HS_OK);
    cr_assert_eq(hs_catmap_add(m, HS_KIND_INCIDENT, "085*", "stold85", ""), HS_OK);
    cr_assert_eq(hs_catmap_add(m, HS_KIND_INCIDENT, "Skadegörelse*", "skade", "trygg"), HS_OK);
    cr_assert_eq(hs_catmap_add(m, HS_KIND_INCIDENT, "skadegörelse genom brand", "brand", NULL),
                 HS_OK);
    cr_assert_eq(hs_catmap_add(m, HS_KIND_COMPLAINT, "Klotter*", "klotter", "trygg"), HS_OK);
    cr_assert_eq(hs_catmap_add(m, -1, "Övrigt", "ovrigt", NULL), HS_OK);
    expect(m, HS_KIND_INCIDENT, "0856", NULL, "fordon", NULL);
    expect(m, HS_KIND_INCIDENT, "0857", NULL, "stold85", NULL);
    expect(m, HS_KIND_INCIDENT, "0801", "Skadegörelse", "stold", "brott"); /* code first */
    expect(m, HS_KIND_INCIDENT, "9999", "SKADEGÖRELSE, grov", "skade", "trygg");
    expect(m, HS_KIND_INCIDENT, NULL, "Skadegörelse genom brand", "brand", NULL);
    expect(m, HS_KIND_INCIDENT, NULL, "Klotter på skola", NULL, NULL);
    expect(m, HS_KIND_COMPLAINT, NULL, "klotter på skola", "klotter", "trygg");
    expect(m, HS_KIND_COMPLAINT, NULL, "övrigt", "ovrigt", NULL);
    expect(m, HS_KIND_INCIDENT, "", "", NULL, NULL);
    cr_assert_eq(hs_catmap_add(m, HS_KIND_INCIDENT, "", "x", NULL), HS_EINVAL);
    hs_catmap_free(m);
}

Test(catmap, load_errors)
{
    hs_ctx *ctx = NULL;
    hs_ctx_new(&ctx);
    char path[] = "/tmp/hs_catmap_XXXXXX";
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    FILE *f = fdopen(fd, "w");
    fputs("# comment\nkey;category;focus_area;kind\n0301;vald;;\nonlykey\n", f);
    fclose(f);
    hs_catmap *m = NULL;
    cr_assert_eq(hs_catmap_load(&m, ctx, path), HS_EDATA);
    cr_assert(strstr(hs_ctx_errmsg(ctx), ":4:") != NULL, "%s", hs_ctx_errmsg(ctx));
    cr_assert_null(m);
    remove(path);
    cr_assert_eq(hs_catmap_load(&m, ctx, "/nonexistent/x.csv"), HS_EIO);
    hs_ctx_free(ctx);
}

Test(catmap, labels_from_the_table_then_built_in_then_the_key)
{
    char path[] = "/tmp/hs_catmap_labels_XXXXXX";
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    FILE *f = fdopen(fd, "w");
    fputs("key;category;focus_area;kind;label_sv;label_en\n"
          "0371;vald;brott;incident;Våldsbrott;Violent crime\n"
          "0375;vald;brott;incident\n"
          "0856;stold;brott;incident\n"
          "9999;eget_slag;;incident\n",
          f);
    fclose(f);
    hs_catmap *m = NULL;
    cr_assert_eq(hs_catmap_load(&m, NULL, path), HS_OK);
    unlink(path);
    char out[128];
    cr_assert_str_eq(hs_catmap_label(m, "vald", "sv"), "Våldsbrott");
    cr_assert_str_eq(hs_catmap_label(m, "vald", "en"), "Violent crime");
    cr_assert_null(hs_catmap_label(m, "stold", "sv"));
    cr_assert_eq(hs_category_display(out, sizeof out, m, "stold", "sv"), HS_OK);
    cr_assert_str_eq(out, "Stöld"); /* the built-in table's name */
    hs_category_display(out, sizeof out, m, "hot_ofredande", "sv");
    cr_assert_str_eq(out, "Hot och ofredande");
    hs_category_display(out, sizeof out, m, "hot_ofredande", "en");
    cr_assert_str_eq(out, "Threats and harassment");
    hs_category_display(out, sizeof out, m, "eget_slag", "sv");
    cr_assert_str_eq(out, "Eget slag"); /* no name anywhere: the key, readable */
    hs_category_display(out, sizeof out, NULL, "önskemål", "sv");
    cr_assert_str_eq(out, "Önskemål");
    hs_catmap_free(m);
}
