/*
 * The CLI's shared machinery: option tables that both parse arguments and print --help, the
 * global options, exit codes, and the log/progress printers that send everything but results to
 * stderr. Commands live in cmd_<name>.c; this header must not grow command logic.
 */
#ifndef HS_CLI_H
#define HS_CLI_H

#include "hotspot.h"

#include <stdio.h>

/* Exit codes (SPEC.md). */
enum { CLI_OK = 0, CLI_FAIL = 1, CLI_USAGE = 2, CLI_NODATA = 3, CLI_INTERRUPTED = 130 };

/** One option of a command: long name (no dashes), optional short letter, metavar (NULL: a flag).
 */
typedef struct cli_opt {
    const char *name;
    char shortc;
    const char *metavar;
    const char *help;
} cli_opt;

#define CLI_OPT_END                                                                                \
    {                                                                                              \
        NULL, 0, NULL, NULL                                                                        \
    }

/** Options shared by every command that reads records (SPEC.md "Options shared by every command").
 */
#define CLI_READ_OPTS                                                                              \
    {"x", 0, "COL", "column of the x coordinate (default: found by name)"},                        \
        {"y", 0, "COL", "column of the y coordinate (default: found by name)"},                    \
        {"crs", 0, "CRS",                                                                          \
         "CRS of the input: EPSG:N, ESRI:N, OGC:CRS84, WKT, a PROJ string (default: the layer's "  \
         "own, a .prj/.qpj beside the file, or detected from Swedish value ranges)"},              \
        {"work-crs", 0, "CRS",                                                                     \
         "working CRS, projected in metres (default: EPSG:3006 for data in Sweden, else the "      \
         "input's projected CRS, or the UTM zone of the data's centre)"},                          \
        {"time", 0, "COL", "one timestamp column"},                                                \
        {"from", 0, "COL", "start of the time window (default: found by name)"},                   \
        {"to", 0, "COL", "end of the time window (default: found by name)"},                       \
        {"tz", 0, "ZONE", "zone of wall-clock times: Europe/Stockholm (default) or UTC"},          \
        {"category", 0, "COL", "category column (crime code or name)"},                            \
        {"weight", 0, "COL", "weight column (default: every record weighs 1)"},                    \
        {"where", 0, "EXPR", "OGR SQL filter applied while reading"},                              \
        {"period", 0, "START..END", "keep records whose time falls in this period"},               \
        {"encoding", 0, "ENC", "text encoding of CSV input: UTF-8 or CP1252 (default: detected)"}, \
    {                                                                                              \
        "max-rejects", 0, "N|P%", "fail when more rows than this are rejected"                     \
    }

/** Options every command writing a file has. */
#define CLI_OUT_OPTS                                                                               \
    {"output", 'o', "FILE", "output file"},                                                        \
    {                                                                                              \
        "overwrite", 0, NULL, "replace an existing output"                                         \
    }

typedef struct cli_global {
    int quiet;
    int verbose;
    int progress; /* 1 on, 0 off, -1 auto (only on a terminal) */
    const char *lang;
    int threads;
} cli_global;

struct cli_args;

typedef struct cli_cmd {
    const char *name;
    const char *synopsis; /* arguments after the command name */
    const char *summary;  /* one line */
    const cli_opt *opts;
    int (*run)(struct cli_args *a);
} cli_cmd;

#define CLI_MAX_OPTS 64

typedef struct cli_args {
    const cli_cmd *cmd;
    const char *val[CLI_MAX_OPTS]; /* last value given per option (flags: "1") */
    int count[CLI_MAX_OPTS];
    const char **multi[CLI_MAX_OPTS]; /* every value of an option given several times */
    char **pos;
    int npos;
    cli_global *g;
    hs_ctx *ctx;
    int places_only; /* set by a command that needs no times: time columns found by name are not
                        read (given ones and --period still are) */
} cli_args;

/** Parses argv (after the command name). Returns -1 after printing --help (exit 0), else an exit
 * code. */
