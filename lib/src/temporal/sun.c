/*
 * Sunrise and sunset from NOAA's solar position equations (the NOAA Global Monitoring Laboratory
 * solar calculator, after Meeus): solar declination and the equation of time from the Julian
 * century, the hour angle at zenith 90.833° (upper limb, standard refraction), evaluated once at
 * local solar noon and once more at each event for accuracy within a minute at Swedish latitudes.
 * Plain libm; no time zones here (results are UTC).
 */
#include "core/hs_internal.h"

#include <math.h>

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif
#define DEG (M_PI / 180.0)

/* Declination (radians) and equation of time (minutes) at Julian day jd. */
static void solar(double *decl, double *eot, double jd)
{
    double t = (jd - 2451545.0) / 36525.0;
    double l0 = fmod(280.46646 + t * (36000.76983 + t * 0.0003032), 360.0);
    double m = 357.52911 + t * (35999.05029 - 0.0001537 * t);
    double e = 0.016708634 - t * (0.000042037 + 0.0000001267 * t);
    double c = sin(m * DEG) * (1.914602 - t * (0.004817 + 0.000014 * t)) +
               sin(2 * m * DEG) * (0.019993 - 0.000101 * t) + sin(3 * m * DEG) * 0.000289;
    double omega = 125.04 - 1934.136 * t;
    double app = l0 + c - 0.00569 - 0.00478 * sin(omega * DEG);
    double eps0 =
        23.0 + (26.0 + (21.448 - t * (46.815 + t * (0.00059 - t * 0.001813))) / 60.0) / 60.0;
    double eps = eps0 + 0.00256 * cos(omega * DEG);
    *decl = asin(sin(eps * DEG) * sin(app * DEG));
    double y = tan(eps * DEG / 2.0);
    y *= y;
    double l0r = l0 * DEG;
    double mr = m * DEG;
    double eq = y * sin(2 * l0r) - 2 * e * sin(mr) + 4 * e * y * sin(mr) * cos(2 * l0r) -
                0.5 * y * y * sin(4 * l0r) - 1.25 * e * e * sin(2 * mr);
    *eot = 4.0 * eq / DEG;
}

/* cos of the hour angle at the horizon event; outside [-1, 1] when the sun does not cross. */
static double cos_ha(double lat, double decl)
{
    return cos(90.833 * DEG) / (cos(lat * DEG) * cos(decl)) - tan(lat * DEG) * tan(decl);
}

/* Minutes after 00:00 UTC of the event (sign -1 sunrise, +1 sunset), refined once. */
static int event_minutes(double *out, double jd0, double lat, double lon, int sign)
{
    double decl, eot;
    double minutes = 720.0 - 4.0 * lon; /* first guess: solar noon */
    for (int pass = 0; pass < 3; pass++) {
        solar(&decl, &eot, jd0 + minutes / 1440.0);
        double ch = cos_ha(lat, decl);
        if (ch > 1.0) {
            return HS_SUN_POLAR_NIGHT;
        }
        if (ch < -1.0) {
            return HS_SUN_MIDNIGHT_SUN;
        }
        double ha = acos(ch) / DEG;
        minutes = 720.0 - 4.0 * (lon - sign * ha) - eot;
    }
    *out = minutes;
    return HS_SUN_NORMAL;
}

int hs_sun_times(int64_t *rise, int64_t *set, int64_t y, int m, int d, double lat, double lon)
{
    int64_t days = hs_days_from_civil(y, m, d);
    int64_t day0 = days * 86400;
    double jd0 = 2440587.5 + (double)days; /* Julian day at 00:00 UTC */
    double r = 0.0;
    double s = 0.0;
    int kr = event_minutes(&r, jd0, lat, lon, -1);
    int ks = event_minutes(&s, jd0, lat, lon, +1);
    if (kr != HS_SUN_NORMAL || ks != HS_SUN_NORMAL) {
        /* decide by the sun at solar noon */
        double decl, eot;
        solar(&decl, &eot, jd0 + (720.0 - 4.0 * lon) / 1440.0);
        int kind = cos_ha(lat, decl) > 1.0 ? HS_SUN_POLAR_NIGHT : HS_SUN_MIDNIGHT_SUN;
        if (rise) {
            *rise = day0;
        }
        if (set) {
            *set = day0;
        }
        return kind;
    }
    if (rise) {
        *rise = day0 + (int64_t)llround(r * 60.0);
    }
    if (set) {
        *set = day0 + (int64_t)llround(s * 60.0);
    }
    return HS_SUN_NORMAL;
}
