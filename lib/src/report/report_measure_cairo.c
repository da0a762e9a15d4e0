/*
 * The report's page for one measure (uppföljning): what was compared, the counts before and after
 * in the target, its buffer and the control, the verdict in careful words with the relative effect
 * size, its interval and the exact p beside it, displacement or diffusion (WDQ), and the monthly
 * series of target and control as an index (the before period's monthly mean = 100) with the start
 * marked.
 */
#include "core/hs_internal.h"
#include "render/render.h"
#include "report/report.h"

#include <cairo.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#define ML HS__RP_ML
#define CW HS__RP_CW
#define INK HS__RP_INK
#define GREY HS__RP_GREY

/* v with prec decimals and the language's decimal mark. */
static void num(char *buf, size_t cap, double v, int prec, int en)
{
    if (!isfinite(v)) {
        hs__fmt(buf, cap, "–");
        return;
    }
    hs__fmt(buf, cap, "%.*f", prec, v);
    for (char *c = buf; !en && *c; c++) {
        if (*c == '.') {
            *c = ',';
        }
    }
}

static hs_measure_verdict verdict_of(const char *key)
{
    for (int v = 0; v < 4; v++) {
        if (strcmp(hs_measure_verdict_key((hs_measure_verdict)v), key) == 0) {
            return (hs_measure_verdict)v;
        }
    }
    return HS_MEASURE_NO_CHANGE;
}

static hs_wdq_class wdq_of(const char *key)
{
    for (int c = 0; c < 6; c++) {
        if (strcmp(hs_wdq_class_key((hs_wdq_class)c), key) == 0) {
            return (hs_wdq_class)c;
        }
    }
    return HS_WDQ_NONE;
}

static double counts_table(hs__report_page *p, double y, const hs__report_measure *m)
{
    const char *role[3] = {hs__report_tr(p, "Åtgärdsområdet", "Target area"),
                           hs__report_tr(p, "Närområdet", "Buffer"),
                           hs__report_tr(p, "Kontrollområdet", "Control area")};
    char cell[3][3][32];
    size_t nr = 0;
    for (int r = 0; r < 3; r++) {
        if (isnan(m->n[r][0])) {
            continue;
        }
        hs__fmt(cell[nr][0], 32, "%.0f", m->n[r][0]);
        hs__fmt(cell[nr][1], 32, "%.0f", m->n[r][1]);
        if (m->n[r][0] > 0) {
            char pc[24];
            num(pc, sizeof pc, 100.0 * (m->n[r][1] / m->n[r][0] - 1.0), 0, p->en);
            hs__fmt(cell[nr][2], 32, "%s%s %%", m->n[r][1] >= m->n[r][0] ? "+" : "", pc);
        } else {
            hs__fmt(cell[nr][2], 32, "–");
        }
        nr++;
    }
    const char *cells[12];
    size_t k = 0;
    for (int r = 0, i = 0; r < 3; r++) {
        if (isnan(m->n[r][0])) {
            continue;
        }
        cells[k++] = role[r];
        cells[k++] = cell[i][0];
        cells[k++] = cell[i][1];
        cells[k++] = cell[i][2];
        i++;
    }
    char hb[80], ha[80];
    hs__fmt(hb, sizeof hb, "%s %s – %s", hs__report_tr(p, "Före", "Before"), m->before_from,
            m->before_to);
    hs__fmt(ha, sizeof ha, "%s %s – %s", hs__report_tr(p, "Efter", "After"), m->after_from,
            m->after_to);
    const char *head[4] = {hs__report_tr(p, "Område", "Area"), hb, ha,
                           hs__report_tr(p, "Förändring", "Change")};
    const double cw[4] = {44, 50, 50, CW - 144};
    const int right[4] = {0, 1, 1, 1};
    return y + hs__report_table(p->cr, ML, y, cw, right, 4, head, cells, nr) + 4;
}

