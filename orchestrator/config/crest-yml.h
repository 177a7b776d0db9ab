/*
 * crest-yml.h - crest.yml, the settings file at the root of a playbook
 * repository: its YAML document and the keys it may hold.
 *
 * Several parts of crest keep their settings in the one file, each in a
 * section of its top-level keys (docs/git.md is the reference):
 *
 *   policy   allowed_refs, require_signed, allowed_signers, inventory,
 *            forks, state_dir                        git/repo-policy.h
 *   windows  windows                                 schedule/window.h
 *   notify   notify                                  notify/notify.h
 *
 * This file owns that list: any other key is an error at
 * crest.yml:line:column, "unknown key 'K' in crest.yml", with a
 * did-you-mean.  It knows nothing of what the keys mean; each part reads
 * its own section through a struct crest_yml_reader.  crest_yml_read()
 * walks the keys in the file's order and hands each to the readers of its
 * section, so that of several mistakes in the file the first is the one
 * reported, whichever parts read it.
 *
 * Ownership: a struct crest_yml owns its document; the nodes it hands out
 * are borrowed and valid until crest_yml_release().
 */
#ifndef CREST_CREST_YML_H
#define CREST_CREST_YML_H

#include <stddef.h>

#include "base/error.h"
#include "lang/yaml-doc.h"

/* Who reads a top-level key. */
enum crest_yml_section {
	CREST_YML_POLICY,  /* the repository's policy (git/repo-policy.h) */
	CREST_YML_WINDOWS, /* maintenance windows (schedule/window.h) */
	CREST_YML_NOTIFY,  /* webhooks and mail (notify/notify.h) */
};

struct crest_yml {
	int present;	      /* the file exists */
	struct yaml_doc *doc; /* the whole file, or NULL (owned) */
};

#define CREST_YML_INIT                                                         \
	{                                                                      \
		0, NULL                                                        \
	}

/* How a part reads its section: key() for each of the section's keys, in
 * the file's order, then end() once the whole file has been read.  Both
 * return 0, or -1 with err set; either may be NULL. */
struct crest_yml_reader {
	enum crest_yml_section section;
	int (*key)(void *ctx, const struct ynode *key,
		   const struct ynode *value, struct error *err);
	int (*end)(void *ctx, const struct crest_yml *cy, struct error *err);
	void *ctx; /* handed to both, borrowed */
};

/* Reads len bytes of crest.yml text into *cy (released first); name is
 * what errors call the file.  The top-level keys are not looked at yet
 * (crest_yml_read()).  Returns 0, or -1 with an ERROR_INVALID err at
 * file:line:column (bad YAML, not a mapping). */
int crest_yml_parse(const char *name, const char *text, size_t len,
		    struct crest_yml *cy, struct error *err);

/* Reads the file at path into *cy; none there: cy->present is 0 and there
 * are no keys.  Errors name the file as name.  Returns 0, or -1 with err
 * set (ERROR_SYSTEM when it cannot be read). */
int crest_yml_load(const char *path, const char *name, struct crest_yml *cy,
		   struct error *err);

/* Checks every top-level key against the list above and hands it to each
 * of the n readers of its section (a section nobody reads here is
 * accepted unread), then calls the readers' end().  Returns 0, or -1 with
 * err set by the first mistake in the file. */
int crest_yml_read(const struct crest_yml *cy,
		   const struct crest_yml_reader *readers, size_t n,
		   struct error *err);

/* Returns the value of the top-level key, or NULL when the file has none
 * (borrowed). */
const struct ynode *crest_yml_get(const struct crest_yml *cy, const char *key);

/* Returns the node of the top-level key itself, for errors about it, or
 * NULL (borrowed). */
const struct ynode *crest_yml_get_key(const struct crest_yml *cy,
				      const char *key);

/* Frees the document; cy is CREST_YML_INIT afterwards. */
void crest_yml_release(struct crest_yml *cy);

#endif
