/*
 * inventory-script.c - executable inventory sources (Ansible's "script"
 * plugin): crest runs the program with --list and reads the JSON it
 * prints:
 *
 *	{"web": {"hosts": ["w1", "w2"], "vars": {"a": 1},
 *	         "children": ["canary"]},
 *	 "db": ["d1"],
 *	 "_meta": {"hostvars": {"w1": {"ansible_host": "10.0.0.1"}}}}
 *
 * A group is a list of hosts or a mapping of hosts, vars and children.
 * Without "_meta", the program is asked "--host NAME" for each host, as
 * Ansible asks.  The program gets INVENTORY_SCRIPT_TIMEOUT seconds and
 * INVENTORY_MAX_SCRIPT_OUTPUT bytes; stderr is kept for the error message.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "inventory-build.h"
#include "base/xmalloc.h"

/* Seconds an inventory program may take for one answer. */
#define INVENTORY_SCRIPT_TIMEOUT 120
/* Bytes of its stderr kept for the message. */
#define STDERR_TAIL 2048

/* Reads what is ready on fd into b; returns 0 at end of file, 1 when more
 * may come, -1 on error. */
static int drain(int fd, struct buf *b)
{
	char chunk[65536];
	ssize_t n = read(fd, chunk, sizeof(chunk));

	if (n < 0)
		return errno == EINTR || errno == EAGAIN ? 1 : -1;
	if (n == 0)
		return 0;
	buf_add(b, chunk, (size_t)n);
	return 1;
}

/* Starts path with one or two arguments, stdout and stderr on pipes. */
static pid_t spawn(const char *path, const char *arg1, const char *arg2,
		   int *out_fd, int *err_fd)
{
	int out[2], errp[2];
	pid_t pid;

	if (pipe(out) < 0)
		return -1;
	if (pipe(errp) < 0) {
		close(out[0]);
		close(out[1]);
		return -1;
	}
	pid = fork();
	if (pid == 0) {
		char *argv[] = {(char *)path, (char *)arg1, (char *)arg2, NULL};

		dup2(out[1], 1);
		dup2(errp[1], 2);
		close(out[0]);
		close(out[1]);
		close(errp[0]);
		close(errp[1]);
		execv(path, argv);
		dprintf(2, "cannot run %s: %s\n", path, strerror(errno));
		_exit(127);
	}
	close(out[1]);
	close(errp[1]);
	if (pid < 0) {
		close(out[0]);
		close(errp[0]);
		return -1;
	}
	*out_fd = out[0];
	*err_fd = errp[0];
	return pid;
}

/* Runs path ARG [ARG2], collecting stdout into *out; fails when it cannot
 * start, exits non-zero, runs too long or says too much. */
static int run_program(const char *path, const char *arg1, const char *arg2,
		       struct buf *out, struct error *err)
{
	struct buf errbuf = BUF_INIT;
	struct pollfd fds[2];
	int out_fd = -1, err_fd = -1, status = 0, open_fds = 2, rc = -1, r;
	time_t deadline = time(NULL) + INVENTORY_SCRIPT_TIMEOUT;
	pid_t pid;
	const char *tail;

