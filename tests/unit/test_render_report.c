/*
 * Tests of the report's figures (report.c) on six hand-made incidents: period, monthly series
 * against the previous year, categories, precision shares, focus areas ordered by size, their
 * cells with the nearest place and their busiest 3-hour windows, all computed by hand below.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "core/hs_internal.h"
#include "report/report.h"

/* UTC seconds of a local (CET, UTC+1 in winter) wall-clock time */
static int64_t cet(int y, int m, int d, int hh, int mm)
{
    return hs_days_from_civil(y, m, d) * 86400 + hh * 3600 + mm * 60 - 3600;
}

static void add(hs__report_data *d, size_t i, double x, double y, int64_t t, const char *cat,
                const char *focus, hs_precision p)
{
    d->x[i] = x;
    d->y[i] = y;
    d->t_from[i] = t;
    d->t_to[i] = HS_TIME_NONE;
    cr_assert_eq(hs__dict_intern(&d->cat[i], &d->cats, cat), HS_OK);
    cr_assert_eq(hs__dict_intern(&d->focus[i], &d->focuses, focus), HS_OK);
    d->prec[i] = (uint8_t)p;
}

static double xs[6], ys[6];
static int64_t t0[6], t1[6];
static int32_t cats[6], focs[6];
static uint8_t precs[6];

static void make(hs__report_data *d)
{
    memset(d, 0, sizeof(*d));
    d->n = 6;
    d->x = xs;
    d->y = ys;
    d->t_from = t0;
    d->t_to = t1;
    d->cat = cats;
    d->focus = focs;
    d->prec = precs;
    add(d, 0, 1000, 1000, cet(2025, 3, 10, 22, 30), "skadegörelse", "trygghet", HS_PREC_ADDRESS);
    add(d, 1, 1100, 1200, cet(2025, 3, 10, 23, 10), "skadegörelse", "trygghet", HS_PREC_ADDRESS);
    add(d, 2, 3000, 3000, cet(2025, 1, 15, 12, 0), "narkotikabrott", "narkotika", HS_PREC_ADDRESS);
    add(d, 3, 1010, 1010, cet(2024, 2, 1, 8, 0), "skadegörelse", "trygghet", HS_PREC_ADDRESS);
    add(d, 4, NAN, NAN, cet(2025, 2, 20, 13, 0), "misshandel", NULL, HS_PREC_KOMMUN);
    add(d, 5, 3050, 3050, HS_TIME_NONE, "narkotikabrott", "narkotika", HS_PREC_ADDRESS);
    static hs__report_place torget = {"Torget", 1100, 1100, 0, 0, 4};
    d->places = &torget;
    d->nplaces = 1;
}

static void release(hs__report_data *d)
{
    hs__dict_free(&d->cats);
    hs__dict_free(&d->focuses);
}

