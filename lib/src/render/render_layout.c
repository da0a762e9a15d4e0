/*
 * The pure arithmetic of a map sheet: colour ramps, round scale-bar lengths (1-2-5 series), grid
 * tick positions, small-count suppression and greedy label placement without overlaps. Plain C
 * over numbers so that it can be tested exactly; it must not draw or include cairo.
 */
#include "core/hs_internal.h"
#include "render/render.h"

#include <math.h>
#include <stdlib.h>

static const unsigned ramp_hex[3][9] = {
    /* ColorBrewer YlOrRd 9 */
    {0xffffcc, 0xffeda0, 0xfed976, 0xfeb24c, 0xfd8d3c, 0xfc4e2a, 0xe31a1c, 0xbd0026, 0x800026},
    /* viridis */
    {0x440154, 0x472d7b, 0x3b528b, 0x2c728e, 0x21918c, 0x28ae80, 0x5ec962, 0xaddc30, 0xfde725},
    /* magma */
    {0x000004, 0x1c1044, 0x4f127b, 0x812581, 0xb5367a, 0xe55064, 0xfb8761, 0xfec287, 0xfcfdbf}};

static hs_rgba hex(unsigned v)
{
    hs_rgba c = {((v >> 16) & 0xff) / 255.0, ((v >> 8) & 0xff) / 255.0, (v & 0xff) / 255.0, 1.0};
    return c;
}

hs_rgba hs_ramp_color(hs_ramp ramp, double t)
{
    int r = (ramp >= HS_RAMP_YLORRD && ramp <= HS_RAMP_MAGMA) ? (int)ramp : 0;
    if (!(t > 0)) {
        t = 0;
    }
    if (t > 1) {
        t = 1;
    }
    double f = t * 8.0;
    int i = (int)floor(f);
    if (i >= 8) {
        return hex(ramp_hex[r][8]);
    }
    double u = f - i;
    hs_rgba a = hex(ramp_hex[r][i]);
    hs_rgba b = hex(ramp_hex[r][i + 1]);
    hs_rgba c = {a.r + u * (b.r - a.r), a.g + u * (b.g - a.g), a.b + u * (b.b - a.b), 1.0};
    return c;
}

double hs_scalebar_length(double max_len)
{
    if (!(max_len > 0) || !isfinite(max_len)) {
        return 0;
    }
    double p = pow(10.0, floor(log10(max_len)));
    /* guard against log10 rounding just below a power of ten */
    if (p * 10.0 <= max_len * (1 + 1e-12)) {
        p *= 10.0;
    }
    static const double mult[3] = {5, 2, 1};
    for (int i = 0; i < 3; i++) {
        if (mult[i] * p <= max_len * (1 + 1e-12)) {
            return mult[i] * p;
        }
    }
    return p / 2.0;
}

double hs_clean_scale(double denominator)
{
    if (!(denominator > 0) || !isfinite(denominator)) {
        return 0;
    }
    double p = pow(10.0, floor(log10(denominator)));
    static const double mult[9] = {1, 1.5, 2, 2.5, 3, 4, 5, 7.5, 10};
    for (int k = 0; k < 2; k++, p *= 10) {
        for (int i = 0; i < 9; i++) {
            if (mult[i] * p >= denominator * (1 - 1e-9)) {
                return mult[i] * p;
            }
        }
    }
    return 10 * p;
}

static size_t count_multiples(double lo, double hi, double s)
{
    double a = ceil(lo / s - 1e-9);
    double b = floor(hi / s + 1e-9);
    return b >= a ? (size_t)(b - a + 1) : 0;
}

size_t hs_ticks(double *out, size_t cap, double *step, double lo, double hi, size_t min_ticks)
{
    if (!(hi > lo) || !isfinite(lo) || !isfinite(hi)) {
        if (step) {
            *step = 0;
        }
        return 0;
    }
    if (min_ticks < 1) {
        min_ticks = 1;
    }
    double s = hs_scalebar_length(hi - lo);
    while (count_multiples(lo, hi, s) < min_ticks) {
        s = hs_scalebar_length(s * 0.999);
    }
    size_t n = count_multiples(lo, hi, s);
    double a = ceil(lo / s - 1e-9);
    for (size_t i = 0; i < n && i < cap; i++) {
        out[i] = (a + (double)i) * s;
    }
    if (step) {
        *step = s;
    }
    return n;
}

