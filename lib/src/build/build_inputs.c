/*
 * The pipeline's first stage: every [input NAME] of the project read through hs_ingest_file with
 * the column mapping, CRS, encoding, categories and limits the project gives, into the crime and
 * the complaint record sets, with one shared rejects table. It writes nothing.
 */
#include "core/hs_internal.h"
#include "build/build.h"

#include <string.h>
#include <time.h>

static int parse_day(int64_t *days, const char *s)
{
    int y, m, d;
    if (strlen(s) < 10 || s[4] != '-' || s[7] != '-') {
        return HS_EINVAL;
    }
    y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    m = (s[5] - '0') * 10 + (s[6] - '0');
    d = (s[8] - '0') * 10 + (s[9] - '0');
    if (!hs_date_valid(y, m, d)) {
        return HS_EINVAL;
    }
    *days = hs_days_from_civil(y, m, d);
    return HS_OK;
}

int hs__build_period(int64_t *start, int64_t *end, hs_tz tz, const char *period)
{
    *start = HS_TIME_NONE;
    *end = HS_TIME_NONE;
    if (!period) {
        return HS_OK;
    }
    const char *dots = strstr(period, "..");
    int64_t a, b;
    if (!dots || parse_day(&a, period) != HS_OK || parse_day(&b, dots + 2) != HS_OK) {
        return HS_EINVAL;
    }
    /* from local midnight of the first day to local midnight after the last */
    *start = hs_tz_wall_to_utc(NULL, tz, a * 86400, 0);
    *end = hs_tz_wall_to_utc(NULL, tz, (b + 1) * 86400, 0);
    return HS_OK;
}

/* A CRS of the project file (any PROJ definition; "auto" or none: 0); work: must be projected
 * in metres. Errors name the file, the section and the key. */
static int project_crs(int *code, hs__build *b, const char *sec, const char *key, const char *v,
                       int work)
{
    *code = 0;
    if (!v || hs__strcasecmp(v, "auto") == 0) {
        return HS_OK;
    }
    int rc = hs_crs_resolve(code, b->ctx, v);
    if (rc == HS_OK && work) {
        rc = hs_crs_check_work(b->ctx, *code);
    }
    if (rc != HS_OK) {
        char msg[600];
        hs__fmt(msg, sizeof msg, "%s", hs_ctx_errmsg(b->ctx));
        return hs__error(b->ctx, rc, "%s: [%s] %s: %s", hs_project_file(b->p), sec, key, msg);
    }
    return HS_OK;
}

/* "N" or "P%" into the options. */
static void parse_max_rejects(hs_ingest_opts *o, const char *s)
{
    if (!s) {
        return;
    }
    size_t n = strlen(s);
    if (n > 1 && s[n - 1] == '%') {
        char buf[32];
        double v;
        if (n - 1 < sizeof buf) {
            memcpy(buf, s, n - 1);
            buf[n - 1] = '\0';
            if (hs__parse_double(&v, buf) == HS_OK) {
                o->max_rejects_share = v / 100.0;
            }
        }
        return;
    }
    int64_t v;
    if (hs__parse_int64(&v, s) == HS_OK) {
        o->max_rejects = v;
    }
}

static double seconds_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) * 1e-9;
}

