/*
 * inventory-source.c - which parser reads a source, directories of
 * sources, host lists, and the group_vars/ and host_vars/ files.
 *
 * The choice follows Ansible's default plugin order: a comma-separated
 * string that is no path is a host list; an executable file is a script;
 * a .yml/.yaml/.json file is YAML; a file without an extension is YAML
 * when it reads as a YAML mapping and INI otherwise; anything else is
 * INI.  Where Ansible warns that it could not parse a source and goes on
 * with an empty inventory, crest stops with the parser's error.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "host-range.h"
#include "inventory-build.h"
#include "base/array.h"
#include "base/dir-list.h"
#include "base/xmalloc.h"
#include "lang/yaml-doc.h"

/* Ansible's INVENTORY_IGNORE_EXTS: never read as sources in a directory. */
static const char *const ignored_suffixes[] = {
	".pyc", ".pyo", ".swp",	 ".bak", "~",	 ".rpm",   ".md",
	".txt", ".rst", ".orig", ".ini", ".cfg", ".retry", NULL};

/* Extensions of variable files, '' first as in Ansible's search. */
static const char *const var_file_exts[] = {"", ".yml", ".yaml", ".json", NULL};

/* Returns the extension of a file name as Python's os.path.splitext(),
 * leading dots not counting ("" when there is none). */
static const char *file_ext(const char *path)
{
	const char *base = strrchr(path, '/'), *dot;

	base = base ? base + 1 : path;
	while (*base == '.')
		base++;
	dot = strrchr(base, '.');
	return dot ? dot : "";
}

/* Tells whether s ends with suffix. */
static int ends_with(const char *s, const char *suffix)
{
	size_t ls = strlen(s), lx = strlen(suffix);

	return ls >= lx && strcmp(s + ls - lx, suffix) == 0;
}

/* Tells a directory entry Ansible skips when a directory is a source. */
static int ignored_entry(const char *name)
{
	size_t i;

	if (name[0] == '.' || strcmp(name, "host_vars") == 0 ||
	    strcmp(name, "group_vars") == 0 ||
	    strcmp(name, "vars_plugins") == 0)
		return 1;
	for (i = 0; ignored_suffixes[i]; i++)
		if (ends_with(name, ignored_suffixes[i]))
			return 1;
	return 0;
}

