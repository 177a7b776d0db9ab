/*
 * yaml-doc.c - the YAML loader; see yaml-doc.h for what it accepts.
 *
 * Theory of operation: libyaml's parser turns the text into events
 * (mapping start, scalar, alias, ...).  A stack of open collections
 * receives them; a finished node is handed to the collection on top of the
 * stack, as an item of a sequence, or alternately as key and value of a
 * mapping.  Anchors are registered when their node is finished, so an
 * alias can only name a complete node and the tree cannot contain a cycle.
 * Every node carries its weight (its size with aliases expanded); the
 * weight brought in through aliases is summed over the document and capped,
 * which stops an alias bomb before anything expands it.  A tab in
 * indentation is found by looking at the line under each event that starts
 * right after the indentation, and at the line libyaml failed on.
 *
 * The other parts of the loader share yaml-doc-build.h: yaml-doc-text.c
 * (the tab check, libyaml's errors), yaml-doc-type.c (YAML 1.1 typing and
 * tags) and yaml-doc-map.c (duplicate keys, merge keys); yaml-doc-node.c
 * reads the finished tree.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "base/strmap.h"
#include "base/array.h"
#include "base/xmalloc.h"
#include "yaml-doc-build.h"

/* Makes a node owned by the document. */
static struct ynode *node_new(struct yaml_doc_loader *ld, enum ynode_kind kind,
			      yaml_mark_t mark)
{
	struct yaml_doc *doc = ld->doc;
	struct ynode *node = xcalloc(1, sizeof(*node));

	node->kind = kind;
	node->file = doc->file;
	node->line =
		mark.line + 1 > UINT_MAX ? UINT_MAX : (unsigned)mark.line + 1;
	node->column = mark.column + 1 > UINT_MAX ? UINT_MAX
						  : (unsigned)mark.column + 1;
	node->weight = 1;
	if (doc->n_nodes == doc->alloc_nodes) {
		doc->alloc_nodes = doc->alloc_nodes ? doc->alloc_nodes * 2 : 64;
		doc->nodes = xreallocarray(doc->nodes, doc->alloc_nodes,
					   sizeof(*doc->nodes));
	}
	doc->nodes[doc->n_nodes++] = node;
	return node;
}

/* Hands a finished node to the collection on top of the stack, or makes it
 * the document's root. */
static int attach(struct yaml_doc_loader *ld, struct ynode *node,
		  struct error *err)
{
	struct yaml_doc_frame *top;

	if (ld->depth == 0) {
		ld->doc->root = node;
		return 0;
	}
	top = &ld->stack[ld->depth - 1];
	top->node->weight += node->weight;
	if (top->node->kind == YNODE_SEQ) {
		top->node->items =
			array_grow(top->node->items, top->node->n_items,
				   sizeof(*top->node->items));
		top->node->items[top->node->n_items++] = node;
		return 0;
	}
	if (top->key == NULL) {
		if (node->kind != YNODE_SCALAR)
			return ynode_error(node, err,
					   "a mapping key must be a plain "
					   "value, not %s",
					   ynode_describe(node));
		top->key = node;
		return 0;
	}
	yaml_doc_map_push(top->node, top->key, node);
	top->key = NULL;
	return 0;
}

/* Registers an anchor for a finished node. */
static void anchor_node(struct yaml_doc_loader *ld, const char *anchor,
			struct ynode *node)
{
	if (anchor)
		strmap_put(&ld->anchors, anchor, node);
}

/* Handles a scalar event. */
static int on_scalar(struct yaml_doc_loader *ld, const yaml_event_t *ev,
		     struct error *err)
{
	struct ynode *node = node_new(ld, YNODE_SCALAR, ev->start_mark);
	const char *tag = (const char *)ev->data.scalar.tag;

	if (memchr(ev->data.scalar.value, '\0', ev->data.scalar.length))
		return ynode_error(node, err, "a string holds a NUL character");
	node->str = xstrndup((const char *)ev->data.scalar.value,
			     ev->data.scalar.length);
	node->len = ev->data.scalar.length;
	node->plain = tag == NULL && ev->data.scalar.plain_implicit &&
		      ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	if (tag && yaml_doc_resolve_tagged(node, tag, err) < 0)
		return -1;
	if (node->plain)
		yaml_doc_resolve_plain(node);
	anchor_node(ld, (const char *)ev->data.scalar.anchor, node);
	return attach(ld, node, err);
}

