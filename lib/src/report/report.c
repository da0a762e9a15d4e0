/*
 * The lägesbild report: hs_report_write loads a GeoPackage (report_gdal.c), computes the figures
 * shown — monthly series against the previous year, categories, precision shares, the aoristic
 * brottsklocka, per focus area the busiest cells and 3-hour windows — and hands them to
 * report_cairo.c for the pages. Plain C over arrays; it must not draw or read files itself.
 */
#include "core/hs_internal.h"
#include "report/report.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int64_t local_days(int64_t utc)
{
    int64_t w = hs_tz_utc_to_wall(HS_TZ_STOCKHOLM, utc);
    return w >= 0 ? w / 86400 : -((-w + 86399) / 86400);
}

static int64_t month_index(int64_t days)
{
    int64_t y = 0;
    int mo = 0;
    int d = 0;
    hs_civil_from_days(&y, &mo, &d, days);
    return y * 12 + (mo - 1);
}

static void month_label(char *buf, size_t size, int64_t mi)
{
    static const char *sv[12] = {"jan", "feb", "mar", "apr", "maj", "jun",
                                 "jul", "aug", "sep", "okt", "nov", "dec"};
    int64_t y = mi >= 0 ? mi / 12 : -((-mi + 11) / 12);
    hs__fmt(buf, size, "%s %lld", sv[mi - y * 12], (long long)y);
}

/** The sorted cells of a counter into f (south-west corners, counts) with the nearest named place
 * (within 1 km) of the busiest eight. */
static int focus_cells(hs__report_focus *f, hs__report_cells *cells, const hs__report_data *d,
                       double cell)
{
    size_t nc = hs__report_cells_sorted(cells);
    f->cx = malloc((nc ? nc : 1) * sizeof(double));
    f->cy = malloc((nc ? nc : 1) * sizeof(double));
    f->cn = malloc((nc ? nc : 1) * sizeof(int64_t));
    f->cplace = calloc(nc < 8 ? (nc ? nc : 1) : 8, sizeof *f->cplace);
    if (!f->cx || !f->cy || !f->cn || !f->cplace) {
        return HS_ENOMEM;
    }
    for (size_t i = 0; i < nc; i++) {
        f->cx[i] = (double)cells->slot[i].ix * cell;
        f->cy[i] = (double)cells->slot[i].iy * cell;
        f->cn[i] = cells->slot[i].n;
    }
    f->ncells = nc;
    for (size_t i = 0; i < nc && i < 8; i++) {
        int p = hs__report_nearest_place(d, f->cx[i] + cell / 2, f->cy[i] + cell / 2, NULL);
        if (p >= 0) {
            hs__fmt(f->cplace[i], sizeof f->cplace[i], "%s", d->places[p].name);
        }
    }
    return HS_OK;
}

/** The three busiest non-overlapping 3-hour windows of a week table (wrapping over Sunday). */
static void busiest_windows(hs__report_focus *f)
{
    double total = 0;
    for (int h = 0; h < 168; h++) {
        total += f->clock[h];
    }
    int used[168] = {0};
    f->nwin = 0;
    for (int k = 0; k < 3 && total > 0; k++) {
        int best = -1;
        double bw = 0;
        for (int h = 0; h < 168; h++) {
            if (used[h] || used[(h + 1) % 168] || used[(h + 2) % 168]) {
                continue;
            }
            double w = f->clock[h] + f->clock[(h + 1) % 168] + f->clock[(h + 2) % 168];
            if (w > bw + 1e-12) {
                bw = w;
                best = h;
            }
        }
        if (best < 0) {
            break;
        }
        for (int j = 0; j < 3; j++) {
            used[(best + j) % 168] = 1;
        }
        f->win_day[k] = best / 24;
        f->win_hour[k] = best % 24;
        f->win_share[k] = bw / total;
        f->nwin++;
    }
}

static void focus_free(hs__report_focus *f)
{
    free(f->cx);
    free(f->cy);
    free(f->cn);
    free(f->cplace);
}

