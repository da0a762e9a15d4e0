/*
 * Two pages of the lägesbild report drawn with cairo: a crime clock for each hot spot (clusters of
 * Gi* cells at 95 % or more after FDR) and crime against insecurity, where the two pictures
 * disagree most. The headings and tables come from report_page_cairo.c.
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

/* ---- crime against insecurity: where the two pictures disagree ---- */

static const hs__report_data *g_cmp_data; /* for the sort below (single-threaded drawing) */

static int by_disagreement(const void *a, const void *b)
{
    double x = fabs(g_cmp_data->cmp[*(const size_t *)a].log_ratio);
    double y = fabs(g_cmp_data->cmp[*(const size_t *)b].log_ratio);
    return x < y ? 1 : x > y ? -1 : 0;
}

static const char *nearest_place(const hs__report_data *d, double x, double y, int *inside)
{
    int i = hs__report_nearest_place(d, x, y, inside);
    return i >= 0 ? d->places[i].name : NULL;
}

static hs_cmp_class class_of(const char *key)
{
    return strcmp(key, "both") == 0              ? HS_CMP_BOTH
           : strcmp(key, "crime_only") == 0      ? HS_CMP_CRIME_ONLY
           : strcmp(key, "insecurity_only") == 0 ? HS_CMP_INSECURITY_ONLY
                                                 : HS_CMP_NEITHER;
}

void hs__report_page_compare(hs__report_page *p)
{
    cairo_t *cr = p->cr;
    const hs__report_data *d = p->d;
    double y = hs__report_heading(
        p, 20, hs__report_tr(p, "Brott och otrygghet", "Crime and insecurity"), 15);
    y += hs__text_wrap(
             cr, ML, y, CW,
             hs__report_tr(
                 p,
                 "Var polisanmälda brott och upplevd otrygghet (trygghetsvandringar, "
                 "medborgardialog, EST) koncentreras, jämfört ruta för ruta. En ruta är het när "
                 "Gi* efter FDR-korrektion visar en signifikant koncentration. Log-kvoten jämför "
                 "rutans andel av alla brott med dess andel av alla synpunkter: positiv betyder "
                 "mer brott än otrygghet, negativ mer otrygghet än brott.",
                 "Where reported crime and perceived insecurity (safety walks, citizen dialogue, "
                 "EST reports) concentrate, compared cell by cell. A cell is hot when Gi* after "
                 "FDR correction shows a significant concentration. The log ratio compares the "
                 "cell's share of all crime with its share of all reports: positive means more "
                 "crime than insecurity, negative more insecurity than crime."),
             8.5, 0, INK) +
         4;
    if (d->ncmp == 0) {
        hs__text_wrap(cr, ML, y + 2, CW,
                      hs__report_tr(p,
                                    "Inga synpunkter om otrygghet i underlaget (ingen indata med "
                                    "kind = complaint): jämförelsen görs inte",
                                    "No insecurity reports in the data (no input with kind = "
                                    "complaint): no comparison is made"),
                      10, 1, INK);
        return;
    }
    size_t count[4] = {0, 0, 0, 0};
    for (size_t i = 0; i < d->ncmp; i++) {
        count[class_of(d->cmp[i].cls)]++;
    }
    char num[4][24];
    const char *c1[8];
    static const hs_cmp_class order[4] = {HS_CMP_BOTH, HS_CMP_CRIME_ONLY, HS_CMP_INSECURITY_ONLY,
                                          HS_CMP_NEITHER};
    for (size_t k = 0; k < 4; k++) {
        hs__fmt(num[k], sizeof num[k], "%zu", count[order[k]]);
        c1[2 * k] = hs_cmp_class_label(order[k], p->en ? "en" : "sv");
        c1[2 * k + 1] = num[k];
    }
    const double cw1[2] = {70, 30};
    const int rt1[2] = {0, 1};
    const char *h1[2] = {hs__report_tr(p, "Klass", "Class"), hs__report_tr(p, "Rutor", "Cells")};
    y = hs__report_heading(p, y, hs__report_tr(p, "Rutor per klass", "Cells per class"), 10);
    y += hs__report_table(cr, ML, y, cw1, rt1, 2, h1, c1, 4) + 4;

    y = hs__report_heading(
        p, y, hs__report_tr(p, "Där bilderna skiljer sig mest", "Where the pictures disagree most"),
        10);
    size_t *idx = malloc((d->ncmp + 1) * sizeof *idx);
    size_t n = 0;
    int minc = p->o->min_count > 0 ? p->o->min_count : 5;
    for (size_t i = 0; idx && i < d->ncmp; i++) {
        if (d->cmp[i].n_crime + d->cmp[i].n_insecurity >= minc) {
            idx[n++] = i;
        }
    }
    g_cmp_data = d;
    if (idx) {
        qsort(idx, n, sizeof *idx, by_disagreement);
    }
    size_t rows = n < 15 ? n : 15;
    char(*cells)[6][48] = calloc(rows + 1, sizeof *cells);
    const char **c = calloc((rows + 1) * 6, sizeof(char *));
    if (cells && c) {
        for (size_t r = 0; r < rows; r++) {
            const hs__report_cmp *q = &d->cmp[idx[r]];
            const char *pl = nearest_place(d, q->x, q->y, NULL);
            hs__fmt(cells[r][0], 48, "%s", pl ? pl : "–");
            hs__fmt(cells[r][1], 48, "%.0f, %.0f", q->x, q->y);
            int64_t v[2] = {q->n_crime, q->n_insecurity};
            for (int k = 0; k < 2; k++) {
                if (hs_count_suppressed(v[k], p->o->is_public, p->o->min_count)) {
                    hs__fmt(cells[r][2 + k], 48, "< %d", minc);
                } else {
                    hs__fmt(cells[r][2 + k], 48, "%lld", (long long)v[k]);
                }
            }
            hs__fmt(cells[r][4], 48, "%s",
                    hs_cmp_class_label(class_of(q->cls), p->en ? "en" : "sv"));
            hs__fmt(cells[r][5], 48, "%+.2f", q->log_ratio);
            for (int k = 0; k < 6; k++) {
                c[r * 6 + (size_t)k] = cells[r][k];
            }
        }
        const double cw[6] = {48, 30, 16, 20, 38, CW - 152};
        const int rt[6] = {0, 0, 1, 1, 0, 1};
        const char *h[6] = {hs__report_tr(p, "Närmaste plats", "Nearest place"),
                            hs__report_tr(p, "Rutans mitt", "Cell centre"),
                            hs__report_tr(p, "Brott", "Crime"),
                            hs__report_tr(p, "Otrygghet", "Insecurity"),
                            hs__report_tr(p, "Klass", "Class"),
                            hs__report_tr(p, "Log-kvot", "Log ratio")};
        y += hs__report_table(cr, ML, y, cw, rt, 6, h, c, rows) + 3;
    }
    if (p->o->is_public) {
        hs__text_wrap(cr, ML, y, CW,
                      hs__report_tr(p, "Antal under gränsen för röjandeskydd visas inte.",
                                    "Counts below the disclosure threshold are not shown."),
                      7.5, 0, GREY);
    }
    free(cells);
    free(c);
    free(idx);
}

