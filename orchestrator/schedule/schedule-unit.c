/*
 * schedule-unit.c - writing crest's systemd units; see schedule-unit.h.
 */
#include <stdlib.h>
#include <string.h>

#include "schedule-unit.h"
#include "base/xmalloc.h"

/* Makes the unit name of a playbook path. */
void schedule_unit_name(const char *playbook, struct buf *out)
{
	size_t len = strlen(playbook), i;

	if (len > 4 && strcmp(playbook + len - 4, ".yml") == 0)
		len -= 4;
	else if (len > 5 && strcmp(playbook + len - 5, ".yaml") == 0)
		len -= 5;
	buf_adds(out, "crest-");
	for (i = 0; i < len; i++) {
		char c = playbook[i];

		if (c == '/')
			buf_addch(out, '-');
		else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			 (c >= '0' && c <= '9') || c == '_' || c == '.' ||
			 c == '-')
			buf_addch(out, c);
		else
			buf_addch(out, '_');
	}
}

/* Appends one ExecStart= word, after a blank unless it is the first:
 * quoted when it holds blanks, '%' doubled (systemd's specifiers). */
static int add_word(struct buf *out, const char *word, struct error *err)
{
	int quote = strpbrk(word, " \t") != NULL;
	const char *p;

	if (strpbrk(word, "\"'\\\n;$") != NULL)
		return error_set(err, ERROR_INVALID,
				 "'%s' cannot go into a systemd unit (quotes, "
				 "backslashes, ';' and '$' are not written)",
				 word);
	if (out->len > 0 && out->data[out->len - 1] != '=')
		buf_addch(out, ' ');
	if (quote)
		buf_addch(out, '"');
	for (p = word; *p; p++) {
		if (*p == '%')
			buf_addch(out, '%');
		buf_addch(out, *p);
	}
	if (quote)
		buf_addch(out, '"');
	return 0;
}

/* Writes the service. */
int schedule_unit_service(const struct schedule_unit *u, struct buf *out,
			  struct error *err)
{
	buf_addf(out,
		 "# Written by 'crest schedule install'; "
		 "'crest schedule remove %s' deletes it.\n"
		 "[Unit]\n"
		 "Description=crest run %s (window %s)\n"
		 "Wants=network-online.target\n"
		 "After=network-online.target\n"
		 "\n"
		 "[Service]\n"
		 "Type=oneshot\n"
		 "# 5: outside the window, or paused until the next one.\n"
		 "SuccessExitStatus=5\n"
		 "ExecStart=",
		 u->playbook, u->playbook, u->window->name);
	if (add_word(out, u->crest, err) < 0)
		return -1;
	buf_adds(out, " run");
	if (add_word(out, u->playbook, err) < 0 ||
	    add_word(out, "--repo", err) < 0 || add_word(out, u->repo, err) < 0)
		return -1;
	if (u->ref &&
	    (add_word(out, "--ref", err) < 0 || add_word(out, u->ref, err) < 0))
		return -1;
	if (u->inventory && (add_word(out, "-i", err) < 0 ||
			     add_word(out, u->inventory, err) < 0))
		return -1;
	if (add_word(out, "--state-dir", err) < 0 ||
	    add_word(out, u->state_dir, err) < 0)
		return -1;
	buf_adds(out, "\n");
	return 0;
}

/* Writes the timer. */
void schedule_unit_timer(const struct schedule_unit *u, const char *service,
			 struct buf *out)
{
	buf_addf(out,
		 "# Written by 'crest schedule install'; "
		 "'crest schedule remove %s' deletes it.\n"
		 "# crest-playbook: %s\n"
		 "# crest-window: %s\n"
		 "# crest-state-dir: %s\n"
		 "[Unit]\n"
		 "Description=crest window %s for %s\n"
		 "\n"
		 "[Timer]\n"
		 "OnCalendar=",
		 u->playbook, u->playbook, u->window->name, u->state_dir,
		 u->window->name, u->playbook);
	calendar_format(u->window->cal, out);
	buf_addf(out,
		 "\n"
		 "Persistent=true\n"
		 "AccuracySec=1s\n"
		 "Unit=%s\n"
		 "\n"
		 "[Install]\n"
		 "WantedBy=timers.target\n",
		 service);
}

/* Finds "# crest-KEY: VALUE" on a line of its own. */
char *schedule_unit_comment(const char *text, const char *key)
{
	size_t klen = strlen(key);
	const char *line = text, *end;

	while (line && *line) {
		end = strchr(line, '\n');
		if (strncmp(line, "# crest-", 8) == 0 &&
		    strncmp(line + 8, key, klen) == 0 &&
		    strncmp(line + 8 + klen, ": ", 2) == 0) {
			line += 8 + klen + 2;
			return end ? xstrndup(line, (size_t)(end - line))
				   : xstrdup(line);
		}
		line = end ? end + 1 : NULL;
	}
	return NULL;
}
