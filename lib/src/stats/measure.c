/*
 * Evaluation of a measure from before/after counts in target, buffer and control: the relative
 * effect size of Farrington and Welsh (2005) with its log-normal interval, Fisher's exact test for
 * small counts, and the weighted displacement quotient of Bowers and Johnson (2003).
 */
#include "core/hs_internal.h"

#include <math.h>

/* The standard normal quantile: Acklam's rational approximation, refined by one Halley step on
 * hs_norm_cdf (relative error well below 1e-12 over (1e-300, 1 - 1e-16)). */
static double norm_quantile(double p)
{
    static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,
                               -2.759285104469687e+02, 1.383577518672690e+02,
                               -3.066479806614716e+01, 2.506628277459239e+00};
    static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02,
                               -1.556989798598866e+02, 6.680131188771972e+01,
                               -1.328068155288572e+01};
    static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01,
                               -2.400758277161838e+00, -2.549732539343734e+00,
                               4.374664141464968e+00,  2.938163982698783e+00};
    static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                               3.754408661907416e+00};
    double x;
    if (p < 0.02425) {
        double q = sqrt(-2.0 * log(p));
        x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
            ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
    } else if (p > 1.0 - 0.02425) {
        double q = sqrt(-2.0 * log(1.0 - p));
        x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
            ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
    } else {
        double q = p - 0.5, r = q * q;
        x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
            (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1.0);
    }
    double e = hs_norm_cdf(x) - p;
    double u = e * 2.50662827463100050242 /* sqrt(2 pi) */ * exp(x * x / 2.0);
    return x - u / (1.0 + x * u / 2.0);
}

static double log_choose(int64_t n, int64_t k)
{
    return lgamma((double)n + 1.0) - lgamma((double)k + 1.0) - lgamma((double)(n - k) + 1.0);
}

int hs_fisher_test(double *p_out, int64_t a, int64_t b, int64_t c, int64_t d)
{
    if (!p_out || a < 0 || b < 0 || c < 0 || d < 0) {
        return HS_EINVAL;
    }
    /* margins: row 1 = a + b, column 1 = a + c, total n; a ranges over [lo, hi] */
    int64_t r1 = a + b, c1 = a + c, n = a + b + c + d;
    int64_t lo = c1 - (n - r1) > 0 ? c1 - (n - r1) : 0;
    int64_t hi = r1 < c1 ? r1 : c1;
    double lden = log_choose(n, c1);
    double lobs = log_choose(r1, a) + log_choose(n - r1, c1 - a) - lden;
    double sum = 0.0;
    const double rel = 1e-7;
    for (int64_t i = lo; i <= hi; i++) {
        double li = log_choose(r1, i) + log_choose(n - r1, c1 - i) - lden;
        if (li <= lobs + log1p(rel)) {
            sum += exp(li);
        }
    }
    *p_out = sum < 1.0 ? sum : 1.0;
    return HS_OK;
}

static int whole(double v)
{
    return isfinite(v) && v >= 0.0 && v == floor(v) && v < 9e15;
}

static hs_wdq_class wdq_class_of(double wdq)
{
    if (!isfinite(wdq)) {
        return HS_WDQ_NONE;
    }
    if (wdq > 1.0) {
        return HS_WDQ_DIFFUSION_GREATER;
    }
    if (wdq > 0.0) {
        return HS_WDQ_DIFFUSION;
    }
    if (wdq == 0.0) {
        return HS_WDQ_NEUTRAL;
    }
    return wdq >= -1.0 ? HS_WDQ_DISPLACEMENT : HS_WDQ_DISPLACEMENT_GREATER;
}