/* Incidents with times only (none placed, so none in the incidents layer): the summary's figures
 * from the kommun's monthly series and hour-of-week table; no categories, cells or focus areas. */
static int model_from_series(hs__report_model *m, const hs__report_data *d)
{
    int64_t m0 = INT64_MAX;
    int64_t m1 = INT64_MIN;
    double total = 0;
    for (size_t i = 0; i < d->nseries; i++) {
        m0 = d->series_month[i] < m0 ? d->series_month[i] : m0;
        m1 = d->series_month[i] > m1 ? d->series_month[i] : m1;
        total += d->series_n[i];
    }
    hs__fmt(m->period, sizeof m->period, "%04lld-%02lld – %04lld-%02lld", (long long)(m0 / 12),
            (long long)(m0 % 12 + 1), (long long)(m1 / 12), (long long)(m1 % 12 + 1));
    int64_t cur1 = m1;
    int64_t cur0 = cur1 - 11;
    m->first_month = (int)(cur0 % 12) + 1;
    char a[16];
    char b[16];
    month_label(a, sizeof a, cur0);
    month_label(b, sizeof b, cur1);
    hs__fmt(m->cur_label, sizeof m->cur_label, "%s – %s", a, b);
    month_label(a, sizeof a, cur0 - 12);
    month_label(b, sizeof b, cur1 - 12);
    hs__fmt(m->prev_label, sizeof m->prev_label, "%s – %s", a, b);
    double n12 = 0;
    double nprev = 0;
    for (size_t i = 0; i < d->nseries; i++) {
        int64_t mi = d->series_month[i];
        if (mi >= cur0 && mi <= cur1) {
            m->cur[mi - cur0] += d->series_n[i];
            n12 += d->series_n[i];
        } else if (mi >= cur0 - 12 && mi < cur0) {
            m->prev[mi - cur0 + 12] += d->series_n[i];
            nprev += d->series_n[i];
        }
    }
    m->all.n = (int64_t)llround(total);
    m->all.n12 = (int64_t)llround(n12);
    m->all.n_prev = (int64_t)llround(nprev);
    memcpy(m->all.clock, d->week, sizeof m->all.clock);
    busiest_windows(&m->all);
    m->prec_n[HS_PREC_NONE] = m->all.n; /* no place */
    m->cell = 250;
    return HS_OK;
}

/* The local months of UTC instants: start[k] is the first instant of month m0 + k (local
 * midnight of its first day), so a month is found by bisection instead of a calendar conversion
 * per incident. Midnight never falls in a clock change, so the result is month_index(local_days).
 */
typedef struct month_table {
    int64_t m0;
    int64_t *start;
    size_t n;
} month_table;

static int month_table_new(month_table *mt, int64_t dmin, int64_t dmax)
{
    mt->m0 = month_index(dmin);
    mt->n = (size_t)(month_index(dmax) - mt->m0 + 2);
    mt->start = malloc(mt->n * sizeof(int64_t));
    if (mt->start == NULL) {
        return HS_ENOMEM;
    }
    for (size_t k = 0; k < mt->n; k++) {
        int64_t mi = mt->m0 + (int64_t)k;
        int64_t y = mi >= 0 ? mi / 12 : -((-mi + 11) / 12);
        int64_t day = hs_days_from_civil(y, (int)(mi - y * 12) + 1, 1);
        mt->start[k] = hs_tz_wall_to_utc(NULL, HS_TZ_STOCKHOLM, day * 86400, 0);
    }
    return HS_OK;
}

static int64_t month_of(const month_table *mt, int64_t t)
{
    size_t lo = 0;
    size_t hi = mt->n;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (t >= mt->start[mid]) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    return mt->m0 + (int64_t)lo;
}

