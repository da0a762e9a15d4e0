/*
 * The kernels of the density: names, values (each integrating to 1 over the plane), support
 * radius and standard deviation, and which points may enter a density. The profile itself is an
 * inline function in density.h so that the scatter loops of kde.c inline it. Plain C; no I/O.
 */
#include "core/hs_internal.h"
#include "density/density.h"

#include <math.h>

static const struct {
    const char *name;
    hs_kernel k;
} kernel_names[] = {
    {"quartic", HS_KERNEL_QUARTIC},           {"biweight", HS_KERNEL_QUARTIC},
    {"epanechnikov", HS_KERNEL_EPANECHNIKOV}, {"triweight", HS_KERNEL_TRIWEIGHT},
    {"triangular", HS_KERNEL_TRIANGULAR},     {"uniform", HS_KERNEL_UNIFORM},
    {"gaussian", HS_KERNEL_GAUSSIAN},
};

int hs_kernel_parse(hs_kernel *out, const char *name)
{
    for (size_t i = 0; name && i < sizeof kernel_names / sizeof kernel_names[0]; i++) {
        if (hs__strcasecmp(name, kernel_names[i].name) == 0) {
            *out = kernel_names[i].k;
            return HS_OK;
        }
    }
    return HS_EINVAL;
}

const char *hs_kernel_name(hs_kernel k)
{
    switch (k) {
    case HS_KERNEL_QUARTIC:
        return "quartic";
    case HS_KERNEL_EPANECHNIKOV:
        return "epanechnikov";
    case HS_KERNEL_TRIWEIGHT:
        return "triweight";
    case HS_KERNEL_TRIANGULAR:
        return "triangular";
    case HS_KERNEL_UNIFORM:
        return "uniform";
    case HS_KERNEL_GAUSSIAN:
        return "gaussian";
    }
    return "unknown";
}

double hs_kernel_value(hs_kernel k, double d, double h)
{
    if (!(h > 0)) {
        return 0.0;
    }
    double u = d / h;
    if (k == HS_KERNEL_GAUSSIAN && u > HS_KDE_GAUSS_CUTOFF * 1.5) {
        return 0.0;
    }
    return hs__kernel_profile(k, u * u) / (h * h);
}

double hs_kernel_radius(hs_kernel k, double h)
{
    return k == HS_KERNEL_GAUSSIAN ? HS_KDE_GAUSS_CUTOFF * h : h;
}

double hs_kernel_sd(hs_kernel k)
{
    switch (k) {
    case HS_KERNEL_QUARTIC:
        return sqrt(1.0 / 8.0);
    case HS_KERNEL_EPANECHNIKOV:
        return sqrt(1.0 / 6.0);
    case HS_KERNEL_TRIWEIGHT:
        return sqrt(1.0 / 10.0);
    case HS_KERNEL_TRIANGULAR:
        return sqrt(3.0 / 20.0);
    case HS_KERNEL_UNIFORM:
        return 0.5;
    case HS_KERNEL_GAUSSIAN:
        return 1.0;
    }
    return 1.0;
}

int hs__kde_point_ok(const hs_kde_opts *o, const double *x, const double *y, const double *w,
                     size_t i)
{
    if (o && o->precision && !hs_precision_is_local((hs_precision)o->precision[i])) {
        return 0;
    }
    if (w && !isfinite(w[i])) {
        return 0;
    }
    return isfinite(x[i]) && isfinite(y[i]);
}
