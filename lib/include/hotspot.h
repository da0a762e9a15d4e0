/*
 * hotspot: where and when crime and insecurity concentrate in a Swedish municipality.
 * The umbrella header: include this one. Each module has its own header under hotspot/.
 */
#ifndef HOTSPOT_H
#define HOTSPOT_H

#include "hotspot/common.h"
#include "hotspot/types.h"
#include "hotspot/ctx.h"
#include "hotspot/records.h"
#include "hotspot/crs.h"
#include "hotspot/tz.h"
#include "hotspot/temporal.h"
#include "hotspot/calendar.h"
#include "hotspot/concentrations.h"
#include "hotspot/grid.h"
#include "hotspot/areas.h"
#include "hotspot/kommun.h"
#include "hotspot/gridclip.h"
#include "hotspot/population.h"
#include "hotspot/kde.h"
#include "hotspot/aggregate.h"
#include "hotspot/ingest.h"
#include "hotspot/catmap.h"
#include "hotspot/privacy.h"
#include "hotspot/gpkg.h"
#include "hotspot/stats.h"
#include "hotspot/gistar.h"
#include "hotspot/moran.h"
#include "hotspot/change.h"
#include "hotspot/measure.h"
#include "hotspot/emerging.h"
#include "hotspot/knox.h"
#include "hotspot/lorenz.h"
#include "hotspot/network.h"
#include "hotspot/segments.h"
#include "hotspot/geocode.h"
#include "hotspot/project.h"
#include "hotspot/compare.h"
#include "hotspot/build.h"
#include "hotspot/layers.h"
#include "hotspot/style.h"
#include "hotspot/render.h"
#include "hotspot/chart.h"
#include "hotspot/report.h"
#include "hotspot/postgis.h"

#endif
