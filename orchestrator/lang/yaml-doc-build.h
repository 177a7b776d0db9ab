/*
 * yaml-doc-build.h - what the parts of the YAML loader share while they
 * build a document: the loader's state, and the steps yaml-doc.c calls in
 * the other parts.  Internal to yaml-doc.c, yaml-doc-text.c,
 * yaml-doc-type.c and yaml-doc-map.c; everyone else uses yaml-doc.h.
 *
 * Ownership: the loader borrows the text it reads and owns its stack,
 * line index and anchor map; every node belongs to loader.doc.
 */
#ifndef CREST_YAML_DOC_BUILD_H
#define CREST_YAML_DOC_BUILD_H

#include <stddef.h>

#include <yaml.h>

#include "base/strmap.h"
#include "yaml-doc.h"

/* One collection being filled. */
struct yaml_doc_frame {
	struct ynode *node;
	struct ynode *key; /* mappings: the key waiting for its value */
	char *anchor;	   /* registered when the collection ends */
};

/* Everything the event loop needs. */
struct yaml_doc_loader {
	struct yaml_doc *doc;
	const char *data;
	size_t len;
	size_t *line_starts; /* byte offset of each line */
	size_t n_lines;
	struct yaml_doc_frame *stack;
	size_t depth;
	size_t alloc_stack;
	struct strmap anchors;
	size_t alias_weight;
	int documents;
};

/* yaml-doc-text.c: the text under the parser. */

/* Fills ld->line_starts from ld->data (freed by the loader). */
void yaml_doc_index_lines(struct yaml_doc_loader *ld);

/* Returns 0, or -1 with err set when the thing starting at mark sits right
 * after an indentation that holds a tab. */
int yaml_doc_check_tab(struct yaml_doc_loader *ld, yaml_mark_t mark,
		       struct error *err);

/* Records libyaml's failure in err at its position; returns -1. */
int yaml_doc_parser_error(struct yaml_doc_loader *ld,
			  const yaml_parser_t *parser, struct error *err);

/* yaml-doc-type.c: a node's type, by YAML 1.1 rules or by its tag. */

/* Gives a plain scalar (node->str set) its YAML 1.1 type. */
void yaml_doc_resolve_plain(struct ynode *node);

/* Types a scalar by its explicit tag; returns 0, or -1 with err set on a
 * tag crest can't honour or a value the tag does not fit. */
int yaml_doc_resolve_tagged(struct ynode *node, const char *tag,
			    struct error *err);

/* Returns 0 when a collection's tag (NULL for none) is a default one, or
 * -1 with err set. */
int yaml_doc_check_collection_tag(struct ynode *node, const char *tag,
				  struct error *err);

/* yaml-doc-map.c: filling and finishing a mapping. */

/* Appends a pair to a mapping (both nodes stay the document's). */
void yaml_doc_map_push(struct ynode *map, struct ynode *key,
		       struct ynode *value);

/* Returns 0, or -1 with err set when a finished mapping has a key twice. */
int yaml_doc_check_duplicates(struct ynode *map, struct error *err);

/* Applies a finished mapping's "<<" merge keys in place; returns 0, or -1
 * with err set when one merges something other than mappings. */
int yaml_doc_apply_merges(struct ynode *map, struct error *err);

#endif
