/*
 * hs_ingest_file: reads one input row by row (ingest_table.c picks the reader), maps columns
 * (ingest_map.c), detects the CRS from a sample of rows, fixes swapped axes, parses dates and times
 * into UTC (Europe/Stockholm daylight saving applied), maps codes to categories, masks
 * personnummer, reprojects, and puts every row either in the record store or in the rejects with
 * a stable reason key. Values are parsed straight into the column store without per-row
 * allocation. It must not write files or print: the summary goes to the log callback.
 */
#include "hs_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define SAMPLE_ROWS 5000
#define TEXT_MAX 512

static const char k_unmatched[] = "ovrigt"; /* category of rows no rule matched */

typedef struct run {
    hs_ctx *ctx;
    const hs_ingest_opts *o;
    const char *path, *source;
    hs__table *t;
    hs__colmap m;
    hs_records *rec;
    hs_rejects *rj;
    hs_ingest_stats st;
    hs__clock clock; /* zone rules, per-day offset cache, daylight-saving counts */
    int crs, work;
    hs_areas *areas;
    const hs_catmap *cats;
    hs__dict catkeys; /* "code\x1fname" -> rule result index */
    const char **cat_of, **focus_of;
    size_t catcap;
    const char *const *f;
    size_t nf;
    int64_t row;
} run;

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

