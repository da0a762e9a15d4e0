/*
 * The pages of the lägesbild report, drawn with cairo on A4: summary with key figures, monthly
 * series, categories and the brottsklocka; an overview map; one page per focus area (map, time
 * profile, busiest cells and time windows); crime against insecurity, where the two disagree most
 * (when the GeoPackage has a comparison layer); and the method and data-quality page. Figures come
 * ready-made from report.c and maps from the map model; it must not compute statistics.
 */
#include "core/hs_internal.h"
#include "render/render.h"
#include "report/report.h"

#include <cairo.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PW HS__RP_PW
#define PH HS__RP_PH
#define ML HS__RP_ML
#define CW HS__RP_CW
#define INK HS__RP_INK
#define GREY HS__RP_GREY
static const hs_rgba ACCENT = {0x99 / 255.0, 0x34 / 255.0, 0x04 / 255.0, 1};

typedef hs__report_page page_ctx;

static void page_frame(page_ctx *p)
{
    hs__report_frame(p, hs__report_tr(p, "Lägesbild", "Situation report"));
}

static void next_page(page_ctx *p, hs__sheet *sh)
{
    if (p->page > 0) {
        hs__sheet_new_page(sh);
    }
    p->page++;
    page_frame(p);
}

static void fmt_change(char *buf, size_t size, int64_t cur, int64_t prev, int en)
{
    if (prev <= 0) {
        hs__fmt(buf, size, "%s", en ? "no comparison" : "ingen jämförelse");
        return;
    }
    double c = 100.0 * (double)(cur - prev) / (double)prev;
    long r = lround(c);
    if (r < 0) {
        hs__fmt(buf, size, "\xe2\x88\x92%ld %%", -r); /* U+2212 minus */
    } else {
        hs__fmt(buf, size, "+%ld %%", r);
    }
}

static double key_box(cairo_t *cr, double x, double y, double w, const char *value,
                      const char *label)
{
    cairo_rectangle(cr, x, y, w, 21);
    cairo_set_source_rgb(cr, 0.955, 0.95, 0.94);
    cairo_fill(cr);
    cairo_rectangle(cr, x, y, 1.2, 21);
    cairo_set_source_rgba(cr, ACCENT.r, ACCENT.g, ACCENT.b, 1);
    cairo_fill(cr);
    hs__text(cr, x + 4, y + 3, value, 15, 1, 0, INK, 0, NULL);
    hs__text_wrap(cr, x + 4, y + 12, w - 6, label, 7, 0, GREY);
    return 21;
}

static const char *day_name(int d, int en)
{
    static const char *sv[7] = {"måndag", "tisdag", "onsdag", "torsdag",
                                "fredag", "lördag", "söndag"};
    static const char *eng[7] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                 "Friday", "Saturday", "Sunday"};
    return d >= 0 && d < 7 ? (en ? eng[d] : sv[d]) : "";
}

/* The names of the steps a build records as having too little data (`STEP_too_little_data`). */
static const char *const thin_steps[][3] = {
    {"grid", "rutor", "cells"},
    {"kde", "täthetsyta", "density surface"},
    {"gistar", "Gi*", "Gi*"},
    {"moran", "Morans I", "Moran's I"},
    {"emerging", "framväxande heta områden", "emerging hot spots"},
    {"change", "förändring mellan perioderna", "change between the periods"},
    {"near_repeat", "near repeat (Knox)", "near repeat (Knox)"}};

/* "emerging hot spots, near repeat (Knox)": the steps with too little data, or "" */
static void thin_list(char *buf, size_t size, const hs__report_page *p)
{
    buf[0] = '\0';
    for (size_t i = 0; i < sizeof thin_steps / sizeof thin_steps[0]; i++) {
        char key[64];
        hs__fmt(key, sizeof key, "%s_too_little_data", thin_steps[i][0]);
        if (hs__report_param(p->d, key)) {
            size_t off = strlen(buf);
            hs__fmt(buf + off, size - off, "%s%s", off ? ", " : "", thin_steps[i][p->en ? 2 : 1]);
        }
    }
}

/* ---- page 1: summary ---- */

