/*
 * host-range.h - host names as inventories write them: "name:port",
 * "[v6::addr]:port", and ranges such as web[01:20].example.com, db-[a:f],
 * 10.0.[0:3].[1:254] or web[0:20:5], expanded exactly as Ansible does.
 */
#ifndef CREST_HOST_RANGE_H
#define CREST_HOST_RANGE_H

#include <stddef.h>

#include "base/error.h"

/* Returns 1 when s is an IPv4 address, an IPv6 address or a host name
 * (ranges allowed in each when allow_ranges), as Ansible's parse_address
 * accepts them; else 0. */
int host_range_valid_address(const char *s, int allow_ranges);

/* Returns 1 when pattern is one address with an optional port (ranges
 * allowed), as Ansible's parse_address(pattern, allow_ranges=True)
 * accepts it; a host pattern such as "web:!db" is not one. */
int host_range_is_address(const char *pattern);

/* Splits a trailing ":port" off pattern the way Ansible's parse_address
 * does: *host_out is a new string (caller frees) and *port_out the port,
 * or 0 when none was given.  When what is left is not a valid address,
 * Ansible keeps the whole pattern as the name: so does this.  Returns 0,
 * or -1 with err set for a port beyond 65535. */
int host_range_split_port(const char *pattern, int allow_ranges,
			  char **host_out, unsigned *port_out,
			  struct error *err);

/* Expands one host pattern (port split off first) into *names_out, a new
 * array of *n_out new strings; free with host_range_free().  Returns 0, or
 * -1 with err set (no position) for a malformed range or one that
 * expands to more than INVENTORY_MAX_RANGE_HOSTS names. */
int host_range_expand(const char *pattern, char ***names_out, size_t *n_out,
		      unsigned *port_out, struct error *err);

/* Frees what host_range_expand() returned.  Accepts NULL. */
void host_range_free(char **names, size_t n);

#endif