/* The verdict paragraph: careful words first, the figures beside them. */
static double verdict_text(hs__report_page *p, double y, const hs__report_measure *m)
{
    hs_measure_verdict v = verdict_of(m->verdict);
    char res[24], lo[24], hi[24], pv[24], text[1024];
    num(res, sizeof res, m->res, 2, p->en);
    num(lo, sizeof lo, m->res_lo, 2, p->en);
    num(hi, sizeof hi, m->res_hi, 2, p->en);
    num(pv, sizeof pv, m->p, m->p < 0.001 ? 4 : 3, p->en);
    const char *words = hs_measure_verdict_text(v, p->en ? "en" : "sv");
    if (v == HS_MEASURE_TOO_FEW) {
        hs__fmt(text, sizeof text,
                p->en ? "Assessment: %s (%.0f incidents in the target area before and after)."
                      : "Bedömning: %s (%.0f händelser i åtgärdsområdet före och efter).",
                words, m->n[0][0] + m->n[0][1]);
    } else {
        hs__fmt(text, sizeof text,
                p->en ? "Assessment: %s in the target area relative to the control (relative "
                        "effect size RES %s, 95 %% interval %s–%s; exact test p = %s)."
                      : "Bedömning: %s i åtgärdsområdet jämfört med kontrollområdet (relativ "
                        "effektstorlek RES %s, 95 %% konfidensintervall %s–%s; exakt test p = %s).",
                words, res, lo, hi, pv);
    }
    y += hs__text_wrap(p->cr, ML, y, CW, text, 10, 1, INK) + 2;
    y += hs__text_wrap(
             p->cr, ML, y, CW,
             hs__report_tr(p,
                           "RES (Farrington och Welsh) är kvoten mellan förändringen i "
                           "kontrollområdet och i åtgärdsområdet: över 1 betyder att brotten "
                           "minskade mer (eller ökade mindre) i åtgärdsområdet. Förändringen "
                           "räknas som sannolik först när intervallet inte omfattar 1 och det "
                           "exakta testet (Fisher) ger p under 0,05; annars kan den vara slump.",
                           "RES (Farrington and Welsh) is the ratio of the change in the control "
                           "to the change in the target: above 1 means crime fell more (or rose "
                           "less) in the target. A change counts as likely only when the "
                           "interval excludes 1 and the exact test (Fisher) gives p below 0.05; "
                           "otherwise it may be chance."),
             8.5, 0, GREY) +
         4;
    if (!isnan(m->n[1][0])) {
        char w[24], tne[24];
        num(w, sizeof w, m->wdq, 2, p->en);
        num(tne, sizeof tne, fabs(m->tne), 0, p->en);
        const char *cls = hs_wdq_class_text(wdq_of(m->wdq_class), p->en ? "en" : "sv");
        if (isfinite(m->wdq)) {
            hs__fmt(text, sizeof text,
                    p->en ? "Displacement (weighted displacement quotient WDQ = %s): %s. Net "
                            "effect over target and buffer: about %s incidents %s than the "
                            "control's trend predicts."
                          : "Förflyttning (viktad förflyttningskvot WDQ = %s): %s. Nettoeffekt i "
                            "åtgärdsområde och närområde: omkring %s händelser %s än vad "
                            "kontrollområdets utveckling förutsäger.",
                    w, cls, tne,
                    m->tne >= 0 ? hs__report_tr(p, "färre", "fewer")
                                : hs__report_tr(p, "fler", "more"));
        } else {
            hs__fmt(text, sizeof text,
                    p->en ? "Displacement (WDQ): %s." : "Förflyttning (WDQ): %s.", cls);
        }
        y += hs__text_wrap(p->cr, ML, y, CW, text, 9, 0, INK) + 4;
    }
    return y;
}