int cli_parse(cli_args *a, const cli_cmd *cmd, int argc, char **argv);
void cli_args_free(cli_args *a);
void cli_print_help(FILE *f, const cli_cmd *cmd);

/** Value of option name or NULL. */
const char *cli_get(const cli_args *a, const char *name);
/** Every value of an option given several times (n through *n). */
const char **cli_get_all(const cli_args *a, const char *name, int *n);
int cli_has(const cli_args *a, const char *name);
/** Parses a length with optional unit (250, 250m, 1km, 1.5 km) into metres. */
int cli_parse_length(double *out, const char *s);
/** Parses a whole number lo..hi (nothing else in s); 0, or -1 when it is not one. */
int cli_parse_long(long *out, const char *s, long lo, long hi);

/** Prints "hotspot CMD: message" to stderr. Returns CLI_FAIL for convenience. */
int cli_error(const cli_args *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/** Prints the context's error and maps an HS_E* code to an exit code. */
int cli_fail(const cli_args *a, int code);
/** Prints an error line and returns CLI_USAGE (2). */
int cli_usage(const cli_args *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/** Prints an error line and returns CLI_NODATA (3). */
int cli_nodata(const cli_args *a, const char *msg);
/** Maps an HS_E* code to an exit code. */
int cli_exit_code(int code);
/** Informational line on stderr (silenced by -q). */
void cli_info(const cli_args *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/** Fails with exit 2 when an output exists and --overwrite was not given. */
int cli_check_output(const cli_args *a, const char *path);
/** Checks the usual shape "INPUT -o OUT": one positional input and an output that may be written
 * (cli_check_output). Sets *out; returns CLI_OK or the exit code after an error line. */
int cli_input_output(const cli_args *a, const char **out);
/** Installs the log and progress printers on a->ctx. */
void cli_attach(cli_args *a);
/** Reports a command that is not built yet; exits 1. */
int cli_not_built(cli_args *a);

/* cli_read.c: the options shared by every command that reads records (CLI_READ_OPTS). */
/** Fills io from --x --y --crs --work-crs --time --from --to --tz --category --weight --where
 * --period --encoding --max-rejects (and --kind --id --code --address --kommun --categories
 * --boundary where the command has them). Returns CLI_OK or CLI_USAGE after an error line. The
 * category table, when loaded, is returned through *cats (free with hs_catmap_free). */
int cli_ingest_opts(cli_args *a, hs_ingest_opts *io, hs_catmap **cats);
/** Gives the GeoPackage the display names of the categories of r (from cats, may be NULL: the
 * built-in names), in the language of the command line; before the records are written. */
int cli_set_categories(cli_args *a, hs_gpkg *g, const hs_records *r, const hs_catmap *cats);
/** Reads every positional input into records/rejects with cli_ingest_opts; prints one summary line
 * per input. Returns an exit code. */
int cli_read_inputs(cli_args *a, hs_records *records, hs_rejects *rejects, int first, int last);
/** With --mask POLYGONS: *mask (malloc'd, g->nx * g->ny, 1 = cell centre inside) in CRS epsg;
 * without the option *mask stays NULL. Returns an exit code. */
int cli_grid_mask(cli_args *a, uint8_t **mask, const hs_grid_spec *g, int epsg);
/** With --mask POLYGONS: *areas read in CRS epsg (hs_areas_free); without it NULL. Exit code. */
int cli_open_mask(cli_args *a, hs_areas **areas, int epsg);
/** Parses "XMIN,YMIN,XMAX,YMAX". */
int cli_parse_extent(hs_bbox *out, const char *s);
/** Parses "EPSG:N" (or N); 0 for "auto". Returns -1 when bad. */
int cli_parse_epsg(int *out, const char *s);
/** Resolves option opt (a CRS anything PROJ accepts; "auto" or absent: 0) into *code; with work
 * set it must be projected in metres. Returns CLI_OK or CLI_USAGE after an error line naming the
 * string and the input. */
int cli_crs_opt(cli_args *a, int *code, const char *opt, int work);

#endif
