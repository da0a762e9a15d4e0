/*
 * The period report drawn with cairo on A4 (two pages): the EST week, a month or a tertial
 * against the periods before it and the same period a year earlier, per category and per place,
 * with the verdict of an exact test in careful words; the busiest places and times; cells that
 * became busy or quiet; the complaints beside the crimes; the period's crime clock; the method.
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
#define PW HS__RP_PW
#define PH HS__RP_PH
#define INK HS__RP_INK
#define GREY HS__RP_GREY

typedef struct period_page {
    hs__report_page p;
    const hs__period_model *m;
    char title[160];
    char base_word[64]; /* "de fyra föregående veckorna" */
    char year_word[64]; /* "samma vecka förra året" */
    char unit[16];      /* "vecka" */
} period_page;

static void num(char *buf, size_t cap, double v, int prec, int en)
{
    hs__fmt(buf, cap, "%.*f", prec, v);
    for (char *c = buf; !en && *c; c++) {
        if (*c == '.') {
            *c = ',';
        }
    }
}

/* A count as printed: below min_count and above 0 shown as "<k" in a public report. */
static void count_text(char *buf, size_t cap, const hs__report_page *p, double v, int suppress)
{
    if (suppress && p->o->is_public && v > 0 && v < p->o->min_count) {
        hs__fmt(buf, cap, "<%d", p->o->min_count);
    } else {
        hs__fmt(buf, cap, "%.0f", v);
    }
}

static const char *verdict(const hs__report_page *p, uint8_t cls)
{
    switch (cls) {
    case HS_CHANGE_INCREASED:
        return hs__report_tr(p, "fler än vanligt", "more than usual");
    case HS_CHANGE_DECREASED:
        return hs__report_tr(p, "färre än vanligt", "fewer than usual");
    case HS_CHANGE_TOO_FEW:
        return hs__report_tr(p, "för få för att bedöma", "too few to judge");
    case HS_CHANGE_EMPTY:
        return hs__report_tr(p, "inga händelser", "no incidents");
    default:
        return hs__report_tr(p, "inom det vanliga", "within the usual range");
    }
}

static void summary(period_page *pp, double *y)
{
    hs__report_page *p = &pp->p;
    const hs__period_model *m = pp->m;
    char a[24], b[24], c[24], text[1024];
    num(b, sizeof b, m->total[1] / m->nbase, 1, p->en);
    hs__fmt(a, sizeof a, "%.0f", m->total[0]);
    hs__fmt(c, sizeof c, "%.0f", m->total[2]);
    char pv[24];
    num(pv, sizeof pv, m->total_row.p_base, m->total_row.p_base < 0.001 ? 4 : 3, p->en);
    hs__fmt(text, sizeof text,
            p->en ? "%s incidents in the period, against %s per %s on average in %s and %s "
                    "in %s: %s (exact test p = %s)."
                  : "%s händelser under perioden, mot i snitt %s per %s %s och %s %s: %s "
                    "(exakt test p = %s).",
            a, b, pp->unit, pp->base_word, c, pp->year_word, verdict(p, m->total_row.cls_base), pv);
    *y += hs__text_wrap(p->cr, ML, *y, CW, text, 10, 1, INK) + 2;
    if (m->has_complaints) {
        char q0[24], q1[24];
        hs__fmt(q0, sizeof q0, "%.0f", m->qtotal[0]);
        num(q1, sizeof q1, m->qtotal[1] / m->nbase, 1, p->en);
        hs__fmt(text, sizeof text,
                p->en ? "Reports of insecurity (safety walks, EST, citizen reports): %s in the "
                        "period, %s per %s on average before."
                      : "Rapporter om otrygghet (trygghetsvandringar, EST, synpunkter): %s under "
                        "perioden, i snitt %s per %s dessförinnan.",
                q0, q1, pp->unit);
        *y += hs__text_wrap(p->cr, ML, *y, CW, text, 9, 0, INK) + 2;
    }
    *y += 3;
}