/* Coordinates of the row: 0 located, 2 not located (to geocode), 1 rejected, < 0 error. */
static int row_xy(run *r, double *x, double *y, const char *addr)
{
    *x = NAN;
    *y = NAN;
    const hs__colmap *m = &r->m;
    if (m->x < 0) {
        return addr ? 2 : reject(r, -1, NULL, "missing_coordinates");
    }
    const char *sx = field(r, m->x), *sy = field(r, m->y);
    int ex = blank(sx), ey = blank(sy);
    double vx = 0.0, vy = 0.0;
    if (!ex && number(&vx, sx) != HS_OK) {
        return reject(r, m->x, sx, "bad_number");
    }
    if (!ey && number(&vy, sy) != HS_OK) {
        return reject(r, m->y, sy, "bad_number");
    }
    if (ex || ey || vx == 0.0 || vy == 0.0) {
        return addr ? 2
                    : reject(r, ex || vx == 0.0 ? m->x : m->y, ex || vx == 0.0 ? sx : sy,
                             "missing_coordinates");
    }
    if (!r->crs) {
        return reject(r, m->x, sx, "unknown_crs");
    }
    hs__xy_fit fit = hs__crs_fit(r->crs, vx, vy);
    if (fit == HS__XY_SWAPPED) {
        double t = vx;
        vx = vy;
        vy = t;
        r->st.swapped++;
    } else if (fit != HS__XY_OK) {
        char v[96];
        hs__fmt(v, sizeof v, "%s %s", sx, sy);
        return reject(r, m->x, v, "outside_sweden");
    }
    if (r->crs != r->work) {
        int rc = hs__crs_transform(r->ctx, r->crs, r->work, &vx, &vy, 1);
        if (rc != HS_OK) {
            return rc;
        }
        if (!isfinite(vx) || !isfinite(vy)) {
            return reject(r, m->x, sx, "outside_sweden");
        }
        r->st.reprojected++;
    }
    if (r->areas) {
        int32_t k = -1;
        int rc = hs_areas_locate(&k, r->ctx, r->areas, &vx, &vy, 1);
        if (rc != HS_OK) {
            return rc;
        }
        if (k < 0) {
            char v[96];
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

/* One data row: returns HS_OK (kept or rejected) or a negative error. */
static int do_row(run *r)
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
    r->st.to_geocode += !located;
    return HS_OK;
}

/* Reads up to SAMPLE_ROWS coordinate pairs and votes for a CRS. */
static int detect_crs(run *r, const hs__table_opts *to)
{
    hs__table *t = NULL;
    int rc = hs__table_open(&t, r->ctx, r->path, to);
    if (rc != HS_OK) {
        return rc;
    }
    double *xs = malloc(SAMPLE_ROWS * sizeof *xs), *ys = malloc(SAMPLE_ROWS * sizeof *ys);
    size_t n = 0;
    const char *const *f;
    size_t nf;
    while (xs && ys && n < SAMPLE_ROWS && (rc = t->next(t, &f, &nf)) == 1) {
        double x, y;
        if ((size_t)r->m.x < nf && (size_t)r->m.y < nf && hs__parse_double(&x, f[r->m.x]) == 0 &&
            hs__parse_double(&y, f[r->m.y]) == 0) {
            xs[n] = x;
            ys[n] = y;
            n++;
        }
    }
    hs__table_close(t);
    if (!xs || !ys) {
        free(xs);
        free(ys);
        return hs__error(r->ctx, HS_ENOMEM, "out of memory");
    }
    if (rc < 0) {
        free(xs);
        free(ys);
        return rc;
    }
    if (hs__crs_vote(&r->crs, xs, ys, n) == HS_OK) {
        hs__log(r->ctx, HS_LOG_INFO, "%s: CRS detected from the value ranges: EPSG:%d", r->path,
                r->crs);
    } else if (n) {
        hs__log(r->ctx, HS_LOG_WARN,
                "%s: coordinates fit no Swedish CRS (3006, 3021, 4326); give --crs", r->path);
    }
    free(xs);
    free(ys);
    return HS_OK;
}

static void log_summary(run *r)
{
    hs_ingest_stats *s = &r->st;
    hs__log(r->ctx, HS_LOG_INFO,
            "%s: %lld rows read, %lld kept, %lld rejected, %lld swapped, %lld reprojected "
            "(EPSG:%d -> EPSG:%d)",
            r->path, (long long)s->rows_read, (long long)s->kept, (long long)s->rejected,
            (long long)s->swapped, (long long)s->reprojected, s->crs_detected, s->work_crs);
    if (s->swapped) {
        hs__log(r->ctx, HS_LOG_WARN, "%s: %lld rows had x and y swapped; fixed", r->path,
                (long long)s->swapped);
    }
    if (s->dst_gap || s->dst_repeated) {
        hs__log(r->ctx, HS_LOG_WARN,
                "%s: %lld times in the skipped spring hour (read as summer time), %lld in the "
                "repeated autumn hour (%s instant taken)",
                r->path, (long long)s->dst_gap, (long long)s->dst_repeated,
                r->o->tz_later ? "later" : "earlier");
    }
    if (s->to_geocode) {
        hs__log(r->ctx, HS_LOG_INFO, "%s: %lld rows kept without coordinates, to geocode", r->path,
                (long long)s->to_geocode);
    }
    if (s->masked) {
        hs__log(r->ctx, HS_LOG_WARN, "%s: %lld personnummer masked", r->path, (long long)s->masked);
    }
}

static const char *base_name(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

static int check_limits(run *r)
{
    const hs_ingest_opts *o = r->o;
    int64_t n = r->st.rows_read;
    if (o->max_rejects >= 0 && r->st.rejected > o->max_rejects) {
        return hs__error(r->ctx, HS_ELIMIT, "%s: %lld rows rejected, more than --max-rejects %lld",
                         r->path, (long long)r->st.rejected, (long long)o->max_rejects);
    }
    if (o->max_rejects_share >= 0 && n > 0 &&
        (double)r->st.rejected / (double)n > o->max_rejects_share) {
        return hs__error(r->ctx, HS_ELIMIT,
                         "%s: %lld of %lld rows rejected (%.1f%%), more than --max-rejects %g%%",
                         r->path, (long long)r->st.rejected, (long long)n,
                         100.0 * (double)r->st.rejected / (double)n, 100.0 * o->max_rejects_share);
    }
    return HS_OK;
}

static int setup(run *r, hs__table_opts *to)
{
    const hs_ingest_opts *o = r->o;
    hs_tz tz = HS_TZ_STOCKHOLM;
    int rc = hs_tz_parse(&tz, o->tz ? o->tz : "Europe/Stockholm");
    if (rc != HS_OK) {
        return hs__error(r->ctx, rc, "time zone '%s' is not supported (Europe/Stockholm or UTC)",
                         o->tz);
    }
    hs__clock_init(&r->clock, tz, o->tz_later);
    rc = hs__table_open(&r->t, r->ctx, r->path, to);
    if (rc != HS_OK) {
        return rc;
    }
    if (!strcmp(r->t->kind, "csv")) {
        hs__log(r->ctx, HS_LOG_INFO, "%s: CSV, separator '%s', encoding %s", r->path,
                r->t->delim == '\t' ? "\\t" : (r->t->delim == ';' ? ";" : ","), r->t->encoding);
    } else if (!strcmp(r->t->kind, "polisen")) {
        hs__log(r->ctx, HS_LOG_INFO,
                "%s: polisen.se events: time from the title, location = kommun/län centre",
                r->path);
    }
    rc = hs__ingest_map(&r->m, r->ctx, r->t, o, r->path);
    if (rc != HS_OK) {
        return rc;
    }
    if (r->m.x < 0 && r->m.address < 0) {
        return hs__error(r->ctx, HS_ENODATA,
                         "%s: no coordinate columns and no address column (give --x/--y or "
                         "--address)",
                         r->path);
    }
    if (o->crs_epsg) {
        if (!hs__crs_known(o->crs_epsg)) {
            return hs__error(r->ctx, HS_EUNSUPPORTED,
                             "EPSG:%d is not a supported input CRS (3006-3018, 3021, 4326)",
                             o->crs_epsg);
        }
        r->crs = o->crs_epsg;
    } else if (r->m.x >= 0 && r->t->epsg && !strncmp(r->t->names[r->m.x], "__", 2)) {
        r->crs = r->t->epsg;
        hs__log(r->ctx, HS_LOG_INFO, "%s: CRS of the geometry: EPSG:%d", r->path, r->crs);
    } else if (r->m.x >= 0) {
        rc = detect_crs(r, to);
        if (rc != HS_OK) {
            return rc;
        }
    }
    int have = hs_records_crs(r->rec);
    if (have) {
        r->work = have;
    } else if (o->work_epsg) {
        r->work = o->work_epsg;
    } else {
        r->work = r->crs && r->crs != 4326 ? r->crs : 3006;
    }
    hs_records_set_crs(r->rec, r->work);
    if (o->boundary && *o->boundary) {
        hs_areas_opts ao = HS_AREAS_OPTS_INIT;
        ao.epsg = r->work;
        rc = hs_areas_open(&r->areas, r->ctx, o->boundary, &ao);
        if (rc != HS_OK) {
            return rc;
        }
    }
    return HS_OK;
}

int hs_ingest_file(hs_ingest_stats *stats, hs_ctx *ctx, hs_records *records, hs_rejects *rejects,
                   const char *path, const hs_ingest_opts *opts)
{
    hs_ingest_opts defaults = HS_INGEST_OPTS_INIT;
    if (!records || !rejects || !path) {
        return hs__error(ctx, HS_EINVAL, "hs_ingest_file: records, rejects and path are needed");
    }
    run r;
    memset(&r, 0, sizeof r);
    r.ctx = ctx;
    r.o = opts ? opts : &defaults;
    r.path = path;
    r.source = r.o->source ? r.o->source : base_name(path);
    r.rec = records;
    r.rj = rejects;
    hs_catmap *own = NULL;
    r.cats = r.o->categories;
    int rc = HS_OK;
    if (!r.cats) {
        rc = hs_catmap_default(&own);
        r.cats = own;
    }
    hs__table_opts to = {r.o->encoding, r.o->where};
    if (rc == HS_OK) {
        rc = setup(&r, &to);
    }
    while (rc == HS_OK) {
        int got = r.t->next(r.t, &r.f, &r.nf);
        if (got <= 0) {
            if (got < 0) {
                char msg[512];
                hs__fmt(msg, sizeof msg, "%s", hs_ctx_errmsg(ctx));
                rc = hs__error(ctx, got, "%s:%lld: %s", path, (long long)r.t->line, msg);
            }
            break;
        }
        r.row++;
        r.st.rows_read++;
        rc = do_row(&r);
        if (rc == HS_OK && (r.row & 0xFFFF) == 0 && ctx && ctx->cancelled) {
            rc =
                hs__error(ctx, HS_ECANCEL, "%s: cancelled after %lld rows", path, (long long)r.row);
        }
    }
    r.st.dst_gap = r.clock.gap;
    r.st.dst_repeated = r.clock.repeated;
    r.st.crs_detected = r.crs;
    r.st.work_crs = r.work;
    if (rc == HS_OK) {
        log_summary(&r);
        rc = check_limits(&r);
    }
    if (stats) {
        *stats = r.st;
    }
    hs__table_close(r.t);
    hs_areas_free(r.areas);
    hs__dict_free(&r.catkeys);
    free(r.cat_of);
    free(r.focus_of);
    hs_catmap_free(own);
    return rc;
}
