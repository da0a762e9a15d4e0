/*
 * Private to the report module: what the report reads from a GeoPackage (report_gdal.c), the
 * figures computed from it (report.c), the page helpers (report_page_cairo.c) and the pages
 * (report_cairo.c, report_extra_cairo.c, report_knox_cairo.c).
 */
#ifndef HS_REPORT_PRIVATE_H
#define HS_REPORT_PRIVATE_H

#include "core/hs_internal.h"

struct _cairo; /* cairo.h: cairo_t */
/* The page geometry (mm) and inks every report page shares (report_page_cairo.c). */
#define HS__RP_PW 210.0
#define HS__RP_PH 297.0
#define HS__RP_ML 18.0
#define HS__RP_CW (HS__RP_PW - 2 * HS__RP_ML)
#define HS__RP_INK ((hs_rgba){0.13, 0.13, 0.13, 1})
#define HS__RP_GREY ((hs_rgba){0.4, 0.4, 0.4, 1})
/* report*.c: what the report reads from a GeoPackage (report_gdal.c fills it) */
typedef struct hs__report_place {
    char *name;
    double x, y;   /* the centre of its envelope */
    double hw, hh; /* half the envelope's width and height (0 for a point) */
    int64_t n;
} hs__report_place;
/* one cell of the comparison layer (crime against insecurity) */
typedef struct hs__report_cmp {
    double x, y; /* cell centre */
    int64_t n_crime, n_insecurity;
    double log_ratio;
    char cls[20]; /* both, crime_only, insecurity_only, neither */
} hs__report_cmp;
typedef struct hs__report_data {
    double *hot_x0, *hot_y0; /* south-west corners of the Gi* cells with gi_bin >= 2 */
    size_t nhot;
    double hot_size;     /* their cell size */
    hs__report_cmp *cmp; /* the comparison layer, when present */
    size_t ncmp;
    size_t n; /* incidents */
    double *x, *y;
    int64_t *t_from, *t_to; /* UTC seconds or HS_TIME_NONE */
    int32_t *cat, *focus;   /* indices into cats / focuses, -1 none */
    uint8_t *prec;          /* hs_precision */
    hs__dict cats, focuses;
    hs__dict reasons; /* rejects by reason */
    int64_t *reason_n;
    size_t nrejects;
    char **cat_sv, **cat_en; /* display names of cats (categories table), NULL when absent */
    char **keys, **vals;     /* the run table */
    size_t nparams;
    hs__report_place *places;
    size_t nplaces;
    /* without any placed incident (a table with times only): the kommun's monthly series and
     * hour-of-week table, read from the `series` and `temporal` tables instead */
    int64_t *series_month; /* year * 12 + month - 1 */
    double *series_n;
    size_t nseries;
    double week[168]; /* Monday 00 first */
    char kommun[128];
    char sources[256]; /* the incidents' and complaints' sources, "Polisen, Trygghetsvandring" */
    int has_kommuner, has_grid, has_gistar, has_kde, has_places, has_rejects, has_run, has_temporal,
        has_concentrations;
    int borrowed; /* x .. prec point into a record store (hs__report_use_records): not freed */
} hs__report_data;
/* The named place nearest to (x, y) within 1 km of its envelope (a point place by its distance,
 * an area by the distance to its envelope plus a quarter of its side, so the most specific place
 * wins); -1 when none. *inside (may be NULL) tells whether the point lies in the area's envelope.
 */
int hs__report_nearest_place(const hs__report_data *d, double x, double y, int *inside);
/** What the report needs from gpkg; with incidents (a build's record store, the records the
 * incidents layer was written from) those are taken from it instead of read back. */
HS_INTERNAL int hs__report_load(hs__report_data *d, hs_ctx *ctx, const char *gpkg,
                                const hs_records *incidents);
/** The incidents of a record store into d as the incidents layer holds them (records without a
 * place left out, empty names as none): the store's columns borrowed when they already are that,
 * else copied; report_records.c. */
HS_INTERNAL int hs__report_use_records(hs__report_data *d, hs_ctx *ctx, const hs_records *r);
/** The categories' display names and the sources' names of gpkg into d (its cats interned). */
HS_INTERNAL int hs__report_read_labels(hs__report_data *d, hs_ctx *ctx, const char *gpkg);
/** hs_report_write with the incidents taken from a build's record store (see hs__report_load). */
HS_INTERNAL int hs__report_write_records(int *pages, hs_ctx *ctx, const char *gpkg_path,
                                         const char *out_path, const hs_report_opts *opts,
                                         const hs_records *incidents);
