/*
 * timeline.h - a run's timeline as inline SVG: hosts as rows against time,
 * grouped by wave, each task a bar coloured by its outcome, the soaks and
 * rollbacks shaded across the rows.
 *
 * The SVG's elements carry what a test (or a person with the browser's
 * inspector) looks for: each wave a <g class="wave" data-wave="N"
 * data-play="P">, each host a <g class="host" data-host="NAME"
 * data-wave="N" data-outcome="OUTCOME">, each bar a <rect class="bar
 * o-OUTCOME" data-task="N" data-outcome="OUTCOME">, each period a <rect
 * class="period p-soak|p-rollback" data-wave="N">.  Rows keep their height
 * however many hosts there are; the picture grows downwards.
 */
#ifndef CREST_TIMELINE_H
#define CREST_TIMELINE_H

#include "base/buf.h"
#include "run-view.h"

/* Row geometry, in pixels (the unit tests check the height from them). */
#define TIMELINE_WIDTH 1200
#define TIMELINE_AXIS 30
#define TIMELINE_ROW 16
#define TIMELINE_WAVE_HEAD 22
#define TIMELINE_BOTTOM 10

/* Appends the <svg> of v's timeline to b. */
void timeline_svg(struct buf *b, const struct run_view *v);

/* Returns the height timeline_svg() gives v's picture. */
unsigned timeline_height(const struct run_view *v);

#endif
