/*
 * timeline.c - a run's timeline as inline SVG (timeline.h).
 *
 * The x axis is the run's time, from run_start to its last event, with
 * ticks at a round step (1 s to 1 h) relative to the start; the y axis is
 * the hosts, one row each, under a heading per wave.  Periods (soak,
 * rollback) are drawn first, across every row, so the bars stay on top.
 * A bar is at least 2 px wide, so a task of a few milliseconds still
 * shows.  Every name and error goes through html_escape().
 */
#include <stdint.h>
#include <string.h>

#include "timeline.h"
#include "html.h"

#define LABEL_W 170 /* the host names' column */
#define PLOT_X (LABEL_W + 10)
#define PLOT_W (TIMELINE_WIDTH - PLOT_X - 20)
#define BAR_H 10
#define LABEL_MAX 24 /* longer host names are cut, the whole in <title> */

/* Maps an instant to its x coordinate. */
static double x_of(const struct run_view *v, int64_t t)
{
	int64_t span = v->end_ms - v->start_ms;

	if (span < 1000)
		span = 1000;
	if (t < v->start_ms)
		t = v->start_ms;
	return PLOT_X + (double)(t - v->start_ms) * PLOT_W / (double)span;
}

/* Appends a duration in the user's words: "450 ms", "12.3 s", "4 m 05 s". */
static void add_duration(struct buf *b, int64_t ms)
{
	if (ms < 0)
		ms = 0;
	if (ms < 1000)
		buf_addf(b, "%lld ms", (long long)ms);
	else if (ms < 60000)
		buf_addf(b, "%.1f s", (double)ms / 1000);
	else
		buf_addf(b, "%lld m %02lld s", (long long)(ms / 60000),
			 (long long)(ms / 1000 % 60));
}

/* Returns the number of rows of wave w's group. */
static size_t wave_rows(const struct run_view *v, unsigned play, unsigned wave)
{
	size_t i, n = 0;

	for (i = 0; i < v->n_hosts; i++)
		if (v->hosts[i].play == play && v->hosts[i].wave == wave)
			n++;
	return n;
}

/* Returns how many hosts are in no wave (a journal without a plan). */
static size_t loose_rows(const struct run_view *v)
{
	size_t i, n = 0;

	for (i = 0; i < v->n_hosts; i++)
		if (v->hosts[i].wave == 0)
			n++;
	return n;
}

/* Computes the picture's height. */
unsigned timeline_height(const struct run_view *v)
{
	unsigned h = TIMELINE_AXIS + TIMELINE_BOTTOM;
	size_t i;

	for (i = 0; i < v->n_waves; i++)
		h += TIMELINE_WAVE_HEAD +
		     TIMELINE_ROW * (unsigned)wave_rows(v, v->waves[i].play,
							v->waves[i].wave);
	if (loose_rows(v))
		h += TIMELINE_WAVE_HEAD +
		     TIMELINE_ROW * (unsigned)loose_rows(v);
	return h;
}

/* Draws the time axis: ticks at a round step, a grid line each. */
static void draw_axis(struct buf *b, const struct run_view *v, unsigned height)
{
	static const int64_t steps[] = {1000,	 2000,	  5000,	   10000,
					15000,	 30000,	  60000,   120000,
					300000,	 600000,  900000,  1800000,
					3600000, 7200000, 21600000};
	int64_t span = v->end_ms - v->start_ms, step = steps[0], t;
	size_t i;

	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		step = steps[i];
		if (span / step <= 10)
			break;
	}
	buf_adds(b, "<g class=\"axis\">\n");
	for (t = 0; t <= span; t += step) {
		double x = x_of(v, v->start_ms + t);

		buf_addf(b,
			 "<line class=\"grid\" x1=\"%.1f\" y1=\"%d\" "
			 "x2=\"%.1f\" y2=\"%u\"/>",
			 x, TIMELINE_AXIS - 6, x, height - TIMELINE_BOTTOM);
		if (t < 60000)
			buf_addf(b,
				 "<text x=\"%.1f\" y=\"%d\" "
				 "text-anchor=\"middle\">+%llds</text>\n",
				 x, TIMELINE_AXIS - 10, (long long)(t / 1000));
		else
			buf_addf(
				b,
				"<text x=\"%.1f\" y=\"%d\" "
				"text-anchor=\"middle\">+%lldm%02llds</text>\n",
				x, TIMELINE_AXIS - 10, (long long)(t / 60000),
				(long long)(t / 1000 % 60));
	}
	buf_adds(b, "</g>\n");
}