/* report_cells.c: incidents counted per square cell (column ix, row iy) */
typedef struct hs__report_cell {
    int64_t ix, iy, n;
} hs__report_cell;
typedef struct hs__report_cells {
    hs__report_cell *slot;
    size_t nslots, n;
} hs__report_cells;
/** One more incident in cell (ix, iy). */
HS_INTERNAL int hs__report_cells_add(hs__report_cells *c, int64_t ix, int64_t iy);
/** The cells in slot[0 .. return), by count descending, then ix, then iy; no add after this. */
HS_INTERNAL size_t hs__report_cells_sorted(hs__report_cells *c);
HS_INTERNAL void hs__report_cells_free(hs__report_cells *c);
/** The incidents of gpkg into d (x, y, times, category, focus, precision, n); report_sqlite.c. */
HS_INTERNAL int hs__report_read_incidents(hs__report_data *d, hs_ctx *ctx, const char *gpkg);
/** The latest time (the middle of its window) of the incidents of gpkg; HS_TIME_NONE when none. */
HS_INTERNAL int hs__report_last_time(int64_t *t, hs_ctx *ctx, const char *gpkg);
/** The same for table "incidents" or "complaints". */
HS_INTERNAL int hs__report_read_records(hs__report_data *d, hs_ctx *ctx, const char *gpkg,
                                        const char *table);
HS_INTERNAL void hs__report_data_free(hs__report_data *d);
/** The display name of category key in the report's language (the key when none is recorded). */
HS_INTERNAL const char *hs__report_cat_label(const hs__report_data *d, const char *key, int en);
/** A run parameter or NULL. */
HS_INTERNAL const char *hs__report_param(const hs__report_data *d, const char *key);
/* report.c: the figures of the report, computed from hs__report_data (plain C) */
typedef struct hs__report_focus {
    const char *name;    /* borrowed from the data's dictionary; NULL = every incident */
    int64_t n;           /* every incident of the focus area */
    int64_t n12, n_prev; /* the last 12 months and the 12 before */
    double clock[168];   /* aoristic hour-of-week weights, Monday 00 first */
    double *cx, *cy;     /* south-west corners of the non-empty cells, by count descending */
    int64_t *cn;
    char (*cplace)[64]; /* nearest named place within 1 km ("" none) */
    size_t ncells;
    int win_day[3], win_hour[3]; /* the three busiest 3-hour windows */
    double win_share[3];
    size_t nwin;
} hs__report_focus;
typedef struct hs__report_model {
    char period[64];    /* "2024-01-01 – 2025-12-31" (local dates) */
    char cur_label[32]; /* "feb 2025 – jan 2026" */
    char prev_label[32];
    int first_month; /* calendar month of cur[0] */
    double cur[12], prev[12];
    const char *cat_name[10];
    double cat_n[10];
    size_t ncat;
    int64_t prec_n[HS_PREC_NONE + 1];
    int64_t located; /* incidents precise enough for cells */
    double cell;
    hs__report_focus all;
    hs__report_focus *focus;
    size_t nfocus;
} hs__report_model;
HS_INTERNAL int hs__report_model_build(hs__report_model *m, hs_ctx *ctx, const hs__report_data *d,
                                       int max_focus);
HS_INTERNAL void hs__report_model_free(hs__report_model *m);
/* report_page_cairo.c: the page being drawn and the helpers the pages share */
typedef struct hs__report_page {
    struct _cairo *cr;
    hs_ctx *ctx;
    const char *gpkg;
    const hs__report_data *d;
    const hs__report_model *m;
    const hs_report_opts *o;
    const char *place;
    int page, pages;
    int en;
} hs__report_page;
HS_INTERNAL const char *hs__report_tr(const hs__report_page *p, const char *sv, const char *en);
/** The source line: the one given, else every source the data names, else the police. */
HS_INTERNAL void hs__report_source(char *buf, size_t cap, const hs__report_page *p);
HS_INTERNAL void hs__report_rule(struct _cairo *cr, double x0, double x1, double y, double w);
HS_INTERNAL double hs__report_heading(hs__report_page *p, double y, const char *text, double size);
/** The frame of a page: running head "kind · place" and the date, rules, sources and page number.
 */
HS_INTERNAL void hs__report_frame(hs__report_page *p, const char *kind);
/** The crime clock in a box of height h, or (public, fewer than min_count) the sentence why not. */
HS_INTERNAL void hs__report_clock(hs__report_page *p, double y, double h, const double *clock,
                                  double n);
HS_INTERNAL double hs__report_table(struct _cairo *cr, double x, double y, const double *cw,
                                    const int *right, size_t ncol, const char *const *head,
                                    const char *const *cells, size_t nrow);
/* report_page_cairo.c: why the report's maps show nothing, k = 0 no incident located more precisely
 * than the kommun, 1 no significant Gi* hot spot, 2 every cell below min_count; 0 when it does not
 * apply, else 1 with the sentence (no final stop) in buf */
HS_INTERNAL int hs__report_why(char *buf, size_t size, const hs__report_page *p, size_t k);
/* report_extra_cairo.c: the hot-spot clocks and the crime/insecurity page */
typedef struct hs__report_hot {
    size_t n;             /* clusters */
    double (*clock)[168]; /* aoristic hour-of-week weights per cluster */
    int64_t *count;       /* incidents per cluster */
    double *cx, *cy;      /* sum of the cluster's incident positions */
    size_t order[4];      /* the largest clusters */
    size_t shown;
} hs__report_hot;
HS_INTERNAL int hs__report_hot_build(hs__report_hot *h, const hs__report_data *d, hs_ctx *ctx);
HS_INTERNAL void hs__report_hot_free(hs__report_hot *h);
HS_INTERNAL void hs__report_page_hot(hs__report_page *p, const hs__report_hot *h);
HS_INTERNAL void hs__report_page_compare(hs__report_page *p);
/* report_cairo.c: draws every page; returns the number of pages through *pages */
HS_INTERNAL int hs__report_draw(int *pages, hs_ctx *ctx, const char *gpkg, const char *out,
                                const hs__report_data *d, const hs__report_model *m,
                                const hs_report_opts *o);
