/*
 * cmd-schedule.h - the subcommands of "crest schedule", one function
 * each, called by cmd-schedule.c with argv[0] the subcommand's name and
 * entry the command's table entry (for usage and its errors: handed in
 * rather than named, so the subcommands need nothing of cmd-schedule.c).
 * Each returns the process exit code (enum crest_exit).
 */
#ifndef CREST_CMD_SCHEDULE_H
#define CREST_CMD_SCHEDULE_H

struct cmd_entry;

/* "crest schedule next NAME|--calendar EXPR" (cmd-schedule-next.c). */
int cmd_schedule_next(const struct cmd_entry *entry, int argc, char **argv);

/* "crest schedule install PLAYBOOK --window NAME"
 * (cmd-schedule-units.c). */
int cmd_schedule_install(const struct cmd_entry *entry, int argc, char **argv);

/* "crest schedule list" (cmd-schedule-units.c). */
int cmd_schedule_list(const struct cmd_entry *entry, int argc, char **argv);

/* "crest schedule remove PLAYBOOK" (cmd-schedule-units.c). */
int cmd_schedule_remove(const struct cmd_entry *entry, int argc, char **argv);

#endif
