/*
 * Aoristic weighting: walks each record's real (UTC) window in pieces that end at local wall-clock
 * hour boundaries and gives every hour of the week overlap / duration. A spring-forward window is
 * therefore an hour shorter than its wall-clock span and the skipped hour gets nothing; with
 * HS_TZ_UTC it is plain wall-clock arithmetic. The edge rules follow Ratcliffe's `aoristic` R
 * package: no end or a window of a minute or less puts all weight on the start hour, end before
 * start likewise, and a window of seven days or more gives 1/168 to every hour. No I/O here.
 */
#include "core/hs_internal.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define WEEK_SECONDS (7 * 86400)

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) {
        q--;
    }
    return q;
}

/* Hour of week (0..167, Monday 00 first) and month (1..12) of a wall-clock second. */
static int how_of_wall(int64_t wall)
{
    int64_t days = floor_div(wall, 86400);
    int64_t sod = wall - days * 86400;
    return (hs_weekday(days) - 1) * 24 + (int)(sod / 3600);
}

static int month_of_wall(int64_t wall)
{
    int64_t y;
    int m, d;
    hs_civil_from_days(&y, &m, &d, floor_div(wall, 86400));
    return m;
}

/* Puts all weight at the hour (and month) of the instant t. */
static void add_point(double *how, double *month, hs_tz tz, int64_t t, double w)
{
    int64_t wall = hs_tz_utc_to_wall(tz, t);
    how[how_of_wall(wall)] += w;
    if (month) {
        month[month_of_wall(wall) - 1] += w;
    }
}

int hs_aoristic_record(double *how, double *month, int64_t from, int64_t to, double w,
                       const hs_aoristic_opts *opts)
{
    hs_aoristic_opts def = HS_AORISTIC_OPTS_INIT;
    const hs_aoristic_opts *o = opts ? opts : &def;
    if (o->version != HS_AORISTIC_OPTS_VERSION || !how) {
        return HS_EINVAL;
    }
    if (from == HS_TIME_NONE) {
        return HS_AOR_NOTIME;
    }
    if (to == HS_TIME_NONE || (to >= from && to - from <= 60)) {
        add_point(how, month, o->tz, from, w);
        return HS_AOR_EXACT;
    }
    if (to < from) {
        add_point(how, month, o->tz, from, w);
        return HS_AOR_REVERSED;
    }
    int64_t dur = to - from;
    if (o->max_window > 0 && dur > o->max_window) {
        return HS_AOR_DROPPED;
    }
    int week = dur >= WEEK_SECONDS;
    if (week) {
        double share = w / HS_HOURS_PER_WEEK;
        for (int h = 0; h < HS_HOURS_PER_WEEK; h++) {
            how[h] += share;
        }
        if (!month) {
            return HS_AOR_WEEK;
        }
    }
    /* walk the real window hour by hour of the local clock */
    double per_s = w / (double)dur;
    int off = hs_tz_offset(o->tz, from);
    if (!week && !month && off == hs_tz_offset(o->tz, to)) {
        /* under 7 days with one offset at both ends: no change inside (changes are months
         * apart), so the wall clock advances with real time and hours follow each other */
        int64_t wall = from + off;
        int64_t into = wall - floor_div(wall, 3600) * 3600;
        int h = how_of_wall(wall);
        int64_t t = from;
        int64_t next = t + (3600 - into);
        while (next < to) {
            how[h] += (double)(next - t) * per_s;
            t = next;
            next += 3600;
            h = h + 1 == HS_HOURS_PER_WEEK ? 0 : h + 1;
        }
        how[h] += (double)(to - t) * per_s;
        return HS_AOR_SPREAD;
    }
    int64_t t = from;
    while (t < to) {
        int64_t wall = hs_tz_utc_to_wall(o->tz, t);
        int64_t into = wall - floor_div(wall, 3600) * 3600;
        int64_t next = t + (3600 - into);
        if (next > to) {
            next = to;
        }
        double piece = (double)(next - t) * per_s;
        if (!week) {
            how[how_of_wall(wall)] += piece;
        }
        if (month) {
            month[month_of_wall(wall) - 1] += piece;
        }
        t = next;
    }
    return week ? HS_AOR_WEEK : HS_AOR_SPREAD;
}

static void count_case(hs_aoristic_stats *s, int c, int64_t to)
{
    switch (c) {
    case HS_AOR_SPREAD:
        s->spread++;
        break;
    case HS_AOR_EXACT:
        s->exact++;
        if (to == HS_TIME_NONE) {
            s->missing_end++;
        }
        break;
    case HS_AOR_REVERSED:
        s->reversed++;
        break;
    case HS_AOR_WEEK:
        s->week++;
        break;
    case HS_AOR_DROPPED:
        s->dropped++;
        break;
    default:
        s->notime++;
        break;
    }
}

/* One share of the records [i0, i1) into its own table (the first share: the caller's). */
typedef struct table_job {
    double *out;
    hs_aoristic_stats s;
    const int64_t *from, *to;
    const double *w;
    const int32_t *unit;
    size_t i0, i1, n, nunits;
    const hs_aoristic_opts *o;
    hs_ctx *ctx; /* progress from the first share only */
    int rc;
} table_job;

static void *table_run(void *arg)
{
    table_job *j = arg;
    for (size_t i = j->i0; i < j->i1; i++) {
        if (j->ctx && (i & 0xFFFFF) == 0xFFFFF) {
            j->rc = hs__progress(j->ctx, "aoristic", (double)i / (double)j->n);
            if (j->rc != HS_OK) {
                return NULL;
            }
        }
        int64_t u = j->unit ? j->unit[i] : 0;
        if (u < 0 || (size_t)u >= j->nunits) {
            continue;
        }
        double wi = j->w ? j->w[i] : 1.0;
        int c = hs_aoristic_record(j->out + (size_t)u * HS_HOURS_PER_WEEK, NULL, j->from[i],
                                   j->to[i], wi, j->o);
        j->s.records++;
        count_case(&j->s, c, j->to[i]);
        if (c != HS_AOR_DROPPED && c != HS_AOR_NOTIME) {
            j->s.weight += wi;
        }
    }
    return NULL;
}

