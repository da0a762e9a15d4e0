/*
 * The near-repeat chart drawn with cairo in the style of chart_cairo.c: a heat table of Knox
 * ratios, distance bands down and day bands across, each cell showing its ratio and marked bold
 * with an asterisk when p < 0.05. hs__chart_knox_draw draws into a box of an open sheet (used by
 * the report); hs_chart_knox writes a file. It computes no statistics and reads no data files.
 */
#include "core/hs_internal.h"
#include "render/render.h"

#include <cairo.h>
#include <math.h>
#include <string.h>

static const hs_rgba INK = {0.13, 0.13, 0.13, 1};
static const hs_rgba GREY = {0.38, 0.38, 0.38, 1};

static int is_en(const char *lang)
{
    return lang != NULL && strcmp(lang, "en") == 0;
}

/* "1,23" (sv) or "1.23" (en) */
static void fmt_ratio(char *buf, size_t size, double v, const char *lang)
{
    if (!isfinite(v)) {
        hs__fmt(buf, size, "–");
        return;
    }
    hs__fmt(buf, size, "%.2f", v);
    char *dot = strchr(buf, '.');
    if (dot && !is_en(lang)) {
        *dot = ',';
    }
}

/* Ratio 1 is white; above 1 the map ramp (yellow to red at 1.5), below 1 grey-blue. */
static hs_rgba ratio_colour(double r)
{
    if (!isfinite(r)) {
        return (hs_rgba){0.97, 0.97, 0.97, 1};
    }
    if (r >= 1) {
        double t = fmin((r - 1) / 0.5, 1);
        hs_rgba c = hs_ramp_color(HS_RAMP_YLORRD, t);
        return (hs_rgba){1 - t * (1 - c.r), 1 - t * (1 - c.g), 1 - t * (1 - c.b), 1};
    }
    double t = fmin((1 - r) / 0.5, 1);
    return (hs_rgba){1 - 0.45 * t, 1 - 0.3 * t, 1 - 0.1 * t, 1};
}

void hs__chart_knox_draw(struct _cairo *cr, double x, double y, double w, double h,
                         const double *dist_edges, size_t n_dist, const double *day_edges,
                         size_t n_day, const double *ratio, const double *p, const char *lang)
{
    if (n_dist == 0 || n_day == 0) {
        return;
    }
    int en = is_en(lang);
    const double left = 24;
    const double top = 6;
    const double bottom = 9;
    double cw = (w - left) / (double)n_day;
    double ch = fmin((h - top - bottom) / (double)n_dist, 12);
    char buf[64];
    for (size_t j = 0; j < n_day; j++) {
        double lo = j ? day_edges[j - 1] + 1 : 0;
        hs__fmt(buf, sizeof buf, "%.0f–%.0f %s", lo, day_edges[j], en ? "days" : "dagar");
        hs__text(cr, x + left + ((double)j + 0.5) * cw, y, buf, 7, 0, 1, GREY, 0, NULL);
    }
    for (size_t i = 0; i < n_dist; i++) {
        double cy = y + top + (double)i * ch;
        double th = 0;
        hs__fmt(buf, sizeof buf, "%.0f–%.0f m", i ? dist_edges[i - 1] : 0.0, dist_edges[i]);
        hs__text_size(cr, buf, 7, 0, &th);
        hs__text(cr, x, cy + (ch - th) / 2, buf, 7, 0, 0, INK, 0, NULL);
        for (size_t j = 0; j < n_day; j++) {
            size_t k = i * n_day + j;
            int sig = p && p[k] < 0.05;
            cairo_rectangle(cr, x + left + (double)j * cw, cy, cw, ch);
            hs_rgba c = ratio_colour(ratio[k]);
            cairo_set_source_rgba(cr, c.r, c.g, c.b, c.a);
            cairo_fill_preserve(cr);
            cairo_set_source_rgb(cr, 1, 1, 1);
            cairo_set_line_width(cr, 0.4);
            cairo_stroke(cr);
            char v[32];
            fmt_ratio(v, sizeof v, ratio[k], lang);
            if (sig) {
                size_t len = strlen(v);
                hs__fmt(v + len, sizeof v - len, "*");
            }
            double nh = 0;
            hs__text_size(cr, v, 8, sig, &nh);
            hs__text(cr, x + left + ((double)j + 0.5) * cw, cy + (ch - nh) / 2, v, 8, sig, 1, INK,
                     0, NULL);
        }
    }
    hs__text(cr, x, y + top + (double)n_dist * ch + 2,
             en ? "Knox ratio = pairs of incidents observed / expected with times permuted. "
                  "Bold with * : p < 0.05."
                : "Knoxkvot = observerade par av brott / förväntade par med slumpade tider. "
                  "Fetstil med * : p < 0,05.",
             6, 0, 0, GREY, 0, NULL);
}

int hs_chart_knox(hs_ctx *ctx, const char *path, const double *dist_edges, size_t n_dist,
                  const double *day_edges, size_t n_day, const double *ratio, const double *p,
                  const hs_chart_opts *opts)
{
    if (path == NULL || dist_edges == NULL || day_edges == NULL || ratio == NULL || n_dist == 0 ||
        n_day == 0) {
        return hs__error(ctx, HS_EINVAL, "hs_chart_knox: no path or table");
    }
    hs_chart_opts o = HS_CHART_OPTS_INIT;
    if (opts) {
        o = *opts;
    }
    if (!(o.width_mm > 0) || !(o.height_mm > 0)) {
        o.width_mm = 180;
        o.height_mm = 100;
    }
    int en = is_en(o.lang);
    const char *title = o.title ? o.title
                                : (en ? "Near repeats (Knox test)"
                                      : "Upprepad brottslighet nära i tid och rum (Knoxtest)");
    hs__sheet sh;
    int rc = hs__sheet_open(&sh, ctx, path, o.width_mm, o.height_mm, o.dpi);
    if (rc != HS_OK) {
        return rc;
    }
    double y = 5;
    y += hs__text_wrap(sh.cr, 5, y, o.width_mm - 10, title, 11, 1, INK);
    if (o.subtitle && o.subtitle[0]) {
        y += hs__text_wrap(sh.cr, 5, y, o.width_mm - 10, o.subtitle, 8, 0, GREY);
    }
    double foot = 0;
    if (o.source && o.source[0]) {
        hs__text_size(sh.cr, o.source, 6, 0, &foot);
        hs__text(sh.cr, 5, o.height_mm - 4 - foot, o.source, 6, 0, 0, GREY, 0, NULL);
        foot += 1.5;
    }
    double h = o.height_mm - (y + 3) - 4 - foot;
    if (o.width_mm - 10 < 40 || h < 20) {
        return hs__sheet_close(&sh, hs__error(ctx, HS_EINVAL, "chart: %.0f x %.0f mm is too small",
                                              o.width_mm, o.height_mm));
    }
    hs__chart_knox_draw(sh.cr, 5, y + 3, o.width_mm - 10, h, dist_edges, n_dist, day_edges, n_day,
                        ratio, p, o.lang);
    return hs__sheet_close(&sh, HS_OK);
}