/* report_gdal.c: the near_repeat table of a GeoPackage (HS_ENOTFOUND when absent); n rows of
 * dist_to, days_to, knox_ratio, p in the table's order; free with hs__report_knox_free */
typedef struct hs__report_knox {
    size_t n;
    double *dist_to, *days_to, *ratio, *p;
} hs__report_knox;
HS_INTERNAL int hs__report_knox_load(hs__report_knox *k, hs_ctx *ctx, const char *gpkg);
HS_INTERNAL void hs__report_knox_free(hs__report_knox *k);
/* report_knox_cairo.c: the near-repeat chart in a box of a report page (nothing when absent) */
HS_INTERNAL void hs__report_knox_draw(struct _cairo *cr, hs_ctx *ctx, const char *gpkg, double x,
                                      double y, double w, double h, int en, const char *categories,
                                      int analytic);
/* report_segments_gdal.c: the `segments` layer (HS_ENOTFOUND when absent): every segment's n
 * for the concentration curve and the top segments by rank */
typedef struct hs__report_seg {
    char name[96], from[96], to[96], window[64];
    double n, len, per100, wshare;
    int64_t rank;
} hs__report_seg;
typedef struct hs__report_segs {
    size_t n;       /* segments */
    double *counts; /* n per segment */
    hs__report_seg top[10];
    size_t ntop;
} hs__report_segs;
HS_INTERNAL int hs__report_segs_load(hs__report_segs *s, hs_ctx *ctx, const char *gpkg);
HS_INTERNAL void hs__report_segs_free(hs__report_segs *s);
/* report_segments_cairo.c: the page "Brottskoncentrationer" (concentration at street segments) */
HS_INTERNAL void hs__report_page_segments(hs__report_page *p, const hs__report_segs *s);

/* report_measure_sqlite.c: the follow-up of measures (`measures`, `measure_series`); n = 0 when
 * the GeoPackage has none. Roles: 0 target, 1 buffer, 2 control; counts NaN for an absent role. */
typedef struct hs__report_measure {
    char name[128], area[256], categories[256];
    char before_from[16], before_to[16], after_from[16], after_to[16];
    double n[3][2]; /* role x (before, after) */
    double buffer_m, res, res_lo, res_hi, p, wdq, tne;
    char verdict[24], wdq_class[32];
    size_t nmonth;
    char (*month)[8]; /* "YYYY-MM" */
    double *series;   /* 3 per month: target, buffer, control */
} hs__report_measure;
typedef struct hs__report_measures {
    size_t n;
    hs__report_measure *m;
} hs__report_measures;
HS_INTERNAL int hs__report_measures_load(hs__report_measures *ms, hs_ctx *ctx, const char *gpkg);
HS_INTERNAL void hs__report_measures_free(hs__report_measures *ms);
/* report_measure_cairo.c: one page per measure */
HS_INTERNAL void hs__report_page_measure(hs__report_page *p, const hs__report_measure *m);

/* report_period.c: the figures of a period report (EST week, month, tertial); n[0] this period,
 * n[1] the nbase periods before it, n[2] the same period a year earlier; q[] the complaints */
typedef struct hs__period_row {
    const char *name; /* borrowed; NULL: no named place */
    double n[3], q[3];
    double p_base, p_year;
    uint8_t cls_base, cls_year; /* hs_change_class of this period against each */
    double x, y;                /* cells: the centre */
} hs__period_row;
typedef struct hs__period_model {
    hs_period kind;
    int64_t idx, year_idx, first_day, last_day;
    int nbase, min_count;
    double cell;
    double total[3], qtotal[3];
    hs__period_row total_row;
    int has_complaints;
    hs__period_row *cats, *places, *new_cells, *ended_cells;
    size_t ncats, nplaces, nnew, nended, new_cap, ended_cap;
    const char *win_name[5];
    int win_place[5], win_day[5], win_hour[5];
    double win_n[5];
    size_t nwin;
    double clock[168];
} hs__period_model;
HS_INTERNAL int hs__period_model_build(hs__period_model *m, hs_ctx *ctx, const hs__report_data *d,
                                       const hs__report_data *q, int64_t idx, hs_period kind,
                                       double cell, int min_count);
HS_INTERNAL void hs__period_model_free(hs__period_model *m);
/* report_period_cairo.c: the one- or two-page period report */
HS_INTERNAL int hs__period_draw(int *pages, hs_ctx *ctx, const char *gpkg, const char *out,
                                const hs__report_data *d, const hs__period_model *m,
                                const hs_report_opts *o);

#endif
