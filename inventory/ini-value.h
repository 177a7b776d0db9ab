/*
 * ini-value.h - typing an INI inventory value as Ansible does (Python's
 * ast.literal_eval, else the text itself).
 */
#ifndef CREST_INI_VALUE_H
#define CREST_INI_VALUE_H

#include <jansson.h>

/* Returns text as a new JSON value: the Python literal it spells, or the
 * string itself when it spells none.  Never NULL; text not valid UTF-8
 * gives "". */
json_t *ini_value_parse(const char *text);

#endif