/* The monthly index chart: target and control, each as a share of its own before-period mean. */
static void series_chart(hs__report_page *p, double x, double y, double w, double h,
                         const hs__report_measure *m)
{
    cairo_t *cr = p->cr;
    if (m->nmonth < 2) {
        return;
    }
    double mean[3] = {0, 0, 0};
    int nb = 0;
    size_t start = m->nmonth;
    for (size_t i = 0; i < m->nmonth; i++) {
        if (strncmp(m->month[i], m->after_from, 7) >= 0 && start == m->nmonth) {
            start = i;
        }
        if (strncmp(m->month[i], m->before_from, 7) >= 0 &&
            strncmp(m->month[i], m->before_to, 7) <= 0) {
            for (int r = 0; r < 3; r++) {
                mean[r] += m->series[3 * i + (size_t)r];
            }
            nb++;
        }
    }
    double top = 150.0;
    double idx[3][512];
    size_t nm = m->nmonth < 512 ? m->nmonth : 512;
    for (int r = 0; r < 3; r++) {
        mean[r] = nb ? mean[r] / nb : NAN;
        for (size_t i = 0; i < nm; i++) {
            idx[r][i] = mean[r] > 0 ? 100.0 * m->series[3 * i + (size_t)r] / mean[r] : NAN;
            top = isfinite(idx[r][i]) && idx[r][i] > top ? idx[r][i] : top;
        }
    }
    top = ceil(top / 50.0) * 50.0;
    double px0 = x + 12, pw = w - 14, py0 = y + 8, ph = h - 20;
    hs__text(cr, x, y,
             hs__report_tr(p, "Händelser per månad, index (månadsmedel före = 100)",
                           "Incidents per month, index (monthly mean before = 100)"),
             8.5, 1, 0, INK, 0, NULL);
    cairo_set_line_width(cr, 0.15);
    for (double v = 0; v <= top + 1e-9; v += 50.0) {
        double yy = py0 + ph - ph * v / top;
        cairo_set_source_rgba(cr, 0.8, 0.8, 0.8, 1);
        cairo_move_to(cr, px0, yy);
        cairo_line_to(cr, px0 + pw, yy);
        cairo_stroke(cr);
        char lab[16];
        hs__fmt(lab, sizeof lab, "%.0f", v);
        hs__text(cr, px0 - 1.5, yy - 1.5, lab, 6.5, 0, 2, GREY, 0, NULL);
    }
    double step = pw / (double)(nm - 1);
    if (start < nm) {
        double sx = px0 + step * (double)start;
        static const double dash[] = {1.2, 0.8};
        cairo_set_source_rgba(cr, 0.2, 0.2, 0.2, 1);
        cairo_set_line_width(cr, 0.3);
        cairo_set_dash(cr, dash, 2, 0);
        cairo_move_to(cr, sx, py0);
        cairo_line_to(cr, sx, py0 + ph);
        cairo_stroke(cr);
        cairo_set_dash(cr, NULL, 0, 0);
        char lab[64];
        hs__fmt(lab, sizeof lab, "%s %s", hs__report_tr(p, "Start", "Start"), m->after_from);
        hs__text(cr, sx + 1, py0, lab, 6.5, 0, 0, INK, 1.0, NULL);
    }
    /* target orange, control grey, buffer light orange dashed (the layer's colours) */
    const hs_rgba col[3] = {{0.85, 0.37, 0.01, 1}, {0.99, 0.72, 0.39, 1}, {0.45, 0.45, 0.45, 1}};
    const double lw[3] = {0.6, 0.35, 0.5};
    for (int r = 0; r < 3; r++) {
        int pen = 0;
        cairo_set_source_rgba(cr, col[r].r, col[r].g, col[r].b, col[r].a);
        cairo_set_line_width(cr, lw[r]);
        for (size_t i = 0; i < nm; i++) {
            if (!isfinite(idx[r][i])) {
                pen = 0;
                continue;
            }
            double xx = px0 + step * (double)i, yy = py0 + ph - ph * fmin(idx[r][i], top) / top;
            if (pen) {
                cairo_line_to(cr, xx, yy);
            } else {
                cairo_move_to(cr, xx, yy);
            }
            pen = 1;
        }
        cairo_stroke(cr);
    }
    /* month labels: every third month, and the legend below */
    for (size_t i = 0; i < nm; i += 3) {
        hs__text(cr, px0 + step * (double)i, py0 + ph + 1, m->month[i], 6, 0, 1, GREY, 0, NULL);
    }
    const char *names[3] = {hs__report_tr(p, "Åtgärdsområdet", "Target area"),
                            hs__report_tr(p, "Närområdet", "Buffer"),
                            hs__report_tr(p, "Kontrollområdet", "Control area")};
    double lx = px0;
    for (int r = 0; r < 3; r++) {
        if (!(mean[r] > 0)) {
            continue;
        }
        cairo_set_source_rgba(cr, col[r].r, col[r].g, col[r].b, col[r].a);
        cairo_set_line_width(cr, 0.8);
        cairo_move_to(cr, lx, py0 + ph + 7.5);
        cairo_line_to(cr, lx + 6, py0 + ph + 7.5);
        cairo_stroke(cr);
        lx += 8 + hs__text(cr, lx + 7.5, py0 + ph + 6, names[r], 7, 0, 0, INK, 0, NULL) + 4;
    }
}

void hs__report_page_measure(hs__report_page *p, const hs__report_measure *m)
{
    char title[400], text[1200], buf[24];
    hs__fmt(title, sizeof title, "%s: %s", hs__report_tr(p, "Uppföljning", "Follow-up"), m->name);
    double y = hs__report_heading(p, 20, title, 15);
    num(buf, sizeof buf, m->buffer_m, 0, p->en);
    const char *cats = m->categories[0] ? m->categories : hs__report_tr(p, "alla", "all");
    hs__fmt(text, sizeof text,
            p->en ? "The measure in %s from %s. Incidents (categories: %s) in the period after "
                    "(%s – %s) are compared with an equally long period before (%s – %s), in the "
                    "target area, in a ring of %s m around it (where crime may move) and in the "
                    "control area, whose change shows what would have happened anyway."
                  : "Åtgärden i %s från %s. Händelser (kategorier: %s) under perioden efter "
                    "(%s – %s) jämförs med en lika lång period före (%s – %s), i åtgärdsområdet, "
                    "i en ring på %s m runt det (dit brott kan flytta) och i kontrollområdet, "
                    "vars förändring visar vad som hade hänt ändå.",
            m->area[0] ? m->area : m->name, m->after_from, cats, m->after_from, m->after_to,
            m->before_from, m->before_to, buf);
    y += hs__text_wrap(p->cr, ML, y, CW, text, 9, 0, INK) + 4;
    y = counts_table(p, y, m);
    y = verdict_text(p, y, m);
    series_chart(p, ML, y + 2, CW, 80, m);
}
