/*
 * Tests of the built-in layer styles (style.c, styles/<kind>.style), the QML generated from them
 * (style_qml.c) and the SHA-256 used for input digests (sha256.c, against the FIPS 180-2 vectors).
 * Expected colours are the hex values written in the style files.
 */
#include "core/hs_internal.h"
#include "style/style.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define TOL 1e-9

static void expect_hex(hs_rgba c, unsigned hex)
{
    cr_expect_float_eq(c.r, ((hex >> 16) & 255) / 255.0, TOL);
    cr_expect_float_eq(c.g, ((hex >> 8) & 255) / 255.0, TOL);
    cr_expect_float_eq(c.b, (hex & 255) / 255.0, TOL);
}

Test(style, every_kind_is_embedded)
{
    const char *kinds[] = {"density",  "gistar",          "grid",       "incidents",
                           "emerging", "change",          "comparison", "places",
                           "kommuner", "concentrations",  "complaints", "measures",
                           "segments", "segments_gistar", "basemap"};
    cr_expect_eq(hs_style_count(), sizeof kinds / sizeof kinds[0]);
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        const hs_style *s = hs_style_get(kinds[i]);
        cr_assert_not_null(s, "style %s", kinds[i]);
        cr_expect_gt(s->nclasses, 0);
        cr_expect_not_null(s->title_sv);
        cr_expect_not_null(s->title_en);
        cr_expect_eq(hs_style_for_layer(s->layer), s);
    }
    cr_expect_null(hs_style_get("nope"));
    cr_expect_null(hs_style_at(hs_style_count()));
    cr_expect_eq(hs_style_for_layer("kde"), hs_style_get("density"));
}

Test(style, gistar_bins_diverging)
{
    const hs_style *s = hs_style_get("gistar");
    cr_assert_eq(s->type, HS_STYLE_CATEGORIZED);
    cr_expect_str_eq(s->field, "gi_bin");
    cr_assert_eq(s->nclasses, 7);
    expect_hex(hs_style_color_at(s, 3), 0xb2182b);
    expect_hex(hs_style_color_at(s, -3), 0x2166ac);
    expect_hex(hs_style_color_at(s, 0), 0xf7f7f7);
    cr_expect_float_eq(hs_style_color_at(s, 0).a, 0.4, TOL);
    cr_expect_float_eq(hs_style_color_at(s, 2).a, 0.8, TOL); /* the basemap shows through */
    cr_expect_float_eq(hs_style_color_at(s, 7).a, 0.0, TOL); /* no class */
    const hs_style_class *c = hs_style_class_for(s, "-2", NAN);
    cr_assert_not_null(c);
    cr_expect_str_eq(hs_style_label(c, "sv"), "Kall, 95 % konfidens");
    cr_expect_str_eq(hs_style_label(c, "en"), "Cold spot, 95 % confidence");
    expect_hex(c->stroke, 0xffffff);
}

Test(style, ramp_interpolates_between_stops)
{
    const hs_style *s = hs_style_get("density");
    cr_assert_eq(s->type, HS_STYLE_RAMP);
    /* stops 0.1 #fed976 and 0.3 #feb24c: 0.2 is halfway */
    hs_rgba c = hs_style_color_at(s, 0.2);
    cr_expect_float_eq(c.r, 0xfe / 255.0, TOL);
    cr_expect_float_eq(c.g, (0xd9 + 0xb2) / 2.0 / 255.0, TOL);
    cr_expect_float_eq(c.b, (0x76 + 0x4c) / 2.0 / 255.0, TOL);
    expect_hex(hs_style_color_at(s, 1.0), 0xbd0026);
    expect_hex(hs_style_color_at(s, 5.0), 0xbd0026); /* clamped */
    cr_expect_float_eq(hs_style_color_at(s, 0.0).a, 0.0, TOL);
    cr_expect_float_eq(hs_style_color_at(s, -1.0).a, 0.0, TOL);
}

