/*
 * playbook-key.c - refusing a key a play or a task does not have: the
 * did-you-mean among the known keys (and the modules, in a task), and the
 * table of Ansible keys a reader may try, each with why crest has none.
 */
#include <string.h>

#include "modules/module.h"
#include "playbook-parse.h"
#include "base/suggest.h"

/* Ansible keys a reader may try, and why crest has none. */
static const char *const ansible_only[][2] = {
	{"gather_facts", "crest's key is 'facts: true'"},
	{"roles", "crest has no roles; put the tasks in the play"},
	{"handlers", "crest has no handlers; order the tasks"},
	{"pre_tasks", "put them first in tasks"},
	{"post_tasks", "put them last in tasks, or in verify"},
	{"vars_files", "put the variables in vars or the inventory"},
	{"any_errors_fatal", "use max_failures: 0"},
	{"strategy", "waves run hosts in parallel; see waves"},
	{"remote_user", "set ansible_user or user in the inventory"},
	{"become_user", "become runs commands as root with sudo -n"},
	{"connection", "crest always connects with SSH"},
	{"import_playbook", "give crest each playbook file"},
	{"environment", "set variables in the command instead"},
	{"tags", "crest has no tags"},
	{"register", "crest has no registered results"},
	{"notify", "crest has no handlers; order the tasks"},
	{"loop", "crest has no loops; write one task per item"},
	{"with_items", "crest has no loops; write one task per item"},
	{"ignore_errors", "a failing task fails its host"},
	{"changed_when", "modules decide what changed"},
	{"failed_when", "use a check in verify"},
	{"delegate_to", "tasks run on their own host"},
	{"block", "crest has no blocks"},
	{"args", "give the arguments under the module's key"},
	{"until", "use wait_for or check with retries"},
	{"retries", "use wait_for or check with retries"},
	{NULL, NULL},
};

/* Reports an unknown key, with a did-you-mean or an Ansible note. */
int playbook_unknown_key(const struct ynode *key, const char *what,
			 const char *const *known, int with_modules,
			 struct error *err)
{
	const char *names[64], *hint;
	size_t n = 0, i;

	for (i = 0; ansible_only[i][0]; i++)
		if (strcmp(key->str, ansible_only[i][0]) == 0)
			return ynode_error(key, err,
					   "'%s' is an Ansible key crest does "
					   "not have in a %s: %s",
					   key->str, what, ansible_only[i][1]);
	for (i = 0; known[i] && n < 40; i++)
		names[n++] = known[i];
	for (i = 0; with_modules && modules[i] && n < 63; i++)
		names[n++] = modules[i]->name;
	names[n] = NULL;
	hint = suggest_word(key->str, names);
	if (with_modules) {
		if (hint)
			return ynode_error(key, err,
					   "unknown module or key '%s' in a "
					   "%s; did you mean '%s'?",
					   key->str, what, hint);
		return ynode_error(key, err,
				   "unknown module or key '%s' in a %s",
				   key->str, what);
	}
	if (hint)
		return ynode_error(key, err,
				   "unknown key '%s' in a %s; did you mean "
				   "'%s'?",
				   key->str, what, hint);
	return ynode_error(key, err, "unknown key '%s' in a %s", key->str,
			   what);
}
