/*
 * The report page "Brottskoncentrationer": the law of crime concentration measured at street
 * segments. The headline share, the concentration (Lorenz) curve with the line of maximal
 * equality given the data, the Gini and generalised Gini against cells and places, the stability
 * between years with its small-count caveat, and the top segments with their time windows. The
 * measures are read back from the run table; the curve from the `segments` layer.
 */
#include "core/hs_internal.h"
#include "render/render.h"
#include "report/report.h"

#include <cairo.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ML HS__RP_ML
#define CW HS__RP_CW
#define INK HS__RP_INK
#define GREY HS__RP_GREY
#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

/* A run parameter as a number (NaN when absent or empty). */
static double param(const hs__report_page *p, const char *key)
{
    const char *v = hs__report_param(p->d, key);
    double d;
    return v && v[0] && hs__parse_double(&d, v) == HS_OK ? d : NAN;
}

/* v with prec decimals and the language's decimal mark ("–" for NaN). */
static const char *num(char *buf, size_t cap, const hs__report_page *p, double v, int prec)
{
    if (isnan(v)) {
        hs__fmt(buf, cap, "–");
        return buf;
    }
    hs__fmt(buf, cap, "%.*f", prec, v);
    for (char *c = buf; !p->en && *c; c++) {
        *c = *c == '.' ? ',' : *c;
    }
    return buf;
}

static int cmp_desc(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x < y) - (x > y);
}

static void set(cairo_t *cr, hs_rgba c)
{
    cairo_set_source_rgba(cr, c.r, c.g, c.b, c.a);
}

/* The concentration curve in a box: share of segments (largest counts first) against share of
 * incidents, the diagonal of perfect equality and, for sparse data, the line of maximal equality
 * given the data (reaching 100 % at incidents / segments). */
