/*
 * health.c - port, HTTP and command tests with retries, for wait_for and
 * check (health.h).
 */
#include <string.h>

#include "health.h"
#include "transport/quote.h"

/* Appends the port test. */
void health_sh_port(struct buf *out, const char *host, long long port,
		    unsigned wait)
{
	buf_adds(out, "{ if command -v nc >/dev/null 2>&1; then nc -z -w ");
	buf_addf(out, "%u ", wait ? wait : 1);
	quote_sh_str(out, host);
	buf_addf(out,
		 " %lld >/dev/null 2>&1; elif command -v bash >/dev/null "
		 "2>&1; then timeout %u bash -c 'exec 3<>\"/dev/tcp/$1/$2\"' "
		 "sh ",
		 port, wait ? wait : 1);
	quote_sh_str(out, host);
	buf_addf(out,
		 " %lld >/dev/null 2>&1; else echo 'crest: the host has "
		 "neither nc nor bash to test a TCP port' >&2; exit 3; fi; }",
		 port);
}

/* Appends the HTTP test. */
void health_sh_http(struct buf *out, const char *url, long long status,
		    unsigned wait)
{
	buf_adds(out, "{ if command -v curl >/dev/null 2>&1; then c=$(curl -s "
		      "-o /dev/null -w '%{http_code}' ");
	buf_addf(out, "--max-time %u ", wait ? wait : 5);
	quote_sh_str(out, url);
	buf_addf(out,
		 "); elif command -v wget >/dev/null 2>&1; then "
		 "c=$(wget -q -S -O /dev/null -t 1 -T %u ",
		 wait ? wait : 5);
	quote_sh_str(out, url);
	buf_addf(out,
		 " 2>&1 | awk '$1 ~ /^HTTP\\// {c = $2} END {print c}'); "
		 "else echo 'crest: the host has neither curl nor wget "
		 "to fetch a URL' >&2; exit 3; fi; echo \"HTTP status "
		 "${c:-none}\" >&2; [ \"$c\" = %lld ]; }",
		 status);
}

/* Appends the command test. */
void health_sh_command(struct buf *out, const char *line)
{
	buf_adds(out, "sh -c ");
	quote_sh_str(out, line);
}

/* Appends the retry loop. */
void health_sh_retry(struct buf *out, const char *cond, unsigned tries,
		     unsigned delay, const char *what)
{
	buf_addf(out,
		 "i=0; while :; do if %s; then exit 0; fi; i=$((i + 1)); "
		 "[ $i -lt %u ] || break; sleep %u; done; echo ",
		 cond, tries ? tries : 1, delay);
	{
		struct buf msg = BUF_INIT;

		buf_addf(&msg, "crest: %s: not after %u tries", what,
			 tries ? tries : 1);
		quote_sh_str(out, msg.data);
		buf_release(&msg);
	}
	buf_adds(out, " >&2; exit 1");
}