/* The focus areas shown, the largest max_focus by count: rank[k] their place, -1 the others. */
static size_t choose_focus(int32_t *rank, const hs__report_data *d, size_t nf, int max_focus)
{
    int64_t *cnt = calloc(nf ? nf : 1, sizeof(int64_t));
    size_t nsel = 0;
    for (size_t k = 0; k < nf; k++) {
        rank[k] = -1;
    }
    if (cnt == NULL) {
        return SIZE_MAX;
    }
    for (size_t i = 0; i < d->n; i++) {
        if (d->focus[i] >= 0) {
            cnt[d->focus[i]]++;
        }
    }
    while (max_focus > 0 && nsel < (size_t)max_focus) {
        size_t best = nf;
        for (size_t k = 0; k < nf; k++) {
            if (cnt[k] > 0 && (best == nf || cnt[k] > cnt[best])) {
                best = k;
            }
        }
        if (best == nf) {
            break;
        }
        cnt[best] = 0;
        rank[best] = (int32_t)nsel++;
    }
    free(cnt);
    return nsel;
}

/* One pass over the incidents: every figure of the whole and of the chosen focus areas that needs
 * the month or the cell of each incident; unit[i] is the incident's focus rank (nsel: none). */
static int model_pass(hs__report_model *m, hs__report_cells *cells, int32_t *unit, double *cat,
                      const hs__report_data *d, const int32_t *rank, size_t nsel,
                      const month_table *mt, int64_t cur0, int64_t cur1)
{
    for (size_t i = 0; i < d->n; i++) {
        int32_t r = d->focus[i] >= 0 ? rank[d->focus[i]] : -1;
        unit[i] = r >= 0 ? r : (int32_t)nsel;
        hs__report_focus *f = r >= 0 ? &m->focus[r] : NULL;
        m->all.n++;
        if (f) {
            f->n++;
        }
        if (d->t_from[i] != HS_TIME_NONE) {
            int64_t mi = month_of(mt, d->t_from[i]);
            int in12 = mi >= cur0 && mi <= cur1;
            int inprev = mi >= cur0 - 12 && mi < cur0;
            if (in12) {
                m->cur[mi - cur0] += 1;
                if (d->cat[i] >= 0) {
                    cat[d->cat[i]] += 1;
                }
            } else if (inprev) {
                m->prev[mi - cur0 + 12] += 1;
            }
            m->all.n12 += in12;
            m->all.n_prev += inprev;
            if (f) {
                f->n12 += in12;
                f->n_prev += inprev;
            }
        }
        if (!hs_precision_is_local(d->prec[i]) || !isfinite(d->x[i]) || !isfinite(d->y[i])) {
            continue;
        }
        int64_t ix = (int64_t)floor(d->x[i] / m->cell);
        int64_t iy = (int64_t)floor(d->y[i] / m->cell);
        if (hs__report_cells_add(&cells[0], ix, iy) != HS_OK ||
            (r >= 0 && hs__report_cells_add(&cells[1 + r], ix, iy) != HS_OK)) {
            return HS_ENOMEM;
        }
    }
    return HS_OK;
}