static void lorenz_chart(const hs__report_page *p, double x, double y, double w, double h,
                         const hs__report_segs *s)
{
    cairo_t *cr = p->cr;
    double total = 0;
    double *v = malloc((s->n + 1) * sizeof *v);
    if (!v || s->n == 0) {
        free(v);
        return;
    }
    memcpy(v, s->counts, s->n * sizeof *v);
    qsort(v, s->n, sizeof *v, cmp_desc);
    for (size_t i = 0; i < s->n; i++) {
        total += v[i];
    }
    /* frame, grid and labels */
    cairo_set_line_width(cr, 0.15);
    for (int k = 0; k <= 4; k++) {
        double gx = x + w * k / 4.0, gy = y + h - h * k / 4.0;
        cairo_set_source_rgba(cr, 0.85, 0.85, 0.85, 1);
        cairo_move_to(cr, gx, y);
        cairo_line_to(cr, gx, y + h);
        cairo_move_to(cr, x, gy);
        cairo_line_to(cr, x + w, gy);
        cairo_stroke(cr);
        char lab[16];
        hs__fmt(lab, sizeof lab, "%d %%", 25 * k);
        hs__text(cr, gx, y + h + 1, lab, 6.5, 0, 1, GREY, 0, NULL);
        hs__text(cr, x - 1.5, gy - 1.3, lab, 6.5, 0, 2, GREY, 0, NULL);
    }
    hs__text(cr, x + w / 2, y + h + 5,
             hs__report_tr(p, "Andel av gatusegmenten (flest brott först)",
                           "Share of the street segments (most crimes first)"),
             7, 0, 1, INK, 0, NULL);
    cairo_save(cr);
    cairo_translate(cr, x - 11, y + h / 2);
    cairo_rotate(cr, -M_PI / 2);
    hs__text(cr, 0, 0, hs__report_tr(p, "Andel av brotten", "Share of the crimes"), 7, 0, 1, INK, 0,
             NULL);
    cairo_restore(cr);
    /* perfect equality, and maximal equality given the data when sparse */
    cairo_set_line_width(cr, 0.3);
    set(cr, GREY);
    double dash[2] = {1.2, 1.0};
    cairo_set_dash(cr, dash, 2, 0);
    cairo_move_to(cr, x, y + h);
    cairo_line_to(cr, x + w, y);
    cairo_stroke(cr);
    double r = total > 0 ? total / (double)s->n : 1;
    if (r < 1) {
        cairo_set_source_rgba(cr, 0.2, 0.4, 0.7, 1);
        cairo_move_to(cr, x, y + h);
        cairo_line_to(cr, x + w * r, y);
        cairo_line_to(cr, x + w, y);
        cairo_stroke(cr);
    }
    cairo_set_dash(cr, NULL, 0, 0);
    /* the curve, at most ~400 points */
    if (total > 0) {
        size_t step = s->n / 400 + 1;
        double cum = 0;
        cairo_move_to(cr, x, y + h);
        for (size_t i = 0; i < s->n; i++) {
            cum += v[i];
            if ((i + 1) % step == 0 || i + 1 == s->n) {
                cairo_line_to(cr, x + w * (double)(i + 1) / (double)s->n, y + h - h * cum / total);
            }
        }
        cairo_set_source_rgba(cr, 0.74, 0.0, 0.15, 1);
        cairo_set_line_width(cr, 0.7);
        cairo_stroke(cr);
        /* the 50 % mark */
        double s50 = param(p, "conc_segments_share50");
        if (!isnan(s50)) {
            double mx = x + w * s50, my = y + h / 2;
            cairo_set_line_width(cr, 0.25);
            cairo_set_source_rgba(cr, 0.74, 0.0, 0.15, 0.8);
            cairo_move_to(cr, x, my);
            cairo_line_to(cr, mx, my);
            cairo_line_to(cr, mx, y + h);
            cairo_stroke(cr);
            cairo_arc(cr, mx, my, 0.9, 0, 2 * M_PI);
            cairo_fill(cr);
        }
    }
    cairo_set_line_width(cr, 0.3);
    set(cr, INK);
    cairo_rectangle(cr, x, y, w, h);
    cairo_stroke(cr);
    /* legend */
    double ly = y + h - 14;
    cairo_set_line_width(cr, 0.7);
    cairo_set_source_rgba(cr, 0.74, 0.0, 0.15, 1);
    cairo_move_to(cr, x + w * 0.45, ly);
    cairo_line_to(cr, x + w * 0.53, ly);
    cairo_stroke(cr);
    hs__text(cr, x + w * 0.55, ly - 1.3,
             hs__report_tr(p, "Koncentrationskurva", "Concentration curve"), 6.5, 0, 0, INK, 0,
             NULL);
    cairo_set_line_width(cr, 0.3);
    set(cr, GREY);
    cairo_set_dash(cr, dash, 2, 0);
    cairo_move_to(cr, x + w * 0.45, ly + 4);
    cairo_line_to(cr, x + w * 0.53, ly + 4);
    cairo_stroke(cr);
    hs__text(cr, x + w * 0.55, ly + 2.7, hs__report_tr(p, "Lika fördelning", "Equal distribution"),
             6.5, 0, 0, INK, 0, NULL);
    if (r < 1) {
        cairo_set_source_rgba(cr, 0.2, 0.4, 0.7, 1);
        cairo_move_to(cr, x + w * 0.45, ly + 8);
        cairo_line_to(cr, x + w * 0.53, ly + 8);
        cairo_stroke(cr);
        hs__text(cr, x + w * 0.55, ly + 6.7,
                 hs__report_tr(p, "Jämnast möjliga", "Most equal possible"), 6.5, 0, 0, INK, 0,
                 NULL);
    }
    cairo_set_dash(cr, NULL, 0, 0);
    free(v);
}