/* Handles an alias event: shares the anchored node, counting its weight. */
static int on_alias(struct yaml_doc_loader *ld, const yaml_event_t *ev,
		    struct error *err)
{
	const char *name = (const char *)ev->data.alias.anchor;
	struct ynode *target = strmap_get(&ld->anchors, name);
	size_t i;

	if (target == NULL) {
		for (i = 0; i < ld->depth; i++)
			if (ld->stack[i].anchor &&
			    strcmp(ld->stack[i].anchor, name) == 0)
				return error_set_at(
					err, ERROR_INVALID, ld->doc->file,
					(unsigned)ev->start_mark.line + 1,
					(unsigned)ev->start_mark.column + 1,
					"alias '*%s' refers to a node that "
					"contains it",
					name);
		return error_set_at(err, ERROR_INVALID, ld->doc->file,
				    (unsigned)ev->start_mark.line + 1,
				    (unsigned)ev->start_mark.column + 1,
				    "alias '*%s' names no anchor before it",
				    name);
	}
	ld->alias_weight += target->weight;
	if (ld->alias_weight > YAML_DOC_MAX_ALIAS_NODES)
		return error_set_at(err, ERROR_INVALID, ld->doc->file,
				    (unsigned)ev->start_mark.line + 1,
				    (unsigned)ev->start_mark.column + 1,
				    "aliases expand to more than %u nodes "
				    "(an alias bomb?)",
				    YAML_DOC_MAX_ALIAS_NODES);
	return attach(ld, target, err);
}

/* Handles a sequence or mapping start: pushes a new open collection. */
static int on_start(struct yaml_doc_loader *ld, const yaml_event_t *ev,
		    enum ynode_kind kind, struct error *err)
{
	struct ynode *node = node_new(ld, kind, ev->start_mark);
	const yaml_char_t *anchor, *tag;

	if (kind == YNODE_SEQ) {
		anchor = ev->data.sequence_start.anchor;
		tag = ev->data.sequence_start.tag;
	} else {
		anchor = ev->data.mapping_start.anchor;
		tag = ev->data.mapping_start.tag;
	}
	if (yaml_doc_check_collection_tag(node, (const char *)tag, err) < 0)
		return -1;
	if (ld->depth >= YAML_DOC_MAX_DEPTH)
		return ynode_error(node, err, "nesting deeper than %u levels",
				   YAML_DOC_MAX_DEPTH);
	if (ld->depth == ld->alloc_stack) {
		ld->alloc_stack = ld->alloc_stack ? ld->alloc_stack * 2 : 16;
		ld->stack = xreallocarray(ld->stack, ld->alloc_stack,
					  sizeof(*ld->stack));
	}
	ld->stack[ld->depth].node = node;
	ld->stack[ld->depth].key = NULL;
	ld->stack[ld->depth].anchor = xstrdup((const char *)anchor);
	ld->depth++;
	return 0;
}

/* Handles a sequence or mapping end: finishes the top collection. */
static int on_end(struct yaml_doc_loader *ld, struct error *err)
{
	struct yaml_doc_frame top = ld->stack[--ld->depth];
	int rc = -1;

	if (top.node->kind == YNODE_MAP) {
		if (yaml_doc_check_duplicates(top.node, err) < 0 ||
		    yaml_doc_apply_merges(top.node, err) < 0)
			goto out;
	}
	anchor_node(ld, top.anchor, top.node);
	rc = attach(ld, top.node, err);
out:
	free(top.anchor);
	return rc;
}

/* Handles one parser event. */
static int on_event(struct yaml_doc_loader *ld, const yaml_event_t *ev,
		    struct error *err)
{
	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (++ld->documents > 1)
			return error_set_at(err, ERROR_INVALID, ld->doc->file,
					    (unsigned)ev->start_mark.line + 1,
					    (unsigned)ev->start_mark.column + 1,
					    "a second YAML document; crest "
					    "reads one document per file");
		return 0;
	case YAML_SCALAR_EVENT:
		if (yaml_doc_check_tab(ld, ev->start_mark, err) < 0)
			return -1;
		return on_scalar(ld, ev, err);
	case YAML_ALIAS_EVENT:
		if (yaml_doc_check_tab(ld, ev->start_mark, err) < 0)
			return -1;
		return on_alias(ld, ev, err);
	case YAML_SEQUENCE_START_EVENT:
		if (yaml_doc_check_tab(ld, ev->start_mark, err) < 0)
			return -1;
		return on_start(ld, ev, YNODE_SEQ, err);
	case YAML_MAPPING_START_EVENT:
		if (yaml_doc_check_tab(ld, ev->start_mark, err) < 0)
			return -1;
		return on_start(ld, ev, YNODE_MAP, err);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		return on_end(ld, err);
	default:
		return 0;
	}
}