/* ---- a crime clock for each hot spot (clusters of Gi* cells at 95 % or more after FDR) ---- */

void hs__report_hot_free(hs__report_hot *h)
{
    free(h->clock);
    free(h->count);
    free(h->cx);
    free(h->cy);
}

/* Clusters the hot cells (queen contiguity) and adds every incident in them to its cluster's clock.
 */
int hs__report_hot_build(hs__report_hot *h, const hs__report_data *d, hs_ctx *ctx)
{
    memset(h, 0, sizeof *h);
    if (d->nhot == 0 || !(d->hot_size > 0)) {
        return HS_OK;
    }
    double s = d->hot_size, x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    for (size_t i = 0; i < d->nhot; i++) {
        x0 = fmin(x0, d->hot_x0[i]);
        y0 = fmin(y0, d->hot_y0[i]);
        x1 = fmax(x1, d->hot_x0[i] + s);
        y1 = fmax(y1, d->hot_y0[i] + s);
    }
    hs_grid_spec g = {x0, y0, s, (int64_t)llround((x1 - x0) / s), (int64_t)llround((y1 - y0) / s)};
    size_t nc = (size_t)(g.nx * g.ny);
    uint8_t *marked = calloc(nc, 1);
    int32_t *label = malloc(nc * sizeof *label);
    int rc = marked && label ? HS_OK : HS_ENOMEM;
    for (size_t i = 0; rc == HS_OK && i < d->nhot; i++) {
        int64_t ix, iy;
        if (hs_grid_cell_of(&ix, &iy, &g, d->hot_x0[i] + s / 2, d->hot_y0[i] + s / 2) == 0) {
            marked[iy * g.nx + ix] = 1;
        }
    }
    rc = rc ? rc : hs_cell_clusters(label, &h->n, ctx, &g, marked);
    if (rc == HS_OK && h->n > 0) {
        h->clock = calloc(h->n, sizeof *h->clock);
        h->count = calloc(h->n, sizeof *h->count);
        h->cx = calloc(h->n, sizeof *h->cx);
        h->cy = calloc(h->n, sizeof *h->cy);
        rc = h->clock && h->count && h->cx && h->cy ? HS_OK : HS_ENOMEM;
    }
    hs_aoristic_opts ao = HS_AORISTIC_OPTS_INIT;
    for (size_t i = 0; rc == HS_OK && h->n > 0 && i < d->n; i++) {
        int64_t ix, iy;
        if (!hs_precision_is_local((hs_precision)d->prec[i]) || d->t_from[i] == HS_TIME_NONE ||
            hs_grid_cell_of(&ix, &iy, &g, d->x[i], d->y[i]) != 0) {
            continue;
        }
        int32_t c = label[iy * g.nx + ix];
        if (c < 0) {
            continue;
        }
        hs_aoristic_record(h->clock[c], NULL, d->t_from[i], d->t_to[i], 1.0, &ao);
        h->count[c]++;
        h->cx[c] += d->x[i];
        h->cy[c] += d->y[i];
    }
    for (size_t k = 0; rc == HS_OK && k < 4; k++) {
        size_t best = SIZE_MAX;
        for (size_t c = 0; c < h->n; c++) {
            int taken = 0;
            for (size_t j = 0; j < k; j++) {
                taken |= h->order[j] == c;
            }
            if (!taken && h->count[c] > 0 && (best == SIZE_MAX || h->count[c] > h->count[best])) {
                best = c;
            }
        }
        if (best == SIZE_MAX) {
            break;
        }
        h->order[h->shown++] = best;
    }
    free(marked);
    free(label);
    return rc == HS_ENOMEM ? hs__error(ctx, rc, "report: out of memory") : rc;
}

