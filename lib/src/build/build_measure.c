/*
 * The pipeline's follow-up stage (uppföljning): each [measure NAME] of the project is evaluated
 * from the incidents before and after its start in the target area, a ring around it (the
 * buffer) and a control area, with the relative effect size, an exact test and the weighted
 * displacement quotient (hs_measure_eval), and written to the `measures` and `measure_series`
 * layers. It only drives library calls: the statistics are in stats/measure.c.
 */
#include "core/hs_internal.h"
#include "build/build.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { T_ROLE = 0, B_ROLE = 1, C_ROLE = 2 };

typedef struct one {
    char name[128];
    char area_name[256];
    char categories[256];
    hs_areas *own_target; /* read from the measure's file (NULL when a place) */
    const hs_areas *target;
    int64_t tk;            /* target's area in target (-1: every area of the file) */
    hs_areas *derived;     /* 0: buffer ring, 1: the rest of the kommun (when computed) */
    hs_areas *own_control; /* a control read from a file */
    const hs_areas *control;
    int64_t ck;       /* control's area (-1: all) */
    int control_rest; /* the rest of the study area, with no polygon (no boundary) */
    double buffer_m;
    int64_t before0, before1, after0, after1; /* local day numbers, inclusive */
    hs_measure_counts counts;
    hs_measure_result res;
    /* monthly series from month0 (months since year 0), nmonth months, per role */
    int64_t month0;
    size_t nmonth;
    double *series; /* 3 * nmonth */
} one;

static int64_t month_index(int64_t day)
{
    int64_t y;
    int m, d;
    hs_civil_from_days(&y, &m, &d, day);
    return y * 12 + (m - 1);
}

static void day_text(char out[16], int64_t day)
{
    int64_t y;
    int m, d;
    hs_civil_from_days(&y, &m, &d, day);
    hs__fmt(out, 16, "%04lld-%02d-%02d", (long long)y, m, d);
}

static int parse_day(int64_t *out, const char *s)
{
    int64_t y = 0;
    int m = 0, d = 0;
    if (!s || sscanf(s, "%4lld-%2d-%2d", (long long *)&y, &m, &d) != 3 || !hs_date_valid(y, m, d)) {
        return HS_EINVAL;
    }
    *out = hs_days_from_civil(y, m, d);
    return HS_OK;
}

/* The same calendar day a year earlier (29 February becomes 28 February). */
static int64_t year_before(int64_t day)
{
    int64_t y;
    int m, d;
    hs_civil_from_days(&y, &m, &d, day);
    if (m == 2 && d == 29) {
        d = 28;
    }
    return hs_days_from_civil(y - 1, m, d);
}

/* Local day of each record (the middle of its window), and the data's first and last day. */
static int64_t *record_days(hs__build *b, const hs_records *r, int64_t *first, int64_t *last)
{
    size_t n = hs_records_count(r);
    const int64_t *f = hs_records_t_from(r), *t = hs_records_t_to(r);
    int64_t *day = malloc((n ? n : 1) * sizeof *day);
    *first = INT64_MAX;
    *last = INT64_MIN;
    for (size_t i = 0; day && i < n; i++) {
        if (f[i] == HS_TIME_NONE) {
            day[i] = INT64_MIN;
            continue;
        }
        int64_t when = t[i] != HS_TIME_NONE && t[i] > f[i] ? f[i] + (t[i] - f[i]) / 2 : f[i];
        day[i] = (int64_t)floor((double)hs_tz_utc_to_wall(b->tz, when) / 86400.0);
        *first = day[i] < *first ? day[i] : *first;
        *last = day[i] > *last ? day[i] : *last;
    }
    return day;
}

/* A place of the project's [places] by id or name (case-insensitive), or -1. */
static int64_t find_place(const hs_areas *places, const char *want)
{
    if (!places) {
        return -1;
    }
    int64_t k = hs_areas_find(places, want);
    for (size_t i = 0; k < 0 && i < hs_areas_count(places); i++) {
        const char *nm = hs_areas_name(places, i);
        if (nm && hs__strcasecmp(nm, want) == 0) {
            k = (int64_t)i;
        }
    }
    return k;
}