/* Loads text that is already in memory. */
int yaml_doc_load_buffer(const char *name, const char *data, size_t len,
			 struct yaml_doc **out, struct error *err)
{
	struct yaml_doc_loader ld = {0};
	yaml_parser_t parser;
	yaml_event_t event;
	int done = 0, rc = -1, parser_ready = 0;
	size_t i;

	ld.doc = xcalloc(1, sizeof(*ld.doc));
	ld.doc->file = xstrdup(name);
	ld.data = data;
	ld.len = len;
	ld.anchors = (struct strmap)STRMAP_INIT;
	if (len > YAML_DOC_MAX_BYTES) {
		error_set_at(err, ERROR_INVALID, name, 0, 0,
			     "file is larger than %u bytes",
			     YAML_DOC_MAX_BYTES);
		goto out;
	}
	yaml_doc_index_lines(&ld);
	if (!yaml_parser_initialize(&parser)) {
		error_set(err, ERROR_INTERNAL, "cannot start the YAML parser");
		goto out;
	}
	parser_ready = 1;
	yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
	while (!done) {
		if (!yaml_parser_parse(&parser, &event)) {
			yaml_doc_parser_error(&ld, &parser, err);
			goto out;
		}
		done = event.type == YAML_STREAM_END_EVENT;
		if (on_event(&ld, &event, err) < 0) {
			yaml_event_delete(&event);
			goto out;
		}
		yaml_event_delete(&event);
	}
	*out = ld.doc;
	ld.doc = NULL;
	rc = 0;
out:
	if (parser_ready)
		yaml_parser_delete(&parser);
	for (i = 0; i < ld.depth; i++)
		free(ld.stack[i].anchor);
	free(ld.stack);
	free(ld.line_starts);
	strmap_release(&ld.anchors);
	yaml_doc_free(ld.doc);
	return rc;
}

/* Reads a whole file, refusing one over the size limit. */
static int read_file(const char *path, char **data, size_t *len,
		     struct error *err)
{
	struct buf b = BUF_INIT;
	char chunk[65536];
	FILE *fp;
	size_t n;
	int rc = -1;

	fp = fopen(path, "rb");
	if (fp == NULL)
		return error_set(err, ERROR_SYSTEM, "%s: %s", path,
				 strerror(errno));
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
		buf_add(&b, chunk, n);
		if (b.len > YAML_DOC_MAX_BYTES) {
			error_set_at(err, ERROR_INVALID, path, 0, 0,
				     "file is larger than %u bytes",
				     YAML_DOC_MAX_BYTES);
			goto out;
		}
	}
	if (ferror(fp)) {
		error_set(err, ERROR_SYSTEM, "%s: %s", path, strerror(errno));
		goto out;
	}
	*data = buf_detach(&b, len);
	rc = 0;
out:
	fclose(fp);
	buf_release(&b);
	return rc;
}

/* Loads a file. */
int yaml_doc_load_file(const char *path, struct yaml_doc **out,
		       struct error *err)
{
	char *data = NULL;
	size_t len = 0;
	int rc;

	if (read_file(path, &data, &len, err) < 0)
		return -1;
	rc = yaml_doc_load_buffer(path, data, len, out, err);
	free(data);
	return rc;
}

/* Frees every node, then the document. */
void yaml_doc_free(struct yaml_doc *doc)
{
	size_t i;

	if (doc == NULL)
		return;
	for (i = 0; i < doc->n_nodes; i++) {
		free(doc->nodes[i]->str);
		free(doc->nodes[i]->items);
		free(doc->nodes[i]->pairs);
		free(doc->nodes[i]);
	}
	free(doc->nodes);
	free(doc->file);
	free(doc);
}