Test(report, model_by_hand)
{
    hs_ctx *ctx = NULL;
    cr_assert_eq(hs_ctx_new(&ctx), HS_OK);
    hs__report_data d;
    make(&d);
    hs__report_model m;
    cr_assert_eq(hs__report_model_build(&m, ctx, &d, 6), HS_OK, "%s", hs_ctx_errmsg(ctx));
    cr_assert_str_eq(m.period, "2024-02-01 – 2025-03-10");
    /* the last month with data is March 2025: the window runs April 2024 .. March 2025 */
    cr_assert_eq(m.first_month, 4);
    cr_assert_str_eq(m.cur_label, "apr 2024 – mar 2025");
    cr_assert_float_eq(m.cur[11], 2, 1e-12);  /* March 2025: incidents 0 and 1 */
    cr_assert_float_eq(m.cur[10], 1, 1e-12);  /* February 2025: incident 4 */
    cr_assert_float_eq(m.cur[9], 1, 1e-12);   /* January 2025: incident 2 */
    cr_assert_float_eq(m.prev[10], 1, 1e-12); /* February 2024: incident 3 */
    double sum = 0;
    for (int i = 0; i < 12; i++) {
        sum += m.cur[i] + m.prev[i];
    }
    cr_assert_float_eq(sum, 5, 1e-12); /* incident 5 has no time */
    cr_assert_eq(m.ncat, 3);
    cr_assert_str_eq(m.cat_name[0], "skadegörelse");
    cr_assert_float_eq(m.cat_n[0], 2, 1e-12);
    cr_assert_eq(m.prec_n[HS_PREC_ADDRESS], 5);
    cr_assert_eq(m.prec_n[HS_PREC_KOMMUN], 1);
    cr_assert_eq(m.located, 5);
    cr_assert_eq(m.all.n, 6);
    cr_assert_eq(m.all.n12, 4);
    cr_assert_eq(m.all.n_prev, 1);
    /* focus areas, largest first */
    cr_assert_eq(m.nfocus, 2);
    const hs__report_focus *f = &m.focus[0];
    cr_assert_str_eq(f->name, "trygghet");
    cr_assert_eq(f->n, 3);
    cr_assert_eq(f->n12, 2);
    cr_assert_eq(f->n_prev, 1);
    cr_assert_eq(f->ncells, 1); /* all three in the 250 m cell with corner (1000, 1000) */
    cr_assert_float_eq(f->cx[0], 1000, 1e-9);
    cr_assert_float_eq(f->cy[0], 1000, 1e-9);
    cr_assert_eq(f->cn[0], 3);
    cr_assert_str_eq(f->cplace[0], "Torget");
    /* Monday 22 and 23 and Thursday 08: the busiest window is Monday 21-24 (2 of 3) */
    cr_assert_float_eq(f->clock[0 * 24 + 22], 1, 1e-9);
    cr_assert_float_eq(f->clock[3 * 24 + 8], 1, 1e-9);
    cr_assert_eq(f->nwin, 2); /* no third window carries any weight */
    cr_assert_eq(f->win_day[0], 0);
    cr_assert_eq(f->win_hour[0], 21);
    cr_assert_float_eq(f->win_share[0], 2.0 / 3.0, 1e-9);
    cr_assert_eq(f->win_day[1], 3);
    cr_assert_eq(f->win_hour[1], 6);
    cr_assert_float_eq(f->win_share[1], 1.0 / 3.0, 1e-9);
    const hs__report_focus *g = &m.focus[1];
    cr_assert_str_eq(g->name, "narkotika");
    cr_assert_eq(g->ncells, 1);
    cr_assert_eq(g->cn[0], 2);
    cr_assert_str_eq(g->cplace[0], ""); /* Torget is 2.9 km away */
    hs__report_model_free(&m);
    /* max_focus limits the pages */
    cr_assert_eq(hs__report_model_build(&m, ctx, &d, 1), HS_OK);
    cr_assert_eq(m.nfocus, 1);
    hs__report_model_free(&m);
    release(&d);
    hs_ctx_free(ctx);
}

Test(report, no_times_is_no_data)
{
    hs_ctx *ctx = NULL;
    cr_assert_eq(hs_ctx_new(&ctx), HS_OK);
    hs__report_data d;
    make(&d);
    for (int i = 0; i < 6; i++) {
        t0[i] = HS_TIME_NONE;
    }
    hs__report_model m;
    cr_assert_eq(hs__report_model_build(&m, ctx, &d, 6), HS_ENODATA);
    hs__report_model_free(&m);
    release(&d);
    hs_ctx_free(ctx);
}

Test(report, missing_file)
{
    hs_ctx *ctx = NULL;
    cr_assert_eq(hs_ctx_new(&ctx), HS_OK);
    int rc = hs_report_write(NULL, ctx, HS_BINARY_DIR "/no-such.gpkg",
                             HS_BINARY_DIR "/test_report_never.pdf", NULL);
    cr_assert_eq(rc, HS_ENOTFOUND, "%d %s", rc, hs_ctx_errmsg(ctx));
    hs_ctx_free(ctx);
}

