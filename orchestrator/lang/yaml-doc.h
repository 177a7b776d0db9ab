/*
 * yaml-doc.h - crest's one YAML loader: a document as a tree of nodes that
 * remember where they came from.
 *
 * Playbooks, YAML inventories, group_vars/ and host_vars/ files all go
 * through here, so every YAML error crest reports has the same shape:
 * "file:line:column: message", naming the key it is about.
 *
 * The loader reads one document with libyaml's event parser and builds the
 * tree itself.  It refuses what a hand-written file should never contain:
 *  - a tab in indentation (YAML indents with spaces; a tab there either
 *    fails obscurely or changes the meaning);
 *  - a key given twice in one mapping (Ansible warns and keeps the last;
 *    crest refuses, as the first one is then silently dead);
 *  - more than YAML_DOC_MAX_ALIAS_NODES nodes reached through aliases (the
 *    "billion laughs" alias bomb), an alias to an anchor that is not
 *    finished (a recursive structure), nesting deeper than
 *    YAML_DOC_MAX_DEPTH;
 *  - a file larger than YAML_DOC_MAX_BYTES, more than one document;
 *  - tags crest has no meaning for (!vault, !!set, custom tags).
 *
 * Plain scalars are typed with YAML 1.1's rules exactly as PyYAML (and so
 * Ansible) types them: yes/no/on/off are booleans, 010 is octal, 1e5 is a
 * string but 1.0e+5 a float.  Merge keys ("<<: *base") are applied.
 *
 * Ownership: a struct yaml_doc owns every node; nodes reached through an
 * alias are shared, not copied, so the tree is a DAG.  Node pointers stay
 * valid until yaml_doc_free().
 */
#ifndef CREST_YAML_DOC_H
#define CREST_YAML_DOC_H

#include <stddef.h>

#include <jansson.h>

#include "base/error.h"

#define YAML_DOC_MAX_BYTES (8u * 1024 * 1024)
#define YAML_DOC_MAX_ALIAS_NODES 100000u
#define YAML_DOC_MAX_DEPTH 100u

enum ynode_kind {
	YNODE_SCALAR,
	YNODE_SEQ,
	YNODE_MAP,
};

/* The type of a scalar after YAML 1.1 resolution (or its explicit tag). */
enum ynode_type {
	YTYPE_STR,
	YTYPE_NULL,
	YTYPE_BOOL,
	YTYPE_INT,
	YTYPE_FLOAT,
};

struct ynode;

struct ynode_pair {
	struct ynode *key; /* always a scalar */
	struct ynode *value;
};

struct ynode {
	enum ynode_kind kind;
	const char *file; /* borrowed from the document, for errors */
	unsigned line;	  /* 1-based position of the node's first character */
	unsigned column;

	/* YNODE_SCALAR: the text as written (escapes resolved), its type and,
	 * for numbers and booleans, its value. */
	char *str;
	size_t len;
	enum ynode_type type;
	int plain; /* unquoted and untagged */
	long long ival;
	double fval;

	/* YNODE_SEQ */
	struct ynode **items;
	size_t n_items;

	/* YNODE_MAP, in document order, merge keys applied */
	struct ynode_pair *pairs;
	size_t n_pairs;

	size_t weight; /* nodes in this subtree with aliases expanded */
};

struct yaml_doc {
	char *file;	      /* as given to the loader */
	struct ynode *root;   /* NULL for an empty document */
	struct ynode **nodes; /* every node, for yaml_doc_free() */
	size_t n_nodes;
	size_t alloc_nodes;
};

/* Loads the YAML file at path into *out (caller frees with yaml_doc_free).
 * Returns 0, or -1 with err set (ERROR_INVALID with a position for bad
 * input, ERROR_SYSTEM when the file cannot be read). */
int yaml_doc_load_file(const char *path, struct yaml_doc **out,
		       struct error *err);

/* Loads len bytes of YAML text; name is what errors call the input. */
int yaml_doc_load_buffer(const char *name, const char *data, size_t len,
			 struct yaml_doc **out, struct error *err);

/* Frees a document and all its nodes.  Accepts NULL. */
void yaml_doc_free(struct yaml_doc *doc);

/* Returns the value under key in a mapping, or NULL when map is not a
 * mapping or has no such key (borrowed). */
const struct ynode *ynode_get(const struct ynode *map, const char *key);

/* Returns the key node of key in a mapping, or NULL (borrowed). */
const struct ynode *ynode_get_key(const struct ynode *map, const char *key);

/* Returns 1 when node is NULL or a null scalar (~, null, empty). */
int ynode_is_null(const struct ynode *node);

/* Returns 1 when node is a scalar of string type. */
int ynode_is_str(const struct ynode *node);

/* Returns "a string", "a number", "a list", "a mapping"... for messages. */
const char *ynode_describe(const struct ynode *node);

/* Records an ERROR_INVALID at node's position; returns -1. */
int ynode_error(const struct ynode *node, struct error *err, const char *fmt,
		...) __attribute__((format(printf, 3, 4)));

/* Returns node as a new JSON value (caller owns the reference): maps to
 * objects, sequences to arrays, scalars by their resolved type.  Integers
 * beyond 64 bits and non-finite floats become strings.  Keys are written
 * as Ansible's JSON writes them: a key YAML reads as a boolean, null or
 * integer ("on", "~", "0x10") becomes "true", "null", "16". */
json_t *ynode_to_json(const struct ynode *node);

#endif
