/*
 * The figures of the period report (the EST week, a month, a tertial): counts of the period
 * against the periods just before it and the same period a year earlier, per category and per
 * named place, with the exact conditional test of two Poisson counts (hs_change_run); cells that
 * became or stopped being busy; the busiest place x time windows; the complaints beside the
 * crimes; and the period's crime clock. Plain C over the report's data; no drawing.
 */
#include "core/hs_internal.h"
#include "report/report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Local day of a record (the middle of its window), or INT64_MIN without a time. */
static int64_t local_day(int64_t from, int64_t to)
{
    if (from == HS_TIME_NONE) {
        return INT64_MIN;
    }
    int64_t t = to != HS_TIME_NONE && to > from ? from + (to - from) / 2 : from;
    return (int64_t)floor((double)hs_tz_utc_to_wall(HS_TZ_STOCKHOLM, t) / 86400.0);
}

/* 0: the period, 1: the baseline periods before it, 2: the same period a year earlier, -1 none. */
static int which(const hs__period_model *m, int64_t day)
{
    if (day == INT64_MIN) {
        return -1;
    }
    int64_t k = hs_period_of_day(day, m->kind);
    return k == m->idx ? 0 : k < m->idx && k >= m->idx - m->nbase ? 1 : k == m->year_idx ? 2 : -1;
}

static int cmp_row(const void *a, const void *b)
{
    const hs__period_row *x = a, *y = b;
    if (x->n[0] != y->n[0]) {
        return x->n[0] < y->n[0] ? 1 : -1;
    }
    if (x->n[1] != y->n[1]) {
        return x->n[1] < y->n[1] ? 1 : -1;
    }
    return strcmp(x->name ? x->name : "", y->name ? y->name : "");
}

/* qsort, which must not be given a NULL array even for no rows */
static void sort_rows(hs__period_row *r, size_t n)
{
    if (n > 1) {
        qsort(r, n, sizeof *r, cmp_row);
    }
}

/* The tests of each row: the period against the baseline (exposure nbase : 1), and against the
 * same period a year earlier (1 : 1), raw p (the rows are read one by one, not as a family). */
static int test_rows(hs__period_row *r, size_t n, hs_ctx *ctx, int nbase)
{
    if (n == 0) {
        return HS_OK;
    }
    double *a = calloc(n * 4, sizeof *a);
    uint8_t *cls = malloc(n);
    if (!a || !cls) {
        free(a);
        free(cls);
        return hs__error(ctx, HS_ENOMEM, "report: out of memory");
    }
    double *b = a + n, *p = a + 2 * n, *ratio = a + 3 * n;
    hs_change_opts o = HS_CHANGE_OPTS_INIT;
    o.exposure_a = nbase;
    o.exposure_b = 1.0;
    o.fdr = 0;
    for (size_t i = 0; i < n; i++) {
        a[i] = r[i].n[1];
        b[i] = r[i].n[0];
    }
    int rc = hs_change_run(ratio, p, NULL, cls, ctx, a, b, n, &o);
    for (size_t i = 0; rc == HS_OK && i < n; i++) {
        r[i].p_base = p[i];
        r[i].cls_base = cls[i];
        a[i] = r[i].n[2];
    }
    o.exposure_a = 1.0;
    rc = rc ? rc : hs_change_run(ratio, p, NULL, cls, ctx, a, b, n, &o);
    for (size_t i = 0; rc == HS_OK && i < n; i++) {
        r[i].p_year = p[i];
        r[i].cls_year = cls[i];
    }
    free(a);
    free(cls);
    return rc;
}

static int add_row(hs__period_row **rows, size_t *n, size_t *cap, const char *name)
{
    if (hs__grow((void **)rows, cap, *n + 1, sizeof **rows)) {
        return HS_ENOMEM;
    }
    memset(&(*rows)[*n], 0, sizeof **rows);
    (*rows)[(*n)++].name = name;
    return HS_OK;
}

typedef struct cellkey {
    int64_t key;
    int which;
    double x, y;
} cellkey;

static int cmp_key(const void *a, const void *b)
{
    int64_t x = ((const cellkey *)a)->key, y = ((const cellkey *)b)->key;
    return x < y ? -1 : x > y;
}

/* Cells (of the grid's size) whose count this period is significantly above or below the
 * baseline: new[] and ended[] rows named by the nearest place. */
