/*
 * cmd-schedule.h - the subcommands of "crest schedule", one function
 * each, called by cmd-schedule.c with argv[0] the subcommand's name.
 * Each returns the process exit code (enum crest_exit).
 */
#ifndef CREST_CMD_SCHEDULE_H
#define CREST_CMD_SCHEDULE_H

/* "crest schedule next NAME|--calendar EXPR" (cmd-schedule-next.c). */
int cmd_schedule_next(int argc, char **argv);

/* "crest schedule install PLAYBOOK --window NAME"
 * (cmd-schedule-units.c). */
int cmd_schedule_install(int argc, char **argv);

/* "crest schedule list" (cmd-schedule-units.c). */
int cmd_schedule_list(int argc, char **argv);

/* "crest schedule remove PLAYBOOK" (cmd-schedule-units.c). */
int cmd_schedule_remove(int argc, char **argv);

#endif