static int open_file_area(hs_areas **out, hs__build *b, const char *path, const char *layer)
{
    hs_areas_opts ao = HS_AREAS_OPTS_INIT;
    ao.layer = layer;
    ao.epsg = hs_records_crs(b->crimes);
    int rc = hs_areas_open(out, b->ctx, path, &ao);
    if (rc == HS_OK && hs_areas_count(*out) == 0) {
        rc = hs__error(b->ctx, HS_EDATA, "%s: no polygon", path);
    }
    return rc;
}

/* The target, buffer and control of one measure, from its section. */
static int measure_areas(one *m, hs__build *b, const char *sec)
{
    const char *file = hs_project_file(b->p);
    const char *place = hs_project_get(b->p, sec, "place");
    int rc = HS_OK;
    if (place) {
        m->tk = find_place(b->places, place);
        if (m->tk < 0) {
            return hs__error(b->ctx, HS_EINVAL, "%s:%d: [%s] place '%s' is not among the %s", file,
                             hs_project_line(b->p, sec, "place"), sec, place,
                             b->places ? "project's places" : "places ([places] has no path)");
        }
        m->target = b->places;
        const char *nm = hs_areas_name(b->places, (size_t)m->tk);
        hs__fmt(m->area_name, sizeof m->area_name, "%s", nm ? nm : place);
    } else {
        const char *path = hs_project_path(b->p, sec, "area");
        rc = open_file_area(&m->own_target, b, path, hs_project_get(b->p, sec, "layer"));
        if (rc != HS_OK) {
            return rc;
        }
        m->target = m->own_target;
        m->tk = hs_areas_count(m->own_target) == 1 ? 0 : -1;
        const char *nm = hs_areas_name(m->own_target, 0);
        hs__fmt(m->area_name, sizeof m->area_name, "%s", nm && *nm ? nm : m->name);
    }
    /* the buffer: a ring of the area's own mean width 4 A / P unless given */
    const char *buf = hs_project_get(b->p, sec, "buffer");
    double area = 0.0, perim = 0.0;
    for (size_t k = 0; k < hs_areas_count(m->target); k++) {
        if (m->tk < 0 || (int64_t)k == m->tk) {
            double a1 = 0.0, p1 = 0.0; /* left so when an earlier area failed */
            rc = rc ? rc : hs_areas_size(&a1, &p1, m->target, k);
            area += a1;
            perim += p1;
        }
    }
    m->buffer_m = buf && strcmp(buf, "none") == 0   ? 0.0
                  : buf && strcmp(buf, "auto") != 0 ? hs_project_double(b->p, sec, "buffer", 0.0)
                                                    : (perim > 0.0 ? 4.0 * area / perim : 0.0);
    const char *ctl = hs_project_get(b->p, sec, "control");
    int rest = !ctl || strcmp(ctl, "rest") == 0;
    rc = rc ? rc
            : hs_areas_ring_rest(&m->derived, b->ctx, m->target, m->tk, m->buffer_m,
                                 rest ? b->boundary : NULL, b->area);
    if (rc != HS_OK) {
        return rc;
    }
    m->ck = -1;
    if (rest && b->boundary) {
        m->control = m->derived;
        m->ck = 1;
    } else if (rest) {
        m->control_rest = 1;
    } else if (strcmp(ctl, "none") != 0) {
        int64_t k = find_place(b->places, ctl);
        if (k >= 0) {
            m->control = b->places;
            m->ck = k;
        } else {
            char path[2048];
            hs__fmt(path, sizeof path, "%s%s%s", ctl[0] == '/' ? "" : hs_project_dir(b->p),
                    ctl[0] == '/' ? "" : "/", ctl);
            if (access(path, R_OK) != 0) {
                return hs__error(b->ctx, HS_EINVAL,
                                 "%s:%d: [%s] control '%s' is neither rest, none, a place nor "
                                 "a file",
                                 file, hs_project_line(b->p, sec, "control"), sec, ctl);
            }
            rc = open_file_area(&m->own_control, b, path, NULL);
            m->control = m->own_control;
        }
    }
    return rc;
}

