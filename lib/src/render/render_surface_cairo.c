/*
 * Output surfaces for maps, charts and reports: a PDF, SVG or PNG sheet chosen by the file's
 * extension, scaled so that one user unit is one millimetre of paper, painted white. PDF and SVG
 * are written to a temporary file beside the target and renamed into place when closed without
 * error, so an interrupted run never leaves a half-written file. Closing writes the PNG and reports
 * write errors. It draws nothing else.
 */
#include "core/hs_internal.h"
#include "render/render.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define MM_PT (72.0 / 25.4)

static int ext_is(const char *path, const char *ext)
{
    size_t n = strlen(path);
    size_t e = strlen(ext);
    return n > e && hs__strcasecmp(path + n - e, ext) == 0;
}

int hs__sheet_open(hs__sheet *sh, hs_ctx *ctx, const char *path, double w_mm, double h_mm,
                   double dpi)
{
    memset(sh, 0, sizeof(*sh));
    sh->ctx = ctx;
    sh->path = path;
    sh->png = ext_is(path, ".png");
    cairo_surface_t *s = NULL;
    if (sh->png) {
        if (!(dpi > 0)) {
            dpi = 300;
        }
        sh->dpi = dpi;
        s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)lround(w_mm / 25.4 * dpi),
                                       (int)lround(h_mm / 25.4 * dpi));
    } else if (ext_is(path, ".pdf") || ext_is(path, ".svg")) {
        if (hs__fmt(sh->tmp, sizeof sh->tmp, "%s.part-%ld", path, (long)getpid())) {
            return hs__error(ctx, HS_EINVAL, "%s: path too long", path);
        }
        if (ext_is(path, ".pdf")) {
            s = cairo_pdf_surface_create(sh->tmp, w_mm * MM_PT, h_mm * MM_PT);
        } else {
            s = cairo_svg_surface_create(sh->tmp, w_mm * MM_PT, h_mm * MM_PT);
        }
    } else {
        return hs__error(ctx, HS_EUNSUPPORTED, "%s: use a .pdf, .png or .svg file name", path);
    }
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(s);
        if (sh->tmp[0]) {
            remove(sh->tmp);
        }
        return hs__error(ctx, HS_EIO, "%s: cannot create the file", path);
    }
    cairo_t *cr = cairo_create(s);
    if (sh->png) {
        cairo_scale(cr, dpi / 25.4, dpi / 25.4);
    } else {
        cairo_scale(cr, MM_PT, MM_PT);
    }
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    sh->surface = (struct _cairo_surface *)s;
    sh->cr = cr;
    return HS_OK;
}

void hs__sheet_new_page(hs__sheet *sh)
{
    cairo_show_page(sh->cr);
    cairo_set_source_rgb(sh->cr, 1, 1, 1);
    cairo_paint(sh->cr);
}

int hs__sheet_close(hs__sheet *sh, int rc)
{
    if (sh->cr == NULL) {
        return rc;
    }
    cairo_surface_t *s = (cairo_surface_t *)sh->surface;
    cairo_destroy(sh->cr);
    sh->cr = NULL;
    if (rc == HS_OK && sh->png) {
        cairo_surface_flush(s);
        rc = hs__png_write(sh->ctx, sh->path, cairo_image_surface_get_data(s),
                           cairo_image_surface_get_width(s), cairo_image_surface_get_height(s),
                           cairo_image_surface_get_stride(s), sh->dpi);
    }
    cairo_surface_finish(s);
    if (rc == HS_OK && cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        rc = hs__error(sh->ctx, HS_EIO, "%s: cannot write the file", sh->path);
    }
    cairo_surface_destroy(s);
    if (sh->tmp[0]) {
        if (rc == HS_OK && rename(sh->tmp, sh->path) != 0) {
            rc = hs__error(sh->ctx, HS_EIO, "%s: cannot write the file", sh->path);
        }
        if (rc != HS_OK) {
            remove(sh->tmp);
        }
    }
    return rc;
}
