/*
 * Private to the temporal module and its users: hour-of-week windows, their masks and their
 * Swedish labels (temporal_window.c). Plain C; includes only the core.
 */
#ifndef HS_TEMPORAL_PRIVATE_H
#define HS_TEMPORAL_PRIVATE_H

#include "core/hs_internal.h"

/** Hour-of-week mask of a window: start days (bit d = weekday d+1), first hour, length in hours. */
HS_INTERNAL void hs__window_mask(uint8_t *mask, unsigned days, int start, int len);
/** Swedish label of a window, e.g. "fre–lör 22–03" (UTF-8). */
HS_INTERNAL void hs__window_label(char *buf, size_t size, unsigned days, int start, int len);

#endif