	pid = spawn(path, arg1, arg2, &out_fd, &err_fd);
	if (pid < 0)
		return error_set(err, ERROR_SYSTEM, "cannot run %s: %s", path,
				 strerror(errno));
	while (open_fds > 0) {
		long left = (long)(deadline - time(NULL));

		if (left <= 0) {
			kill(pid, SIGKILL);
			error_set(err, ERROR_INVALID,
				  "inventory program %s %s gave no answer "
				  "within %d seconds",
				  path, arg1, INVENTORY_SCRIPT_TIMEOUT);
			goto out;
		}
		fds[0].fd = out_fd;
		fds[1].fd = err_fd;
		fds[0].events = fds[1].events = POLLIN;
		if (poll(fds, 2, (int)(left * 1000)) < 0 && errno != EINTR)
			break;
		for (r = 0; r < 2; r++) {
			struct buf *b = r == 0 ? out : &errbuf;
			int *fd = r == 0 ? &out_fd : &err_fd;

			if (*fd < 0 || !(fds[r].revents & (POLLIN | POLLHUP)))
				continue;
			if (drain(*fd, b) <= 0) {
				close(*fd);
				*fd = -1;
				fds[r].fd = -1;
				open_fds--;
			}
		}
		if (out->len > INVENTORY_MAX_SCRIPT_OUTPUT) {
			kill(pid, SIGKILL);
			error_set(err, ERROR_INVALID,
				  "inventory program %s printed more than %u "
				  "bytes",
				  path, INVENTORY_MAX_SCRIPT_OUTPUT);
			goto out;
		}
		if (errbuf.len > 4 * STDERR_TAIL) {
			memmove(errbuf.data,
				errbuf.data + errbuf.len - STDERR_TAIL,
				STDERR_TAIL);
			buf_truncate(&errbuf, STDERR_TAIL);
		}
	}
	rc = 0;
out:
	if (out_fd >= 0)
		close(out_fd);
	if (err_fd >= 0)
		close(err_fd);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (rc == 0 && !(WIFEXITED(status) && WEXITSTATUS(status) == 0)) {
		tail = errbuf.len > STDERR_TAIL
			       ? errbuf.data + errbuf.len - STDERR_TAIL
			       : errbuf.data;
		while (errbuf.len && (errbuf.data[errbuf.len - 1] == '\n'))
			buf_truncate(&errbuf, errbuf.len - 1);
		error_set(err, ERROR_INVALID,
			  "inventory program %s %s failed (%s %d)%s%s", path,
			  arg1, WIFEXITED(status) ? "exit status" : "signal",
			  WIFEXITED(status) ? WEXITSTATUS(status)
					    : WTERMSIG(status),
			  errbuf.len ? ": " : "", errbuf.len ? tail : "");
		rc = -1;
	}
	buf_release(&errbuf);
	return rc;
}

/* Parses a program's output as JSON. */
static int parse_output(const char *path, const char *arg,
			const struct buf *out, json_t **json, struct error *err)
{
	json_error_t jerr;

	*json = json_loadb(out->data, out->len, JSON_DECODE_ANY, &jerr);
	if (*json == NULL)
		return error_set_at(err, ERROR_INVALID, path,
				    (unsigned)jerr.line, (unsigned)jerr.column,
				    "output of '%s %s' is not JSON: %s", path,
				    arg, jerr.text);
	return 0;
}

/* Adds one group of the --list answer. */
static int add_group(struct inventory *inv, const char *path, const char *name,
		     json_t *data, struct strmap *seen, struct error *err)
{
	struct group *g = inventory_add_group(inv, name);
	json_t *hosts, *vars, *children, *v;
	const char *key;
	size_t i;

	if (json_is_object(data)) {
		hosts = json_object_get(data, "hosts");
		vars = json_object_get(data, "vars");
		children = json_object_get(data, "children");
		if (!hosts && !vars && !children)
			vars = data; /* a group of its own name, as in Ansible */
	} else {
		hosts = data;
		vars = children = NULL;
	}
	if (json_is_object(data) && hosts == NULL && vars == data) {
		inventory_add_host(inv, name, g, 0);
		strmap_put(seen, name, g);
	}
	if (hosts) {
		if (!json_is_array(hosts))
			return error_set(err, ERROR_INVALID,
					 "%s: group '%s' has a host list that "
					 "is not a list",
					 path, name);
		if (inventory_check_room(inv, json_array_size(hosts), err) < 0)
			return -1;
		json_array_foreach(hosts, i, v)
		{
			if (!json_is_string(v) || !*json_string_value(v))
				return error_set(err, ERROR_INVALID,
						 "%s: group '%s' lists a host "
						 "that is not a name",
						 path, name);
			inventory_add_host(inv, json_string_value(v), g, 0);
			strmap_put(seen, json_string_value(v), g);
		}
	}
	if (vars) {
		if (!json_is_object(vars))
			return error_set(err, ERROR_INVALID,
					 "%s: vars of group '%s' are not a "
					 "mapping",
					 path, name);
		json_object_foreach(vars, key, v)
		{
			if (inventory_group_set_var(g, key, json_incref(v),
						    err) < 0) {
				error_prefix(err, "%s", path);
				return -1;
			}
		}
	}
	if (children) {
		if (json_is_object(children)) {
			json_object_foreach(children, key, v)
			{
				if (inventory_add_child(
					    inv, g,
					    inventory_add_group(inv, key),
					    err) < 0)
					return -1;
			}
		} else if (json_is_array(children)) {
			json_array_foreach(children, i, v)
			{
				if (!json_is_string(v))
					return error_set(err, ERROR_INVALID,
							 "%s: children of "
							 "group '%s' must be "
							 "names",
							 path, name);
				if (inventory_add_child(
					    inv, g,
					    inventory_add_group(
						    inv, json_string_value(v)),
					    err) < 0)
					return -1;
			}
		} else {
			return error_set(err, ERROR_INVALID,
					 "%s: children of group '%s' must be a "
					 "list",
					 path, name);
		}
	}
	return 0;
}

