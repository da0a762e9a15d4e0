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
    double x, y;
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
    char **keys, **vals; /* the run table */
    size_t nparams;
    hs__report_place *places;
    size_t nplaces;
    char kommun[128];
    int has_kommuner, has_grid, has_gistar, has_kde, has_places, has_rejects, has_run, has_temporal,
        has_concentrations;
} hs__report_data;
HS_INTERNAL int hs__report_load(hs__report_data *d, hs_ctx *ctx, const char *gpkg);
/** The incidents of gpkg into d (x, y, times, category, focus, precision, n); report_sqlite.c. */
HS_INTERNAL int hs__report_read_incidents(hs__report_data *d, hs_ctx *ctx, const char *gpkg);
HS_INTERNAL void hs__report_data_free(hs__report_data *d);
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
HS_INTERNAL void hs__report_rule(struct _cairo *cr, double x0, double x1, double y, double w);
HS_INTERNAL double hs__report_heading(hs__report_page *p, double y, const char *text, double size);
HS_INTERNAL double hs__report_table(struct _cairo *cr, double x, double y, const double *cw,
                                    const int *right, size_t ncol, const char *const *head,
                                    const char *const *cells, size_t nrow);
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

#endif
