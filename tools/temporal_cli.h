/*
 * Shared by the files of `hotspot temporal` (cmd_temporal.c parses options and drives,
 * temporal_units.c groups records into units, temporal_write.c writes the CSV or GeoPackage):
 * the units and the options of the calendar tables. Public API only.
 */
#ifndef HS_TEMPORAL_CLI_H
#define HS_TEMPORAL_CLI_H

#include "cli.h"

/* The units records are grouped into, with ids and (optional) geometry. */
typedef struct units {
    size_t n;
    char **id;
    int32_t *of; /* per record */
    int kind;    /* 0 kommun, 1 cell, 2 place, 3 hotspot */
    hs_grid_spec grid;
    int64_t *cells;    /* cell: linear index per unit */
    int64_t *cl_start; /* hotspot: cells of cluster u are cl_cells[cl_start[u]..[u+1]) */
    int64_t *cl_cells;
    hs_areas *areas;
} units;

/* Options of the `strata` and `series` tables. */
typedef struct extra_opts {
    hs_calendar_opts co;
    int64_t lov[64];
    hs_period per;
    const char *window; /* NULL: no window maps */
    uint8_t mask[HS_HOURS_PER_WEEK];
    double cell;
} extra_opts;

/** Groups the records into the units --by asks for (temporal_units.c). */
int temporal_make_units(cli_args *a, units *u, const hs_records *rec);
void temporal_units_free(units *u);
/** Says how many rows counted where: in units, and of them how many without a place. */
void temporal_log_units(cli_args *a, const units *u, const hs_records *rec);
/** Writes the tables as CSV, one row per unit and hour of the week (temporal_write.c). */
int temporal_write_csv(cli_args *a, const char *path, const units *u, const double *t);
/** Writes the `temporal`, `concentrations`, `strata`, `series` and window layers. */
int temporal_write_gpkg(cli_args *a, const char *path, const units *u, const double *t,
                        const hs_concentration *c, size_t nc, const hs_records *rec,
                        const hs_rejects *rej, const hs_aoristic_opts *ao, const extra_opts *x);

#endif
