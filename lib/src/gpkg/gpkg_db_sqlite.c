/*
 * The GeoPackage writer's SQL helpers, shared by gpkg_sqlite.c, gpkg_meta_sqlite.c and
 * gpkg_rtree_sqlite.c: running a statement with its error turned into the context's message, and
 * the wall clock the run metadata records, SQLite's process-wide set-up. Nothing here knows the
 * GeoPackage layout.
 */
#include "core/hs_internal.h"
#include "gpkg/gpkg.h"

#include <sqlite3.h>

#include <pthread.h>
#include <time.h>

static pthread_once_t g_once = PTHREAD_ONCE_INIT;

static void setup(void)
{
    /* SQLite's allocation statistics take a mutex on every malloc and free; nothing here reads
     * them. Refused (harmlessly) when SQLite was initialised already, e.g. by GDAL. */
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

void hs__gpkg_sqlite_setup(void)
{
    pthread_once(&g_once, setup);
}

#if defined(__GNUC__)
/* PROJ (proj.db) and GDAL initialise SQLite on their first use, usually before the first
 * GeoPackage is opened, which would make the setting too late: apply it when the library loads.
 * It only turns off sqlite3_memory_used() and friends, for the whole process. */
__attribute__((constructor)) static void setup_at_load(void)
{
    hs__gpkg_sqlite_setup();
}
#endif

int hs__gpkg_exec(hs_gpkg *g, const char *sql)
{
    char *err = NULL;
    if (sqlite3_exec(g->db, sql, NULL, NULL, &err) != SQLITE_OK) {
        int rc = hs__error(g->ctx, HS_EIO, "%s: %s", g->path, err ? err : "SQLite error");
        sqlite3_free(err);
        return rc;
    }
    return HS_OK;
}

int hs__gpkg_sqlerr(hs_gpkg *g, const char *what)
{
    return hs__error(g->ctx, HS_EIO, "%s: %s: %s", g->path, what, sqlite3_errmsg(g->db));
}

/* Runs a statement built with sqlite3_mprintf (freed here); NULL means out of memory. */
int hs__gpkg_execf(hs_gpkg *g, char *sql)
{
    if (!sql) {
        return hs__error(g->ctx, HS_ENOMEM, "out of memory");
    }
    int rc = hs__gpkg_exec(g, sql);
    sqlite3_free(sql);
    return rc;
}

int64_t hs__gpkg_now(double *t)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    if (t) {
        *t = (double)ts.tv_sec + ts.tv_nsec * 1e-9;
    }
    return (int64_t)ts.tv_sec;
}
