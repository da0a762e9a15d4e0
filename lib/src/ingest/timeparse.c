/*
 * Locale-free parsing of the date and time forms found in police extracts and spreadsheets:
 * ISO dates ("2024-03-01", "2024/03/01", "20240301", "1.3.2024"), date-times with an optional
 * offset ("2024-03-01 22:15", "2024-03-01T22:15:00+01:00"), clock times ("2230", "22.30", "22:30",
 * "9:48"), Excel serial dates ("45352" or "45352.927") and Swedish month names. Results are wall
 * seconds (or UTC seconds when an offset was given); and wall seconds to UTC through tz.c's
 * rules with a per-day offset cache. It must not call the C library's locale-dependent functions
 * or allocate.
 */
#include "core/hs_internal.h"
#include "ingest/ingest.h"

#include <string.h>

static int isdig(int c)
{
    return c >= '0' && c <= '9';
}

static const char *skip_blank(const char *p)
{
    while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') {
        p++;
    }
    return p;
}

/* Reads up to max digits; returns the count read (0 when none). */
static int digits(int64_t *v, const char **pp, int max)
{
    const char *p = *pp;
    int n = 0;
    int64_t x = 0;
    while (n < max && isdig((unsigned char)*p)) {
        x = x * 10 + (*p - '0');
        p++;
        n++;
    }
    *v = x;
    *pp = p;
    return n;
}

int hs__parse_clock(int *sec, const char *s)
{
    if (!sec || !s) {
        return HS_EINVAL;
    }
    const char *p = skip_blank(s);
    int64_t h = 0, m = 0, sc = 0;
    int nh = digits(&h, &p, 4);
    if (nh == 0) {
        return HS_EDATA;
    }
    if (*p == ':' || *p == '.') {
        if (nh > 2) {
            return HS_EDATA;
        }
        char sep = *p++;
        if (digits(&m, &p, 2) != 2) {
            return HS_EDATA;
        }
        if (*p == sep || *p == ':') {
            p++;
            if (digits(&sc, &p, 2) != 2) {
                return HS_EDATA;
            }
        }
    } else if (nh == 3 || nh == 4) {
        m = h % 100; /* "2230", "930" */
        h /= 100;
    } else if (nh > 2) {
        return HS_EDATA;
    }
    p = skip_blank(p);
    if (*p) {
        return HS_EDATA;
    }
    if (h == 24 && m == 0 && sc == 0) {
        *sec = 86400;
        return HS_OK;
    }
    if (h > 23 || m > 59 || sc > 60) {
        return HS_EDATA;
    }
    *sec = (int)(h * 3600 + m * 60 + (sc > 59 ? 59 : sc));
    return HS_OK;
}

/* An Excel serial date: days since 1899-12-30, optional fraction of a day. */
static int parse_serial(int64_t *wall, int *flags, const char *s)
{
    const char *p = skip_blank(s);
    int64_t d = 0;
    int nd = digits(&d, &p, 6);
    if (nd != 5) {
        return HS_EDATA;
    }
    int64_t frac_sec = 0;
    int has_frac = 0;
    if (*p == '.' || *p == ',') {
        p++;
        double f = 0.0, scale = 0.1;
        int nf = 0;
        while (isdig((unsigned char)*p)) {
            f += (*p - '0') * scale;
            scale *= 0.1;
            p++;
            nf++;
        }
        if (!nf) {
            return HS_EDATA;
        }
        frac_sec = (int64_t)(f * 86400.0 + 0.5);
        has_frac = 1;
    }
    p = skip_blank(p);
    if (*p || d < 1) {
        return HS_EDATA;
    }
    *wall = (d - 25569) * 86400 + frac_sec;
    *flags = has_frac ? HS__DT_TIME : 0;
    return HS_OK;
}