Test(style, graduated_ranges_half_open)
{
    const hs_style *s = hs_style_get("grid");
    cr_assert_eq(s->type, HS_STYLE_GRADUATED);
    cr_expect_str_eq(hs_style_label(hs_style_class_for(s, NULL, 2), "sv"), "1–2");
    cr_expect_str_eq(hs_style_label(hs_style_class_for(s, NULL, 3), "sv"), "3–5");
    cr_expect_str_eq(hs_style_label(hs_style_class_for(s, NULL, 1e6), "en"), "26 or more");
    cr_expect_null(hs_style_class_for(s, NULL, 0));
    cr_expect(isinf(s->classes[s->nclasses - 1].hi));
}

Test(style, categorized_text_and_fallback)
{
    const hs_style *s = hs_style_get("incidents");
    cr_expect_str_eq(s->geometry, "point");
    expect_hex(hs_style_class_for(s, "Narkotika", NAN)->fill, 0x56B4E9);
    const hs_style_class *other = hs_style_class_for(s, "okänt", NAN);
    cr_assert_not_null(other);
    cr_expect_null(other->value);
    cr_expect_str_eq(hs_style_label(other, "sv"), "Övrigt");
    const hs_style *cmp = hs_style_get("comparison");
    cr_expect_eq(cmp->nclasses, 4);
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle)) {
        n++;
    }
    return n;
}

Test(style, qml_from_styles)
{
    char *q = NULL;
    cr_assert_eq(hs__style_qml(&q, hs_style_get("gistar"), "sv"), HS_OK);
    cr_expect(strstr(q, "type=\"categorizedSymbol\" attr=\"gi_bin\"") != NULL);
    cr_expect_eq(count(q, "<category "), 7);
    cr_expect(strstr(q, "value=\"178,24,43,204\"") != NULL); /* #b2182b at 80 % */
    cr_expect(strstr(q, "Het, 99 % konfidens") != NULL);
    free(q);
    cr_assert_eq(hs__style_qml(&q, hs_style_get("grid"), "en"), HS_OK);
    cr_expect_eq(count(q, "<range "), 5);
    cr_expect(strstr(q, "lower=\"3\" upper=\"5.9999999999999991\"") != NULL);
    cr_expect(strstr(q, "26 or more") != NULL);
    free(q);
    cr_assert_eq(hs__style_qml(&q, hs_style_get("incidents"), "sv"), HS_OK);
    cr_expect(strstr(q, "SimpleMarker") != NULL);
    cr_expect(strstr(q, "value=\"\" label=\"Övrigt\"") != NULL);
    free(q);
    /* line styles: a line symbol per class with the class's own width */
    cr_assert_eq(hs__style_qml(&q, hs_style_get("segments"), "sv"), HS_OK);
    cr_expect_eq(count(q, "class=\"SimpleLine\""), 5);
    cr_expect_eq(count(q, "<symbol type=\"line\""), 5);
    cr_expect(strstr(q, "name=\"line_width\" value=\"1.4\"") != NULL);
    cr_expect(strstr(q, "name=\"line_color\" value=\"189,0,38,255\"") != NULL); /* #bd0026 */
    cr_expect(strstr(q, "SimpleFill") == NULL);
    free(q);
    cr_expect_float_eq(hs_style_get("segments_gistar")->classes[0].width, 1.3, 1e-12);
    cr_assert_eq(hs__style_qml(&q, hs_style_get("density"), "sv"), HS_OK);
    cr_expect(strstr(q, "singlebandpseudocolor") != NULL);
    cr_expect_eq(count(q, "<item "), 6);
    free(q);
}

Test(sha256, fips_vectors)
{
    char hex[65];
    hs__sha256_hex(hex, "abc", 3);
    cr_expect_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    hs__sha256_hex(hex, "", 0);
    cr_expect_str_eq(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    hs__sha256_hex(hex, two, strlen(two));
    cr_expect_str_eq(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    char *a = malloc(1000000);
    cr_assert_not_null(a);
    memset(a, 'a', 1000000);
    hs__sha256_hex(hex, a, 1000000);
    free(a);
    cr_expect_str_eq(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    cr_expect_eq(hs__sha256_file(hex, "/nonexistent/file"), HS_EIO);
}