/* Frees a name list. */
static void free_names(char **names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* Reads a comma-separated host list (Ansible's host_list plugin). */
int inventory_parse_host_list(struct inventory *inv, const char *list,
			      struct error *err)
{
	struct group *ungrouped = inventory_group(inv, "ungrouped");
	char *copy = xstrdup(list), *item, *save = NULL, *host = NULL;
	unsigned port = 0;
	int rc = -1;

	for (item = strtok_r(copy, ",", &save); item;
	     item = strtok_r(NULL, ",", &save)) {
		char *end = item + strlen(item);

		while (*item == ' ' || *item == '\t')
			item++;
		while (end > item && (end[-1] == ' ' || end[-1] == '\t'))
			*--end = '\0';
		if (*item == '\0')
			continue;
		if (host_range_split_port(item, 0, &host, &port, err) < 0)
			goto out;
		if (inventory_host(inv, host) == NULL)
			inventory_add_host(inv, host, ungrouped, port);
		free(host);
		host = NULL;
	}
	rc = 0;
out:
	free(host);
	free(copy);
	return rc;
}

/* Reads a YAML or INI file; guess says whether INI may be tried when the
 * text is no YAML mapping. */
static int read_data_file(struct inventory *inv, const char *path, int guess,
			  struct error *err)
{
	struct yaml_doc *doc = NULL;
	struct buf text = BUF_INIT;
	char chunk[65536];
	size_t n;
	FILE *fp = NULL;
	int rc = -1;

	if (strcmp(file_ext(path), ".toml") == 0)
		return error_set(err, ERROR_INVALID,
				 "%s: TOML inventories are not supported",
				 path);
	if (guess >= 0) {
		struct error yerr = ERROR_INIT;

		if (yaml_doc_load_file(path, &doc, &yerr) == 0 &&
		    (doc->root == NULL || doc->root->kind == YNODE_MAP)) {
			error_release(&yerr);
			rc = inventory_parse_yaml(inv, doc, err);
			goto out;
		}
		if (guess == 0 || yerr.kind == ERROR_SYSTEM) {
			/* A .yml file: its YAML error is the one to show. */
			if (yerr.kind == ERROR_NONE)
				ynode_error(doc->root, &yerr,
					    "a YAML inventory is a mapping of "
					    "groups, not %s",
					    ynode_describe(doc->root));
			error_release(err);
			*err = yerr;
			goto out;
		}
		error_release(&yerr);
	}
	fp = fopen(path, "rb");
	if (fp == NULL) {
		error_set(err, ERROR_SYSTEM, "%s: %s", path, strerror(errno));
		goto out;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
		buf_add(&text, chunk, n);
		if (text.len > YAML_DOC_MAX_BYTES) {
			error_set_at(err, ERROR_INVALID, path, 0, 0,
				     "file is larger than %u bytes",
				     YAML_DOC_MAX_BYTES);
			goto out;
		}
	}
	rc = inventory_parse_ini(inv, path, text.data, text.len, err);
out:
	if (fp)
		fclose(fp);
	buf_release(&text);
	yaml_doc_free(doc);
	return rc;
}

/* Keeps the entries of a directory that are sources. */
static int source_entry(const char *name, void *data)
{
	(void)data;
	return !ignored_entry(name);
}

/* Reads every source in a directory, in name order (Python's sorted()
 * of UTF-8 names is byte order). */
static int read_dir(struct inventory *inv, const char *path, struct error *err)
{
	struct dir_list list = DIR_LIST_INIT;
	char *child = NULL;
	size_t i;
	int rc = -1;

	if (dir_list_read(&list, path, "", 0, source_entry, NULL, err) < 0)
		return -1;
	for (i = 0; i < list.n_names; i++) {
		child = xasprintf("%s/%s", path, list.names[i]);
		if (inventory_read_source(inv, child, 0, err) < 0)
			goto out;
		free(child);
		child = NULL;
	}
	rc = 0;
out:
	free(child);
	dir_list_release(&list);
	return rc;
}

/* Remembers a directory whose group_vars/ and host_vars/ apply. */
static void add_var_dir(struct inventory *inv, const char *dir)
{
	inv->var_dirs = array_grow(inv->var_dirs, inv->n_var_dirs,
				   sizeof(*inv->var_dirs));
	inv->var_dirs[inv->n_var_dirs++] = xstrdup(dir);
}

/* Reads one source of whatever kind it is. */
int inventory_read_source(struct inventory *inv, const char *path, int top,
			  struct error *err)
{
	struct stat st;
	const char *ext;
	char *dir;

	if (stat(path, &st) < 0) {
		if (top && strchr(path, ','))
			return inventory_parse_host_list(inv, path, err);
		return error_set(err,
				 errno == ENOENT ? ERROR_INVALID : ERROR_SYSTEM,
				 "inventory %s: %s", path, strerror(errno));
	}
	if (S_ISDIR(st.st_mode)) {
		if (top)
			add_var_dir(inv, path);
		return read_dir(inv, path, err);
	}
	if (top) {
		const char *slash = strrchr(path, '/');

		dir = slash ? xstrndup(path, (size_t)(slash - path) + 1)
			    : xstrdup(".");
		add_var_dir(inv, dir);
		free(dir);
	}
	if (!S_ISREG(st.st_mode))
		return error_set(err, ERROR_INVALID,
				 "inventory %s: not a file or directory", path);
	if (access(path, X_OK) == 0)
		return inventory_parse_script(inv, path, err);
	ext = file_ext(path);
	if (strcmp(ext, ".yml") == 0 || strcmp(ext, ".yaml") == 0 ||
	    strcmp(ext, ".json") == 0)
		return read_data_file(inv, path, 0, err);
	if (*ext == '\0')
		return read_data_file(inv, path, 1, err);
	return read_data_file(inv, path, -1, err);
}

/* Keeps the entries of a variables directory: not hidden, no backup. */
static int var_file_entry(const char *name, void *data)
{
	(void)data;
	return name[0] != '.' && !ends_with(name, "~");
}

/* Collects the variable files of a group_vars/NAME directory: sorted,
 * recursive, hidden and backup files skipped, YAML extensions or none. */
static int walk_var_dir(const char *path, char ***files, size_t *n,
			struct error *err)
{
	struct dir_list list = DIR_LIST_INIT;
	char *full = NULL;
	size_t i, j;
	struct stat st;
	int rc = -1, known;

	if (dir_list_read(&list, path, "", 0, var_file_entry, NULL, err) < 0)
		return -1;
	for (i = 0; i < list.n_names; i++) {
		const char *ext = file_ext(list.names[i]);

		full = xasprintf("%s/%s", path, list.names[i]);
		if (stat(full, &st) == 0 && S_ISDIR(st.st_mode) && !*ext) {
			if (walk_var_dir(full, files, n, err) < 0)
				goto out;
		} else if (stat(full, &st) == 0 && S_ISREG(st.st_mode)) {
			for (j = 0, known = 0; var_file_exts[j]; j++)
				if (strcmp(ext, var_file_exts[j]) == 0)
					known = 1;
			if (known) {
				*files =
					array_grow(*files, *n, sizeof(**files));
				(*files)[(*n)++] = full;
				full = NULL;
			}
		}
		free(full);
		full = NULL;
	}
	rc = 0;
out:
	free(full);
	dir_list_release(&list);
	return rc;
}

/* Finds NAME, NAME.yml, NAME.yaml or NAME.json in dir (the first that
 * exists; a directory gives all the files under it), as Ansible's
 * find_vars_files(). */
static int find_var_files(const char *dir, const char *name, char ***files,
			  size_t *n, struct error *err)
{
	struct stat st;
	char *full;
	size_t i;
	int rc = 0;

	for (i = 0; var_file_exts[i]; i++) {
		full = xasprintf("%s/%s%s", dir, name, var_file_exts[i]);
		if (stat(full, &st) < 0) {
			free(full);
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			rc = walk_var_dir(full, files, n, err);
			free(full);
		} else {
			*files = array_grow(*files, *n, sizeof(**files));
			(*files)[(*n)++] = full;
		}
		break;
	}
	return rc;
}

/* Loads the variable files of one group or host into *vars. */
static int load_entity_vars(const char *dir, const char *name, json_t **vars,
			    struct error *err)
{
	struct yaml_doc *doc = NULL;
	char **files = NULL;
	size_t n = 0, i;
	json_t *v;
	int rc = -1;

	if (name[0] == '/')
		return 0;
	if (find_var_files(dir, name, &files, &n, err) < 0)
		goto out;
	for (i = 0; i < n; i++) {
		if (yaml_doc_load_file(files[i], &doc, err) < 0)
			goto out;
		if (doc->root && !ynode_is_null(doc->root)) {
			if (doc->root->kind != YNODE_MAP) {
				ynode_error(doc->root, err,
					    "a variables file holds a mapping, "
					    "not %s",
					    ynode_describe(doc->root));
				goto out;
			}
			v = ynode_to_json(doc->root);
			if (*vars == NULL)
				*vars = json_object();
			json_object_update(*vars, v);
			json_decref(v);
		}
		yaml_doc_free(doc);
		doc = NULL;
	}
	rc = 0;
out:
	yaml_doc_free(doc);
	free_names(files, n);
	return rc;
}

/* Tells whether path is a directory. */
static int is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Loads group_vars/ and host_vars/ of every var dir. */
int inventory_load_var_files(struct inventory *inv, struct error *err)
{
	char *gdir = NULL, *hdir = NULL;
	size_t d, i;
	int rc = -1;

	for (d = 0; d < inv->n_var_dirs; d++) {
		gdir = xasprintf("%s/group_vars", inv->var_dirs[d]);
		hdir = xasprintf("%s/host_vars", inv->var_dirs[d]);
		if (is_dir(gdir))
			for (i = 0; i < inv->n_groups; i++)
				if (load_entity_vars(gdir, inv->groups[i]->name,
						     &inv->groups[i]->file_vars,
						     err) < 0)
					goto out;
		if (is_dir(hdir))
			for (i = 0; i < inv->n_hosts; i++)
				if (load_entity_vars(hdir, inv->hosts[i]->name,
						     &inv->hosts[i]->file_vars,
						     err) < 0)
					goto out;
		free(gdir);
		free(hdir);
		gdir = hdir = NULL;
	}
	rc = 0;
out:
	free(gdir);
	free(hdir);
	return rc;
}