/* Shades the soaks and rollbacks across every row. */
static void draw_periods(struct buf *b, const struct run_view *v,
			 unsigned height)
{
	size_t i;

	for (i = 0; i < v->n_periods; i++) {
		const struct view_period *p = &v->periods[i];
		double x0 = x_of(v, p->start_ms), x1 = x_of(v, p->end_ms);

		if (x1 - x0 < 2)
			x1 = x0 + 2;
		buf_addf(b,
			 "<rect class=\"period p-%s\" data-kind=\"%s\" "
			 "data-play=\"%u\" data-wave=\"%u\" x=\"%.1f\" "
			 "y=\"%d\" width=\"%.1f\" height=\"%u\">"
			 "<title>%s %s%u: ",
			 p->kind, p->kind, p->play, p->wave, x0, TIMELINE_AXIS,
			 x1 - x0, height - TIMELINE_AXIS - TIMELINE_BOTTOM,
			 p->kind, p->wave ? "after wave " : "crest rollback ",
			 p->wave);
		add_duration(b, p->end_ms - p->start_ms);
		buf_addf(b,
			 "</title></rect>\n<text class=\"plabel\" x=\"%.1f\" "
			 "y=\"%d\">%s</text>\n",
			 x0 + 2, TIMELINE_AXIS + 9, p->kind);
	}
}

/* Draws one bar of a host's row. */
static void draw_bar(struct buf *b, const struct run_view *v,
		     const struct view_host *h, const struct view_bar *bar,
		     unsigned y)
{
	int64_t end = bar->end_ms >= 0 ? bar->end_ms : v->end_ms;
	double x0 = x_of(v, bar->start_ms), x1 = x_of(v, end);

	if (x1 - x0 < 2)
		x1 = x0 + 2;
	buf_addf(b,
		 "<rect class=\"bar o-%s%s\" data-task=\"%u\" "
		 "data-outcome=\"%s\" x=\"%.1f\" y=\"%u\" width=\"%.1f\" "
		 "height=\"%d\"><title>",
		 bar->outcome, bar->revert ? " revert" : "", bar->task + 1,
		 bar->outcome, x0, y + (TIMELINE_ROW - BAR_H) / 2, x1 - x0,
		 BAR_H);
	html_escape(b, h->name);
	buf_addf(b, ": %stask %u ", bar->revert ? "revert of " : "",
		 bar->task + 1);
	html_escape(b, bar->name);
	buf_addf(b, ", %s, ", bar->outcome);
	add_duration(b, end - bar->start_ms);
	buf_adds(b, "</title></rect>");
}

/* Draws one host's row: its name, its span, its bars. */
static void draw_host(struct buf *b, const struct run_view *v,
		      const struct view_host *h, unsigned y, int odd)
{
	size_t i, len = strlen(h->name);

	buf_adds(b, "<g class=\"host\" data-host=\"");
	html_escape(b, h->name);
	buf_addf(b, "\" data-play=\"%u\" data-wave=\"%u\" data-outcome=\"%s\">",
		 h->play, h->wave, h->outcome);
	if (odd)
		buf_addf(b,
			 "<rect x=\"0\" y=\"%u\" width=\"%d\" height=\"%d\" "
			 "fill=\"#fafafa\"/>",
			 y, TIMELINE_WIDTH, TIMELINE_ROW);
	buf_addf(b,
		 "<rect class=\"o-%s\" x=\"4\" y=\"%u\" width=\"6\" "
		 "height=\"%d\"/>",
		 h->outcome, y + 3, TIMELINE_ROW - 6);
	buf_addf(b, "<text x=\"14\" y=\"%u\"><title>", y + TIMELINE_ROW - 4);
	html_escape(b, h->name);
	buf_addf(b, ": %s", h->outcome);
	if (h->error) {
		buf_adds(b, ": ");
		html_escape(b, h->error);
	}
	buf_adds(b, "</title>");
	if (len > LABEL_MAX) {
		struct buf cut = BUF_INIT;

		buf_add(&cut, h->name, LABEL_MAX - 1);
		/* Not inside a UTF-8 sequence: html_escape() would mark a
		 * cut one as invalid. */
		while (cut.len &&
		       ((unsigned char)cut.data[cut.len - 1] & 0xc0) == 0x80)
			buf_truncate(&cut, cut.len - 1);
		if (cut.len && (unsigned char)cut.data[cut.len - 1] >= 0xc0)
			buf_truncate(&cut, cut.len - 1);
		html_escape(b, cut.data);
		buf_adds(b, "\xe2\x80\xa6");
		buf_release(&cut);
	} else {
		html_escape(b, h->name);
	}
	buf_adds(b, "</text>");
	if (h->start_ms >= 0)
		buf_addf(b,
			 "<line class=\"span\" x1=\"%.1f\" y1=\"%u\" "
			 "x2=\"%.1f\" y2=\"%u\"/>",
			 x_of(v, h->start_ms), y + TIMELINE_ROW / 2,
			 x_of(v, h->end_ms >= 0 ? h->end_ms : v->end_ms),
			 y + TIMELINE_ROW / 2);
	if (h->n_bars == 0 && h->start_ms >= 0) {
		/* Nothing ran (unreachable): the host's own span as a bar. */
		struct view_bar whole = {h->start_ms, h->end_ms,  0,
					 "connect",   h->outcome, 0};

		draw_bar(b, v, h, &whole, y);
	}
	for (i = 0; i < h->n_bars; i++)
		draw_bar(b, v, h, &h->bars[i], y);
	buf_adds(b, "</g>\n");
}

