/*
 * The follow-up of measures read from a hotspot GeoPackage for the report: the `measures` layer
 * (counts per role and the evaluation) and the `measure_series` table (monthly counts per role).
 * A GeoPackage without them has no measures. It computes nothing.
 */
#include "core/hs_internal.h"
#include "report/report.h"

#include <sqlite3.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

static void copy_text(char *dst, size_t cap, sqlite3_stmt *st, int col)
{
    const unsigned char *s = sqlite3_column_text(st, col);
    hs__fmt(dst, cap, "%s", s ? (const char *)s : "");
}

static double real_or_nan(sqlite3_stmt *st, int col)
{
    return sqlite3_column_type(st, col) == SQLITE_NULL ? NAN : sqlite3_column_double(st, col);
}

static hs__report_measure *find(hs__report_measures *ms, const char *name)
{
    for (size_t i = 0; i < ms->n; i++) {
        if (strcmp(ms->m[i].name, name) == 0) {
            return &ms->m[i];
        }
    }
    return NULL;
}

static int load_rows(hs__report_measures *ms, sqlite3 *db)
{
    sqlite3_stmt *st = NULL;
    const char *sql = "SELECT measure, role, area, categories, buffer_m, before_from, before_to, "
                      "after_from, after_to, n_before, n_after, res, res_lo, res_hi, p, wdq, "
                      "wdq_class, tne, verdict FROM measures ORDER BY fid";
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        return HS_ENOTFOUND;
    }
    size_t cap = 0;
    int rc = HS_OK;
    while (rc == HS_OK && sqlite3_step(st) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(st, 0);
        const char *role = (const char *)sqlite3_column_text(st, 1);
        if (!name || !role) {
            continue;
        }
        hs__report_measure *m = find(ms, name);
        if (!m) {
            if (hs__grow((void **)&ms->m, &cap, ms->n + 1, sizeof *ms->m)) {
                rc = HS_ENOMEM;
                break;
            }
            m = &ms->m[ms->n++];
            memset(m, 0, sizeof *m);
            for (int r = 0; r < 3; r++) {
                m->n[r][0] = m->n[r][1] = NAN;
            }
            copy_text(m->name, sizeof m->name, st, 0);
            copy_text(m->categories, sizeof m->categories, st, 3);
            m->buffer_m = real_or_nan(st, 4);
            copy_text(m->before_from, sizeof m->before_from, st, 5);
            copy_text(m->before_to, sizeof m->before_to, st, 6);
            copy_text(m->after_from, sizeof m->after_from, st, 7);
            copy_text(m->after_to, sizeof m->after_to, st, 8);
            m->res = real_or_nan(st, 11);
            m->res_lo = real_or_nan(st, 12);
            m->res_hi = real_or_nan(st, 13);
            m->p = real_or_nan(st, 14);
            m->wdq = real_or_nan(st, 15);
            copy_text(m->wdq_class, sizeof m->wdq_class, st, 16);
            m->tne = real_or_nan(st, 17);
            copy_text(m->verdict, sizeof m->verdict, st, 18);
        }
        int r = strcmp(role, "target") == 0 ? 0 : strcmp(role, "buffer") == 0 ? 1 : 2;
        if (r == 0) {
            copy_text(m->area, sizeof m->area, st, 2);
        }
        m->n[r][0] = real_or_nan(st, 9);
        m->n[r][1] = real_or_nan(st, 10);
    }
    sqlite3_finalize(st);
    return rc;
}

static int load_series(hs__report_measures *ms, sqlite3 *db)
{
    sqlite3_stmt *st = NULL;
    const char *sql = "SELECT measure, month, target, buffer, control FROM measure_series "
                      "ORDER BY measure, month";
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        return HS_OK; /* a measure without its series draws no chart */
    }
    int rc = HS_OK;
    while (rc == HS_OK && sqlite3_step(st) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(st, 0);
        hs__report_measure *m = name ? find(ms, name) : NULL;
        if (!m) {
            continue;
        }
        size_t cap = m->nmonth;
        if (hs__grow((void **)&m->month, &cap, m->nmonth + 1, sizeof *m->month) ||
            (cap = m->nmonth,
             hs__grow((void **)&m->series, &cap, 3 * (m->nmonth + 1), sizeof *m->series))) {
            rc = HS_ENOMEM;
            break;
        }
        copy_text(m->month[m->nmonth], sizeof m->month[0], st, 1);
        for (int r = 0; r < 3; r++) {
            m->series[3 * m->nmonth + (size_t)r] = real_or_nan(st, 2 + r);
        }
        m->nmonth++;
    }
    sqlite3_finalize(st);
    return rc;
}

int hs__report_measures_load(hs__report_measures *ms, hs_ctx *ctx, const char *gpkg)
{
    memset(ms, 0, sizeof *ms);
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(gpkg, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        sqlite3_close(db);
        return hs__error(ctx, HS_EIO, "%s: cannot open", gpkg);
    }
    int rc = load_rows(ms, db);
    if (rc == HS_ENOTFOUND) {
        rc = HS_OK; /* no measures in this GeoPackage */
    }
    rc = rc ? rc : load_series(ms, db);
    sqlite3_close(db);
    if (rc != HS_OK) {
        hs__report_measures_free(ms);
        return hs__error(ctx, rc, "%s: cannot read the measures", gpkg);
    }
    return HS_OK;
}

void hs__report_measures_free(hs__report_measures *ms)
{
    for (size_t i = 0; ms && i < ms->n; i++) {
        free(ms->m[i].month);
        free(ms->m[i].series);
    }
    if (ms) {
        free(ms->m);
        memset(ms, 0, sizeof *ms);
    }
}
