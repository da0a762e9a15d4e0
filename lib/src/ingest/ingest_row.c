/*
 * One input row to a record or a reject (hs_ingest_file's inner step): coordinates with swapped
 * axes fixed, the CRS checked and reprojected, dates and times to UTC, category mapping, weight,
 * precision and personnummer masking. Plain C over the row's fields.
 */
#include "crs/crs.h"
#include "ingest/ingest_run.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char k_unmatched[] = "ovrigt"; /* category of rows no rule matched */

static const char *field(const run *r, int col)
{
    return col >= 0 && (size_t)col < r->nf ? r->f[col] : "";
}

static int blank(const char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n') {
        s++;
    }
    return *s == '\0';
}

/* Copies s (trimmed, at most TEXT_MAX-1 bytes) and masks personnummer; counts masks. */
static const char *text(run *r, char *buf, const char *s)
{
    while (*s == ' ' || *s == '\t') {
        s++;
    }
    size_t L = strlen(s);
    if (L > TEXT_MAX - 1) {
        L = TEXT_MAX - 1;
    }
    memcpy(buf, s, L);
    buf[L] = '\0';
    while (L && (buf[L - 1] == ' ' || buf[L - 1] == '\t' || buf[L - 1] == '\r')) {
        buf[--L] = '\0';
    }
    r->st.masked += hs_pnr_mask(buf);
    return L ? buf : NULL;
}

static int reject(run *r, int col, const char *value, const char *reason)
{
    char vbuf[TEXT_MAX];
    hs_reject rj = {r->source, r->row,
                    col >= 0 && (size_t)col < r->t->ncols ? r->t->names[col] : NULL,
                    value ? text(r, vbuf, value) : NULL, reason};
    r->st.rejected++;
    int rc = hs_rejects_add(r->rj, &rj);
    return rc == HS_OK ? 1 : hs__error(r->ctx, rc, "out of memory");
}

/*
 * Numbers: the common "digits[.,]digits" with at most 15 significant digits is exact as an
 * integer mantissa divided by an exact power of ten (one correctly rounded division); anything
 * else goes to hs__parse_double.
 */
static int number(double *out, const char *s)
{
    static const double p10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8};
    const char *p = s;
    int neg = *p == '-';
    p += neg;
    uint64_t m = 0;
    int nd = 0, frac = -1;
    for (;; p++) {
        if (*p >= '0' && *p <= '9') {
            m = m * 10 + (uint64_t)(*p - '0');
            nd++;
            frac += frac >= 0;
        } else if ((*p == '.' || *p == ',') && frac < 0 && nd) {
            frac = 0;
        } else {
            break;
        }
    }
    if (*p || !nd || nd > 15 || frac == 0 || frac > 8) {
        return hs__parse_double(out, s);
    }
    double v = (double)m;
    if (frac > 0) {
        v /= p10[frac];
    }
    *out = neg ? -v : v;
    return HS_OK;
}

/*
 * Times of the row. Returns 0 and fills from/to, or 1 after rejecting the row, or < 0 on error.
 * A date without a time of day covers the whole day; a "till" time without a date belongs to the
 * "från" date, or to the next day when it is earlier than the "från" time (past midnight).
 */
static int row_times(run *r, int64_t *from, int64_t *to)
{
    *from = HS_TIME_NONE;
    *to = HS_TIME_NONE;
    const hs__colmap *m = &r->m;
    int fl = 0;
    int64_t w = 0;
    if (m->time >= 0) {
        const char *s = field(r, m->time);
        if (blank(s)) {
            return reject(r, m->time, s, "missing_date");
        }
        if (hs__parse_datetime(&w, &fl, s) != HS_OK) {
            return reject(r, m->time, s, "bad_date");
        }
        *from = hs__wall_to_utc(&r->clock, w, fl);
        if (!(fl & (HS__DT_TIME | HS__DT_UTC))) {
            *to = *from + 86400;
        }
        return 0;
    }
    if (m->from < 0) {
        return 0;
    }
    const char *sd = field(r, m->from);
    if (blank(sd)) {
        return reject(r, m->from, sd, "missing_date");
    }
    if (hs__parse_datetime(&w, &fl, sd) != HS_OK) {
        return reject(r, m->from, sd, "bad_date");
    }
    int from_has_time = (fl & HS__DT_TIME) != 0;
    int64_t from_day = w - (((w % 86400) + 86400) % 86400);
    const char *st = field(r, m->from_time);
    if (!from_has_time && !blank(st)) {
        int sec = 0;
        if (hs__parse_clock(&sec, st) != HS_OK) {
            return reject(r, m->from_time, st, "bad_time");
        }
        w += sec;
        from_has_time = 1;
    }
    int64_t wall_from = w;
    *from = hs__wall_to_utc(&r->clock, w, fl);
    int from_fl = fl;
    const char *td = field(r, m->to);
    const char *tt = field(r, m->to_time);
    int has_td = !blank(td), has_tt = !blank(tt);
    if (!has_td && !has_tt) {
        if (!from_has_time && !(from_fl & HS__DT_UTC)) {
            *to = hs__wall_to_utc(&r->clock, from_day + 86400, 0);
        }
        return 0;
    }
    int64_t wt = from_day;
    int tfl = 0;
    int to_has_time = 0;
    if (has_td) {
        if (hs__parse_datetime(&wt, &tfl, td) != HS_OK) {
            return reject(r, m->to, td, "bad_date");
        }
        to_has_time = (tfl & HS__DT_TIME) != 0;
    }
    if (!to_has_time && has_tt) {
        int sec = 0;
        if (hs__parse_clock(&sec, tt) != HS_OK) {
            return reject(r, m->to_time, tt, "bad_time");
        }
        wt += sec;
        to_has_time = 1;
        if (!has_td && wt < wall_from) {
            wt += 86400; /* "22:00 till 02:00" on one date: past midnight */
        }
    }
    if (!to_has_time) {
        wt += 86400; /* the whole "till" day */
    }
    *to = hs__wall_to_utc(&r->clock, wt, tfl);
    if (*to < *from) {
        return reject(r, has_td ? m->to : m->to_time, has_td ? td : tt, "till_before_fran");
    }
    return 0;
}