static void page_summary(page_ctx *p)
{
    const hs__report_model *m = p->m;
    cairo_t *cr = p->cr;
    char title[256];
    /* the place is added unless the title names it already ("… Exempelstad 2024–2025" for the
     * place "Exempelstad (fiktiv kommun)") */
    char name[128];
    hs__fmt(name, sizeof name, "%s", p->place ? p->place : "");
    char *paren = strstr(name, " (");
    if (paren != NULL) {
        *paren = '\0';
    }
    if (p->o->title && name[0] != '\0' && strstr(p->o->title, name) != NULL) {
        hs__fmt(title, sizeof title, "%s", p->o->title);
    } else {
        hs__fmt(title, sizeof title, "%s %s",
                p->o->title ? p->o->title
                            : hs__report_tr(p, "Lägesbild: brott och otrygghet i",
                                            "Crime and insecurity in"),
                p->place);
    }
    double y = hs__report_heading(p, 20, title, 19);
    char sub[160];
    hs__fmt(sub, sizeof sub, "%s %s",
            hs__report_tr(p, "Underlag för perioden", "Data for the period"), m->period);
    y += hs__text_wrap(cr, ML, y, CW, sub, 10, 0, GREY) + 5;
    char v1[32];
    char v2[32];
    char v3[32];
    char v4[32];
    hs__fmt(v1, sizeof v1, "%lld", (long long)m->all.n12);
    fmt_change(v2, sizeof v2, m->all.n12, m->all.n_prev, p->en);
    hs__fmt(v3, sizeof v3, "%zu", p->d->focuses.n);
    hs__fmt(v4, sizeof v4, "%zu", p->d->nrejects);
    double bw = (CW - 9) / 4;
    char l1[96];
    hs__fmt(l1, sizeof l1, "%s (%s)",
            hs__report_tr(p, "händelser senaste 12 mån", "incidents, last 12 months"),
            m->cur_label);
    key_box(cr, ML, y, bw, v1, l1);
    key_box(cr, ML + (bw + 3), y, bw, v2,
            hs__report_tr(p, "förändring mot de 12 månaderna före",
                          "change against the 12 months before"));
    key_box(cr, ML + 2 * (bw + 3), y, bw, v3, hs__report_tr(p, "fokusområden", "focus areas"));
    key_box(cr, ML + 3 * (bw + 3), y, bw, v4,
            hs__report_tr(p, "rader avvisade vid inläsning", "rows rejected on input"));
    y += 27;
    /* findings */
    y = hs__report_heading(p, y, hs__report_tr(p, "Sammanfattning", "Summary"), 11);
    char line[512];
    char ch[32];
    fmt_change(ch, sizeof ch, m->all.n12, m->all.n_prev, p->en);
    hs__fmt(line, sizeof line,
            p->en ? "• %lld incidents in the last twelve months (%s), %s against the twelve months "
                    "before."
                  : "• %lld händelser under de senaste tolv månaderna (%s), %s mot de tolv "
                    "månaderna före.",
            (long long)m->all.n12, m->cur_label, ch);
    y += hs__text_wrap(cr, ML, y, CW, line, 8.5, 0, INK) + 1;
    if (m->ncat > 0) {
        hs__fmt(line, sizeof line,
                p->en ? "• Most common category: %s (%.0f incidents)."
                      : "• Vanligaste kategori: %s (%.0f händelser).",
                hs__report_cat_label(p->d, m->cat_name[0], p->en), m->cat_n[0]);
        y += hs__text_wrap(cr, ML, y, CW, line, 8.5, 0, INK) + 1;
    }
    if (m->all.nwin > 0) {
        hs__fmt(line, sizeof line,
                p->en ? "• Busiest time window: %s %02d–%02d (%.0f %% of the week's incidents)."
                      : "• Mest belastade tidsfönster: %s %02d–%02d (%.0f %% av veckans "
                        "händelser).",
                day_name(m->all.win_day[0], p->en), m->all.win_hour[0],
                (m->all.win_hour[0] + 3) % 24, 100 * m->all.win_share[0]);
        y += hs__text_wrap(cr, ML, y, CW, line, 8.5, 0, INK) + 1;
    }
    int64_t total = p->d->n ? (int64_t)p->d->n : m->all.n; /* times only: from the series */
    hs__fmt(line, sizeof line,
            p->en ? "• %lld of %lld incidents (%.0f %%) are located precisely enough for maps; "
                    "the rest count only for the municipality."
                  : "• %lld av %lld händelser (%.0f %%) är lägesbestämda tillräckligt noggrant "
                    "för kartorna; övriga räknas bara för kommunen.",
            (long long)m->located, (long long)total,
            total > 0 ? 100.0 * (double)m->located / (double)total : 0.0);
    y += hs__text_wrap(cr, ML, y, CW, line, 8.5, 0, INK) + 1;
    for (size_t k = 0; k < 3; k++) {
        char why[256];
        if (hs__report_why(why, sizeof why, p, k)) {
            hs__fmt(line, sizeof line, "• %s.", why);
            y += hs__text_wrap(cr, ML, y, CW, line, 8.5, 1, INK) + 1;
        }
    }
    char thin[512];
    thin_list(thin, sizeof thin, p);
    if (thin[0]) {
        hs__fmt(line, sizeof line,
                p->en ? "• Too little data for: %s (see the method page)."
                      : "• För lite data för: %s (se metodsidan).",
                thin);
        y += hs__text_wrap(cr, ML, y, CW, line, 8.5, 0, INK) + 1;
    }
    y += 3;
    /* monthly */
    y = hs__report_heading(p, y, hs__report_tr(p, "Händelser per månad", "Incidents per month"),
                           10);
    hs__chart_monthly_draw(cr, ML, y, CW, 48, m->cur, m->prev, 12, m->first_month, m->cur_label,
                           m->prev_label, p->o->lang);
    y += 53;
    /* categories */
    y = hs__report_heading(
        p, y, hs__report_tr(p, "Kategorier, senaste 12 månaderna", "Categories, last 12 months"),
        10);
    size_t nc = m->ncat < 6 ? m->ncat : 6;
    const char *cat_label[10];
    for (size_t i = 0; i < nc; i++) {
        cat_label[i] = hs__report_cat_label(p->d, m->cat_name[i], p->en);
    }
    hs__chart_bars_draw(cr, ML, y, CW, (double)nc * 5.5, cat_label, m->cat_n, nc, p->o->lang);
    y += (double)nc * 5.5 + 4;
    /* brottsklocka */
    y = hs__report_heading(p, y,
                           hs__report_tr(p, "Brottsklocka: veckodag och timme (aoristiskt viktad)",
                                         "Crime clock: weekday and hour (aoristic weights)"),
                           10);
    double hclock = PH - 16 - y;
    hs__report_clock(p, y, hclock > 70 ? 70 : hclock, m->all.clock, (double)m->all.n);
}