Test(report, cells_counted_and_ordered)
{
    hs__report_cells c;
    memset(&c, 0, sizeof c);
    /* 3000 incidents over 700 cells: cell (k % 700) gets 4 or 5 incidents, cell (-5, 9) 40 */
    for (int k = 0; k < 3000; k++) {
        cr_assert_eq(hs__report_cells_add(&c, k % 700 - 350, k % 7), HS_OK);
    }
    for (int k = 0; k < 40; k++) {
        cr_assert_eq(hs__report_cells_add(&c, -5, 9), HS_OK);
    }
    size_t n = hs__report_cells_sorted(&c);
    cr_assert_eq(n, 701);
    cr_assert_eq(c.slot[0].ix, -5);
    cr_assert_eq(c.slot[0].iy, 9);
    cr_assert_eq(c.slot[0].n, 40);
    int64_t total = 0;
    for (size_t i = 0; i < n; i++) {
        total += c.slot[i].n;
        if (i > 1) { /* by count, then column, then row */
            const hs__report_cell *p = &c.slot[i - 1], *q = &c.slot[i];
            cr_assert(p->n > q->n ||
                      (p->n == q->n && (p->ix < q->ix || (p->ix == q->ix && p->iy < q->iy))));
        }
    }
    cr_assert_eq(total, 3040);
    /* 3000 = 4 * 700 + 200: the first 200 cells have 5 */
    cr_assert_eq(c.slot[1].n, 5);
    cr_assert_eq(c.slot[1].ix, -350);
    cr_assert_eq(c.slot[200].n, 5);
    cr_assert_eq(c.slot[201].n, 4);
    hs__report_cells_free(&c);
}

static void put(hs_records *r, double x, const char *cat, const char *focus, const char *src,
                hs_precision p)
{
    hs_record rec = HS_RECORD_INIT;
    rec.x = x;
    rec.y = 2 * x;
    rec.t_from = 1700000000 + (int64_t)x;
    rec.category = cat;
    rec.focus_area = focus;
    rec.source = src;
    rec.precision = p;
    cr_assert_eq(hs_records_add(r, &rec), HS_OK);
}

Test(report, incidents_from_a_record_store)
{
    hs_ctx *ctx = NULL;
    cr_assert_eq(hs_ctx_new(&ctx), HS_OK);
    hs_records *r = NULL;
    cr_assert_eq(hs_records_new(&r), HS_OK);
    put(r, 1, "stöld", "trygghet", "polis", HS_PREC_EXACT);
    put(r, 2, "våld", NULL, "polis", HS_PREC_ADDRESS);
    put(r, 3, "stöld", "trygghet", "vandring", HS_PREC_KOMMUN);
    hs__report_data d;
    memset(&d, 0, sizeof d);
    cr_assert_eq(hs__report_use_records(&d, ctx, r), HS_OK);
    cr_assert(d.borrowed); /* the store's own columns: nothing copied */
    cr_assert_eq(d.n, 3);
    cr_assert_eq(d.x, hs_records_x(r));
    cr_assert_str_eq(d.sources, "polis, vandring");
    hs__report_data_free(&d);
    /* a record without a place (not in the incidents layer) and an empty category (read back as
     * none): copied, without the first, the category dropped */
    put(r, 4, "", "narkotika", "polis", HS_PREC_NONE);
    put(r, 5, "", "narkotika", "polis", HS_PREC_EXACT);
    memset(&d, 0, sizeof d);
    cr_assert_eq(hs__report_use_records(&d, ctx, r), HS_OK);
    cr_assert(!d.borrowed);
    cr_assert_eq(d.n, 4);
    cr_assert_eq(d.x[3], 5.0);
    cr_assert_eq(d.y[3], 10.0);
    cr_assert_eq(d.t_from[3], 1700000005);
    cr_assert_eq(d.cat[3], -1);
    cr_assert_eq(d.cats.n, 2);
    cr_assert_str_eq(hs__dict_name(&d.focuses, (size_t)d.focus[3]), "narkotika");
    cr_assert_eq(d.focus[1], -1);
    cr_assert_eq(d.prec[2], HS_PREC_KOMMUN);
    hs__report_data_free(&d);
    hs_records_free(r);
    hs_ctx_free(ctx);
}
