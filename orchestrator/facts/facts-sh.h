/*
 * facts-sh.h - the one POSIX sh script that gathers a host's facts.
 */
#ifndef CREST_FACTS_SH_H
#define CREST_FACTS_SH_H

/* Returns the script (static, borrowed): it uses only sh and the host's
 * own tools, changes nothing, and writes the sections facts_parse()
 * reads. */
const char *facts_script(void);

#endif
