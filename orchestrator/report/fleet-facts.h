/*
 * fleet-facts.h - the inventory table's columns of what the facts store
 * last recorded of each host.
 */
#ifndef CREST_FLEET_FACTS_H
#define CREST_FLEET_FACTS_H

#include "base/buf.h"

/* Appends the <th> cells of the facts columns. */
void fleet_facts_head(struct buf *b);

/* Appends host's <td> cells, from its latest snapshot in state_dir ("-"
 * where nothing is known). */
void fleet_facts_cells(struct buf *b, const char *state_dir, const char *host);

#endif