/* ---- maps ---- */

static void method_stamp(char *buf, size_t size, const page_ctx *p)
{
    const hs__report_data *d = p->d;
    hs__method_text(buf, size, (const char *const *)d->keys, (const char *const *)d->vals,
                    d->nparams, p->o->lang);
}

static int page_overview(page_ctx *p)
{
    double y = hs__report_heading(p, 20, hs__report_tr(p, "Översiktskarta", "Overview map"), 15);
    hs_map *map = NULL;
    int rc = hs_map_new(&map, p->ctx);
    const char *missing[4];
    size_t nmiss = 0;
    if (rc == HS_OK && p->d->has_kommuner) {
        rc = hs__maplayers_add(map, p->gpkg, "kommuner", NULL, p->o->lang);
        rc = rc ? rc : hs__maplayers_own_basemap(map, p->gpkg);
    }
    if (rc == HS_OK && p->d->has_kde) {
        rc = hs__maplayers_add(map, p->gpkg, "kde", NULL, p->o->lang);
    } else if (!p->d->has_kde) {
        missing[nmiss++] = hs__report_tr(p, "täthetsraster (kde)", "density raster (kde)");
    }
    if (rc == HS_OK && p->d->has_gistar) {
        rc = hs__maplayers_add(map, p->gpkg, "gistar", "gi_bin <> 0", p->o->lang);
    } else if (!p->d->has_gistar) {
        missing[nmiss++] = hs__report_tr(p, "Gi*-analys (gistar)", "Gi* analysis (gistar)");
    }
    if (rc == HS_OK && p->d->has_places) {
        rc = hs__maplayers_add(map, p->gpkg, "places", NULL, p->o->lang);
    }
    char method[720];
    method_stamp(method, sizeof method, p);
    if (nmiss > 0) {
        size_t l = strlen(method);
        hs__fmt(method + l, sizeof method - l, " %s ",
                hs__report_tr(p, "Saknas i underlaget och visas inte:",
                              "Absent from the data and not shown:"));
        for (size_t i = 0; i < nmiss; i++) {
            l = strlen(method);
            hs__fmt(method + l, sizeof method - l, "%s%s", missing[i], i + 1 < nmiss ? ", " : ".");
        }
    }
    if (rc == HS_OK) {
        hs_map_opts mo = HS_MAP_OPTS_INIT;
        mo.subtitle = p->m->period;
        char src[300];
        hs__report_source(src, sizeof src, p);
        mo.source = src;
        mo.method = method;
        mo.lang = p->o->lang;
        mo.is_public = p->o->is_public;
        mo.min_count = p->o->min_count;
        char why[256];
        if (hs__report_why(why, sizeof why, p, 0) || hs__report_why(why, sizeof why, p, 1)) {
            mo.note = why;
        }
        rc = hs__map_draw(p->cr, map, ML - 7, y, CW + 7, PH - 16 - y, &mo);
        if (rc == HS_ENODATA) {
            hs_ctx_clear_error(p->ctx);
            hs__text_wrap(p->cr, ML, y + 5, CW,
                          hs__report_tr(p, "Underlaget innehåller inga kartlager.",
                                        "The data holds no map layers."),
                          9, 0, GREY);
            rc = HS_OK;
        }
    }
    hs_map_free(map);
    return rc;
}

