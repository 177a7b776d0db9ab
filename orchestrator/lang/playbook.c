/*
 * playbook.c - reading playbooks into typed structs; see playbook.h and
 * docs/playbooks.md.  This file holds the document: loading it from a
 * file or from text, finding its plays, and freeing it.
 *
 * Theory of operation: the YAML loader gives a tree of nodes with their
 * positions; the reader walks it key by key.  Each known key has one small
 * function that checks the value's type and stores it (playbook-play.c
 * for a play's keys, playbook-task.c for a task's, with the readers by
 * type they share in playbook-value.c); an unknown key is refused with the
 * nearest known key (or a word on the Ansible key crest does not have,
 * playbook-key.c).  A task's module is found among the task's keys and
 * checks its own arguments (one file per module in modules/).  The first
 * error stops the load.
 */
#include <stdlib.h>

#include "playbook-parse.h"
#include "base/xmalloc.h"

/* Frees a playbook. */
void playbook_free(struct playbook *pb)
{
	size_t i;

	if (pb == NULL)
		return;
	for (i = 0; i < pb->n_plays; i++)
		play_release(&pb->plays[i]);
	free(pb->plays);
	free(pb->file);
	yaml_doc_free(pb->doc);
	free(pb);
}

/* Reads the plays of a loaded document. */
static int parse_playbook(struct playbook *pb, struct error *err)
{
	const struct ynode *root = pb->doc->root;
	size_t i, n;

	if (ynode_is_null(root))
		return error_set_at(err, ERROR_INVALID, pb->file, 1, 1,
				    "the playbook is empty");
	n = root->kind == YNODE_SEQ ? root->n_items : 1;
	if (n == 0)
		return ynode_error(root, err, "the playbook has no play");
	pb->plays = xcalloc(n, sizeof(*pb->plays));
	for (i = 0; i < n; i++) {
		pb->n_plays = i + 1;
		if (play_parse(root->kind == YNODE_SEQ ? root->items[i] : root,
			       &pb->plays[i], err) < 0)
			return -1;
	}
	return 0;
}

/* Loads a playbook from text. */
int playbook_load_buffer(const char *name, const char *text, size_t len,
			 struct playbook **out, struct error *err)
{
	struct playbook *pb = xcalloc(1, sizeof(*pb));
	int rc = -1;

	pb->file = xstrdup(name);
	if (yaml_doc_load_buffer(name, text, len, &pb->doc, err) < 0 ||
	    parse_playbook(pb, err) < 0)
		goto out;
	*out = pb;
	pb = NULL;
	rc = 0;
out:
	playbook_free(pb);
	return rc;
}

/* Loads a playbook file. */
int playbook_load(const char *path, struct playbook **out, struct error *err)
{
	struct playbook *pb = xcalloc(1, sizeof(*pb));
	int rc = -1;

	pb->file = xstrdup(path);
	if (yaml_doc_load_file(path, &pb->doc, err) < 0 ||
	    parse_playbook(pb, err) < 0)
		goto out;
	*out = pb;
	pb = NULL;
	rc = 0;
out:
	playbook_free(pb);
	return rc;
}