/* A table of rows (categories or places): period, mean before, a year earlier, verdict. */
static void rows_table(period_page *pp, double *y, const hs__period_row *r, size_t n, size_t max,
                       int places)
{
    hs__report_page *p = &pp->p;
    const hs__period_model *m = pp->m;
    size_t shown = 0;
    char(*cell)[40] = calloc(max * 6, sizeof *cell);
    const char **c = calloc(max * 6, sizeof *c);
    if (!cell || !c) {
        free(cell);
        free(c);
        return;
    }
    size_t ncol = places && m->has_complaints ? 6 : 5;
    for (size_t i = 0; i < n && shown < max; i++) {
        if (r[i].n[0] == 0 && r[i].n[1] == 0 && r[i].n[2] == 0) {
            continue;
        }
        size_t k = shown * ncol;
        c[k] = !r[i].name ? "–" : places ? r[i].name : hs__report_cat_label(p->d, r[i].name, p->en);
        count_text(cell[k + 1], 40, p, r[i].n[0], places);
        num(cell[k + 2], 40, r[i].n[1] / m->nbase, 1, p->en);
        count_text(cell[k + 3], 40, p, r[i].n[2], places);
        c[k + 1] = cell[k + 1];
        c[k + 2] = cell[k + 2];
        c[k + 3] = cell[k + 3];
        if (ncol == 6) {
            count_text(cell[k + 4], 40, p, r[i].q[0], 1);
            c[k + 4] = cell[k + 4];
        }
        c[k + ncol - 1] = verdict(p, r[i].cls_base);
        shown++;
    }
    const char *head[6] = {places ? hs__report_tr(p, "Plats", "Place")
                                  : hs__report_tr(p, "Kategori", "Category"),
                           hs__report_tr(p, "Perioden", "Period"),
                           hs__report_tr(p, "Snitt före", "Mean before"),
                           hs__report_tr(p, "I fjol", "Last year"),
                           hs__report_tr(p, "Synpunkter", "Reports"),
                           hs__report_tr(p, "Bedömning", "Assessment")};
    if (ncol == 5) {
        head[4] = head[5];
    }
    double cw6[6] = {46, 20, 22, 18, 22, CW - 128};
    double cw5[5] = {56, 22, 24, 20, CW - 122};
    const int right[6] = {0, 1, 1, 1, 1, 0};
    if (shown == 0) {
        *y += hs__text_wrap(p->cr, ML, *y, CW,
                            hs__report_tr(p, "Inga händelser under perioden eller före den.",
                                          "No incidents in or before the period."),
                            8.5, 0, GREY) +
              3;
    } else {
        *y +=
            hs__report_table(p->cr, ML, *y, ncol == 6 ? cw6 : cw5, right, ncol, head, c, shown) + 4;
    }
    free(cell);
    free(c);
}

static void cells_list(period_page *pp, double *y)
{
    hs__report_page *p = &pp->p;
    const hs__period_model *m = pp->m;
    *y = hs__report_heading(
        p, *y,
        hs__report_tr(p, "Nya och avklingande koncentrationer", "New and fading concentrations"),
        11);
    char text[512], size[24], mean[24], cnt[24];
    num(size, sizeof size, m->cell, 0, p->en);
    if (m->nnew == 0 && m->nended == 0) {
        hs__fmt(text, sizeof text,
                p->en ? "No %s m cell had significantly more or fewer incidents than in %s."
                      : "Ingen ruta (%s m) hade signifikant fler eller färre händelser än %s.",
                size, pp->base_word);
        *y += hs__text_wrap(p->cr, ML, *y, CW, text, 9, 0, INK) + 4;
        return;
    }
    for (int pass = 0; pass < 2; pass++) {
        const hs__period_row *r = pass ? m->ended_cells : m->new_cells;
        size_t n = pass ? m->nended : m->nnew;
        for (size_t i = 0; i < n && i < 5; i++) {
            num(mean, sizeof mean, r[i].n[1] / m->nbase, 1, p->en);
            count_text(cnt, sizeof cnt, p, r[i].n[0], 1);
            hs__fmt(text, sizeof text,
                    p->en ? "%s: cell (%s m) near %s: %s incidents against %s per %s before."
                          : "%s: ruta (%s m) vid %s: %s händelser mot i snitt %s per %s före.",
                    pass ? hs__report_tr(p, "Lugnare", "Quieter")
                         : hs__report_tr(p, "Ny koncentration", "New concentration"),
                    size, r[i].name ? r[i].name : hs__report_tr(p, "okänd plats", "unknown place"),
                    cnt, mean, pp->unit);
            *y += hs__text_wrap(p->cr, ML, *y, CW, text, 9, 0, INK) + 1;
        }
    }
    *y += 3;
}