int hs_count_suppressed(int64_t count, int is_public, int min_count)
{
    return is_public && count >= 0 && count < (int64_t)min_count;
}

static int overlaps(double x, double y, double w, double h, double bx, double by, double bw,
                    double bh)
{
    return x < bx + bw && bx < x + w && y < by + bh && by < y + h;
}

size_t hs_labels_place(hs_label_box *labels, size_t n, double fx, double fy, double fw, double fh,
                       const double *obstacles, size_t nobst, double gap)
{
    return hs__labels_place_sized(labels, NULL, n, fx, fy, fw, fh, obstacles, nobst, gap);
}

size_t hs__labels_place_sized(hs_label_box *labels, const double *size, size_t n, double fx,
                              double fy, double fw, double fh, const double *obstacles,
                              size_t nobst, double gap)
{
    if (labels == NULL || n == 0) {
        return 0;
    }
    size_t *order = malloc(n * sizeof(size_t));
    if (order == NULL) {
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        order[i] = i;
        labels[i].placed = 0;
    }
    /* stable insertion sort by decreasing priority (reentrant; label counts are small) */
    for (size_t i = 1; i < n; i++) {
        size_t v = order[i];
        size_t j = i;
        while (j > 0 && (labels[order[j - 1]].priority < labels[v].priority ||
                         (size && labels[order[j - 1]].priority == labels[v].priority &&
                          size[order[j - 1]] < size[v]))) {
            order[j] = order[j - 1];
            j--;
        }
        order[j] = v;
    }
    size_t placed = 0;
    for (size_t k = 0; k < n; k++) {
        hs_label_box *l = &labels[order[k]];
        const double w = l->w;
        const double h = l->h;
        double cx[16], cy[16];
        for (int far = 0; far < 2; far++) {
            const double g = gap * (far ? 2.5 : 1.0);
            const double d = g * 0.7;
            const double xs[8] = {l->ax + g, l->ax - g - w, l->ax - w / 2, l->ax - w / 2,
                                  l->ax + d, l->ax - d - w, l->ax + d,     l->ax - d - w};
            const double ys[8] = {l->ay - h / 2, l->ay - h / 2, l->ay - g - h, l->ay + g,
                                  l->ay - d - h, l->ay - d - h, l->ay + d,     l->ay + d};
            for (int c = 0; c < 8; c++) {
                cx[far * 8 + c] = xs[c];
                cy[far * 8 + c] = ys[c];
            }
        }
        for (int c = 0; c < 16 && !l->placed; c++) {
            double x = cx[c];
            double y = cy[c];
            if (x < fx || y < fy || x + w > fx + fw || y + h > fy + fh) {
                continue;
            }
            int clash = 0;
            for (size_t o = 0; o < nobst && !clash; o++) {
                const double *b = obstacles + 4 * o;
                clash = overlaps(x, y, w, h, b[0], b[1], b[2], b[3]);
            }
            for (size_t j = 0; j < k && !clash; j++) {
                const hs_label_box *p = &labels[order[j]];
                clash = p->placed && overlaps(x, y, w, h, p->x, p->y, p->w, p->h);
            }
            /* nor the point of a label placed or still to place (its dot is 1.1 mm across) */
            for (size_t j = 0; j < n && !clash; j++) {
                const hs_label_box *p = &labels[order[j]];
                clash = j != k && (j > k || p->placed) &&
                        overlaps(x, y, w, h, p->ax - 0.7, p->ay - 0.7, 1.4, 1.4);
            }
            if (!clash) {
                l->x = x;
                l->y = y;
                l->placed = 1;
                placed++;
            }
        }
    }
    free(order);
    return placed;
}