/* The before and after periods of a measure, within the data. */
static int measure_periods(one *m, hs__build *b, const char *sec, int64_t first, int64_t last)
{
    const char *file = hs_project_file(b->p);
    parse_day(&m->after0, hs_project_get(b->p, sec, "start"));
    m->after1 = last;
    if (hs_project_get(b->p, sec, "end")) {
        parse_day(&m->after1, hs_project_get(b->p, sec, "end"));
        m->after1 = m->after1 < last ? m->after1 : last;
    }
    const char *how = hs_project_get(b->p, sec, "periods");
    if (how && strcmp(how, "last_year") == 0) {
        m->before0 = year_before(m->after0);
        m->before1 = year_before(m->after1);
        if (m->before1 >= m->after0) {
            return hs__error(b->ctx, HS_EINVAL,
                             "%s:%d: [%s] periods = last_year needs an after period of at most a "
                             "year",
                             file, hs_project_line(b->p, sec, "periods"), sec);
        }
    } else {
        m->before1 = m->after0 - 1;
        m->before0 = m->after0 - (m->after1 - m->after0 + 1);
    }
    m->before0 = m->before0 > first ? m->before0 : first;
    if (m->after1 < m->after0 || m->before1 < m->before0) {
        return hs__error(b->ctx, HS_ENODATA,
                         "[%s]: the data (%lld..%lld) do not cover both a "
                         "period before and after its start",
                         sec, (long long)first, (long long)last);
    }
    m->counts.days_before = (double)(m->before1 - m->before0 + 1);
    m->counts.days_after = (double)(m->after1 - m->after0 + 1);
    return HS_OK;
}

/* Categories of the measure: a comma list; "1" in keep for each category index that counts. */
static int category_filter(uint8_t *keep, const hs_records *r, const char *list)
{
    size_t nc = hs_records_category_count(r);
    for (size_t c = 0; c < nc; c++) {
        keep[c] = list == NULL;
    }
    if (!list) {
        return HS_OK;
    }
    const char *s = list;
    while (*s) {
        while (*s == ' ' || *s == ',') {
            s++;
        }
        size_t len = strcspn(s, ",");
        while (len && s[len - 1] == ' ') {
            len--;
        }
        for (size_t c = 0; len && c < nc; c++) {
            const char *nm = hs_records_category_name(r, c);
            keep[c] |= strlen(nm) == len && strncmp(nm, s, len) == 0;
        }
        s += strcspn(s, ",");
    }
    return HS_OK;
}

/* Counts each located record of the measure's categories by role and period. */
static int measure_count(one *m, hs__build *b, const int64_t *day, const int32_t *in_t,
                         const int32_t *in_b, const int32_t *in_c, const uint8_t *keep,
                         int64_t first, int64_t last)
{
    const hs_records *r = b->crimes;
    size_t n = hs_records_count(r);
    const uint8_t *pr = hs_records_precision(r);
    const int32_t *cat = hs_records_category(r);
    size_t nc = hs_records_category_count(r);
    m->month0 = month_index(first);
    m->nmonth = (size_t)(month_index(last) - m->month0 + 1);
    m->series = calloc(3 * m->nmonth, sizeof *m->series);
    if (!m->series) {
        return hs__error(b->ctx, HS_ENOMEM, "measures: out of memory");
    }
    double cnt[3][2] = {{0}};
    for (size_t i = 0; i < n; i++) {
        if (day[i] == INT64_MIN || !hs_precision_is_local((hs_precision)pr[i]) ||
            !keep[cat[i] >= 0 ? (size_t)cat[i] : nc]) {
            continue;
        }
        int role = in_t[i] >= 0 && (m->tk < 0 || in_t[i] == m->tk) ? T_ROLE
                   : in_b[i] == 0                                  ? B_ROLE
                   : m->control_rest || (in_c && in_c[i] >= 0 && (m->ck < 0 || in_c[i] == m->ck))
                       ? C_ROLE
                       : -1;
        if (role < 0) {
            continue;
        }
        m->series[(size_t)role * m->nmonth + (size_t)(month_index(day[i]) - m->month0)] += 1.0;
        if (day[i] >= m->before0 && day[i] <= m->before1) {
            cnt[role][0] += 1.0;
        } else if (day[i] >= m->after0 && day[i] <= m->after1) {
            cnt[role][1] += 1.0;
        }
    }
    int has_b = m->buffer_m > 0.0, has_c = m->control_rest || m->control;
    m->counts.target_before = cnt[T_ROLE][0];
    m->counts.target_after = cnt[T_ROLE][1];
    m->counts.buffer_before = has_b ? cnt[B_ROLE][0] : NAN;
    m->counts.buffer_after = has_b ? cnt[B_ROLE][1] : NAN;
    m->counts.control_before = has_c ? cnt[C_ROLE][0] : NAN;
    m->counts.control_after = has_c ? cnt[C_ROLE][1] : NAN;
    return HS_OK;
}