static int focus_map(page_ctx *p, const hs__report_focus *f, double y, double h)
{
    char note[160];
    hs_map *map = NULL;
    int rc = hs_map_new(&map, p->ctx);
    if (rc == HS_OK && p->d->has_kommuner) {
        rc = hs__maplayers_add(map, p->gpkg, "kommuner", NULL, p->o->lang);
        rc = rc ? rc : hs__maplayers_own_basemap(map, p->gpkg);
    }
    const hs_style *st = hs_style_get("grid");
    hs_map_class cls[16];
    size_t ncls = 0;
    if (st != NULL) {
        for (size_t i = 0; i < st->nclasses && i < 16; i++) {
            cls[i].fill = st->classes[i].fill;
            cls[i].stroke = (hs_rgba){1, 1, 1, 0.8};
            cls[i].label = hs_style_label(&st->classes[i], p->o->lang);
        }
        ncls = st->nclasses < 16 ? st->nclasses : 16;
    } else {
        cls[0] = (hs_map_class){{0.85, 0.37, 0.05, 1}, {1, 1, 1, 0.8}, NULL};
        ncls = 1;
    }
    int lid = -1;
    if (rc == HS_OK) {
        rc = hs_map_add_layer(&lid, map, HS_LAYER_POLYGONS,
                              hs__report_tr(p, "Antal händelser per ruta", "Incidents per cell"),
                              cls, ncls, 0.1,
                              HS_LAYER_IN_LEGEND | HS_LAYER_SHOW_COUNTS | HS_LAYER_FOCUS);
    }
    hs_bbox e = {INFINITY, INFINITY, -INFINITY, -INFINITY};
    double c = p->m->cell;
    for (size_t i = 0; i < f->ncells && rc == HS_OK; i++) {
        if (hs_count_suppressed(f->cn[i], p->o->is_public, p->o->min_count)) {
            continue; /* a published map leaves small cells out altogether */
        }
        const hs_style_class *k = st ? hs_style_class_for(st, NULL, (double)f->cn[i]) : NULL;
        int ci = k ? (int)(k - st->classes) : 0;
        hs_point sq[4] = {{f->cx[i], f->cy[i]},
                          {f->cx[i] + c, f->cy[i]},
                          {f->cx[i] + c, f->cy[i] + c},
                          {f->cx[i], f->cy[i] + c}};
        size_t four = 4;
        rc = hs_map_add_polygon(map, lid, sq, &four, 1, ci, f->cn[i]);
        e.xmin = fmin(e.xmin, f->cx[i]);
        e.ymin = fmin(e.ymin, f->cy[i]);
        e.xmax = fmax(e.xmax, f->cx[i] + c);
        e.ymax = fmax(e.ymax, f->cy[i] + c);
    }
    for (size_t i = 0; i < p->d->nplaces && rc == HS_OK; i++) {
        const hs__report_place *pl = &p->d->places[i];
        rc = hs_map_add_label(map, pl->x, pl->y, pl->name, (int)(pl->n > 0 ? pl->n : 0), -1);
    }
    if (rc == HS_OK) {
        hs_map_opts mo = HS_MAP_OPTS_INIT;
        mo.lang = p->o->lang;
        mo.min_count = p->o->min_count; /* small cells are already left out */
        if (e.xmax > e.xmin) {
            mo.extent = hs_map_focus_extent(map); /* the cells holding 95 % of the area's */
        }
        if (p->o->is_public) {
            hs__fmt(note, sizeof note,
                    p->en ? "Cells with fewer than %d incidents are left out."
                          : "Rutor med färre än %d händelser visas inte.",
                    p->o->min_count);
            mo.method = note;
        }
        char why[256];
        if (!(e.xmax > e.xmin) &&
            (hs__report_why(why, sizeof why, p, 0) || hs__report_why(why, sizeof why, p, 2) ||
             hs__fmt(why, sizeof why, "%s",
                     hs__report_tr(p, "För få händelser för att visa rutor",
                                   "Too few incidents to show cells")) == 0)) {
            mo.note = why;
        }
        rc = hs__map_draw(p->cr, map, ML - 7, y, CW + 7, h, &mo);
        if (rc == HS_ENODATA) {
            hs_ctx_clear_error(p->ctx);
            hs__text_wrap(p->cr, ML, y + 5, CW,
                          hs__report_tr(p, "Inga lägesbestämda händelser att visa på karta.",
                                        "No located incidents to map."),
                          9, 0, GREY);
            rc = HS_OK;
        }
    }
    hs_map_free(map);
    return rc;
}