int hs__report_model_build(hs__report_model *m, hs_ctx *ctx, const hs__report_data *d,
                           int max_focus)
{
    memset(m, 0, sizeof(*m));
    int64_t tmin = INT64_MAX;
    int64_t tmax = INT64_MIN;
    for (size_t i = 0; i < d->n; i++) {
        if (d->t_from[i] != HS_TIME_NONE) {
            tmin = d->t_from[i] < tmin ? d->t_from[i] : tmin;
            tmax = d->t_from[i] > tmax ? d->t_from[i] : tmax;
        }
        if (d->prec[i] <= HS_PREC_LAN) {
            m->prec_n[d->prec[i]]++;
        } else {
            m->prec_n[HS_PREC_NONE]++;
        }
        m->located += hs_precision_is_local(d->prec[i]) && isfinite(d->x[i]);
    }
    if (d->n == 0 && d->nseries > 0) {
        return model_from_series(m, d);
    }
    if (tmin > tmax) {
        return hs__error(ctx, HS_ENODATA, "report: no incident has a time");
    }
    /* local days never go back as UTC goes forward (a clock change is not at midnight) */
    int64_t dmin = local_days(tmin);
    int64_t dmax = local_days(tmax);
    int64_t y0 = 0;
    int64_t y1 = 0;
    int mo0 = 0;
    int mo1 = 0;
    int da0 = 0;
    int da1 = 0;
    hs_civil_from_days(&y0, &mo0, &da0, dmin);
    hs_civil_from_days(&y1, &mo1, &da1, dmax);
    hs__fmt(m->period, sizeof m->period, "%04lld-%02d-%02d – %04lld-%02d-%02d", (long long)y0, mo0,
            da0, (long long)y1, mo1, da1);
    int64_t cur1 = month_index(dmax);
    int64_t cur0 = cur1 - 11;
    m->first_month = (int)(cur0 % 12) + 1;
    char a[16];
    char b[16];
    month_label(a, sizeof a, cur0);
    month_label(b, sizeof b, cur1);
    hs__fmt(m->cur_label, sizeof m->cur_label, "%s – %s", a, b);
    month_label(a, sizeof a, cur0 - 12);
    month_label(b, sizeof b, cur1 - 12);
    hs__fmt(m->prev_label, sizeof m->prev_label, "%s – %s", a, b);
    const char *cs = hs__report_param(d, "gistar_cell_m");
    if (cs == NULL) {
        cs = hs__report_param(d, "grid_cell_m");
    }
    m->cell = 250;
    double v = 0;
    if (cs != NULL) {
        char tmp[32];
        hs__fmt(tmp, sizeof tmp, "%s", cs);
        size_t l = strlen(tmp);
        if (l > 0 && tmp[l - 1] == 'm') {
            tmp[l - 1] = '\0';
        }
        if (hs__parse_double(&v, tmp) == HS_OK && v > 0) {
            m->cell = v;
        }
    }
    size_t ncats = d->cats.n;
    size_t nf = d->focuses.n;
    month_table mt = {0, NULL, 0};
    int32_t *rank = malloc((nf ? nf : 1) * sizeof(int32_t));
    size_t nsel = rank ? choose_focus(rank, d, nf, max_focus) : SIZE_MAX;
    nsel = nsel == SIZE_MAX ? 0 : nsel;
    double *cat = calloc(ncats + 1, sizeof(double));
    int32_t *unit = malloc((d->n ? d->n : 1) * sizeof(int32_t));
    hs__report_cells *cells = calloc(nsel + 1, sizeof *cells);
    double *tab = calloc((nsel + 1) * 168, sizeof(double));
    m->focus = calloc(nsel ? nsel : 1, sizeof(hs__report_focus));
    int rc = rank && cat && unit && cells && tab && m->focus ? month_table_new(&mt, dmin, dmax)
                                                             : HS_ENOMEM;
    m->nfocus = rc == HS_OK ? nsel : 0;
    for (size_t k = 0; rc == HS_OK && k < nf; k++) {
        if (rank[k] >= 0) {
            m->focus[rank[k]].name = hs__dict_name(&d->focuses, k);
        }
    }
    rc = rc ? rc : model_pass(m, cells, unit, cat, d, rank, nsel, &mt, cur0, cur1);
    if (rc == HS_OK) {
        hs_aoristic_opts ao = HS_AORISTIC_OPTS_INIT;
        rc = hs_aoristic_table(tab, NULL, ctx, d->t_from, d->t_to, NULL, unit, d->n, nsel + 1, &ao);
        for (size_t u = 0; rc == HS_OK && u <= nsel; u++) {
            for (int h = 0; h < 168; h++) {
                m->all.clock[h] += tab[u * 168 + h];
            }
            if (u < nsel) {
                memcpy(m->focus[u].clock, tab + u * 168, sizeof m->focus[u].clock);
            }
        }
    }
    for (size_t u = 0; rc == HS_OK && u <= nsel; u++) {
        hs__report_focus *f = u == 0 ? &m->all : &m->focus[u - 1];
        busiest_windows(f);
        rc = focus_cells(f, &cells[u], d, m->cell);
    }
    /* categories of the last 12 months */
    for (m->ncat = 0; rc == HS_OK && m->ncat < 10; m->ncat++) {
        size_t best = ncats;
        for (size_t c = 0; c < ncats; c++) {
            if (cat[c] > 0 && (best == ncats || cat[c] > cat[best])) {
                best = c;
            }
        }
        if (best == ncats) {
            break;
        }
        m->cat_name[m->ncat] = hs__dict_name(&d->cats, best);
        m->cat_n[m->ncat] = cat[best];
        cat[best] = 0;
    }
    for (size_t u = 0; cells && u <= nsel; u++) {
        hs__report_cells_free(&cells[u]);
    }
    free(cells);
    free(tab);
    free(unit);
    free(cat);
    free(rank);
    free(mt.start);
    if (rc == HS_ENOMEM) {
        return hs__error(ctx, HS_ENOMEM, "out of memory");
    }
    return rc;
}

