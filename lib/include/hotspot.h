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
#include "hotspot/tz.h"
#include "hotspot/grid.h"
#include "hotspot/areas.h"
#include "hotspot/ingest.h"
#include "hotspot/gpkg.h"

#endif