int hs__parse_datetime(int64_t *out, int *flags, const char *s)
{
    if (!out || !flags || !s) {
        return HS_EINVAL;
    }
    const char *p = skip_blank(s);
    int64_t y = 0, mo = 0, d = 0;
    int ny = digits(&y, &p, 8);
    if (ny == 8) { /* 20240301 */
        d = y % 100;
        mo = (y / 100) % 100;
        y /= 10000;
    } else if (ny == 4 && (*p == '-' || *p == '/')) { /* 2024-03-01, 2024/3/1 */
        char sep = *p++;
        if (digits(&mo, &p, 2) == 0 || *p != sep) {
            return HS_EDATA;
        }
        p++;
        if (digits(&d, &p, 2) == 0) {
            return HS_EDATA;
        }
    } else if ((ny == 1 || ny == 2) && (*p == '.' || *p == '/')) { /* 1.3.2024, 01/03/2024 */
        char sep = *p++;
        d = y;
        if (digits(&mo, &p, 2) == 0 || *p != sep) {
            return HS_EDATA;
        }
        p++;
        if (digits(&y, &p, 4) != 4) {
            return HS_EDATA;
        }
    } else {
        return parse_serial(out, flags, s);
    }
    if (!hs_date_valid(y, (int)mo, (int)d)) {
        return HS_EDATA;
    }
    int64_t wall = hs_days_from_civil(y, (int)mo, (int)d) * 86400;
    int fl = 0;
    if (*p == 'T' || *p == ' ') {
        const char *q = skip_blank(p + (*p == 'T'));
        if (*q) {
            /* time part up to an offset or the end */
            char clock[16];
            size_t n = 0;
            while (q[n] && q[n] != ' ' && q[n] != '+' && q[n] != 'Z' && !(q[n] == '-' && n > 0) &&
                   n < sizeof clock - 1) {
                clock[n] = q[n];
                n++;
            }
            clock[n] = '\0';
            /* drop fractional seconds "22:15:00.123" */
            char *dot = strchr(clock, '.');
            if (dot && strchr(clock, ':') && dot > strchr(clock, ':') && strlen(clock) > 6) {
                *dot = '\0';
            }
            int sec = 0;
            if (hs__parse_clock(&sec, clock) != HS_OK) {
                return HS_EDATA;
            }
            wall += sec;
            fl |= HS__DT_TIME;
            q = skip_blank(q + n);
            if (*q == 'Z') {
                fl |= HS__DT_UTC;
                q++;
            } else if (*q == '+' || *q == '-') {
                int sign = *q == '-' ? -1 : 1;
                q++;
                int64_t oh = 0, om = 0;
                if (digits(&oh, &q, 2) != 2) {
                    return HS_EDATA;
                }
                if (*q == ':') {
                    q++;
                }
                digits(&om, &q, 2);
                wall -= sign * (oh * 3600 + om * 60);
                fl |= HS__DT_UTC;
            }
            p = q;
        }
    }
    p = skip_blank(p);
    if (*p) {
        return HS_EDATA;
    }
    *out = wall;
    *flags = fl;
    return HS_OK;
}

int hs__sv_month(const char *s, size_t n)
{
    static const char *const names[] = {"januari",   "februari", "mars",     "april",
                                        "maj",       "juni",     "juli",     "augusti",
                                        "september", "oktober",  "november", "december"};
    for (int i = 0; i < 12; i++) {
        if (strlen(names[i]) == n && strncmp(names[i], s, n) == 0) {
            return i + 1;
        }
    }
    return 0;
}

void hs__clock_init(hs__clock *c, hs_tz tz, int later)
{
    c->tz = tz;
    c->later = later;
    c->gap = 0;
    c->repeated = 0;
    for (size_t i = 0; i < HS__CLOCK_SLOTS; i++) {
        c->day[i] = INT64_MIN;
        c->off[i] = 0;
    }
}

int64_t hs__wall_to_utc(hs__clock *c, int64_t wall, int flags)
{
    if (flags & HS__DT_UTC) {
        return wall;
    }
    /* cache per local day (direct-mapped): a day without a clock change has one offset */
    int64_t day = wall >= 0 ? wall / 86400 : -((-wall + 86399) / 86400);
    size_t slot = (size_t)(day & (HS__CLOCK_SLOTS - 1));
    if (c->day[slot] == day) {
        return wall - c->off[slot];
    }
    hs_wall_kind k = HS_WALL_NORMAL;
    int64_t t = hs_tz_wall_to_utc(&k, c->tz, wall, c->later);
    int off0 = hs_tz_offset(c->tz, day * 86400 - 14 * 3600);
    int off1 = hs_tz_offset(c->tz, day * 86400 + 38 * 3600);
    if (off0 == off1 && k == HS_WALL_NORMAL) {
        c->day[slot] = day;
        c->off[slot] = wall - t;
    }
    if (k == HS_WALL_NONEXISTENT) {
        c->gap++;
    } else if (k == HS_WALL_AMBIGUOUS) {
        c->repeated++;
    }
    return t;
}
