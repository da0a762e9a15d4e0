/*
 * Shared input steps of the statistics commands (gistar, moran, nearrepeat): the shared read
 * options into ingest options, the aligned grid (or --extent), counting records into it, the --mask
 * and the neighbour options. CLI glue only: the statistics live in the library.
 */
#ifndef HS_STATS_INPUT_H
#define HS_STATS_INPUT_H

#include "cli.h"

/** The options of CLI_READ_OPTS into io; returns an exit code (CLI_USAGE with a message). */
int stats_read_opts(cli_args *a, hs_ingest_opts *io);
/** --extent aligned outward on cell, else hs_grid_spec_aligned on the records; an exit code. */
int stats_make_grid(cli_args *a, hs_grid_spec *g, const hs_records *rec, double cell);
/** Reads INPUT into new *rec / *rej (owned by the caller); an exit code. */
int stats_read(cli_args *a, hs_records **rec, hs_rejects **rej, hs_ingest_stats *st,
               const char *in);
/** The whole run of a command that reads one INPUT and writes -o OUT: checks both, reads the
 * records and calls analyse; an exit code. */
typedef int (*stats_analyse_fn)(cli_args *a, hs_records *rec, const char *out);
int stats_run(cli_args *a, stats_analyse_fn analyse);
/** Counts the local-precision records into cnt (g->nx * g->ny doubles); *total gets the sum. */
int stats_count(double *cnt, int64_t *total, cli_args *a, const hs_grid_spec *g,
                const hs_records *rec);
/** --mask into *mask (NULL when not given; free()) and *nobs the observations; an exit code. */
int stats_mask(uint8_t **mask, int64_t *nobs, cli_args *a, const hs_grid_spec *g,
               const hs_records *rec);
/** --weights and --distance into go; *auto_dist = 1 when the band is to be chosen. */
int stats_weights(hs_gistar_opts *go, int *auto_dist, cli_args *a);
/** Counts local-precision records per group: cnt[group[i] * ncells + cell] (ngroups * ncells
 * doubles, zeroed here); records with group[i] < 0 or outside the grid are skipped. */
int stats_count_by(double *cnt, cli_args *a, const hs_grid_spec *g, const hs_records *rec,
                   const int64_t *group, size_t ngroups);
/** --cell (default def) in metres; an exit code. */
int stats_cell(double *cell, cli_args *a, double def);

#endif
