/*
 * String similarity for street and place names: an optimal-string-alignment (restricted
 * Damerau-Levenshtein) distance with costs that reflect how Swedish addresses get damaged:
 * a lost diacritic (ö -> o) is cheap but not free, OCR confusions (l/t, rn/m, o/0 ...) are cheaper
 * than arbitrary edits. Pure C over code points; no allocation.
 */
#include "core/hs_internal.h"
#include "geocode/geocode.h"

#include <string.h>
#include <utf8proc.h>

#define MAXL 96

static size_t decode(int32_t *cp, const char *s)
{
    size_t n = 0;
    const uint8_t *p = (const uint8_t *)s;
    while (*p && n < MAXL) {
        int32_t c;
        utf8proc_ssize_t k = utf8proc_iterate(p, -1, &c);
        if (k <= 0) {
            p++;
            continue;
        }
        p += k;
        cp[n++] = c;
    }
    return n;
}

static int32_t base_of(int32_t c)
{
    if (c < 128) {
        return c;
    }
    utf8proc_int32_t dec[8];
    int last = 0;
    utf8proc_ssize_t m =
        utf8proc_decompose_char(c, dec, 8, UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK, &last);
    return m > 0 ? dec[0] : c;
}

static int pair_is(int32_t a, int32_t b, int32_t x, int32_t y)
{
    return (a == x && b == y) || (a == y && b == x);
}

static double sub_cost(int32_t a, int32_t b, int32_t ba, int32_t bb)
{
    if (a == b) {
        return 0.0;
    }
    if (ba == bb) {
        return 0.4; /* å/a, ä/a, ö/o, é/e */
    }
    if (pair_is(ba, bb, 'l', 't') || pair_is(ba, bb, 'l', 'i') || pair_is(ba, bb, 'l', '1') ||
        pair_is(ba, bb, 'i', '1') || pair_is(ba, bb, 'o', '0') || pair_is(ba, bb, 'e', 'c') ||
        pair_is(ba, bb, 'n', 'u') || pair_is(ba, bb, 'i', 'j') || pair_is(ba, bb, 's', '5') ||
        pair_is(ba, bb, 'b', '8')) {
        return 0.5;
    }
    return 1.0;
}

static double min3(double a, double b, double c)
{
    double m = a < b ? a : b;
    return m < c ? m : c;
}

double hs__name_distance(const char *sa, const char *sb)
{
    int32_t a[MAXL], b[MAXL], fa[MAXL], fb[MAXL];
    size_t la = decode(a, sa ? sa : ""), lb = decode(b, sb ? sb : "");
    for (size_t i = 0; i < la; i++) {
        fa[i] = base_of(a[i]);
    }
    for (size_t j = 0; j < lb; j++) {
        fb[j] = base_of(b[j]);
    }
    double d[MAXL + 1][MAXL + 1];
    for (size_t i = 0; i <= la; i++) {
        d[i][0] = (double)i;
    }
    for (size_t j = 0; j <= lb; j++) {
        d[0][j] = (double)j;
    }
    for (size_t i = 1; i <= la; i++) {
        for (size_t j = 1; j <= lb; j++) {
            double v = min3(d[i - 1][j] + 1.0, d[i][j - 1] + 1.0,
                            d[i - 1][j - 1] + sub_cost(a[i - 1], b[j - 1], fa[i - 1], fb[j - 1]));
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                a[i - 1] != b[j - 1]) {
                double t = d[i - 2][j - 2] + 0.8;
                v = t < v ? t : v;
            }
            /* rn <-> m */
            if (i > 1 && fa[i - 2] == 'r' && fa[i - 1] == 'n' && fb[j - 1] == 'm') {
                double t = d[i - 2][j - 1] + 0.5;
                v = t < v ? t : v;
            }
            if (j > 1 && fb[j - 2] == 'r' && fb[j - 1] == 'n' && fa[i - 1] == 'm') {
                double t = d[i - 1][j - 2] + 0.5;
                v = t < v ? t : v;
            }
            d[i][j] = v;
        }
    }
    return d[la][lb];
}

double hs__name_similarity(const char *a, const char *b)
{
    if (!a || !b) {
        return 0.0;
    }
    if (strcmp(a, b) == 0) {
        return a[0] ? 1.0 : 0.0;
    }
    int32_t tmp[MAXL];
    size_t la = decode(tmp, a), lb = decode(tmp, b);
    size_t m = la > lb ? la : lb;
    if (m == 0) {
        return 0.0;
    }
    double s = 1.0 - hs__name_distance(a, b) / (double)m;
    return s < 0.0 ? 0.0 : s;
}