void hs__report_page_hot(hs__report_page *p, const hs__report_hot *h)
{
    cairo_t *cr = p->cr;
    double y = hs__report_heading(
        p, 20,
        hs__report_tr(p, "Brottsklockor för de heta områdena", "Crime clocks of the hot spots"),
        15);
    y +=
        hs__text_wrap(
            cr, ML, y, CW,
            hs__report_tr(p,
                          "Heta områden är sammanhängande rutor där Gi* efter FDR-korrektion visar "
                          "en koncentration på minst 95 %. För de största visas veckodag och timme "
                          "med aoristisk viktning.",
                          "Hot spots are contiguous cells where Gi* after FDR correction shows a "
                          "concentration at 95 % or more. For the largest, weekday and hour with "
                          "aoristic weighting."),
            8.5, 0, INK) +
        3;
    if (h->shown == 0) {
        char why[256];
        if (!hs__report_why(why, sizeof why, p, 0) && !hs__report_why(why, sizeof why, p, 1)) {
            hs__fmt(why, sizeof why, "%s",
                    hs__report_tr(p, "Inga heta områden med tillräckligt många händelser",
                                  "No hot spot with enough incidents"));
        }
        hs__text_wrap(cr, ML, y + 2, CW, why, 10, 1, INK);
    }
    for (size_t k = 0; k < h->shown; k++) {
        size_t c = h->order[k];
        double mx = h->cx[c] / (double)h->count[c], my = h->cy[c] / (double)h->count[c];
        int in = 0;
        const char *near = nearest_place(p->d, mx, my, &in);
        char title[200];
        hs__fmt(title, sizeof title, "%s %zu%s%s: %lld %s",
                hs__report_tr(p, "Hett område", "Hot spot"), k + 1,
                near ? (in ? hs__report_tr(p, " i ", " in ") : hs__report_tr(p, " vid ", " near "))
                     : "",
                near ? near : "", (long long)h->count[c],
                hs__report_tr(p, "händelser", "incidents"));
        y = hs__report_heading(p, y, title, 10);
        hs__report_clock(p, y, 44, h->clock[c], (double)h->count[c]);
        y += 48;
    }
}