static void windows_list(period_page *pp, double *y)
{
    hs__report_page *p = &pp->p;
    const hs__period_model *m = pp->m;
    *y = hs__report_heading(
        p, *y,
        hs__report_tr(p, "Platser och tider under perioden", "Places and times in the period"), 11);
    if (m->nwin == 0) {
        *y += hs__text_wrap(p->cr, ML, *y, CW,
                            hs__report_tr(p,
                                          "Ingen plats hade två eller fler händelser inom samma "
                                          "veckodag och tretimmarsblock.",
                                          "No place had two or more incidents within the same "
                                          "weekday and three-hour block."),
                            9, 0, INK) +
              4;
        return;
    }
    for (size_t k = 0; k < m->nwin; k++) {
        char text[256], cnt[24];
        count_text(cnt, sizeof cnt, p, m->win_n[k], 1);
        hs__fmt(text, sizeof text, "%s, %s %02d–%02d: %s %s", m->win_name[k],
                hs_weekday_abbr(m->win_day[k], p->en ? "en" : "sv"), m->win_hour[k],
                (m->win_hour[k] + 3) % 24, cnt, hs__report_tr(p, "händelser", "incidents"));
        *y += hs__text_wrap(p->cr, ML, *y, CW, text, 9, 0, INK) + 1;
    }
    *y += 3;
}

/* The measures the project follows up, one line each (the follow-up page of a medborgarlöfte). */
static void measures_list(period_page *pp, double *y, const char *gpkg)
{
    hs__report_page *p = &pp->p;
    hs__report_measures ms;
    if (hs__report_measures_load(&ms, p->ctx, gpkg) != HS_OK) {
        hs_ctx_clear_error(p->ctx);
        return;
    }
    if (ms.n > 0) {
        *y = hs__report_heading(
            p, *y, hs__report_tr(p, "Åtgärder som följs upp", "Measures followed up"), 11);
    }
    for (size_t i = 0; i < ms.n; i++) {
        const hs__report_measure *m = &ms.m[i];
        hs_measure_verdict v = HS_MEASURE_NO_CHANGE;
        for (int k = 0; k < 4; k++) {
            if (strcmp(hs_measure_verdict_key((hs_measure_verdict)k), m->verdict) == 0) {
                v = (hs_measure_verdict)k;
            }
        }
        char text[600];
        hs__fmt(text, sizeof text,
                p->en
                    ? "%s (%s, from %s): %s; %.0f incidents before, %.0f after in the target area."
                    : "%s (%s, från %s): %s; %.0f händelser före, %.0f efter i åtgärdsområdet.",
                m->name, m->area[0] ? m->area : m->name, m->after_from,
                hs_measure_verdict_text(v, p->en ? "en" : "sv"), m->n[0][0], m->n[0][1]);
        *y += hs__text_wrap(p->cr, ML, *y, CW, text, 9, 0, INK) + 1;
    }
    *y += ms.n > 0 ? 3 : 0;
    hs__report_measures_free(&ms);
}

static void method(period_page *pp, double y)
{
    hs__report_page *p = &pp->p;
    char text[1024];
    hs__fmt(text, sizeof text,
            p->en ? "Method: counts by the local date of each incident (the middle of its time "
                    "window). The period is compared with %s and with %s by an exact binomial "
                    "test of two Poisson counts (the share of the period's incidents expected "
                    "from the lengths, 5 %% level, no correction across rows); with few "
                    "incidents no change can be significant and the row says so. Places: the "
                    "nearest named place within 1 km. Counts below %d are hidden in public "
                    "reports."
                  : "Metod: antal efter varje händelses lokala datum (mitten av tidsfönstret). "
                    "Perioden jämförs med %s och med %s med ett exakt binomialtest av två "
                    "Poissonantal (den andel av händelserna som periodernas längd ger, 5 %% "
                    "nivå, utan korrektion mellan raderna); med få händelser kan ingen "
                    "förändring bli signifikant, och raden säger det. Platser: närmaste "
                    "namngivna plats inom 1 km. Antal under %d döljs i publika rapporter.",
            pp->base_word, pp->year_word, p->o->min_count);
    hs__text_wrap(p->cr, ML, y, CW, text, 7.5, 0, GREY);
}