/* Draws one wave's heading and rows; returns the y below them. */
static unsigned draw_wave(struct buf *b, const struct run_view *v,
			  const struct view_wave *w, unsigned y)
{
	size_t i;
	int odd = 0;

	buf_addf(b, "<g class=\"wave\" data-play=\"%u\" data-wave=\"%u\">\n",
		 w ? w->play : 0, w ? w->wave : 0);
	buf_addf(b,
		 "<g class=\"wavehead\"><line x1=\"0\" y1=\"%u\" x2=\"%d\" "
		 "y2=\"%u\" stroke=\"#999\"/><text x=\"4\" y=\"%u\">",
		 y, TIMELINE_WIDTH, y, y + 15);
	if (w == NULL) {
		buf_adds(b, "hosts in no wave");
	} else {
		if (v->n_plays > 1)
			buf_addf(b, "play %u, ", w->play);
		buf_addf(b, "wave %u: %zu host%s", w->wave, w->hosts,
			 w->hosts == 1 ? "" : "s");
		if (w->budget >= 0)
			buf_addf(b, ", tolerates %ld failure%s", w->budget,
				 w->budget == 1 ? "" : "s");
		if (w->start_ms < 0)
			buf_adds(b, ", not started");
		else if (w->ok >= 0)
			buf_addf(b, ", %ld ok, %ld failed%s", w->ok, w->failed,
				 w->exceeded ? ", over budget" : "");
		if (w->rollback)
			buf_addf(b, ", rolled back%s",
				 strcmp(w->rollback, "ok") == 0
					 ? ""
					 : " (a revert failed)");
	}
	buf_adds(b, "</text></g>\n");
	y += TIMELINE_WAVE_HEAD;
	for (i = 0; i < v->n_hosts; i++) {
		const struct view_host *h = &v->hosts[i];

		if (w ? h->play != w->play || h->wave != w->wave : h->wave != 0)
			continue;
		draw_host(b, v, h, y, odd);
		odd = !odd;
		y += TIMELINE_ROW;
	}
	buf_adds(b, "</g>\n");
	return y;
}

/* Draws the whole picture. */
void timeline_svg(struct buf *b, const struct run_view *v)
{
	unsigned height = timeline_height(v), y = TIMELINE_AXIS;
	size_t i;

	buf_addf(b,
		 "<svg class=\"timeline\" "
		 "role=\"img\" width=\"%d\" height=\"%u\" "
		 "viewBox=\"0 0 %d %u\" data-hosts=\"%zu\" "
		 "data-waves=\"%zu\">\n<title>timeline of run ",
		 TIMELINE_WIDTH, height, TIMELINE_WIDTH, height, v->n_hosts,
		 v->n_waves);
	html_escape(b, v->run_id);
	buf_adds(b, "</title>\n");
	draw_axis(b, v, height);
	draw_periods(b, v, height);
	for (i = 0; i < v->n_waves; i++)
		y = draw_wave(b, v, &v->waves[i], y);
	if (loose_rows(v))
		draw_wave(b, v, NULL, y);
	buf_adds(b, "</svg>\n");
}
