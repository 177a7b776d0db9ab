/*
 * hostkey.c - strict host key checking and --accept-new; see hostkey.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "hostkey.h"
#include "base/xmalloc.h"

/* Appends to a known_hosts file happen one at a time, so that hosts
 * accepted by different threads never interleave their lines and a key
 * recorded for one alias is seen before the next alias records it again. */
static pthread_mutex_t hostkey_record_lock = PTHREAD_MUTEX_INITIALIZER;

/* What the host offered, as OpenSSH shows it. */
struct hostkey_seen {
	char *host;	   /* "127.0.50.3" or "[127.0.50.3]:2222" */
	char *type;	   /* "ssh-ed25519" */
	char *fingerprint; /* "SHA256:..." */
};

/* Fills seen from the session's server key; missing parts stay "?". */
static void hostkey_describe(ssh_session session, struct hostkey_seen *seen)
{
	ssh_key key = NULL;
	unsigned char *hash = NULL;
	size_t hlen = 0;
	char *host = NULL, *fp = NULL;
	unsigned int port = 22;

	if (ssh_options_get(session, SSH_OPTIONS_HOST, &host) != SSH_OK)
		host = NULL;
	ssh_options_get_port(session, &port);
	if (port == 22)
		seen->host = xstrdup(host ? host : "?");
	else
		seen->host = xasprintf("[%s]:%u", host ? host : "?", port);
	ssh_string_free_char(host);
	seen->type = xstrdup("?");
	seen->fingerprint = xstrdup("?");
	if (ssh_get_server_publickey(session, &key) != SSH_OK)
		return;
	free(seen->type);
	seen->type = xstrdup(ssh_key_type_to_char(ssh_key_type(key)));
	if (ssh_get_publickey_hash(key, SSH_PUBLICKEY_HASH_SHA256, &hash,
				   &hlen) == 0) {
		fp = ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash,
					      hlen);
		if (fp) {
			free(seen->fingerprint);
			seen->fingerprint = xstrdup(fp);
			ssh_string_free_char(fp);
		}
		ssh_clean_pubkey_hash(&hash);
	}
	ssh_key_free(key);
}

/* Frees what hostkey_describe() filled. */
static void hostkey_seen_release(struct hostkey_seen *seen)
{
	free(seen->host);
	free(seen->type);
	free(seen->fingerprint);
}

/* Looks the session's key up in one known_hosts file only. */
static enum ssh_known_hosts_e hostkey_lookup(ssh_session session,
					     const char *file)
{
	if (file == NULL || access(file, R_OK) != 0)
		return SSH_KNOWN_HOSTS_NOT_FOUND;
	/* libssh reads a "user" and a "global" file; point the user one at
	 * this file and the global one at an empty file. */
	if (ssh_options_set(session, SSH_OPTIONS_KNOWNHOSTS, file) < 0 ||
	    ssh_options_set(session, SSH_OPTIONS_GLOBAL_KNOWNHOSTS,
			    "/dev/null") < 0)
		return SSH_KNOWN_HOSTS_ERROR;
	return ssh_session_is_known_server(session);
}

/* Creates the directories above path, like mkdir -p, mode 0700. */
static void hostkey_mkdirs(const char *path)
{
	char *dir = xstrdup(path);
	char *p;

	for (p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0700) < 0 && errno != EEXIST)
			break;
		*p = '/';
	}
	free(dir);
}

/* Appends the session's key to file as one known_hosts line. */
static int hostkey_record(ssh_session session, const char *file,
			  struct error *err)
{
	char *entry = NULL;
	size_t len, done = 0;
	ssize_t n;
	int fd = -1, rc = -1;

	if (ssh_session_export_known_hosts_entry(session, &entry) != SSH_OK) {
		error_set(err, ERROR_HOSTKEY,
			  "cannot format the host key for %s: %s", file,
			  ssh_get_error(session));
		goto out;
	}
	fd = open(file, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0 && errno == ENOENT) {
		hostkey_mkdirs(file);
		fd = open(file, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC,
			  0600);
	}
	if (fd < 0) {
		error_set(err, ERROR_SYSTEM,
			  "cannot record the host key in %s: %s", file,
			  strerror(errno));
		goto out;
	}
	len = strlen(entry);
	while (done < len) {
		n = write(fd, entry + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			error_set(err, ERROR_SYSTEM,
				  "cannot record the host key in %s: %s", file,
				  strerror(errno));
			goto out;
		}
		done += (size_t)n;
	}
	/* A trust decision must survive a crash of the controller. */
	if (fsync(fd) < 0) {
		error_set(err, ERROR_SYSTEM,
			  "cannot record the host key in %s: %s", file,
			  strerror(errno));
		goto out;
	}
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	ssh_string_free_char(entry);
	return rc;
}