/* The measures of segments, cells and places as a table. */
static double measures(const hs__report_page *p, double x, double y, double w)
{
    cairo_t *cr = p->cr;
    static const char *const pre[3] = {"conc_segments", "conc_cells", "conc_places"};
    const char *rows[3][2] = {
        {"Gatusegment", "Street segments"}, {"Rutor", "Grid cells"}, {"Platser", "Places"}};
    char cell[3][5][32];
    const char *c[15];
    size_t nr = 0;
    for (int k = 0; k < 3; k++) {
        char key[64];
        hs__fmt(key, sizeof key, "%s_units", pre[k]);
        double units = param(p, key);
        if (isnan(units)) {
            continue;
        }
        double v[4];
        static const char *const what[4] = {"share25", "share50", "gini", "gini_gen"};
        for (int j = 0; j < 4; j++) {
            hs__fmt(key, sizeof key, "%s_%s", pre[k], what[j]);
            v[j] = param(p, key);
        }
        hs__fmt(cell[nr][0], sizeof cell[nr][0], "%s (%.0f)", rows[k][p->en], units);
        num(cell[nr][1], sizeof cell[nr][1], p, 100 * v[0], 1);
        num(cell[nr][2], sizeof cell[nr][2], p, 100 * v[1], 1);
        num(cell[nr][3], sizeof cell[nr][3], p, v[2], 2);
        num(cell[nr][4], sizeof cell[nr][4], p, v[3], 2);
        for (int j = 0; j < 5; j++) {
            c[nr * 5 + (size_t)j] = cell[nr][j];
        }
        nr++;
    }
    const double cw[5] = {w - 120, 30, 30, 30, 30};
    const int rt[5] = {0, 1, 1, 1, 1};
    const char *h[5] = {hs__report_tr(p, "Enhet (antal)", "Unit (count)"),
                        hs__report_tr(p, "25 % av brotten", "25 % of crimes"),
                        hs__report_tr(p, "50 % av brotten", "50 % of crimes"), "Gini",
                        hs__report_tr(p, "Generaliserad Gini", "Generalised Gini")};
    return hs__report_table(cr, x, y, cw, rt, 5, h, c, nr);
}

/* What the measures mean, beside the curve. */
static double explain(const hs__report_page *p, double x, double y, double w)
{
    return hs__text_wrap(
        p->cr, x, y, w,
        hs__report_tr(p,
                      "Kurvan visar hur stor del av brotten (lodrätt) som skedde på de mest "
                      "belastade gatusegmenten (vågrätt). Ju brantare kurvan stiger, desto mer "
                      "koncentrerade är brotten.\n\nTabellen nedan: minsta andel av enheterna "
                      "som rymmer 25 % och 50 % av brotten, och Gini (0 = jämnt fördelat, nära 1 "
                      "= allt på ett fåtal enheter). Den generaliserade Gini (Bernasco och "
                      "Steenbeek 2017) jämför med den jämnaste fördelning som är möjlig när det "
                      "finns färre brott än enheter (den blå linjen: ett brott på vart och ett "
                      "av lika många segment), så att ett år med få brott inte ser koncentrerat "
                      "ut av en slump.",
                      "The curve shows the share of the crimes (vertical) that took place on the "
                      "most burdened street segments (horizontal). The steeper it rises, the more "
                      "concentrated the crimes.\n\nThe table below: the least share of the units "
                      "holding 25 % and 50 % of the crimes, and the Gini (0 = evenly spread, near "
                      "1 = all on a few units). The generalised Gini (Bernasco and Steenbeek "
                      "2017) compares with the most even distribution possible when there are "
                      "fewer crimes than units (the blue line: one crime on each of as many "
                      "segments), so that a year with few crimes does not look concentrated by "
                      "chance."),
        8, 0, INK);
}

