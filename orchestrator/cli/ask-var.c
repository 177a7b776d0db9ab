/*
 * ask-var.c - reading an -e value from the terminal with echo off; see
 * ask-var.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "ask-var.h"

/* Asks for one value on the terminal. */
int ask_var_tty(void *data, const char *run_id, const char *name, char **value)
{
	struct termios saved, quiet;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int restore = 0, ret = -1;

	if (!isatty(STDIN_FILENO) || !isatty(STDERR_FILENO))
		goto out;
	/* Echo goes off before the prompt asks, so nothing typed shows. */
	if (tcgetattr(STDIN_FILENO, &saved) == 0) {
		quiet = saved;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		restore = tcsetattr(STDIN_FILENO, TCSANOW, &quiet) == 0;
	}
	fprintf(stderr,
		"run %s was started with -e %s, whose value the journal "
		"does not hold.\n%s (not shown): ",
		run_id, name, name);
	fflush(stderr);
	n = getline(&line, &cap, stdin);
	if (restore)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved);
	fputc('\n', stderr);
	if (n <= 0)
		goto out;
	if (line[n - 1] == '\n')
		line[--n] = '\0';
	*value = line;
	line = NULL;
	ret = 0;
out:
	if (line) {
		memset(line, 0, cap);
		free(line);
	}
	return ret;
}