/* A row whose coordinates cannot be used: rejected, or kept for its times (2) when the caller
 * asked for that or the row has an address to geocode. */
static int unusable(run *r, int col, const char *value, const char *reason, const char *addr)
{
    if (addr || (r->o->version >= 3 && r->o->keep_unlocated)) {
        return 2;
    }
    return reject(r, col, value, reason);
}

/* Coordinates of the row: 0 located, 2 not located (kept), 1 rejected, < 0 error. */
static int row_xy(run *r, double *x, double *y, const char *addr)
{
    *x = NAN;
    *y = NAN;
    const hs__colmap *m = &r->m;
    if (m->x < 0) {
        return unusable(r, -1, NULL, "missing_coordinates", addr);
    }
    const char *sx = field(r, m->x), *sy = field(r, m->y);
    int ex = blank(sx), ey = blank(sy);
    double vx = 0.0, vy = 0.0;
    if (!ex && number(&vx, sx) != HS_OK) {
        return r->o->version >= 3 && r->o->keep_unlocated ? 2 : reject(r, m->x, sx, "bad_number");
    }
    if (!ey && number(&vy, sy) != HS_OK) {
        return r->o->version >= 3 && r->o->keep_unlocated ? 2 : reject(r, m->y, sy, "bad_number");
    }
    if (ex || ey || vx == 0.0 || vy == 0.0) {
        return unusable(r, ex || vx == 0.0 ? m->x : m->y, ex || vx == 0.0 ? sx : sy,
                        "missing_coordinates", addr);
    }
    if (!r->crs) {
        return unusable(r, m->x, sx, "unknown_crs", NULL);
    }
    char v[96];
    if (r->swedish) {
        hs__xy_fit fit = hs__crs_fit(r->crs, vx, vy);
        if (fit == HS__XY_SWAPPED) {
            double t = vx;
            vx = vy;
            vy = t;
            r->st.swapped++;
        } else if (fit != HS__XY_OK) {
            hs__fmt(v, sizeof v, "%s %s", sx, sy);
            return unusable(r, m->x, v, "outside_sweden", NULL);
        }
    }
    if (r->crs != r->work) {
        int rc = hs__crs_transform(r->ctx, r->crs, r->work, &vx, &vy, 1);
        if (rc != HS_OK) {
            return rc;
        }
        if (!isfinite(vx) || !isfinite(vy)) {
            hs__fmt(v, sizeof v, "%s %s", sx, sy);
            return unusable(r, m->x, v, r->swedish ? "outside_sweden" : "bad_coordinates", NULL);
        }
        if (!r->swedish && r->work != 4326 && hs__crs_known(r->work) &&
            hs__crs_fit(r->work, vx, vy) != HS__XY_OK) {
            hs__fmt(v, sizeof v, "%s %s", sx, sy);
            return unusable(r, m->x, v, "outside_sweden", NULL);
        }
        r->st.reprojected++;
    }
    if (r->areas) {
        int32_t k = -1;
        int rc = hs_areas_locate(&k, r->ctx, r->areas, &vx, &vy, 1);
        if (rc != HS_OK) {
            return rc;
        }
        hs_precision pr = HS_PREC_EXACT;
        if (k < 0 && m->precision >= 0 &&
            hs_precision_parse(&pr, field(r, m->precision)) == HS_OK && pr == HS_PREC_KOMMUN) {
            /* a kommun centre (polisen.se) can lie in a lake outside the kommun's land polygon:
             * it is checked against the boundary's box only */
            hs_bbox bb = hs_areas_bbox(r->areas);
            k = vx >= bb.xmin && vx <= bb.xmax && vy >= bb.ymin && vy <= bb.ymax ? 0 : -1;
        }
        if (k < 0) {
            hs__fmt(v, sizeof v, "%s %s", sx, sy);
            return reject(r, m->x, v, "outside_kommun");
        }
    }
    *x = vx;
    *y = vy;
    return 0;
}