static int page_focus(page_ctx *p, const hs__report_focus *f)
{
    cairo_t *cr = p->cr;
    char title[256];
    hs__fmt(title, sizeof title, "%s: %s", hs__report_tr(p, "Fokusområde", "Focus area"), f->name);
    double y = hs__report_heading(p, 20, title, 15);
    char ch[32];
    char line[256];
    fmt_change(ch, sizeof ch, f->n12, f->n_prev, p->en);
    hs__fmt(line, sizeof line,
            p->en
                ? "%lld incidents in the period; last 12 months %lld (%s against the year before)."
                : "%lld händelser under perioden; senaste 12 månaderna %lld (%s mot året före).",
            (long long)f->n, (long long)f->n12, ch);
    y += hs__text_wrap(cr, ML, y, CW, line, 9, 0, GREY) + 2;
    int rc = focus_map(p, f, y, 122);
    if (rc != HS_OK) {
        return rc;
    }
    y += 125;
    y = hs__report_heading(p, y, hs__report_tr(p, "Brottsklocka", "Crime clock"), 10);
    hs__report_clock(p, y, 52, f->clock, (double)f->n);
    y += 56;
    /* tables */
    double half = (CW - 8) / 2;
    hs__text(cr, ML, y, hs__report_tr(p, "Mest belastade rutor", "Busiest cells"), 9, 1, 0, INK, 0,
             NULL);
    hs__text(cr, ML + half + 8, y,
             hs__report_tr(p, "Mest belastade tidsfönster", "Busiest time windows"), 9, 1, 0, INK,
             0, NULL);
    y += 5.5;
    enum { NT = 6 };
    char cells[NT * 3][64];
    const char *cp[NT * 3];
    size_t nr = 0;
    for (size_t i = 0; i < f->ncells && nr < NT; i++) {
        hs_grid_spec g = {f->cx[i], f->cy[i], p->m->cell, 1, 1};
        hs_grid_cell_id(cells[nr * 3], 64, &g, 0, 0);
        hs__fmt(cells[nr * 3 + 1], 64, "%s", i < 8 ? f->cplace[i] : "");
        if (hs_count_suppressed(f->cn[i], p->o->is_public, p->o->min_count)) {
            hs__fmt(cells[nr * 3 + 2], 64, "< %d", p->o->min_count);
        } else {
            hs__fmt(cells[nr * 3 + 2], 64, "%lld", (long long)f->cn[i]);
        }
        for (int k = 0; k < 3; k++) {
            cp[nr * 3 + (size_t)k] = cells[nr * 3 + (size_t)k];
        }
        nr++;
    }
    const double cw1[3] = {32, half - 48, 16};
    const int r1[3] = {0, 0, 1};
    const char *h1[3] = {hs__report_tr(p, "Ruta", "Cell"),
                         hs__report_tr(p, "Närmaste plats", "Nearest place"),
                         hs__report_tr(p, "Antal", "Count")};
    hs__report_table(cr, ML, y, cw1, r1, 3, h1, cp, nr);
    char wins[3 * 3][64];
    const char *wp[9];
    for (size_t i = 0; i < f->nwin; i++) {
        hs__fmt(wins[i * 3], 64, "%s", day_name(f->win_day[i], p->en));
        hs__fmt(wins[i * 3 + 1], 64, "%02d–%02d", f->win_hour[i], (f->win_hour[i] + 3) % 24);
        hs__fmt(wins[i * 3 + 2], 64, "%.1f %%", 100 * f->win_share[i]);
        if (!p->en) {
            char *dot = strchr(wins[i * 3 + 2], '.');
            if (dot) {
                *dot = ',';
            }
        }
        for (int k = 0; k < 3; k++) {
            wp[i * 3 + (size_t)k] = wins[i * 3 + (size_t)k];
        }
    }
    const double cw2[3] = {half - 42, 22, 20};
    const char *h2[3] = {hs__report_tr(p, "Dag", "Day"), hs__report_tr(p, "Tid", "Time"),
                         hs__report_tr(p, "Andel", "Share")};
    hs__report_table(cr, ML + half + 8, y, cw2, r1, 3, h2, wp, f->nwin);
    return HS_OK;
}

/* ---- method and data quality ---- */

/* The near-repeat categories (a comma list of keys) under their display names. */
static const char *near_labels(char *buf, size_t cap, const page_ctx *p)
{
    const char *keys = hs__report_param(p->d, "near_repeat_categories");
    if (keys == NULL) {
        return NULL;
    }
    buf[0] = '\0';
    char one[128];
    for (const char *k = keys; *k;) {
        const char *e = strchr(k, ',');
        size_t l = e ? (size_t)(e - k) : strlen(k);
        hs__fmt(one, sizeof one, "%.*s", (int)l, k);
        size_t used = strlen(buf);
        hs__fmt(buf + used, cap - used, "%s%s", used ? ", " : "",
                hs__report_cat_label(p->d, one, p->en));
        /* inside a sentence: "(inbrott)", unless the name is an abbreviation ("(BRÅ)") */
        unsigned char *u = (unsigned char *)buf + used + (used ? 2 : 0);
        if (u[0] >= 'A' && u[0] <= 'Z' && !(u[1] >= 'A' && u[1] <= 'Z')) {
            u[0] = (unsigned char)(u[0] + 32);
        } else if (u[0] == 0xC3 && u[1] >= 0x80 && u[1] <= 0x9E && u[1] != 0x97) {
            u[1] = (unsigned char)(u[1] + 0x20);
        }
        k += l + (e != NULL);
    }
    return buf;
}