static int busy_cells(hs__period_model *m, hs_ctx *ctx, const hs__report_data *d, const int8_t *w)
{
    double cell = m->cell;
    cellkey *k = malloc((d->n ? d->n : 1) * sizeof *k);
    if (!k) {
        return hs__error(ctx, HS_ENOMEM, "report: out of memory");
    }
    size_t nk = 0;
    for (size_t i = 0; i < d->n; i++) {
        if ((w[i] == 0 || w[i] == 1) && hs_precision_is_local((hs_precision)d->prec[i]) &&
            isfinite(d->x[i])) {
            int64_t ix = (int64_t)floor(d->x[i] / cell), iy = (int64_t)floor(d->y[i] / cell);
            k[nk++] = (cellkey){ix * 100000000LL + iy, w[i], d->x[i], d->y[i]};
        }
    }
    if (nk > 1) {
        qsort(k, nk, sizeof *k, cmp_key);
    }
    hs__period_row *rows = NULL;
    size_t nr = 0, cap = 0;
    int rc = HS_OK;
    for (size_t i = 0; rc == HS_OK && i < nk;) {
        size_t j = i;
        double c[2] = {0, 0};
        while (j < nk && k[j].key == k[i].key) {
            c[k[j].which] += 1.0;
            j++;
        }
        rc = add_row(&rows, &nr, &cap, NULL);
        if (rc == HS_OK) {
            hs__period_row *r = &rows[nr - 1];
            r->n[0] = c[0];
            r->n[1] = c[1];
            r->x = (floor(k[i].x / cell) + 0.5) * cell;
            r->y = (floor(k[i].y / cell) + 0.5) * cell;
        }
        i = j;
    }
    free(k);
    rc = rc ? rc : test_rows(rows, nr, ctx, m->nbase);
    for (size_t i = 0; rc == HS_OK && i < nr; i++) {
        hs__period_row *r = &rows[i];
        int pl = hs__report_nearest_place(d, r->x, r->y, NULL);
        r->name = pl >= 0 ? d->places[pl].name : NULL;
        /* a new concentration needs at least min_count incidents, not only a small p */
        int big = r->n[0] >= (m->min_count > 3 ? m->min_count : 3);
        hs__period_row **dst = r->cls_base == HS_CHANGE_INCREASED && big ? &m->new_cells
                               : r->cls_base == HS_CHANGE_DECREASED      ? &m->ended_cells
                                                                         : NULL;
        size_t *dn = dst == &m->new_cells ? &m->nnew : &m->nended;
        size_t *dc = dst == &m->new_cells ? &m->new_cap : &m->ended_cap;
        if (dst) {
            rc = hs__grow((void **)dst, dc, *dn + 1, sizeof **dst) ? HS_ENOMEM : HS_OK;
            if (rc == HS_OK) {
                (*dst)[(*dn)++] = *r;
            }
        }
    }
    free(rows);
    if (rc == HS_OK) {
        sort_rows(m->new_cells, m->nnew);
        sort_rows(m->ended_cells, m->nended);
    }
    return rc;
}

/* The busiest place x (weekday, three-hour block) windows of the period. */
static int top_windows(hs__period_model *m, hs_ctx *ctx, const hs__report_data *d, const int8_t *w,
                       const int *place)
{
    size_t np = d->nplaces + 1, nwin = np * 7 * 8;
    double *c = calloc(nwin, sizeof *c);
    if (!c) {
        return hs__error(ctx, HS_ENOMEM, "report: out of memory");
    }
    for (size_t i = 0; i < d->n; i++) {
        if (w[i] != 0 || place[i] < 0) {
            continue;
        }
        int64_t wall = hs_tz_utc_to_wall(HS_TZ_STOCKHOLM, d->t_from[i]);
        int64_t day = (int64_t)floor((double)wall / 86400.0);
        int hour = (int)((wall - day * 86400) / 3600);
        c[((size_t)place[i] * 7 + (size_t)(hs_weekday(day) - 1)) * 8 + (size_t)(hour / 3)] += 1;
    }
    for (m->nwin = 0; m->nwin < 5; m->nwin++) {
        size_t best = nwin;
        for (size_t k = 0; k < nwin; k++) {
            if (c[k] >= 2 && (best == nwin || c[k] > c[best])) {
                best = k;
            }
        }
        if (best == nwin) {
            break;
        }
        m->win_place[m->nwin] = (int)(best / 56);
        m->win_day[m->nwin] = (int)(best / 8 % 7);
        m->win_hour[m->nwin] = (int)(best % 8) * 3;
        m->win_n[m->nwin] = c[best];
        c[best] = 0;
    }
    free(c);
    return HS_OK;
}

