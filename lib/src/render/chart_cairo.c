/*
 * Charts drawn with cairo in the map style: the brottsklocka (hour × weekday heat table), monthly
 * counts beside the previous year, and horizontal category bars. The hs__chart_*_draw functions
 * draw into a box of an existing sheet (used by the report); hs_chart_* write a file. It must not
 * read data files or compute statistics beyond shares and maxima for the axes.
 */
#include "core/hs_internal.h"
#include "render/render.h"

#include <cairo.h>
#include <math.h>
#include <string.h>

static const hs_rgba INK = {0.13, 0.13, 0.13, 1};
static const hs_rgba GREY = {0.38, 0.38, 0.38, 1};
static const hs_rgba RULE = {0.82, 0.82, 0.82, 1};
static const hs_rgba BAR = {0xd9 / 255.0, 0x5f / 255.0, 0x0e / 255.0, 1};

static int is_en(const char *lang)
{
    return lang != NULL && strcmp(lang, "en") == 0;
}

const char *hs_weekday_abbr(int weekday, const char *lang)
{
    static const char *sv[7] = {"mån", "tis", "ons", "tor", "fre", "lör", "sön"};
    static const char *en[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    if (weekday < 0 || weekday > 6) {
        return "";
    }
    return is_en(lang) ? en[weekday] : sv[weekday];
}

static const char *month_abbr(int month, const char *lang)
{
    static const char *sv[12] = {"jan", "feb", "mar", "apr", "maj", "jun",
                                 "jul", "aug", "sep", "okt", "nov", "dec"};
    static const char *en[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    month = ((month - 1) % 12 + 12) % 12;
    return is_en(lang) ? en[month] : sv[month];
}

static void set_rgba(cairo_t *cr, hs_rgba c)
{
    cairo_set_source_rgba(cr, c.r, c.g, c.b, c.a);
}

/** A number for an axis or a cell: integers without decimals, else one decimal (comma in sv). */
static void fmt_num(char *buf, size_t size, double v, const char *lang)
{
    if (fabs(v - round(v)) < 0.05 || fabs(v) >= 100) {
        hs__fmt(buf, size, "%.0f", v);
        return;
    }
    hs__fmt(buf, size, "%.1f", v);
    char *dot = strchr(buf, '.');
    if (dot && !is_en(lang)) {
        *dot = ',';
    }
}

void hs__chart_clock_draw(struct _cairo *cr, double x, double y, double w, double h,
                          const double *wt, const char *lang)
{
    const double left = 9;
    const double top = 5;
    const double right = 13;
    const double bottom = 12;
    double cw = (w - left - right) / 24;
    double ch = (h - top - bottom) / 7;
    double vmax = 0;
    double total = 0;
    for (int i = 0; i < 7 * 24; i++) {
        vmax = fmax(vmax, wt[i]);
        total += wt[i];
    }
    for (int hr = 0; hr < 24; hr++) {
        char buf[8];
        hs__fmt(buf, sizeof buf, "%02d", hr);
        hs__text(cr, x + left + (hr + 0.5) * cw, y, buf, 6, 0, 1, GREY, 0, NULL);
    }
    hs__text(cr, x + w, y, "%", 6, 0, 2, GREY, 0, NULL);
    double colsum[24] = {0};
    for (int d = 0; d < 7; d++) {
        double cy = y + top + d * ch;
        double th = 0;
        hs__text_size(cr, "mån", 7, 0, &th);
        hs__text(cr, x, cy + (ch - th) / 2, hs_weekday_abbr(d, lang), 7, d >= 5, 0, INK, 0, NULL);
        double rowsum = 0;
        for (int hr = 0; hr < 24; hr++) {
            double v = wt[d * 24 + hr];
            rowsum += v;
            colsum[hr] += v;
            double t = vmax > 0 ? v / vmax : 0;
            hs_rgba c = v > 0 ? hs_ramp_color(HS_RAMP_YLORRD, 0.05 + 0.95 * t)
                              : (hs_rgba){0.97, 0.97, 0.97, 1};
            cairo_rectangle(cr, x + left + hr * cw, cy, cw, ch);
            set_rgba(cr, c);
            cairo_fill_preserve(cr);
            cairo_set_source_rgb(cr, 1, 1, 1);
            cairo_set_line_width(cr, 0.25);
            cairo_stroke(cr);
            if (cw >= 5.0 && ch >= 4.0 && v > 0) {
                char buf[16];
                fmt_num(buf, sizeof buf, v, lang);
                double nh = 0;
                hs__text_size(cr, buf, 5, 0, &nh);
                hs_rgba tc = t > 0.55 ? (hs_rgba){1, 1, 1, 1} : INK;
                hs__text(cr, x + left + (hr + 0.5) * cw, cy + (ch - nh) / 2, buf, 5, 0, 1, tc, 0,
                         NULL);
            }
        }
        char pct[16];
        fmt_num(pct, sizeof pct, total > 0 ? 100 * rowsum / total : 0, lang);
        hs__text(cr, x + w, cy + (ch - th) / 2, pct, 6.5, 0, 2, INK, 0, NULL);
    }
    /* hourly profile under the table: bars of the column sums */
    double by = y + top + 7 * ch + 1.5;
    double bh = bottom - 5;
    double cmax = 0;
    for (int hr = 0; hr < 24; hr++) {
        cmax = fmax(cmax, colsum[hr]);
    }
    for (int hr = 0; hr < 24 && cmax > 0; hr++) {
        double hh = bh * colsum[hr] / cmax;
        cairo_rectangle(cr, x + left + hr * cw + 0.4, by + bh - hh, cw - 0.8, hh);
        set_rgba(cr, BAR);
        cairo_fill(cr);
    }
    hs__text(cr, x, by + bh - 2.5, is_en(lang) ? "all" : "alla", 6, 0, 0, GREY, 0, NULL);
    hs__text(cr, x + left, by + bh + 0.8,
             is_en(lang) ? "Hour of day (local time). Right: share of the week, %."
                         : "Timme (lokal tid). Till höger: andel av veckan, %.",
             6, 0, 0, GREY, 0, NULL);
}

static double nice_max(double v)
{
    if (!(v > 0)) {
        return 1;
    }
    double s = hs_scalebar_length(v);
    double m = s;
    while (m < v) {
        m += s / 2;
    }
    return m;
}

static void y_axis(cairo_t *cr, double x, double y, double w, double h, double vmax,
                   const char *lang)
{
    double t[16];
    double step = 0;
    size_t n = hs_ticks(t, 16, &step, 0, vmax, 4);
    if (n > 8) {
        n = hs_ticks(t, 16, &step, 0, vmax, 3);
    }
    for (size_t i = 0; i < n && i < 16; i++) {
        double yy = y + h - h * t[i] / vmax;
        cairo_move_to(cr, x, yy);
        cairo_line_to(cr, x + w, yy);
        set_rgba(cr, RULE);
        cairo_set_line_width(cr, 0.15);
        cairo_stroke(cr);
        char buf[24];
        fmt_num(buf, sizeof buf, t[i], lang);
        hs__text(cr, x - 1.2, yy - 1.3, buf, 6, 0, 2, GREY, 0, NULL);
    }
}

void hs__chart_monthly_draw(struct _cairo *cr, double x, double y, double w, double h,
                            const double *cur, const double *prev, size_t n, int first_month,
                            const char *cur_label, const char *prev_label, const char *lang)
{
    const double left = 10;
    const double bottom = 10;
    double vmax = 0;
    for (size_t i = 0; i < n; i++) {
        vmax = fmax(vmax, cur[i]);
        if (prev) {
            vmax = fmax(vmax, prev[i]);
        }
    }
    vmax = nice_max(vmax);
    double px0 = x + left;
    double pw = w - left;
    double ph = h - bottom;
    y_axis(cr, px0, y, pw, ph, vmax, lang);
    double bw = n > 0 ? pw / (double)n : pw;
    for (size_t i = 0; i < n; i++) {
        double hh = ph * cur[i] / vmax;
        cairo_rectangle(cr, px0 + i * bw + bw * 0.18, y + ph - hh, bw * 0.64, hh);
        set_rgba(cr, BAR);
        cairo_fill(cr);
        hs__text(cr, px0 + (i + 0.5) * bw, y + ph + 1, month_abbr(first_month + (int)i, lang), 6, 0,
                 1, GREY, 0, NULL);
    }
    if (prev) {
        for (size_t i = 0; i < n; i++) {
            double yy = y + ph - ph * prev[i] / vmax;
            if (i == 0) {
                cairo_move_to(cr, px0 + 0.5 * bw, yy);
            } else {
                cairo_line_to(cr, px0 + (i + 0.5) * bw, yy);
            }
        }
        set_rgba(cr, INK);
        cairo_set_line_width(cr, 0.45);
        cairo_stroke(cr);
        for (size_t i = 0; i < n; i++) {
            cairo_arc(cr, px0 + (i + 0.5) * bw, y + ph - ph * prev[i] / vmax, 0.7, 0, 6.2832);
            cairo_fill(cr);
        }
    }
    /* key */
    double ky = y + h - 4;
    cairo_rectangle(cr, px0, ky + 0.6, 4, 2.4);
    set_rgba(cr, BAR);
    cairo_fill(cr);
    double tw = hs__text(cr, px0 + 5, ky, cur_label, 6.5, 0, 0, INK, 0, NULL);
    if (prev) {
        double kx = px0 + 5 + tw + 6;
        cairo_move_to(cr, kx, ky + 1.8);
        cairo_line_to(cr, kx + 5, ky + 1.8);
        set_rgba(cr, INK);
        cairo_set_line_width(cr, 0.45);
        cairo_stroke(cr);
        hs__text(cr, kx + 6, ky, prev_label, 6.5, 0, 0, INK, 0, NULL);
    }
}

void hs__chart_bars_draw(struct _cairo *cr, double x, double y, double w, double h,
                         const char *const *labels, const double *values, size_t n,
                         const char *lang)
{
    if (n == 0) {
        return;
    }
    double lw = 0;
    double vmax = 0;
    for (size_t i = 0; i < n; i++) {
        lw = fmax(lw, hs__text_size(cr, labels[i] ? labels[i] : "", 7, 0, NULL));
        vmax = fmax(vmax, values[i]);
    }
    lw = fmin(lw + 2, w * 0.45);
    double rh = fmin(h / (double)n, 7);
    double bx = x + lw;
    double bwmax = w - lw - 14;
    for (size_t i = 0; i < n; i++) {
        double ry = y + i * rh;
        double th = 0;
        hs__text_size(cr, "Åg", 7, 0, &th);
        cairo_save(cr);
        cairo_rectangle(cr, x, ry, lw - 1.5, rh);
        cairo_clip(cr);
        hs__text(cr, x, ry + (rh - th) / 2, labels[i] ? labels[i] : "", 7, 0, 0, INK, 0, NULL);
        cairo_restore(cr);
        double bw = vmax > 0 ? bwmax * values[i] / vmax : 0;
        cairo_rectangle(cr, bx, ry + rh * 0.18, bw, rh * 0.64);
        set_rgba(cr, BAR);
        cairo_fill(cr);
        char buf[24];
        fmt_num(buf, sizeof buf, values[i], lang);
        hs__text(cr, bx + bw + 1.2, ry + (rh - th) / 2, buf, 6.5, 0, 0, GREY, 0, NULL);
    }
}

/* ---- files ---- */

static int chart_begin(hs__sheet *sh, double *area, hs_ctx *ctx, const char *path,
                       const hs_chart_opts *o)
{
    int rc = hs__sheet_open(sh, ctx, path, o->width_mm, o->height_mm, o->dpi);
    if (rc != HS_OK) {
        return rc;
    }
    double y = 5;
    if (o->title && o->title[0]) {
        y += hs__text_wrap(sh->cr, 5, y, o->width_mm - 10, o->title, 11, 1, INK);
    }
    if (o->subtitle && o->subtitle[0]) {
        y += hs__text_wrap(sh->cr, 5, y, o->width_mm - 10, o->subtitle, 8, 0, GREY);
    }
    double foot = 0;
    if (o->source && o->source[0]) {
        hs__text_size(sh->cr, o->source, 6, 0, &foot);
        hs__text(sh->cr, 5, o->height_mm - 4 - foot, o->source, 6, 0, 0, GREY, 0, NULL);
        foot += 1.5;
    }
    area[0] = 5;
    area[1] = y + 3;
    area[2] = o->width_mm - 10;
    area[3] = o->height_mm - area[1] - 4 - foot;
    if (area[2] < 30 || area[3] < 20) {
        return hs__sheet_close(sh, hs__error(ctx, HS_EINVAL, "chart: %.0f x %.0f mm is too small",
                                             o->width_mm, o->height_mm));
    }
    return HS_OK;
}

static hs_chart_opts chart_opts(const hs_chart_opts *opts)
{
    hs_chart_opts o = HS_CHART_OPTS_INIT;
    if (opts) {
        o = *opts;
    }
    if (!(o.width_mm > 0) || !(o.height_mm > 0)) {
        o.width_mm = 180;
        o.height_mm = 100;
    }
    return o;
}

int hs_chart_clock(hs_ctx *ctx, const char *path, const double *weights, const hs_chart_opts *opts)
{
    if (path == NULL || weights == NULL) {
        return hs__error(ctx, HS_EINVAL, "hs_chart_clock: no path or weights");
    }
    hs_chart_opts o = chart_opts(opts);
    hs__sheet sh;
    double a[4];
    int rc = chart_begin(&sh, a, ctx, path, &o);
    if (rc != HS_OK) {
        return rc;
    }
    hs__chart_clock_draw(sh.cr, a[0], a[1], a[2], a[3], weights, o.lang);
    return hs__sheet_close(&sh, HS_OK);
}

int hs_chart_monthly(hs_ctx *ctx, const char *path, const double *current, const double *previous,
                     size_t n, int first_month, const hs_chart_opts *opts)
{
    if (path == NULL || current == NULL || n == 0) {
        return hs__error(ctx, HS_EINVAL, "hs_chart_monthly: no path or values");
    }
    hs_chart_opts o = chart_opts(opts);
    hs__sheet sh;
    double a[4];
    int rc = chart_begin(&sh, a, ctx, path, &o);
    if (rc != HS_OK) {
        return rc;
    }
    int en = is_en(o.lang);
    hs__chart_monthly_draw(sh.cr, a[0], a[1], a[2], a[3], current, previous, n, first_month,
                           en ? "This period" : "Aktuell period",
                           en ? "Previous year" : "Föregående år", o.lang);
    return hs__sheet_close(&sh, HS_OK);
}

int hs_chart_bars(hs_ctx *ctx, const char *path, const char *const *labels, const double *values,
                  size_t n, const hs_chart_opts *opts)
{
    if (path == NULL || labels == NULL || values == NULL || n == 0) {
        return hs__error(ctx, HS_EINVAL, "hs_chart_bars: no path or values");
    }
    hs_chart_opts o = chart_opts(opts);
    hs__sheet sh;
    double a[4];
    int rc = chart_begin(&sh, a, ctx, path, &o);
    if (rc != HS_OK) {
        return rc;
    }
    hs__chart_bars_draw(sh.cr, a[0], a[1], a[2], a[3], labels, values, n, o.lang);
    return hs__sheet_close(&sh, HS_OK);
}
