/*
 * fleet-facts.c - the facts columns of the fleet report (fleet-facts.h).
 *
 * Until the facts store is there, the columns say nothing is known.
 */
#include "fleet-facts.h"

/* The columns' headings. */
void fleet_facts_head(struct buf *b)
{
	buf_adds(b, "<th>facts</th>");
}

/* One host's cells. */
void fleet_facts_cells(struct buf *b, const char *state_dir, const char *host)
{
	(void)state_dir;
	(void)host;
	buf_adds(b, "<td>-</td>");
}