#define TABLE_THREADS 8
#define TABLE_SHARE ((size_t)1 << 20) /* records per thread at least */

int hs_aoristic_table(double *out, hs_aoristic_stats *stats, hs_ctx *ctx, const int64_t *from,
                      const int64_t *to, const double *w, const int32_t *unit, size_t n,
                      size_t nunits, const hs_aoristic_opts *opts)
{
    hs_aoristic_opts def = HS_AORISTIC_OPTS_INIT;
    const hs_aoristic_opts *o = opts ? opts : &def;
    if (!out || (n > 0 && (!from || !to)) || nunits == 0) {
        return hs__error(ctx, HS_EINVAL, "aoristic table: missing arrays or no units");
    }
    if (o->version != HS_AORISTIC_OPTS_VERSION) {
        return hs__error(ctx, HS_EINVAL, "aoristic table: options version %d not supported",
                         o->version);
    }
    if (nunits > SIZE_MAX / (HS_HOURS_PER_WEEK * sizeof(double))) {
        return hs__error(ctx, HS_ELIMIT, "aoristic table: too many units (%zu)", nunits);
    }
    size_t cells = nunits * HS_HOURS_PER_WEEK;
    memset(out, 0, cells * sizeof(double));
    /* a million records or more: shares side by side, their tables added in order after */
    int nt = hs__threads_for(ctx, n / TABLE_SHARE + 1);
    nt = nt > TABLE_THREADS ? TABLE_THREADS : nt;
    table_job jobs[TABLE_THREADS];
    pthread_t tid[TABLE_THREADS];
    int started[TABLE_THREADS] = {0};
    for (int t = 0; t < nt; t++) {
        table_job *j = &jobs[t];
        memset(j, 0, sizeof *j);
        j->out = t == 0 ? out : calloc(cells, sizeof(double));
        if (j->out == NULL) {
            nt = t; /* fewer shares: the ones made so far */
            break;
        }
        j->from = from;
        j->to = to;
        j->w = w;
        j->unit = unit;
        j->n = n;
        j->nunits = nunits;
        j->o = o;
        j->ctx = t == 0 ? ctx : NULL;
    }
    for (int t = 0; t < nt; t++) {
        jobs[t].i0 = n * (size_t)t / (size_t)nt;
        jobs[t].i1 = n * (size_t)(t + 1) / (size_t)nt;
    }
    for (int t = 1; t < nt; t++) {
        started[t] = pthread_create(&tid[t], NULL, table_run, &jobs[t]) == 0;
        if (!started[t]) {
            table_run(&jobs[t]);
        }
    }
    table_run(&jobs[0]);
    hs_aoristic_stats s = jobs[0].s;
    for (int t = 1; t < nt; t++) {
        if (started[t]) {
            pthread_join(tid[t], NULL);
        }
        for (size_t k = 0; k < cells; k++) {
            out[k] += jobs[t].out[k];
        }
        free(jobs[t].out);
        s.records += jobs[t].s.records;
        s.spread += jobs[t].s.spread;
        s.exact += jobs[t].s.exact;
        s.missing_end += jobs[t].s.missing_end;
        s.reversed += jobs[t].s.reversed;
        s.week += jobs[t].s.week;
        s.dropped += jobs[t].s.dropped;
        s.notime += jobs[t].s.notime;
        s.weight += jobs[t].s.weight;
    }
    if (jobs[0].rc != HS_OK) {
        return jobs[0].rc;
    }
    if (s.week > 0 || s.dropped > 0) {
        hs__log(
            ctx, HS_LOG_INFO,
            "aoristic: %lld windows of 7 days or more spread evenly, %lld over the cap left out",
            (long long)s.week, (long long)s.dropped);
    }
    if (stats) {
        *stats = s;
    }
    return HS_OK;
}

void hs_aoristic_margins(double *hour24, double *weekday7, const double *how)
{
    if (hour24) {
        memset(hour24, 0, 24 * sizeof(double));
    }
    if (weekday7) {
        memset(weekday7, 0, 7 * sizeof(double));
    }
    for (int h = 0; h < HS_HOURS_PER_WEEK; h++) {
        if (hour24) {
            hour24[h % 24] += how[h];
        }
        if (weekday7) {
            weekday7[h / 24] += how[h];
        }
    }
}

int hs_season_of_month(int month)
{
    if (month == 12 || month <= 2) {
        return 0;
    }
    return (month - 3) / 3 + 1;
}

int hs_aoristic_window_weights(double *out, hs_ctx *ctx, const int64_t *from, const int64_t *to,
                               size_t n, const uint8_t *mask, const hs_aoristic_opts *opts)
{
    if (!out || !mask || (n > 0 && (!from || !to))) {
        return hs__error(ctx, HS_EINVAL, "aoristic window weights: missing arrays");
    }
    for (size_t i = 0; i < n; i++) {
        double how[HS_HOURS_PER_WEEK] = {0};
        int c = hs_aoristic_record(how, NULL, from[i], to[i], 1.0, opts);
        if (c < 0) {
            return hs__error(ctx, c, "aoristic window weights: bad options");
        }
        double s = 0.0;
        for (int h = 0; h < HS_HOURS_PER_WEEK; h++) {
            if (mask[h]) {
                s += how[h];
            }
        }
        out[i] = s > 1.0 ? 1.0 : s;
    }
    return HS_OK;
}