/* Records an unknown key under the lock, unless another thread just did. */
static int hostkey_accept(ssh_session session, const char *file,
			  struct error *err)
{
	int rc;

	pthread_mutex_lock(&hostkey_record_lock);
	if (hostkey_lookup(session, file) == SSH_KNOWN_HOSTS_OK)
		rc = 0;
	else
		rc = hostkey_record(session, file, err);
	pthread_mutex_unlock(&hostkey_record_lock);
	return rc;
}

/* Lists the files that were checked, for messages. */
static void hostkey_add_files(struct buf *b, const char *const *files, size_t n)
{
	size_t i;
	int any = 0;

	for (i = 0; i < n; i++) {
		if (files[i] == NULL)
			continue;
		buf_addf(b, "%s%s", any ? ", " : "", files[i]);
		any = 1;
	}
	if (!any)
		buf_adds(b, "no known_hosts file");
}

/* Checks the session's host key; see hostkey.h for the rules. */
int hostkey_check(ssh_session session, const struct hostkey_policy *policy,
		  struct error *err)
{
	const char *files[3];
	const char *changed_in = NULL, *record_in;
	enum ssh_known_hosts_e state, changed = SSH_KNOWN_HOSTS_UNKNOWN;
	struct hostkey_seen seen = {NULL, NULL, NULL};
	struct buf msg = BUF_INIT;
	size_t i, j;
	int rc = -1;

	files[0] = policy->user_file;
	files[1] = policy->extra_file;
	files[2] = policy->global_file;
	for (i = 0; i < 3; i++) {
		for (j = 0; j < i; j++)
			if (files[i] && files[j] && !strcmp(files[i], files[j]))
				files[i] = NULL;
		state = hostkey_lookup(session, files[i]);
		if (state == SSH_KNOWN_HOSTS_OK)
			return 0;
		if (state == SSH_KNOWN_HOSTS_ERROR) {
			error_set(err, ERROR_HOSTKEY,
				  "cannot check the host key against %s: %s",
				  files[i], ssh_get_error(session));
			goto out;
		}
		if ((state == SSH_KNOWN_HOSTS_CHANGED ||
		     state == SSH_KNOWN_HOSTS_OTHER) &&
		    changed_in == NULL) {
			changed_in = files[i];
			changed = state;
		}
	}
	hostkey_describe(session, &seen);
	if (changed_in) {
		buf_addf(&msg,
			 "the host key of %s has CHANGED: the host offers %s "
			 "%s, which does not match %s entry in %s; this may "
			 "be an attack, or the host was reinstalled: if you "
			 "know it was, remove the old key with: ssh-keygen -R "
			 "\"%s\" -f %s, and connect again; nothing was run "
			 "on it",
			 seen.host, seen.type, seen.fingerprint,
			 changed == SSH_KNOWN_HOSTS_OTHER
				 ? "its (other key type)"
				 : "its",
			 changed_in, seen.host, changed_in);
		error_set(err, ERROR_HOSTKEY, "%s", msg.data);
		goto out;
	}
	record_in = policy->extra_file ? policy->extra_file : policy->user_file;
	if (!policy->accept_new || record_in == NULL) {
		buf_addf(&msg,
			 "the host key of %s is unknown: the host offers %s "
			 "%s, which is in none of ",
			 seen.host, seen.type, seen.fingerprint);
		hostkey_add_files(&msg, files, 3);
		buf_addf(&msg,
			 "; check the fingerprint with the host's owner and "
			 "add the key to known_hosts, or run with "
			 "--accept-new to trust keys seen for the first time");
		error_set(err, ERROR_HOSTKEY, "%s", msg.data);
		goto out;
	}
	if (hostkey_accept(session, record_in, err) < 0)
		goto out;
	rc = 0;
out:
	hostkey_seen_release(&seen);
	buf_release(&msg);
	return rc;
}
