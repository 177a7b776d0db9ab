/*
 * crest.h - what the command line's entry point shares with the commands.
 */
#ifndef CREST_CREST_H
#define CREST_CREST_H

#include <stdio.h>

/* Writes the overview of "crest --help" to fp. */
void crest_print_help(FILE *fp);

#endif
