/*
 * Time series per unit (ISO week, month, tertial) for trend charts and the EST cadence: each
 * record's window is spread over the local days it overlaps and each day's share goes to its
 * period; two periods are compared with the exact conditional binomial test, which stays valid
 * for the small counts of one place in one week. Plain C; no I/O.
 */
#include "core/hs_internal.h"

#include <math.h>
#include <string.h>

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) {
        q--;
    }
    return q;
}

int64_t hs_period_of_day(int64_t days, hs_period p)
{
    if (p == HS_PERIOD_WEEK) {
        return floor_div(days + 3, 7); /* 1969-12-29 was a Monday */
    }
    int64_t y;
    int m, d;
    hs_civil_from_days(&y, &m, &d, days);
    if (p == HS_PERIOD_MONTH) {
        return y * 12 + m - 1;
    }
    return y * 3 + (m - 1) / 4;
}

int64_t hs_period_first_day(int64_t idx, hs_period p)
{
    if (p == HS_PERIOD_WEEK) {
        return idx * 7 - 3;
    }
    if (p == HS_PERIOD_MONTH) {
        return hs_days_from_civil(floor_div(idx, 12), (int)(idx - floor_div(idx, 12) * 12) + 1, 1);
    }
    int64_t y = floor_div(idx, 3);
    return hs_days_from_civil(y, (int)(idx - y * 3) * 4 + 1, 1);
}

void hs_period_label(char *buf, size_t size, int64_t idx, hs_period p)
{
    int64_t first = hs_period_first_day(idx, p);
    int64_t y;
    int m, d;
    if (p == HS_PERIOD_WEEK) {
        /* the ISO year is the year of the week's Thursday */
        hs_civil_from_days(&y, &m, &d, first + 3);
        int64_t week = (first + 3 - hs_days_from_civil(y, 1, 1)) / 7 + 1;
        hs__fmt(buf, size, "%lld-W%02lld", (long long)y, (long long)week);
    } else if (p == HS_PERIOD_MONTH) {
        hs_civil_from_days(&y, &m, &d, first);
        hs__fmt(buf, size, "%lld-%02d", (long long)y, m);
    } else {
        hs_civil_from_days(&y, &m, &d, first);
        hs__fmt(buf, size, "%lld T%d", (long long)y, (m - 1) / 4 + 1);
    }
}

static void add_to(double *row, int64_t first, size_t nperiods, hs_period p, int64_t wall_day,
                   double w)
{
    int64_t k = hs_period_of_day(wall_day, p) - first;
    if (k >= 0 && (uint64_t)k < nperiods) {
        row[k] += w;
    }
}

int hs_series_build(double *out, hs_ctx *ctx, const int64_t *from, const int64_t *to,
                    const double *w, const int32_t *unit, size_t n, size_t nunits, hs_period p,
                    int64_t first, size_t nperiods, const hs_aoristic_opts *opts)
{
    hs_aoristic_opts def = HS_AORISTIC_OPTS_INIT;
    const hs_aoristic_opts *o = opts ? opts : &def;
    if (!out || (n > 0 && (!from || !to)) || nunits == 0 || nperiods == 0 ||
        (int)p < HS_PERIOD_WEEK || p > HS_PERIOD_TERTIAL ||
        o->version != HS_AORISTIC_OPTS_VERSION) {
        return hs__error(ctx, HS_EINVAL, "time series: bad arguments");
    }
    if (nunits > SIZE_MAX / sizeof(double) / nperiods) {
        return hs__error(ctx, HS_ELIMIT, "time series: too many units x periods");
    }
    memset(out, 0, nunits * nperiods * sizeof(double));
    for (size_t i = 0; i < n; i++) {
        int64_t u = unit ? unit[i] : 0;
        if (u < 0 || (size_t)u >= nunits || from[i] == HS_TIME_NONE) {
            continue;
        }
        double wi = w ? w[i] : 1.0;
        double *row = out + (size_t)u * nperiods;
        int64_t a = from[i];
        int64_t b = to[i];
        if (b == HS_TIME_NONE || b - a <= 60) {
            add_to(row, first, nperiods, p, floor_div(hs_tz_utc_to_wall(o->tz, a), 86400), wi);
            continue;
        }
        if (o->max_window > 0 && b - a > o->max_window) {
            continue;
        }
        double per_s = wi / (double)(b - a);
        int64_t t = a;
        while (t < b) {
            int64_t wall = hs_tz_utc_to_wall(o->tz, t);
            int64_t day = floor_div(wall, 86400);
            int64_t next = t + (day + 1) * 86400 - wall;
            if (next > b) {
                next = b;
            }
            add_to(row, first, nperiods, p, day, (double)(next - t) * per_s);
            t = next;
        }
    }
    return HS_OK;
}

void hs_series_compare(hs_change *out, double before, double after)
{
    out->before = before;
    out->after = after;
    if (before > 0.0) {
        out->ratio = after / before;
    } else {
        out->ratio = after > 0.0 ? INFINITY : NAN;
    }
    double n = before + after;
    if (!(n > 0.0)) {
        out->p = 1.0;
        return;
    }
    double up = hs_binom_upper(after, n, 0.5);
    double lo = hs_binom_upper(before, n, 0.5); /* P(X <= after) by symmetry */
    double p = 2.0 * (up < lo ? up : lo);
    out->p = p > 1.0 ? 1.0 : p;
}
