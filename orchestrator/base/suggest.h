/*
 * suggest.h - "did you mean ...?" for misspelt keys, modules and commands.
 */
#ifndef CREST_SUGGEST_H
#define CREST_SUGGEST_H

#include <stddef.h>

/* Returns the edit distance (insertions, deletions, substitutions and
 * swaps of two neighbours) between a and b. */
size_t suggest_distance(const char *a, const char *b);

/* Returns the candidate closest to word when it is close enough to be a
 * likely typo (at most a third of the word's length, at least 1, at most
 * 3 edits away, or when one is a prefix of the other, 3 letters at
 * least), else NULL; words under 3 letters get no suggestion.  candidates is NULL-terminated; the result is
 * borrowed from it. */
const char *suggest_word(const char *word, const char *const *candidates);

#endif