int hs__period_model_build(hs__period_model *m, hs_ctx *ctx, const hs__report_data *d,
                           const hs__report_data *q, int64_t idx, hs_period kind, double cell,
                           int min_count)
{
    memset(m, 0, sizeof *m);
    m->min_count = min_count;
    m->kind = kind;
    m->idx = idx;
    m->nbase = kind == HS_PERIOD_WEEK ? 4 : kind == HS_PERIOD_MONTH ? 3 : 2;
    m->year_idx = hs_period_year_before(idx, kind);
    m->cell = cell > 0 ? cell : 250.0;
    m->first_day = hs_period_first_day(idx, kind);
    m->last_day = hs_period_first_day(idx + 1, kind) - 1;
    int8_t *w = malloc(d->n ? d->n : 1);
    int *place = malloc((d->n ? d->n : 1) * sizeof *place);
    int rc = w && place ? HS_OK : hs__error(ctx, HS_ENOMEM, "report: out of memory");
    size_t nc = d->cats.n, np = d->nplaces;
    size_t cap = 0;
    for (size_t k = 0; rc == HS_OK && k < nc; k++) {
        rc = add_row(&m->cats, &m->ncats, &cap, hs__dict_name(&d->cats, k));
    }
    cap = 0;
    for (size_t k = 0; rc == HS_OK && k < np; k++) {
        rc = add_row(&m->places, &m->nplaces, &cap, d->places[k].name);
    }
    for (size_t i = 0; rc == HS_OK && i < d->n; i++) {
        int64_t day = local_day(d->t_from[i], d->t_to[i]);
        w[i] = (int8_t)which(m, day);
        place[i] = hs_precision_is_local((hs_precision)d->prec[i])
                       ? hs__report_nearest_place(d, d->x[i], d->y[i], NULL)
                       : -1;
        if (w[i] < 0) {
            continue;
        }
        m->total[w[i]] += 1.0;
        if (d->cat[i] >= 0) {
            m->cats[d->cat[i]].n[w[i]] += 1.0;
        }
        if (place[i] >= 0) {
            m->places[place[i]].n[w[i]] += 1.0;
        }
        if (w[i] == 0) {
            hs_aoristic_record(m->clock, NULL, d->t_from[i], d->t_to[i], 1.0, NULL);
        }
    }
    for (size_t i = 0; q && rc == HS_OK && i < q->n; i++) {
        int wq = which(m, local_day(q->t_from[i], q->t_to[i]));
        if (wq < 0) {
            continue;
        }
        m->qtotal[wq] += 1.0;
        int pl = hs_precision_is_local((hs_precision)q->prec[i])
                     ? hs__report_nearest_place(d, q->x[i], q->y[i], NULL)
                     : -1;
        if (pl >= 0) {
            m->places[pl].q[wq] += 1.0;
        }
    }
    m->has_complaints = q && q->n > 0;
    rc = rc ? rc : test_rows(m->cats, m->ncats, ctx, m->nbase);
    rc = rc ? rc : test_rows(m->places, m->nplaces, ctx, m->nbase);
    hs__period_row tot = {0};
    memcpy(tot.n, m->total, sizeof tot.n);
    rc = rc ? rc : test_rows(&tot, 1, ctx, m->nbase);
    m->total_row = tot;
    if (rc == HS_OK) {
        sort_rows(m->cats, m->ncats);
        rc = top_windows(m, ctx, d, w, place);
    }
    rc = rc ? rc : busy_cells(m, ctx, d, w);
    if (rc == HS_OK) {
        /* the place rows are sorted after the windows have used their indices */
        for (size_t k = 0; k < m->nwin; k++) {
            m->win_name[k] = d->places[m->win_place[k]].name;
        }
        sort_rows(m->places, m->nplaces);
    }
    free(w);
    free(place);
    if (rc != HS_OK) {
        hs__period_model_free(m);
    }
    return rc;
}

void hs__period_model_free(hs__period_model *m)
{
    free(m->cats);
    free(m->places);
    free(m->new_cells);
    free(m->ended_cells);
    memset(m, 0, sizeof *m);
}
