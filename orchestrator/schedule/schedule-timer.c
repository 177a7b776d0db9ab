/*
 * schedule-timer.c - reading back the timers in a unit directory; see
 * schedule-timer.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/dir-list.h"
#include "base/xmalloc.h"
#include "calendar.h"
#include "schedule-timer.h"
#include "schedule-unit.h"
#include "timestamp.h"

/* Says whether a directory entry ending in ".timer" is one of crest's. */
static int schedule_timer_is_ours(const char *name, void *data)
{
	(void)data;
	return strncmp(name, "crest-", 6) == 0;
}

/* Scans dir for crest-*.timer. */
int schedule_timer_names(const char *dir, char ***names, size_t *n,
			 struct error *err)
{
	struct dir_list list = DIR_LIST_INIT;

	if (dir_list_read(&list, dir, ".timer", 0, schedule_timer_is_ours, NULL,
			  err) < 0)
		return -1;
	*names = list.names;
	*n = list.n_names;
	return 0;
}

/* Frees the names. */
void schedule_timer_names_free(char **names, size_t n)
{
	size_t i;

	if (names == NULL)
		return;
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* Formats the next elapse of the timer's OnCalendar=, if any. */
static char *schedule_timer_next(const char *text, time_t now)
{
	const char *line = strstr(text, "\nOnCalendar=");
	struct calendar *cal = NULL;
	struct error err = ERROR_INIT;
	struct buf next = BUF_INIT;
	char *expr;
	time_t at;

	if (line == NULL)
		return NULL;
	line += strlen("\nOnCalendar=");
	expr = xstrndup(line, strcspn(line, "\n"));
	if (calendar_parse(expr, NULL, &cal, &err) == 0 &&
	    calendar_next(cal, now, &at) == 0)
		timestamp_format((int64_t)at, calendar_zone(cal), &next);
	calendar_free(cal);
	error_release(&err);
	free(expr);
	if (next.len == 0) {
		buf_release(&next);
		return NULL;
	}
	return buf_detach(&next, NULL);
}

/* Reads one timer file. */
int schedule_timer_read(const char *dir, const char *file, time_t now,
			struct schedule_timer *t)
{
	char *path = xasprintf("%s/%s", dir, file);
	char *text = NULL;
	size_t cap = 0;
	ssize_t len = -1;
	FILE *f = fopen(path, "r");

	memset(t, 0, sizeof(*t));
	if (f) {
		len = getdelim(&text, &cap, '\0', f);
		fclose(f);
	}
	if (len >= 0) {
		t->playbook = schedule_unit_comment(text, "playbook");
		t->window = schedule_unit_comment(text, "window");
		t->state_dir = schedule_unit_comment(text, "state-dir");
		t->next = schedule_timer_next(text, now);
	}
	free(text);
	free(path);
	return len < 0 ? -1 : 0;
}

/* Frees the timer's strings. */
void schedule_timer_release(struct schedule_timer *t)
{
	free(t->playbook);
	free(t->window);
	free(t->state_dir);
	free(t->next);
	memset(t, 0, sizeof(*t));
}
