/*
 * version.h - crest's version, set by the Makefile from the VERSION file.
 */
#ifndef CREST_VERSION_H
#define CREST_VERSION_H

#ifndef CREST_VERSION
#define CREST_VERSION "0.0.0-unknown"
#endif

#endif