void hs__report_model_free(hs__report_model *m)
{
    if (m == NULL) {
        return;
    }
    focus_free(&m->all);
    for (size_t i = 0; i < m->nfocus; i++) {
        focus_free(&m->focus[i]);
    }
    free(m->focus);
    memset(m, 0, sizeof(*m));
}

/* 1 when the build that wrote the GeoPackage let district precision into its analyses (run
 * table district_in_analysis = yes): the report then counts those incidents as located too. */
static int admits_district(const hs__report_data *d)
{
    const char *v = hs__report_param(d, "district_in_analysis");
    return v != NULL && strcmp(v, "yes") == 0;
}

int hs_report_write(int *pages, hs_ctx *ctx, const char *gpkg_path, const char *out_path,
                    const hs_report_opts *opts)
{
    return hs__report_write_records(pages, ctx, gpkg_path, out_path, opts, NULL);
}

int hs__report_write_records(int *pages, hs_ctx *ctx, const char *gpkg_path, const char *out_path,
                             const hs_report_opts *opts, const hs_records *incidents)
{
    if (gpkg_path == NULL || out_path == NULL) {
        return hs__error(ctx, HS_EINVAL, "hs_report_write: no input or output path");
    }
    hs_report_opts o = HS_REPORT_OPTS_INIT;
    if (opts) {
        o = *opts;
    }
    if (o.min_count <= 0) {
        o.min_count = 5;
    }
    FILE *f = o.overwrite ? NULL : fopen(out_path, "rb");
    if (f != NULL) {
        fclose(f);
        return hs__error(ctx, HS_EEXIST, "%s exists (use --overwrite to replace it)", out_path);
    }
    char today[16];
    if (o.date == NULL) {
        int64_t y = 0;
        int mo = 0;
        int d = 0;
        hs_civil_from_days(&y, &mo, &d, (int64_t)time(NULL) / 86400);
        hs__fmt(today, sizeof today, "%04lld-%02d-%02d", (long long)y, mo, d);
        o.date = today;
    }
    hs__report_data d;
    int rc = hs__report_load(&d, ctx, gpkg_path, incidents);
    int admit = hs__precision_admit_district(rc == HS_OK && admits_district(&d));
    hs__report_model m;
    memset(&m, 0, sizeof m);
    if (rc == HS_OK) {
        hs__log(ctx, HS_LOG_INFO, "report: %zu incidents, %zu focus areas, %zu rejects", d.n,
                d.focuses.n, d.nrejects);
        rc = hs__report_model_build(&m, ctx, &d, o.max_focus);
    }
    if (rc == HS_OK) {
        rc = hs__report_draw(pages, ctx, gpkg_path, out_path, &d, &m, &o);
    }
    hs__report_model_free(&m);
    hs__report_data_free(&d);
    hs__precision_admit_district(admit);
    return rc;
}