static void page_method(page_ctx *p)
{
    cairo_t *cr = p->cr;
    const hs__report_data *d = p->d;
    double y = hs__report_heading(
        p, 20, hs__report_tr(p, "Metod och datakvalitet", "Method and data quality"), 15);
    char method[720];
    method_stamp(method, sizeof method, p);
    y += hs__text_wrap(cr, ML, y, CW, method, 8.5, 0, INK) + 4;
    /* parameters */
    y = hs__report_heading(p, y, hs__report_tr(p, "Parametrar för körningen", "Run parameters"),
                           10);
    if (!d->has_run || d->nparams == 0) {
        y += hs__text_wrap(cr, ML, y, CW,
                           hs__report_tr(p, "Tabellen run saknas i underlaget.",
                                         "The run table is absent from the data."),
                           8, 0, GREY) +
             3;
    } else {
        /* the parameters the analysis stands on, in this order (16 rows at most) */
        static const char *const want[] = {"period",
                                           "privacy_min_count",
                                           "input.*.rows",
                                           "grid_cell_m",
                                           "kde_kernel",
                                           "kde_bandwidth_m",
                                           "kde_bandwidth_rule",
                                           "kde_cell_m",
                                           "gistar_cell_m",
                                           "gistar_distance_m",
                                           "gistar_distance_rule",
                                           "gistar_alpha",
                                           "gistar_fdr",
                                           "crs",
                                           "tool_version",
                                           NULL};
        const char **c = calloc(16 * 2, sizeof(char *));
        size_t n = 0;
        for (size_t w = 0; c != NULL && want[w] != NULL; w++) {
            int rows = strcmp(want[w], "input.*.rows") == 0;
            for (size_t i = 0; i < d->nparams && n < 16; i++) {
                const char *k = d->keys[i];
                size_t kl = strlen(k);
                int hit = rows ? strncmp(k, "input.", 6) == 0 && kl > 5 &&
                                     strcmp(k + kl - 5, ".rows") == 0
                               : strcmp(k, want[w]) == 0;
                if (hit && d->vals[i][0] != '\0') {
                    c[n * 2] = k;
                    c[n * 2 + 1] = d->vals[i];
                    n++;
                }
            }
        }
        if (c != NULL) {
            const double cw[2] = {50, CW - 50};
            const int rt[2] = {0, 0};
            const char *h[2] = {hs__report_tr(p, "Parameter", "Parameter"),
                                hs__report_tr(p, "Värde", "Value")};
            y += hs__report_table(cr, ML, y, cw, rt, 2, h, c, n) + 3;
            free(c);
        }
    }
    /* rejects and precision side by side */
    double half = (CW - 8) / 2;
    double y0 = y;
    double yl = hs__report_heading(p, y0, hs__report_tr(p, "Avvisade rader", "Rejected rows"), 10);
    if (!d->has_rejects) {
        hs__text_wrap(cr, ML, yl, half,
                      hs__report_tr(p, "Lagret rejects saknas i underlaget.",
                                    "The rejects layer is absent from the data."),
                      8, 0, GREY);
    } else {
        size_t n = d->reasons.n < 10 ? d->reasons.n : 10;
        char num[11][32];
        const char *c[22];
        for (size_t i = 0; i < n; i++) {
            hs__fmt(num[i], sizeof num[i], "%lld", (long long)d->reason_n[i]);
            c[i * 2] = hs__dict_name(&d->reasons, i);
            c[i * 2 + 1] = num[i];
        }
        hs__fmt(num[10], sizeof num[10], "%zu", d->nrejects);
        c[n * 2] = hs__report_tr(p, "Totalt", "Total");
        c[n * 2 + 1] = num[10];
        const double cw[2] = {half - 18, 18};
        const int rt[2] = {0, 1};
        const char *h[2] = {hs__report_tr(p, "Orsak", "Reason"), hs__report_tr(p, "Rader", "Rows")};
        hs__report_table(cr, ML, yl, cw, rt, 2, h, c, n + 1);
    }
    double xr = ML + half + 8;
    hs__text_wrap(cr, xr, y0, half, hs__report_tr(p, "Lägesprecision", "Location precision"), 10, 1,
                  INK);
    static const char *psv[HS_PREC_NONE + 1] = {"exakt", "adress",     "gata",   "korsning",
                                                "plats", "postnummer", "område", "kommun",
                                                "län",   "saknas"};
    static const char *pen[HS_PREC_NONE + 1] = {"exact",  "address",  "street",   "intersection",
                                                "place",  "postcode", "district", "municipality",
                                                "county", "none"};
    char pn[HS_PREC_NONE + 1][2][32];
    const char *c[3 * (HS_PREC_NONE + 1)];
    size_t nr = 0;
    for (int i = 0; i <= HS_PREC_NONE; i++) {
        if (p->m->prec_n[i] == 0) {
            continue;
        }
        hs__fmt(pn[nr][0], 32, "%lld", (long long)p->m->prec_n[i]);
        hs__fmt(pn[nr][1], 32, "%.1f %%",
                100.0 * (double)p->m->prec_n[i] /
                    (double)(d->n ? (int64_t)d->n : (p->m->all.n ? p->m->all.n : 1)));
        if (!p->en) {
            char *dot = strchr(pn[nr][1], '.');
            if (dot) {
                *dot = ',';
            }
        }
        c[nr * 3] = p->en ? pen[i] : psv[i];
        c[nr * 3 + 1] = pn[nr][0];
        c[nr * 3 + 2] = pn[nr][1];
        nr++;
    }
    const double cw[3] = {half - 38, 18, 20};
    const int rt[3] = {0, 1, 1};
    const char *h[3] = {hs__report_tr(p, "Precision", "Precision"),
                        hs__report_tr(p, "Antal", "Count"), hs__report_tr(p, "Andel", "Share")};
    hs__report_table(cr, xr, y0 + 6.5, cw, rt, 3, h, c, nr);
    size_t rows = d->has_rejects ? (d->reasons.n < 10 ? d->reasons.n : 10) + 1 : 2;
    rows = rows > nr ? rows : nr;
    y = y0 + 6.5 + 5.2 * (double)(rows + 1) + 10;
    /* notes */
    y = hs__report_heading(
        p, y, hs__report_tr(p, "Om kartorna och tabellerna", "About the maps and tables"), 10);
    char note[1024];
    const char *crs = hs__report_param(d, "crs");
    if (!crs || strcmp(crs, "EPSG:3006") == 0) {
        crs = "SWEREF 99 TM (EPSG:3006)";
    }
    hs__fmt(note, sizeof note,
            p->en ? "Coordinates in %s. Incidents located only to the "
                    "municipality or county never enter cells, densities or Gi*. Times are local "
                    "(Europe/Stockholm); incidents known only within a time window are spread over "
                    "it (aoristic weights). %s"
                  : "Koordinater i %s. Händelser som bara är lägesbestämda "
                    "till kommun eller län ingår aldrig i rutor, täthet eller Gi*. Tider är lokal "
                    "tid (Europe/Stockholm); händelser som bara är kända inom ett tidsintervall "
                    "fördelas över intervallet (aoristisk viktning). %s",
            crs,
            p->o->is_public ? (p->en ? "This is a published report: individual incidents are not "
                                       "shown and counts below the threshold are hidden."
                                     : "Detta är en publicerad rapport: enskilda händelser visas "
                                       "inte och antal under tröskeln döljs.")
                            : (p->en ? "Internal report: not for publication."
                                     : "Intern rapport: inte för publicering."));
    y += hs__text_wrap(cr, ML, y, CW, note, 8, 0, INK) + 2;
    if (p->o->is_public) {
        char sup[160];
        hs__fmt(sup, sizeof sup,
                p->en ? "Cells and places with fewer than %d incidents are shown without counts."
                      : "Rutor och platser med färre än %d händelser visas utan antal.",
                p->o->min_count);
        hs__text_wrap(cr, ML, y, CW, sup, 8, 1, INK);
    }
    char thin[512];
    thin_list(thin, sizeof thin, p);
    if (thin[0]) {
        char line[700];
        hs__fmt(line, sizeof line,
                p->en ? "Too little data for: %s. These analyses were skipped or found nothing "
                        "they could test; the build log and the run table give the reason for each."
                      : "För lite data för: %s. Analyserna hoppades över eller hade inget att "
                        "pröva; byggloggen och tabellen run anger skälet för var och en.",
                thin);
        y += 3 + hs__text_wrap(cr, ML, y + 3, CW, line, 8, 0, INK);
    }
    const char *nr_thin = hs__report_param(p->d, "near_repeat_too_little_data");
    if (nr_thin) {
        const char *cats = hs__report_param(p->d, "near_repeat_categories");
        char nrline[512];
        if (hs__report_param(p->d, "near_repeat_method")) {
            hs__fmt(nrline, sizeof nrline, "%s",
                    hs__report_tr(p,
                                  "Near repeat (Knox): inga två händelser inom 400 m och 28 dagar "
                                  "från varandra, inget att mäta.",
                                  "Near repeat (Knox): no two incidents within 400 m and 28 days "
                                  "of each other, nothing to measure."));
        } else if (cats) {
            hs__fmt(nrline, sizeof nrline,
                    p->en ? "Near repeat (Knox) not measured: fewer than 2 incidents with place "
                            "and time in the categories %s ([compare] near_repeat_categories)."
                          : "Near repeat (Knox) mättes inte: färre än 2 händelser med plats och "
                            "tid i kategorierna %s ([compare] near_repeat_categories).",
                    cats);
        } else {
            hs__fmt(nrline, sizeof nrline, "%s",
                    hs__report_tr(p,
                                  "Near repeat (Knox) mättes inte: för få lägesbestämda händelser.",
                                  "Near repeat (Knox) not measured: too few located incidents."));
        }
        y += 5 + hs__text_wrap(cr, ML, y + 5, CW, nrline, 8, 0, INK);
    }
    const char *nr_method = hs__report_param(p->d, "near_repeat_method");
    char cats[256];
    hs__report_knox_draw(cr, p->ctx, p->gpkg, ML, y + 10, CW, PH - 16 - (y + 10), p->en,
                         near_labels(cats, sizeof cats, p),
                         nr_method && strcmp(nr_method, "analytic") == 0);
}

