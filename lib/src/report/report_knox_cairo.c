/*
 * The report's near-repeat section: a heading, one sentence and the Knox heat table
 * (chart_knox_cairo.c) in a box of a report page, from the GeoPackage's `near_repeat` table
 * (report_gdal.c reads it). Draws nothing when the table is absent, malformed or the box too
 * small; it computes no statistics.
 */
#include "core/hs_internal.h"
#include "render/render.h"
#include "report/report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const hs_rgba INK = {0.13, 0.13, 0.13, 1};

/* The band edges of a table written row-major by distance band; 0 when it is not one. */
static int table_shape(double *de, size_t *nd, double *te, size_t *nt, const hs__report_knox *k,
                       size_t cap)
{
    *nd = 0;
    *nt = 0;
    while (*nt < k->n && *nt < cap && k->dist_to[*nt] == k->dist_to[0]) {
        te[*nt] = k->days_to[*nt];
        (*nt)++;
    }
    if (*nt == 0 || k->n % *nt != 0 || k->n / *nt > cap) {
        return 0;
    }
    *nd = k->n / *nt;
    for (size_t i = 0; i < *nd; i++) {
        de[i] = k->dist_to[i * *nt];
        for (size_t j = 0; j < *nt; j++) {
            if (k->days_to[i * *nt + j] != te[j] || k->dist_to[i * *nt + j] != de[i]) {
                return 0;
            }
        }
    }
    return 1;
}

void hs__report_knox_draw(struct _cairo *cr, hs_ctx *ctx, const char *gpkg, double x, double y,
                          double w, double h, int en, const char *categories, int analytic)
{
    if (h < 45) {
        return;
    }
    hs__report_knox k;
    if (hs__report_knox_load(&k, ctx, gpkg) != HS_OK) {
        hs_ctx_clear_error(ctx);
        return;
    }
    double de[32];
    double te[32];
    size_t nd;
    size_t nt;
    if (table_shape(de, &nd, te, &nt, &k, 32)) {
        y += hs__text_wrap(cr, x, y, w,
                           en ? "Near repeats: do incidents follow each other close in space "
                                "and time?"
                              : "Närupprepning: följer brott varandra nära i tid och rum?",
                           10, 1, INK) +
             1.5;
        char what[96] = "";
        if (categories && strcmp(categories, "*") != 0) {
            hs__fmt(what, sizeof what, " (%s)", categories);
        }
        const char *against =
            analytic ? (en ? "against the pairs expected if place and time were independent "
                             "(Knox's analytic expectation)"
                           : "jämfört med de par som väntas om plats och tid vore oberoende "
                             "(Knox förväntade antal)")
                     : (en ? "against the same incidents with their dates shuffled (Knox test)"
                           : "jämfört med samma brott med slumpade datum (Knoxtest)");
        char text[512];
        hs__fmt(text, sizeof text,
                en ? "Pairs of located incidents%s by distance and days apart, %s. A ratio above 1 "
                     "means more pairs than chance would give."
                   : "Par av lägesbestämda brott%s efter avstånd och antal dagar emellan, %s. En "
                     "kvot över 1 betyder fler par än slumpen ger.",
                what, against);
        y += hs__text_wrap(cr, x, y, w, text, 8, 0, INK) + 2;
        hs__chart_knox_draw(cr, x, y, w, fmin(h - 16, 60), de, nd, te, nt, k.ratio, k.p,
                            en ? "en" : "sv");
    }
    hs__report_knox_free(&k);
}