static int ingest_one(hs__build *b, const char *name, size_t index)
{
    const hs_project *p = b->p;
    char sec[300];
    hs__fmt(sec, sizeof sec, "input %s", name);
    const char *path = hs_project_path(p, sec, "path");
    hs_ingest_opts o = HS_INGEST_OPTS_INIT;
    const char *kind = hs_project_get(p, sec, "kind");
    o.kind = kind && strcmp(kind, "complaint") == 0 ? HS_KIND_COMPLAINT : HS_KIND_INCIDENT;
    o.source = hs_project_get(p, sec, "source");
    if (!o.source) {
        o.source = name;
    }
    o.col_x = hs_project_get(p, sec, "x");
    o.col_y = hs_project_get(p, sec, "y");
    o.col_time = hs_project_get(p, sec, "time");
    o.col_from = hs_project_get(p, sec, "from");
    o.col_to = hs_project_get(p, sec, "to");
    o.col_from_time = hs_project_get(p, sec, "from_time");
    o.col_to_time = hs_project_get(p, sec, "to_time");
    o.col_id = hs_project_get(p, sec, "id");
    o.col_code = hs_project_get(p, sec, "code");
    o.col_category = hs_project_get(p, sec, "category");
    o.col_weight = hs_project_get(p, sec, "weight");
    o.col_address = hs_project_get(p, sec, "address");
    o.col_kommun = hs_project_get(p, sec, "kommun");
    o.where = hs_project_get(p, sec, "where");
    const char *work = hs_project_get(p, "project", "crs");
    int rc = project_crs(&o.crs_epsg, b, sec, "crs", hs_project_get(p, sec, "crs"), 0);
    rc = rc ? rc
            : project_crs(&o.work_epsg, b, "project", work ? "crs" : "work_crs",
                          work ? work : hs_project_get(p, "project", "work_crs"), 1);
    if (rc != HS_OK) {
        return rc;
    }
    /* the times of rows without a usable place still count in the temporal tables */
    o.keep_unlocated = 1;
    o.place_text = hs_project_bool(p, sec, "place_text", 0);
    o.event_text = hs_project_path(p, sec, "event_text");
    b->place_text |= o.place_text;
    o.tz = hs_project_get(p, "project", "tz");
    const char *enc = hs_project_get(p, sec, "encoding");
    o.encoding = enc && hs__strcasecmp(enc, "auto") != 0 ? enc : NULL;
    /* several kommuner: a record's kommun comes from its column or its location, never a default */
    o.kommun_code = hs_project_kommun_count(p) == 1 ? hs_project_kommun(p, 0) : 0;
    o.boundary = hs_project_path(p, "project", "boundary");
    parse_max_rejects(&o, hs_project_get(p, sec, "max_rejects"));
    if (b->opts.max_rejects >= 0 || b->opts.max_rejects_share >= 0) {
        o.max_rejects = b->opts.max_rejects;
        o.max_rejects_share = b->opts.max_rejects_share;
    }
    rc = hs__build_period(&o.period_start, &o.period_end, b->tz,
                          hs_project_get(p, "project", "period"));
    if (rc != HS_OK) {
        return hs__error(b->ctx, rc, "%s: [project] period is not valid", hs_project_file(p));
    }
    hs_catmap *cats = NULL;
    const char *catpath = hs_project_path(p, sec, "categories");
    if (catpath && (rc = hs_catmap_load(&cats, b->ctx, catpath)) != HS_OK) {
        return rc;
    }
    o.categories = cats;
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    hs_ingest_stats st;
    memset(&st, 0, sizeof st);
    hs_records *dst = o.kind == HS_KIND_COMPLAINT ? b->complaints : b->crimes;
    rc = hs_ingest_file(&st, b->ctx, dst, b->rejects, path, &o);
    hs_catmap_free(cats);
    if (rc != HS_OK) {
        return rc;
    }
    /* rows kept only for their times end in the rejects too (not located): when the table has
     * places at all, they count against max_rejects as the rows rejected outright do */
    int64_t lost = st.rejected + st.unlocated;
    if (st.unlocated > 0 && st.unlocated < st.kept &&
        ((o.max_rejects >= 0 && lost > o.max_rejects) ||
         (o.max_rejects_share >= 0 && st.rows_read > 0 &&
          (double)lost / (double)st.rows_read > o.max_rejects_share))) {
        return hs__error(b->ctx, HS_ELIMIT,
                         "%s: %lld of %lld rows rejected or without a usable place (%.1f%%), more "
                         "than max_rejects allows",
                         path, (long long)lost, (long long)st.rows_read,
                         100.0 * (double)lost / (double)st.rows_read);
    }
    b->sum->rows_read += st.rows_read;
    if (index < HS__MAX_INPUT_ROWS) {
        b->input_rows[index] = st.rows_read;
    }
    hs__log(b->ctx, HS_LOG_INFO,
            "ingest [%s] %s: %lld rows, %lld kept, %lld rejected, %lld swapped, CRS %s, working "
            "CRS %s (%.2f s)",
            sec, path, (long long)st.rows_read, (long long)st.kept, (long long)st.rejected,
            (long long)st.swapped, st.crs_detected ? hs_crs_label(b->ctx, st.crs_detected) : "none",
            hs_crs_label(b->ctx, st.work_crs), seconds_since(&t0));
    if (hs_records_crs(dst) == 0) {
        hs_records_set_crs(dst, st.work_crs);
    }
    return HS_OK;
}

int hs__build_inputs(hs__build *b)
{
    size_t n = hs_project_input_count(b->p);
    if (n == 0) {
        return hs__error(b->ctx, HS_ENODATA, "%s: no [input NAME] section", hs_project_file(b->p));
    }
    for (size_t i = 0; i < n; i++) {
        int rc = ingest_one(b, hs_project_input_name(b->p, i), i);
        if (rc != HS_OK) {
            return rc;
        }
        if ((rc = hs__progress(b->ctx, "ingest", (i + 1.0) / (double)n)) != HS_OK) {
            return rc;
        }
    }
    b->sum->incidents = (int64_t)hs_records_count(b->crimes);
    b->sum->complaints = (int64_t)hs_records_count(b->complaints);
    b->sum->rejected = (int64_t)hs_rejects_count(b->rejects);
    if (hs_records_crs(b->crimes) && hs_records_crs(b->complaints) &&
        hs_records_crs(b->crimes) != hs_records_crs(b->complaints)) {
        return hs__error(b->ctx, HS_EDATA,
                         "inputs end in different working CRSs (%s and %s): set [project] crs",
                         hs_crs_label(b->ctx, hs_records_crs(b->crimes)),
                         hs_crs_label(b->ctx, hs_records_crs(b->complaints)));
    }
    return HS_OK;
}