void hs__report_page_segments(hs__report_page *p, const hs__report_segs *s)
{
    cairo_t *cr = p->cr;
    char a[32], b[32], c[32], d2[32], e[32], buf[900];
    double y = hs__report_heading(
        p, 20, hs__report_tr(p, "Brottskoncentrationer", "Crime concentrations"), 15);
    double s50 = param(p, "conc_segments_share50"), s25 = param(p, "conc_segments_share25");
    hs__fmt(buf, sizeof buf,
            p->en ? "50 %% of the crimes took place on %s %% of the street segments"
                  : "50 %% av brotten skedde på %s %% av gatusegmenten",
            num(a, sizeof a, p, 100 * s50, 1));
    y += hs__text_wrap(cr, ML, y, CW, buf, 13, 1, (hs_rgba){0.74, 0.0, 0.15, 1}) + 2;
    double snapped = param(p, "segments_snapped"), recs = param(p, "segments_records");
    double far = param(p, "segments_unsnapped_far"), coarse = param(p, "segments_unsnapped_coarse");
    const char *snap = hs__report_param(p->d, "segments_snap_m");
    hs__fmt(buf, sizeof buf,
            p->en ? "25 %% took place on %s %%. %s of %s crimes were placed exactly, by address, "
                    "street or intersection and lay within %s m of a street segment; they are "
                    "counted on the nearest one (at an intersection split equally between its "
                    "segments). %s lay farther from every street and %s had too coarse a place: "
                    "they are not forced onto a street. Streets are split into segments at their "
                    "intersections."
                  : "25 %% skedde på %s %%. %s av %s brott hade exakt läge, adress, gata eller "
                    "korsning och låg inom %s m från ett gatusegment; de räknas på det närmaste "
                    "(i en korsning delas brottet lika mellan dess segment). %s låg längre från "
                    "alla gator och %s hade för grov plats: de tvingas inte in på en gata. "
                    "Gatorna är delade i segment vid korsningarna.",
            num(b, sizeof b, p, 100 * s25, 1), num(c, sizeof c, p, snapped, 0),
            num(d2, sizeof d2, p, recs, 0), snap ? snap : "–", num(a, sizeof a, p, far, 0),
            num(e, sizeof e, p, coarse, 0));
    y += hs__text_wrap(cr, ML, y, CW, buf, 8.5, 0, INK) + 4;
    /* the curve with its explanation beside it, then the measures */
    double cwid = 70, y0 = y;
    lorenz_chart(p, ML + 13, y, cwid, cwid, s);
    double mx = ML + 13 + cwid + 8;
    double used = explain(p, mx, y0, ML + CW - mx);
    y = fmax(y0 + cwid + 12, y0 + used + 4);
    y += measures(p, ML, y, CW) + 3;
    /* stability */
    double years = param(p, "segments_stability_years");
    if (!isnan(years)) {
        int ya = (int)(years / 10000), yb = (int)fmod(years, 10000);
        double stay = param(p, "segments_stability_stay");
        double rho = param(p, "segments_stability_spearman");
        double ma = param(p, "segments_stability_mean_a");
        double mb = param(p, "segments_stability_mean_b");
        double top = param(p, "segments_stability_top_share");
        char f[32], g[32], h[32], caveat[400];
        num(a, sizeof a, p, ma, 2);
        num(c, sizeof c, p, mb, 2);
        if (fmin(ma, mb) < 2) {
            hs__fmt(caveat, sizeof caveat,
                    p->en ? "With %s and %s crimes per segment on average in the two years, most "
                            "segments tie at none or one crime: both figures rest on few crimes "
                            "and change by chance from year to year."
                          : "Med i snitt %s och %s brott per segment de två åren har de flesta "
                            "segment inga eller ett brott: båda måtten vilar på få brott och "
                            "skiftar av slump från år till år.",
                    a, c);
        } else {
            hs__fmt(caveat, sizeof caveat,
                    p->en ? "%s and %s crimes per segment on average in the two years; segments "
                            "with few crimes still rank by chance."
                          : "I snitt %s och %s brott per segment de två åren; segment med få "
                            "brott rangordnas ändå av slump.",
                    a, c);
        }
        hs__fmt(buf, sizeof buf,
                p->en ? "Stability %d → %d: of the %s %% of segments with the most crimes in %d, "
                        "%s %% were among the top %s %% again in %d; rank correlation "
                        "(Spearman) %s. %s"
                      : "Stabilitet %d → %d: av de %s %% segment som hade flest brott %d låg %s "
                        "%% bland de %s %% igen %d; rangkorrelation (Spearman) %s. %s",
                ya, yb, num(e, sizeof e, p, 100 * top, 0), ya, num(f, sizeof f, p, 100 * stay, 0),
                num(g, sizeof g, p, 100 * top, 0), yb, num(h, sizeof h, p, rho, 2), caveat);
        y = hs__report_heading(p, y, hs__report_tr(p, "År för år", "Year by year"), 10);
        y += hs__text_wrap(cr, ML, y, CW, buf, 8.5, 0, INK) + 1;
        /* every pair of consecutive years, when there are more than two years */
        size_t off = 0, npair = 0;
        char line[600];
        off += (size_t)snprintf(line, sizeof line, "%s",
                                hs__report_tr(p,
                                              "År för år, andel kvar bland de mest belastade "
                                              "(rangkorrelation): ",
                                              "Year on year, share staying among the most "
                                              "burdened (rank correlation): "));
        for (int ya2 = ya; ya2 < yb && off < sizeof line; ya2++) {
            char key[96];
            hs__fmt(key, sizeof key, "segments_stability_%d_%d_stay", ya2, ya2 + 1);
            double st2 = param(p, key);
            hs__fmt(key, sizeof key, "segments_stability_%d_%d_spearman", ya2, ya2 + 1);
            double rho2 = param(p, key);
            if (isnan(st2) && isnan(rho2)) {
                continue;
            }
            char s1[32], s2[32];
            off += (size_t)snprintf(
                line + off, sizeof line - off, "%s%d → %d: %s %% (%s)", npair ? "; " : "", ya2,
                ya2 + 1, num(s1, sizeof s1, p, 100 * st2, 0), num(s2, sizeof s2, p, rho2, 2));
            npair++;
        }
        if (npair > 1 && off < sizeof line) {
            y += hs__text_wrap(cr, ML, y, CW, line, 8, 0, INK) + 1;
        }
        y += 3;
    }
    /* the top segments and their times */
    y = hs__report_heading(p, y,
                           hs__report_tr(p, "Gatusegment med flest brott och deras tider",
                                         "Street segments with the most crimes and their times"),
                           10);
    char cells[10][5][128];
    const char *cc[50];
    for (size_t r = 0; r < s->ntop; r++) {
        const hs__report_seg *t = &s->top[r];
        const char *nm = t->name[0] ? t->name : hs__report_tr(p, "(namnlös)", "(no name)");
        if (t->from[0] && t->to[0] && strcmp(t->from, t->to) != 0) {
            hs__fmt(cells[r][0], 128, p->en ? "%s between %s and %s" : "%s mellan %s och %s", nm,
                    t->from, t->to);
        } else if (t->from[0] || t->to[0]) {
            hs__fmt(cells[r][0], 128, p->en ? "%s at %s" : "%s vid %s", nm,
                    t->from[0] ? t->from : t->to);
        } else {
            hs__fmt(cells[r][0], 128, "%s", nm);
        }
        num(cells[r][2], 128, p, t->len, 0);
        int minc = p->o->min_count > 0 ? p->o->min_count : 5;
        if (p->o->is_public && t->n < minc) {
            /* a published report shows no count below min_count */
            hs__fmt(cells[r][1], 128, "< %d", minc);
            hs__fmt(cells[r][3], 128, "–");
        } else {
            num(cells[r][1], 128, p, t->n, t->n == floor(t->n) ? 0 : 1);
            num(cells[r][3], 128, p, t->per100, 1);
        }
        if (t->window[0]) {
            char sh[16];
            hs__fmt(cells[r][4], 128, "%s (%s %%)", t->window,
                    num(sh, sizeof sh, p, 100 * t->wshare, 0));
        } else {
            hs__fmt(cells[r][4], 128, "%s", hs__report_tr(p, "ingen tydlig tid", "no clear time"));
        }
        for (int j = 0; j < 5; j++) {
            cc[r * 5 + (size_t)j] = cells[r][j];
        }
    }
    const double cw[5] = {CW - 84, 14, 16, 18, 36};
    const int rt[5] = {0, 1, 1, 1, 0};
    const char *hd[5] = {
        hs__report_tr(p, "Segment", "Segment"), hs__report_tr(p, "Brott", "Crimes"),
        hs__report_tr(p, "Längd m", "Length m"), hs__report_tr(p, "Per 100 m", "Per 100 m"),
        hs__report_tr(p, "Tid (andel)", "Time (share)")};
    y += hs__report_table(cr, ML, y, cw, rt, 5, hd, cc, s->ntop) + 2;
    hs__text_wrap(cr, ML, y, CW,
                  hs__report_tr(p,
                                "Tid: det sammanhängande tidsfönster i veckan där segmentets brott "
                                "är mest överrepresenterade jämfört med alla brott på gatorna "
                                "(binomialtest, Bonferroni-korrigerat), med dess andel av "
                                "segmentets brott. Segmenten med Gi* efter FDR finns på kartan "
                                "segments_gistar och i lagret segments.",
                                "Time: the contiguous window of the week in which the segment's "
                                "crimes are most over-represented against all crimes on the "
                                "streets (binomial test, Bonferroni-adjusted), with its share of "
                                "the segment's crimes. The segments' Gi* after FDR is on the "
                                "segments_gistar map and in the segments layer."),
                  7, 0, GREY);
}
