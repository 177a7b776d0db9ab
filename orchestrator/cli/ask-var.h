/*
 * ask-var.h - asking the person at the terminal for an -e value a resumed
 * run needs again, without echoing it (it may be a secret).
 */
#ifndef CREST_ASK_VAR_H
#define CREST_ASK_VAR_H

/* run_session_output's ask_var: when standard input is a terminal, asks
 * for name's value on it with echo off and sets *value (caller frees).
 * Returns 0, or -1 when there is no terminal or nothing was typed. */
int ask_var_tty(void *data, const char *run_id, const char *name, char **value);

#endif