/* Sets one host's variables from _meta.hostvars or from --host. */
static int add_host_vars(struct inventory *inv, const char *path,
			 const char *name, json_t *meta, struct error *err)
{
	struct buf out = BUF_INIT;
	json_t *vars = NULL, *v;
	const char *key;
	size_t i;
	int rc = -1;

	if (meta) {
		vars = json_incref(json_object_get(meta, name));
	} else {
		if (run_program(path, "--host", name, &out, err) < 0)
			goto out;
		for (i = 0; i < out.len && strchr(" \t\r\n", out.data[i]); i++)
			;
		if (i < out.len &&
		    parse_output(path, "--host", &out, &vars, err) < 0)
			goto out;
	}
	if (vars && !json_is_object(vars)) {
		error_set(err, ERROR_INVALID,
			  "%s: variables of host '%s' are not a mapping", path,
			  name);
		goto out;
	}
	json_object_foreach(vars, key, v)
	{
		inventory_host_set_var(inventory_host(inv, name), key,
				       json_incref(v));
	}
	rc = 0;
out:
	json_decref(vars);
	buf_release(&out);
	return rc;
}

/* Runs an inventory program and reads its answer. */
int inventory_parse_script(struct inventory *inv, const char *path,
			   struct error *err)
{
	struct strmap seen = STRMAP_INIT;
	struct buf out = BUF_INIT;
	json_t *json = NULL, *data, *meta = NULL;
	const char *name;
	size_t i;
	int rc = -1;

	if (run_program(path, "--list", NULL, &out, err) < 0)
		goto out;
	if (parse_output(path, "--list", &out, &json, err) < 0)
		goto out;
	if (!json_is_object(json)) {
		error_set(err, ERROR_INVALID,
			  "%s: --list must print a JSON object of groups",
			  path);
		goto out;
	}
	json_object_foreach(json, name, data)
	{
		if (strcmp(name, "_meta") == 0) {
			if (json_is_object(data))
				meta = json_object_get(data, "hostvars");
			if (json_is_null(meta))
				meta = NULL; /* ask --host, as Ansible does */
			continue;
		}
		if (add_group(inv, path, name, data, &seen, err) < 0)
			goto out;
	}
	if (meta && !json_is_object(meta)) {
		error_set(err, ERROR_INVALID,
			  "%s: _meta.hostvars must be a mapping", path);
		goto out;
	}
	for (i = 0; i < inv->n_hosts; i++)
		if (strmap_get(&seen, inv->hosts[i]->name) &&
		    add_host_vars(inv, path, inv->hosts[i]->name, meta, err) <
			    0)
			goto out;
	rc = 0;
out:
	strmap_release(&seen);
	json_decref(json);
	buf_release(&out);
	return rc;
}
