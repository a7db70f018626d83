/* SPDX-License-Identifier: MIT */
/*
 * heap.h - heap accounting of the firmware example (startup.c wraps the C library's malloc
 * family): bytes live now and the most live at once since the last heap_reset_peak. Block
 * headers and the allocator's own overhead are not counted: these are the bytes asked for.
 */
#ifndef MUTLS_FW_HEAP_H
#define MUTLS_FW_HEAP_H

#include <stddef.h>

typedef struct heap_stats {
    size_t live;
    size_t peak;
} heap_stats;

heap_stats heap_get(void);
void heap_reset_peak(void);

#endif
