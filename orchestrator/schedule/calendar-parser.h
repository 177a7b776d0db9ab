/*
 * calendar-parser.h - what the files that parse calendar expressions
 * share: the cursor over the expression, error reporting, and the lists
 * of the fields.  Internal to calendar.c, calendar-parser.c and
 * calendar-list.c; everyone else uses calendar.h.
 */
#ifndef CREST_CALENDAR_PARSER_H
#define CREST_CALENDAR_PARSER_H

#include <stddef.h>

#include "calendar.h"

/* A range as written, with where its numbers start in the expression. */
struct calendar_raw_range {
	struct calendar_range r;
	size_t at_start, at_stop, at_repeat;
};

/* A field's list as written; any is set for "*". */
struct calendar_raw_list {
	struct calendar_raw_range *v;
	size_t n;
	int any;
	size_t at; /* where the list starts */
};

struct calendar_parser {
	const char *expr; /* the whole expression */
	size_t pos;	  /* the next byte to read */
	size_t end;	  /* where the part before the zone ends */
	size_t zone_word; /* start of a last word that failed as a zone, or 0 */
	const struct calendar_origin *origin;
	struct error *err;
	struct calendar *cal;
};

/* Returns c in lower case, for ASCII only (no locale). */
int calendar_parser_lower(int c);

/* Tells whether the n bytes at s equal word, ignoring ASCII case. */
int calendar_parser_word_is(const char *s, size_t n, const char *word);

/* Tells ASCII digits, without the locale isdigit() consults. */
int calendar_parser_digit(char c);

/* Tells ASCII letters. */
int calendar_parser_letter(char c);

/* Returns the byte at i, or '\0' at or past the end of the part. */
char calendar_parser_at(const struct calendar_parser *p, size_t i);

/* Returns the length of the word at i: up to a space or the end. */
size_t calendar_parser_word_length(const struct calendar_parser *p, size_t i);

/* Records an ERROR_INVALID at byte offset where of the expression, with
 * the column; returns -1. */
int calendar_parser_fail(struct calendar_parser *p, size_t where,
			 const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Records that expected was wanted at i, showing what stands there (or
 * that the last word is an unknown zone); returns -1. */
int calendar_parser_unexpected(struct calendar_parser *p, size_t i,
			       const char *expected);

/* Reads a field's list at the cursor into list, which the caller empties
 * with calendar_list_clear(); returns 0 or -1. */
int calendar_list_parse(struct calendar_parser *p, enum calendar_unit unit,
			struct calendar_raw_list *list);

/* Normalises, sorts and checks list and stores it as the calendar's field
 * (eom: days count from the month's end); returns 0 or -1. */
int calendar_list_store(struct calendar_parser *p, enum calendar_unit unit,
			struct calendar_raw_list *list, int eom);

/* Sets a field of cal to the single value v. */
void calendar_list_single(struct calendar *cal, enum calendar_unit unit, int v);

/* Frees what a list holds and empties it. */
void calendar_list_clear(struct calendar_raw_list *list);

#endif