static int locate(int32_t **out, hs__build *b, const hs_areas *a)
{
    size_t n = hs_records_count(b->crimes);
    *out = malloc((n ? n : 1) * sizeof **out);
    if (!*out) {
        return hs__error(b->ctx, HS_ENOMEM, "measures: out of memory");
    }
    return hs_areas_locate(*out, b->ctx, a, hs_records_x(b->crimes), hs_records_y(b->crimes), n);
}

static int evaluate(one *m, hs__build *b, const char *sec, const int64_t *day, int64_t first,
                    int64_t last)
{
    int rc = measure_areas(m, b, sec);
    rc = rc ? rc : measure_periods(m, b, sec, first, last);
    const char *cats = hs_project_get(b->p, sec, "categories");
    hs__fmt(m->categories, sizeof m->categories, "%s", cats ? cats : "");
    size_t nc = hs_records_category_count(b->crimes);
    uint8_t *keep = calloc(nc + 1, 1);
    int32_t *in_t = NULL, *in_b = NULL, *in_c = NULL;
    if (rc == HS_OK && !keep) {
        rc = hs__error(b->ctx, HS_ENOMEM, "measures: out of memory");
    }
    rc = rc ? rc : category_filter(keep, b->crimes, cats);
    if (!cats) {
        keep[nc] = 1;
    }
    rc = rc ? rc : locate(&in_t, b, m->target);
    rc = rc ? rc : locate(&in_b, b, m->derived);
    if (rc == HS_OK && m->control) {
        rc = locate(&in_c, b, m->control);
    }
    rc = rc ? rc : measure_count(m, b, day, in_t, in_b, in_c, keep, first, last);
    hs_measure_opts mo = HS_MEASURE_OPTS_INIT;
    mo.alpha = hs_project_double(b->p, "gistar", "alpha", 0.05);
    mo.min_count = hs_project_int(b->p, "privacy", "min_count", 5);
    rc = rc ? rc : hs_measure_eval(&m->res, &m->counts, &mo);
    free(keep);
    free(in_t);
    free(in_b);
    free(in_c);
    return rc;
}

static void free_one(one *m)
{
    hs_areas_free(m->own_target);
    hs_areas_free(m->derived);
    hs_areas_free(m->own_control);
    free(m->series);
}