/* Category and focus area through the table, cached per distinct (code, name). */
static int row_category(run *r, const char **cat, const char **focus, const char *code,
                        const char *name)
{
    *cat = NULL;
    *focus = NULL;
    if (!code && !name) {
        return HS_OK;
    }
    char key[2 * TEXT_MAX + 2];
    size_t lc = code ? strlen(code) : 0, ln = name ? strlen(name) : 0;
    memcpy(key, code ? code : "", lc);
    key[lc] = '\x1f';
    memcpy(key + lc + 1, name ? name : "", ln);
    key[lc + 1 + ln] = '\0';
    size_t before = r->catkeys.n;
    int32_t k = -1;
    if (hs__dict_intern(&k, &r->catkeys, key) != HS_OK) {
        return hs__error(r->ctx, HS_ENOMEM, "out of memory");
    }
    if (r->catkeys.n > before) {
        if (hs__grow((void **)&r->cat_of, &r->catcap, r->catkeys.n, sizeof *r->cat_of) != HS_OK ||
            !(r->focus_of = realloc(r->focus_of, r->catcap * sizeof *r->focus_of))) {
            return hs__error(r->ctx, HS_ENOMEM, "out of memory");
        }
        hs_catmap_lookup(&r->cat_of[k], &r->focus_of[k], r->cats, r->o->kind, code, name);
        if (!r->cat_of[k]) {
            r->cat_of[k] = k_unmatched;
            r->focus_of[k] = NULL;
            hs__log(r->ctx, HS_LOG_DEBUG, "%s: no category rule for code '%s' name '%s'", r->path,
                    code ? code : "", name ? name : "");
        }
    }
    *cat = r->cat_of[k];
    *focus = r->focus_of[k];
    if (*cat == k_unmatched) {
        r->st.uncategorised++;
    }
    return HS_OK;
}

int hs__ingest_row(run *r)
{
    const hs__colmap *m = &r->m;
    if (r->nf > r->t->ncols) {
        for (size_t i = r->t->ncols; i < r->nf; i++) {
            if (!blank(r->f[i])) {
                char v[64];
                hs__fmt(v, sizeof v, "%zu fields, header has %zu", r->nf, r->t->ncols);
                int rc = reject(r, -1, v, "bad_row");
                return rc < 0 ? rc : HS_OK;
            }
        }
    }
    char b_id[TEXT_MAX], b_code[TEXT_MAX], b_name[TEXT_MAX], b_addr[TEXT_MAX];
    hs_record rec = HS_RECORD_INIT;
    rec.source = r->source;
    rec.row = r->row;
    rec.address = m->address >= 0 ? text(r, b_addr, field(r, m->address)) : NULL;
    int rc = row_xy(r, &rec.x, &rec.y, r->o->reject_unlocated ? NULL : rec.address);
    if (rc < 0 || rc == 1) {
        return rc < 0 ? rc : HS_OK;
    }
    int located = rc == 0;
    rc = row_times(r, &rec.t_from, &rec.t_to);
    if (rc != 0) {
        return rc < 0 ? rc : HS_OK;
    }
    if (rec.t_from != HS_TIME_NONE &&
        ((r->o->period_start != HS_TIME_NONE && rec.t_from < r->o->period_start) ||
         (r->o->period_end != HS_TIME_NONE && rec.t_from >= r->o->period_end))) {
        const char *col = field(r, m->time >= 0 ? m->time : m->from);
        rc = reject(r, m->time >= 0 ? m->time : m->from, col, "outside_period");
        return rc < 0 ? rc : HS_OK;
    }
    if (m->weight >= 0) {
        const char *s = field(r, m->weight);
        if (!blank(s) && hs__parse_double(&rec.weight, s) != HS_OK) {
            rc = reject(r, m->weight, s, "bad_number");
            return rc < 0 ? rc : HS_OK;
        }
    }
    rec.kommun_code = r->o->kommun_code;
    if (m->kommun >= 0) {
        int64_t k = 0;
        if (hs__parse_int64(&k, field(r, m->kommun)) == HS_OK && k > 0 && k < 10000) {
            rec.kommun_code = (int)k;
        }
    }
    rec.precision = located ? HS_PREC_EXACT : HS_PREC_NONE;
    rec.geocode_score = located ? 1.0 : 0.0;
    if (m->precision >= 0 && located) {
        hs_precision p;
        if (hs_precision_parse(&p, field(r, m->precision)) == HS_OK) {
            rec.precision = p;
        }
    }
    rec.id = m->id >= 0 ? text(r, b_id, field(r, m->id)) : NULL;
    rec.code = m->code >= 0 ? text(r, b_code, field(r, m->code)) : NULL;
    const char *name = m->category >= 0 ? text(r, b_name, field(r, m->category)) : NULL;
    rc = row_category(r, &rec.category, &rec.focus_area, rec.code, name);
    if (rc != HS_OK) {
        return rc;
    }
    rc = hs_records_add(r->rec, &rec);
    if (rc != HS_OK) {
        return hs__error(r->ctx, rc, "out of memory after %lld rows", (long long)r->row);
    }
    r->st.kept++;
    r->st.to_geocode += !located && rec.address;
    r->st.unlocated += !located && !rec.address;
    return HS_OK;
}