int hs_report_period(int *pages, hs_ctx *ctx, const char *gpkg_path, const char *out_path,
                     const char *period, const hs_report_opts *opts)
{
    int64_t idx;
    hs_period kind;
    if (gpkg_path == NULL || out_path == NULL) {
        return hs__error(ctx, HS_EINVAL, "hs_report_period: no input or output path");
    }
    if (hs_period_parse(&idx, &kind, period) != HS_OK) {
        return hs__error(ctx, HS_EINVAL,
                         "period '%s': expected an ISO week (2025-W48), a month (2025-11) or a "
                         "tertial (2025-T3)",
                         period ? period : "");
    }
    hs_report_opts o = HS_REPORT_OPTS_INIT;
    if (opts) {
        o = *opts;
    }
    o.min_count = o.min_count > 0 ? o.min_count : 5;
    char today[16];
    if (o.date == NULL) {
        int64_t y = 0;
        int mo = 0, d = 0;
        hs_civil_from_days(&y, &mo, &d, (int64_t)time(NULL) / 86400);
        hs__fmt(today, sizeof today, "%04lld-%02d-%02d", (long long)y, mo, d);
        o.date = today;
    }
    hs__report_data d, q;
    memset(&q, 0, sizeof q);
    int rc = hs__report_load(&d, ctx, gpkg_path, NULL);
    if (rc != HS_OK) {
        return rc;
    }
    int admit = hs__precision_admit_district(admits_district(&d));
    int has_q = hs__report_read_records(&q, ctx, gpkg_path, "complaints") == HS_OK;
    hs_ctx_clear_error(ctx);
    const char *cell = hs__report_param(&d, "grid_cell_m");
    hs__period_model m;
    rc = hs__period_model_build(&m, ctx, &d, has_q ? &q : NULL, idx, kind,
                                cell ? atof(cell) : 250.0, o.min_count);
    if (rc == HS_OK) {
        hs__log(ctx, HS_LOG_INFO,
                "period report %s: %.0f incidents (%.0f before, %.0f a year "
                "earlier)",
                period, m.total[0], m.total[1], m.total[2]);
        rc = hs__period_draw(pages, ctx, gpkg_path, out_path, &d, &m, &o);
    }
    hs__period_model_free(&m);
    hs__report_data_free(&q);
    hs__report_data_free(&d);
    hs__precision_admit_district(admit);
    return rc;
}

int hs_report_latest_period(char *buf, size_t size, hs_ctx *ctx, const char *gpkg_path,
                            const char *cadence)
{
    hs_period kind = cadence && strcmp(cadence, "week") == 0      ? HS_PERIOD_WEEK
                     : cadence && strcmp(cadence, "month") == 0   ? HS_PERIOD_MONTH
                     : cadence && strcmp(cadence, "tertial") == 0 ? HS_PERIOD_TERTIAL
                                                                  : (hs_period)-1;
    if ((int)kind < 0 || !buf || !gpkg_path) {
        return hs__error(ctx, HS_EINVAL, "cadence '%s': expected week, month or tertial",
                         cadence ? cadence : "");
    }
    int64_t t;
    int rc = hs__report_last_time(&t, ctx, gpkg_path);
    if (rc == HS_OK && t == HS_TIME_NONE) {
        rc = hs__error(ctx, HS_ENODATA, "%s: no incident has a time", gpkg_path);
    }
    if (rc != HS_OK) {
        return rc;
    }
    int64_t day = (int64_t)floor((double)hs_tz_utc_to_wall(HS_TZ_STOCKHOLM, t) / 86400.0);
    int64_t idx = hs_period_of_day(day, kind);
    if (hs_period_first_day(idx + 1, kind) - 1 > day) {
        idx--; /* the period of the latest incident has not ended: the one before it */
    }
    hs_period_label(buf, size, idx, kind);
    for (char *c = buf; *c; c++) {
        *c = *c == ' ' ? '-' : *c; /* "2025 T3" -> "2025-T3" */
    }
    return HS_OK;
}