int hs_measure_eval(hs_measure_result *out, const hs_measure_counts *c, const hs_measure_opts *opts)
{
    hs_measure_opts o = HS_MEASURE_OPTS_INIT;
    if (opts) {
        o = *opts;
    }
    if (!out || !c || !(o.alpha > 0.0 && o.alpha < 1.0) || !whole(c->target_before) ||
        !whole(c->target_after) || !(c->days_before > 0.0) || !(c->days_after > 0.0)) {
        return HS_EINVAL;
    }
    int has_control = !isnan(c->control_before) || !isnan(c->control_after);
    int has_buffer = !isnan(c->buffer_before) || !isnan(c->buffer_after);
    if ((has_control && (!whole(c->control_before) || !whole(c->control_after))) ||
        (has_buffer && (!whole(c->buffer_before) || !whole(c->buffer_after)))) {
        return HS_EINVAL;
    }
    hs_measure_result r = {0};
    double tb = c->target_before, ta = c->target_after;
    double cb = has_control ? c->control_before : c->days_before;
    double ca = has_control ? c->control_after : c->days_after;
    /* without a control the "control" is the exposure: the days of each period, with no variance */
    r.res_adjusted = tb == 0.0 || ta == 0.0 || (has_control && (cb == 0.0 || ca == 0.0));
    double h = r.res_adjusted ? 0.5 : 0.0;
    double hc = has_control ? h : 0.0;
    double tb_ = tb + h, ta_ = ta + h, cb_ = cb + hc, ca_ = ca + hc;
    r.res = (tb_ * ca_) / (ta_ * cb_);
    r.log_var = 1.0 / tb_ + 1.0 / ta_ + (has_control ? 1.0 / cb_ + 1.0 / ca_ : 0.0);
    double z = norm_quantile(1.0 - o.alpha / 2.0);
    double half = z * sqrt(r.log_var);
    r.res_lo = exp(log(r.res) - half);
    r.res_hi = exp(log(r.res) + half);
    int rc;
    if (has_control) {
        rc = hs_fisher_test(&r.p, (int64_t)tb, (int64_t)ta, (int64_t)cb, (int64_t)ca);
    } else {
        rc = hs_binom_test(&r.p, (int64_t)ta, (int64_t)(tb + ta),
                           c->days_after / (c->days_before + c->days_after));
    }
    if (rc != HS_OK) {
        return rc;
    }
    r.sm = r.bm = r.wdq = r.tne = NAN;
    if (has_control && tb > 0.0 && cb > 0.0) {
        r.sm = ta / tb - ca / cb;
        if (has_buffer && c->buffer_before > 0.0) {
            r.bm = c->buffer_after / c->buffer_before - ca / cb;
            if (r.sm < 0.0) {
                r.wdq = r.bm / r.sm;
            }
        }
        r.tne = tb * ca / cb - ta;
        if (has_buffer) {
            r.tne += c->buffer_before * ca / cb - c->buffer_after;
        }
    }
    r.wdq_class = wdq_class_of(r.wdq);
    if (tb + ta < (double)o.min_count) {
        r.verdict = HS_MEASURE_TOO_FEW;
    } else if (r.p < o.alpha && r.res_lo > 1.0) {
        r.verdict = HS_MEASURE_DECREASE;
    } else if (r.p < o.alpha && r.res_hi < 1.0) {
        r.verdict = HS_MEASURE_INCREASE;
    } else {
        r.verdict = HS_MEASURE_NO_CHANGE;
    }
    *out = r;
    return HS_OK;
}

const char *hs_measure_verdict_text(hs_measure_verdict v, const char *lang)
{
    int en = lang && lang[0] == 'e';
    switch (v) {
    case HS_MEASURE_DECREASE:
        return en ? "likely decrease" : "sannolikt minskning";
    case HS_MEASURE_INCREASE:
        return en ? "likely increase" : "sannolikt ökning";
    case HS_MEASURE_TOO_FEW:
        return en ? "too few incidents to judge" : "för få händelser för att bedöma";
    case HS_MEASURE_NO_CHANGE:
    default:
        return en ? "no certain change" : "ingen säker förändring";
    }
}

const char *hs_measure_verdict_key(hs_measure_verdict v)
{
    static const char *const k[] = {"no_change", "decrease", "increase", "too_few"};
    return (unsigned)v < 4 ? k[v] : "no_change";
}

const char *hs_wdq_class_text(hs_wdq_class c, const char *lang)
{
    int en = lang && lang[0] == 'e';
    switch (c) {
    case HS_WDQ_DIFFUSION_GREATER:
        return en ? "diffusion of benefits greater than the direct effect"
                  : "spridning av nytta till närområdet, större än den direkta effekten";
    case HS_WDQ_DIFFUSION:
        return en ? "diffusion of benefits to the buffer" : "spridning av nytta till närområdet";
    case HS_WDQ_NEUTRAL:
        return en ? "neither displacement nor diffusion" : "varken förflyttning eller spridning";
    case HS_WDQ_DISPLACEMENT:
        return en ? "displacement, smaller than the direct effect"
                  : "förflyttning till närområdet, mindre än den direkta effekten";
    case HS_WDQ_DISPLACEMENT_GREATER:
        return en ? "displacement greater than the direct effect"
                  : "förflyttning till närområdet, större än den direkta effekten";
    case HS_WDQ_NONE:
    default:
        return en ? "not defined (no relative decrease in the area)"
                  : "ej definierad (ingen relativ minskning i området)";
    }
}

const char *hs_wdq_class_key(hs_wdq_class c)
{
    static const char *const k[] = {"none",    "diffusion_greater", "diffusion",
                                    "neutral", "displacement",      "displacement_greater"};
    return (unsigned)c < 6 ? k[c] : "none";
}
