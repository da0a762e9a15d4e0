/*
 * The named place a report names for a point: the nearest point place, or the area around it.
 */
#include "core/hs_internal.h"
#include "report/report.h"

#include <math.h>

int hs__report_nearest_place(const hs__report_data *d, double x, double y, int *inside)
{
    int best = -1;
    double beff = 0;
    for (size_t i = 0; isfinite(x) && isfinite(y) && i < d->nplaces; i++) {
        const hs__report_place *p = &d->places[i];
        double dx = fmax(fabs(x - p->x) - p->hw, 0), dy = fmax(fabs(y - p->y) - p->hh, 0);
        double dd = sqrt(dx * dx + dy * dy);
        /* an area counts as a quarter of its side farther away than its edge, so a place
         * close by beats the district around it, and the smaller of two areas wins */
        double eff = dd + 0.5 * sqrt(p->hw * p->hh);
        if (dd <= 1000.0 && (best < 0 || eff < beff)) {
            best = (int)i;
            beff = eff;
        }
    }
    if (inside) {
        *inside = best >= 0 && fabs(x - d->places[best].x) <= d->places[best].hw &&
                  fabs(y - d->places[best].y) <= d->places[best].hh && d->places[best].hw > 0;
    }
    return best;
}
