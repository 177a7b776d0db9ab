/*
 * modules.c - the table of task modules and lookups into it.
 *
 * Adding a module is one file in modules/ exporting a const struct module,
 * one extern in module.h and one row here (docs/modules.md, "Adding a
 * module").
 */
#include <string.h>

#include "module-args.h"
#include "module.h"
#include "lang/playbook.h"
#include "base/suggest.h"

const struct module *const modules[] = {
	&module_command,
	&module_shell,
	&module_package,
	&module_copy,
	&module_file,
	&module_service,
	&module_reboot,
	&module_wait_for,
	&module_check,
	&module_driver,
	&module_os_upgrade,
	&module_patch,
	NULL,
};

/* Finds a module by name. */
const struct module *module_find(const char *name)
{
	size_t i;

	for (i = 0; modules[i]; i++)
		if (strcmp(modules[i]->name, name) == 0)
			return modules[i];
	return NULL;
}

/* Suggests the module nearest to a misspelt name. */
const char *module_suggest(const char *name)
{
	const char *names[sizeof(modules) / sizeof(modules[0])];
	size_t i;

	for (i = 0; modules[i]; i++)
		names[i] = modules[i]->name;
	names[i] = NULL;
	return suggest_word(name, names);
}

/* Says whether a task can be undone, its own rollback: counted. */
int module_task_irreversible(const struct task *task)
{
	static const char *const no_snapshot[] = {"none", NULL};
	unsigned f = task->module ? task->module->flags : 0;

	/* An OS upgrade is undone only by its snapshot. */
	if (task->module == &module_os_upgrade)
		return module_arg_is(task, "snapshot", no_snapshot);
	if (!(f & MODULE_IRREVERSIBLE))
		return 0;
	return !((f & MODULE_ROLLBACK) && task->rollback && *task->rollback);
}

/* Copies prior without its describe-only members. */
json_t *module_prior_journal(const json_t *prior)
{
	json_t *copy = json_object(), *v;
	const char *key;

	json_object_foreach((json_t *)prior, key, v)
	{
		if (key[0] != '_')
			json_object_set(copy, key, v);
	}
	return copy;
}
