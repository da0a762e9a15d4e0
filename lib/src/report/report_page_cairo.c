/*
 * What every page of the lägesbild report shares: the language switch, thin rules, headings, the
 * simple table and the sentences saying why a map shows nothing, in the page geometry of report.h.
 * Used by report_cairo.c and report_extra_cairo.c; it draws no page of its own.
 */
#include "core/hs_internal.h"
#include "render/render.h"
#include "report/report.h"

#include <cairo.h>

#define ML HS__RP_ML
#define CW HS__RP_CW
#define INK HS__RP_INK
#define GREY HS__RP_GREY
#define PW HS__RP_PW
#define PH HS__RP_PH

const char *hs__report_tr(const hs__report_page *p, const char *sv, const char *en)
{
    return p->en ? en : sv;
}

void hs__report_rule(cairo_t *cr, double x0, double x1, double y, double w)
{
    cairo_move_to(cr, x0, y);
    cairo_line_to(cr, x1, y);
    cairo_set_source_rgba(cr, 0.75, 0.75, 0.75, 1);
    cairo_set_line_width(cr, w);
    cairo_stroke(cr);
}

double hs__report_heading(hs__report_page *p, double y, const char *text, double size)
{
    return y + hs__text_wrap(p->cr, ML, y, CW, text, size, 1, INK) + 1.5;
}

/** A simple table: ncol columns of the given widths, a bold header row, rows of strings. */
double hs__report_table(cairo_t *cr, double x, double y, const double *cw, const int *right,
                        size_t ncol, const char *const *head, const char *const *cells, size_t nrow)
{
    const double rh = 5.2;
    double tw = 0;
    for (size_t c = 0; c < ncol; c++) {
        tw += cw[c];
    }
    for (size_t r = 0; r <= nrow; r++) {
        double cx = x;
        for (size_t c = 0; c < ncol; c++) {
            const char *s = r == 0 ? head[c] : cells[(r - 1) * ncol + c];
            cairo_save(cr);
            cairo_rectangle(cr, cx, y, cw[c] - 1, rh);
            cairo_clip(cr);
            hs__text(cr, right[c] ? cx + cw[c] - 1.5 : cx, y + 0.9, s ? s : "", 7.5, r == 0,
                     right[c] ? 2 : 0, INK, 0, NULL);
            cairo_restore(cr);
            cx += cw[c];
        }
        y += rh;
        hs__report_rule(cr, x, x + tw, y, r == 0 ? 0.35 : 0.12);
    }
    return (double)(nrow + 1) * rh + 2;
}

void hs__report_source(char *buf, size_t cap, const hs__report_page *p)
{
    if (p->o->source) {
        hs__fmt(buf, cap, "%s", p->o->source);
    } else if (p->d != NULL && p->d->sources[0]) {
        hs__fmt(buf, cap, "%s: %s", hs__report_tr(p, "Källa", "Source"), p->d->sources);
    } else {
        hs__fmt(buf, cap, "%s", hs__report_tr(p, "Källa: Polisen", "Source: Police"));
    }
}

int hs__report_why(char *buf, size_t size, const hs__report_page *p, size_t k)
{
    const hs__report_data *d = p->d;
    const hs__report_model *m = p->m;
    buf[0] = '\0';
    if (k == 0 && m->located == 0) {
        hs__fmt(buf, size, "%s",
                hs__report_tr(p,
                              "Ingen händelse har en plats noggrannare än kommunen: kartorna visar "
                              "bara kommunen",
                              "No incident is located more precisely than the municipality: the "
                              "maps show the municipality only"));
    } else if (k == 1 && m->located > 0 && d->has_gistar && d->nhot == 0) {
        const char *a = hs__report_param(d, "gistar_alpha");
        double alpha = 0.05;
        if (a) {
            hs__parse_double(&alpha, a);
        }
        char pct[32];
        hs__fmt(pct, sizeof pct, "%g", 100.0 * alpha);
        for (char *c = pct; !p->en && *c; c++) {
            *c = *c == '.' ? ',' : *c;
        }
        hs__fmt(buf, size,
                p->en ? "No significant hot spots (Gi*, FDR %s %%)"
                      : "Inga signifikanta heta områden (Gi*, FDR %s %%)",
                pct);
    } else if (k == 2 && m->located > 0 && p->o->is_public &&
               (m->all.ncells == 0 || m->all.cn[0] < p->o->min_count)) {
        hs__fmt(buf, size,
                p->en ? "Too few incidents to show cells (under %d per cell)"
                      : "För få händelser för att visa rutor (under %d per ruta)",
                p->o->min_count);
    }
    return buf[0] != '\0';
}

/* A crime clock, or in a public report with fewer than min_count incidents the sentence why not
 * (a clock of three incidents shows when three people were there). */
void hs__report_clock(hs__report_page *p, double y, double h, const double *clock, double n)
{
    if (p->o->is_public && n < p->o->min_count) {
        char text[200];
        hs__fmt(text, sizeof text,
                p->en ? "Too few incidents (%.0f, fewer than %d) to show when in the week they "
                        "happen."
                      : "För få händelser (%.0f, färre än %d) för att visa när på veckan de sker.",
                n, p->o->min_count);
        hs__text_wrap(p->cr, HS__RP_ML, y, HS__RP_CW, text, 8.5, 0, HS__RP_GREY);
        return;
    }
    hs__chart_clock_draw(p->cr, HS__RP_ML, y, HS__RP_CW, h, clock, p->o->lang);
}

/* The running head (kind · place, date), the rules and the foot (sources, page of pages). */
void hs__report_frame(hs__report_page *p, const char *kind)
{
    char head[300];
    hs__fmt(head, sizeof head, "%s · %s", kind, p->place);
    hs__text(p->cr, ML, 9, head, 7.5, 0, 0, GREY, 0, NULL);
    hs__text(p->cr, PW - ML, 9, p->o->date, 7.5, 0, 2, GREY, 0, NULL);
    hs__report_rule(p->cr, ML, PW - ML, 13.5, 0.25);
    hs__report_rule(p->cr, ML, PW - ML, PH - 13, 0.25);
    char foot[64];
    hs__fmt(foot, sizeof foot, "%s %d %s %d", hs__report_tr(p, "Sida", "Page"), p->page,
            hs__report_tr(p, "av", "of"), p->pages);
    hs__text(p->cr, PW - ML, PH - 11.5, foot, 7.5, 0, 2, GREY, 0, NULL);
    char src[300];
    hs__report_source(src, sizeof src, p);
    hs__text(p->cr, ML, PH - 11.5, src, 7.5, 0, 0, GREY, 0, NULL);
}