int hs__period_draw(int *pages, hs_ctx *ctx, const char *gpkg, const char *out,
                    const hs__report_data *d, const hs__period_model *m, const hs_report_opts *o)
{
    char tmp[4096];
    if (hs__fmt(tmp, sizeof tmp, "%s.part.pdf", out)) {
        return hs__error(ctx, HS_EINVAL, "report: path too long: %s", out);
    }
    hs__sheet sh;
    int rc = hs__sheet_open(&sh, ctx, tmp, PW, PH, 72);
    if (rc != HS_OK) {
        return rc;
    }
    period_page pp;
    memset(&pp, 0, sizeof pp);
    hs__report_page *p = &pp.p;
    p->cr = sh.cr;
    p->ctx = ctx;
    p->d = d;
    p->o = o;
    p->en = o->lang && strcmp(o->lang, "en") == 0;
    p->place =
        o->place ? o->place : (d->kommun[0] ? d->kommun : hs__report_tr(p, "kommunen", "the area"));
    p->pages = 2;
    pp.m = m;
    static const char *const kind_sv[3] = {"Veckolägesbild", "Månadslägesbild", "Tertialrapport"};
    static const char *const kind_en[3] = {"Weekly situation report", "Monthly situation report",
                                           "Tertial report"};
    static const char *const base_sv[3] = {"de fyra föregående veckorna",
                                           "de tre föregående månaderna",
                                           "de två föregående tertialen"};
    static const char *const base_en[3] = {"the four weeks before", "the three months before",
                                           "the two tertials before"};
    static const char *const year_sv[3] = {"samma vecka förra året", "samma månad förra året",
                                           "samma tertial förra året"};
    static const char *const year_en[3] = {"the same week last year", "the same month last year",
                                           "the same tertial last year"};
    int k = (int)m->kind;
    hs__fmt(pp.title, sizeof pp.title, "%s", p->en ? kind_en[k] : kind_sv[k]);
    hs__fmt(pp.base_word, sizeof pp.base_word, "%s", p->en ? base_en[k] : base_sv[k]);
    hs__fmt(pp.year_word, sizeof pp.year_word, "%s", p->en ? year_en[k] : year_sv[k]);
    static const char *const unit_sv[3] = {"vecka", "månad", "tertial"};
    static const char *const unit_en[3] = {"week", "month", "tertial"};
    hs__fmt(pp.unit, sizeof pp.unit, "%s", p->en ? unit_en[k] : unit_sv[k]);
    char when[128], head[300];
    hs_period_title(when, sizeof when, m->idx, m->kind, p->en ? "en" : "sv");
    /* page 1: the period in figures */
    p->page = 1;
    hs__report_frame(p, pp.title);
    hs__fmt(head, sizeof head, "%s %s", pp.title, p->place);
    double y = hs__report_heading(p, 20, head, 15);
    y += hs__text_wrap(p->cr, ML, y, CW, when, 11, 0, INK) + 4;
    summary(&pp, &y);
    y = hs__report_heading(p, y, hs__report_tr(p, "Per kategori", "By category"), 11);
    rows_table(&pp, &y, m->cats, m->ncats, 10, 0);
    if (m->nplaces > 0) {
        y = hs__report_heading(p, y, hs__report_tr(p, "Per plats", "By place"), 11);
        rows_table(&pp, &y, m->places, m->nplaces, 12, 1);
    }
    /* page 2: places and times, concentrations, the clock, the method */
    hs__sheet_new_page(&sh);
    p->page = 2;
    hs__report_frame(p, pp.title);
    y = 20;
    windows_list(&pp, &y);
    cells_list(&pp, &y);
    measures_list(&pp, &y, gpkg);
    y = hs__report_heading(
        p, y, hs__report_tr(p, "Brottsklocka för perioden", "Crime clock of the period"), 11);
    hs__report_clock(p, y, 70, m->clock, m->total[0]);
    method(&pp, y + 76);
    rc = hs__sheet_close(&sh, HS_OK);
    if (rc == HS_OK && rename(tmp, out) != 0) {
        rc = hs__error(ctx, HS_EIO, "report: cannot rename %s to %s", tmp, out);
    }
    if (rc != HS_OK) {
        remove(tmp);
    } else if (pages) {
        *pages = 2;
    }
    return rc;
}