static int write_layers(hs__build *b, one *ms, size_t nm)
{
    hs_measure_row *rows = calloc(3 * nm + 1, sizeof *rows);
    hs_measure_series_row *ser = NULL;
    size_t ns = 0, nr = 0;
    for (size_t j = 0; j < nm; j++) {
        ns += ms[j].nmonth;
    }
    ser = calloc(ns + 1, sizeof *ser);
    if (!rows || !ser) {
        free(rows);
        free(ser);
        return hs__error(b->ctx, HS_ENOMEM, "measures: out of memory");
    }
    static const char *const roles[] = {"target", "buffer", "control"};
    ns = 0;
    for (size_t j = 0; j < nm; j++) {
        one *m = &ms[j];
        const double nb[3] = {m->counts.target_before, m->counts.buffer_before,
                              m->counts.control_before};
        const double na[3] = {m->counts.target_after, m->counts.buffer_after,
                              m->counts.control_after};
        for (int role = 0; role < 3; role++) {
            if (isnan(nb[role])) {
                continue;
            }
            hs_measure_row *r = &rows[nr++];
            r->measure = m->name;
            r->role = roles[role];
            r->area_name = role == T_ROLE ? m->area_name : NULL;
            r->categories = m->categories[0] ? m->categories : NULL;
            r->areas = role == T_ROLE ? m->target : role == B_ROLE ? m->derived : m->control;
            r->area = role == T_ROLE ? m->tk : role == B_ROLE ? 0 : m->ck;
            r->buffer_m = m->buffer_m;
            r->before_from = m->before0;
            r->before_to = m->before1;
            r->after_from = m->after0;
            r->after_to = m->after1;
            r->n_before = nb[role];
            r->n_after = na[role];
            r->result = &m->res;
        }
        for (size_t k = 0; k < m->nmonth; k++) {
            hs_measure_series_row *s = &ser[ns++];
            s->measure = m->name;
            s->month = m->month0 + (int64_t)k;
            s->target = m->series[k];
            s->buffer = m->buffer_m > 0.0 ? m->series[m->nmonth + k] : NAN;
            s->control = m->control || m->control_rest ? m->series[2 * m->nmonth + k] : NAN;
        }
    }
    int rc = hs_layer_measures(b->gpkg, rows, nr, ser, ns);
    free(rows);
    free(ser);
    return rc;
}

int hs__build_measures(hs__build *b)
{
    size_t nm = hs_project_measure_count(b->p);
    if (nm == 0) {
        return HS_OK;
    }
    int64_t first, last;
    int64_t *day = record_days(b, b->crimes, &first, &last);
    one *ms = calloc(nm, sizeof *ms);
    int rc = day && ms ? HS_OK : hs__error(b->ctx, HS_ENOMEM, "measures: out of memory");
    if (rc == HS_OK && first > last) {
        hs__log(b->ctx, HS_LOG_WARN, "measures: no incident has a time: not evaluated");
        free(day);
        free(ms);
        return HS_OK;
    }
    size_t done = 0;
    for (size_t j = 0; rc == HS_OK && j < nm; j++) {
        one *m = &ms[done];
        char sec[300];
        hs__fmt(m->name, sizeof m->name, "%s", hs_project_measure_name(b->p, j));
        hs__fmt(sec, sizeof sec, "measure %s", m->name);
        rc = evaluate(m, b, sec, day, first, last);
        if (rc == HS_ENODATA) {
            hs__log(b->ctx, HS_LOG_WARN, "measure %s: not evaluated: %s", m->name,
                    hs_ctx_errmsg(b->ctx));
            hs_ctx_clear_error(b->ctx);
            free_one(m);
            memset(m, 0, sizeof *m);
            rc = HS_OK;
            continue;
        }
        if (rc == HS_OK) {
            char d0[16], d1[16];
            day_text(d0, m->after0);
            day_text(d1, m->after1);
            hs__log(b->ctx, HS_LOG_INFO,
                    "measure %s (%s, from %s to %s): target %g -> %g, buffer %g -> %g, control %g "
                    "-> %g; RES %.2f (%.2f-%.2f), p = %.3g, WDQ %.2f: %s",
                    m->name, m->area_name, d0, d1, m->counts.target_before, m->counts.target_after,
                    m->counts.buffer_before, m->counts.buffer_after, m->counts.control_before,
                    m->counts.control_after, m->res.res, m->res.res_lo, m->res.res_hi, m->res.p,
                    m->res.wdq, hs_measure_verdict_text(m->res.verdict, "en"));
            done++;
        }
    }
    rc = rc ? rc : write_layers(b, ms, done);
    for (size_t j = 0; j < nm; j++) {
        free_one(&ms[j]);
    }
    free(ms);
    free(day);
    return rc;
}
