/*
 * helpers.h - what several unit tests share: loading a playbook from a
 * string and getting its error as "file:line:column: message".
 *
 * Include after <cmocka.h>.
 */
#ifndef CREST_TEST_HELPERS_H
#define CREST_TEST_HELPERS_H

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "base/error.h"
#include "modules/module.h"
#include "lang/playbook.h"

/* Loads text as playbook "p.yml"; fails the test when it is invalid. */
static inline struct playbook *load_playbook(const char *text)
{
	struct error err = ERROR_INIT;
	struct playbook *pb = NULL;

	if (playbook_load_buffer("p.yml", text, strlen(text), &pb, &err) < 0)
		fail_msg("playbook refused: %s:%u:%u: %s", err.file, err.line,
			 err.column, err.message);
	return pb;
}

/* Loads text as playbook "p.yml" expecting an error; returns it
 * formatted (caller frees). */
static inline char *playbook_error(const char *text)
{
	struct error err = ERROR_INIT;
	struct playbook *pb = NULL;
	struct buf b = BUF_INIT;

	if (playbook_load_buffer("p.yml", text, strlen(text), &pb, &err) == 0)
		fail_msg("playbook accepted: %s", text);
	assert_int_equal(err.kind, ERROR_INVALID);
	error_format(&err, &b);
	error_release(&err);
	return buf_detach(&b, NULL);
}

/* Asserts the exact error a playbook text gives. */
#define assert_playbook_error(text, want)                                      \
	do {                                                                   \
		char *got_ = playbook_error(text);                             \
		if (strcmp(got_, (want)) != 0)                                 \
			fail_msg("got  '%s'\nwant '%s'", got_, (want));        \
		free(got_);                                                    \
	} while (0)

/* One task and what loading it gives: NULL when valid, else the exact
 * error of the playbook "hosts: all / tasks: [TASK]", where the task
 * starts on line 3, column 5. */
struct task_case {
	const char *task;
	const char *want;
};

/* Checks every case of a module's table. */
static inline void check_task_cases(const struct task_case *cases, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		struct error err = ERROR_INIT;
		struct playbook *pb = NULL;
		struct buf text = BUF_INIT, got = BUF_INIT;

		buf_addf(&text, "hosts: all\ntasks:\n  - %s\n", cases[i].task);
		if (playbook_load_buffer("p.yml", text.data, text.len, &pb,
					 &err) == 0) {
			if (cases[i].want)
				fail_msg("'%s' accepted, want '%s'",
					 cases[i].task, cases[i].want);
		} else {
			error_format(&err, &got);
			if (cases[i].want == NULL)
				fail_msg("'%s' refused: %s", cases[i].task,
					 got.data);
			if (strcmp(got.data, cases[i].want) != 0)
				fail_msg("'%s':\ngot  '%s'\nwant '%s'",
					 cases[i].task, got.data,
					 cases[i].want);
		}
		playbook_free(pb);
		error_release(&err);
		buf_release(&text);
		buf_release(&got);
	}
}

/* Returns what module m's describe says for args and prior, both given
 * as JSON text (args may be a bare JSON string); caller frees. */
static inline char *describe_text(const struct module *m, const char *args,
				  const char *prior)
{
	json_t *a = json_loads(args, JSON_DECODE_ANY, NULL);
	json_t *p = json_loads(prior, 0, NULL);
	struct buf out = BUF_INIT;

	if (a == NULL || p == NULL)
		fail_msg("bad JSON in a test: %s / %s", args, prior);
	m->describe(a, p, &out);
	json_decref(a);
	json_decref(p);
	return buf_detach(&out, NULL);
}

/* Asserts the exact text of a describe. */
#define assert_describe(m, args, prior, want)                                  \
	do {                                                                   \
		char *got_ = describe_text(m, args, prior);                    \
		if (strcmp(got_, (want)) != 0)                                 \
			fail_msg("got  '%s'\nwant '%s'", got_, (want));        \
		free(got_);                                                    \
	} while (0)

#define CHECK_TASK_CASES(cases)                                                \
	check_task_cases(cases, sizeof(cases) / sizeof(cases[0]))

#endif