int hs__report_draw(int *pages, hs_ctx *ctx, const char *gpkg, const char *out,
                    const hs__report_data *d, const hs__report_model *m, const hs_report_opts *o)
{
    char tmp[4096];
    if (hs__fmt(tmp, sizeof tmp, "%s.part.pdf", out)) {
        return hs__error(ctx, HS_EINVAL, "report: path too long: %s", out);
    }
    hs__sheet sh;
    int rc = hs__sheet_open(&sh, ctx, tmp, PW, PH, 72);
    if (rc != HS_OK) {
        return rc;
    }
    page_ctx p = {sh.cr, ctx, gpkg, d, m, o, NULL, 0, 0, 0};
    p.en = o->lang != NULL && strcmp(o->lang, "en") == 0;
    p.place = o->place ? o->place
                       : (d->kommun[0] ? d->kommun : hs__report_tr(&p, "kommunen", "the area"));
    hs__report_hot hs;
    rc = hs__report_hot_build(&hs, d, ctx);
    if (rc != HS_OK) {
        hs__sheet_close(&sh, rc);
        remove(tmp);
        return rc;
    }
    hs__report_segs segs;
    int has_segs = hs__report_segs_load(&segs, ctx, gpkg) == HS_OK && segs.n > 0;
    hs_ctx_clear_error(ctx);
    hs__report_measures ms;
    rc = hs__report_measures_load(&ms, ctx, gpkg);
    if (rc != HS_OK) {
        hs__report_segs_free(&segs);
        hs__report_hot_free(&hs);
        hs__sheet_close(&sh, rc);
        remove(tmp);
        return rc;
    }
    /* a page with nothing to show says why; one page per measure followed up; the street
     * segments' page with [segments] */
    p.pages = 5 + (int)m->nfocus + (int)ms.n + has_segs;
    next_page(&p, &sh);
    page_summary(&p);
    next_page(&p, &sh);
    rc = page_overview(&p);
    for (size_t i = 0; i < m->nfocus && rc == HS_OK; i++) {
        next_page(&p, &sh);
        rc = page_focus(&p, &m->focus[i]);
        rc = rc == HS_OK ? hs__progress(ctx, "report", (double)(i + 1) / (double)(m->nfocus + 1))
                         : rc;
    }
    if (rc == HS_OK) {
        next_page(&p, &sh);
        hs__report_page_hot(&p, &hs);
    }
    hs__report_hot_free(&hs);
    if (rc == HS_OK && has_segs) {
        next_page(&p, &sh);
        hs__report_page_segments(&p, &segs);
    }
    hs__report_segs_free(&segs);
    if (rc == HS_OK) {
        next_page(&p, &sh);
        hs__report_page_compare(&p);
    }
    for (size_t i = 0; rc == HS_OK && i < ms.n; i++) {
        next_page(&p, &sh);
        hs__report_page_measure(&p, &ms.m[i]);
    }
    hs__report_measures_free(&ms);
    if (rc == HS_OK) {
        next_page(&p, &sh);
        page_method(&p);
    }
    rc = hs__sheet_close(&sh, rc);
    if (rc == HS_OK && rename(tmp, out) != 0) {
        rc = hs__error(ctx, HS_EIO, "report: cannot rename %s to %s", tmp, out);
    }
    if (rc != HS_OK) {
        remove(tmp);
    } else if (pages) {
        *pages = p.page;
    }
    return rc;
}
