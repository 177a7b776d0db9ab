/*
 * http.h - one HTTP exchange from the controller, for the metric gates
 * (analysis/) and the webhooks (notify/).
 *
 * Built on libcurl (Debian's libcurl4-openssl-dev): http:// and https://
 * with the system's CA store, no redirects followed, no signals (it runs
 * on worker threads).  Every exchange is bounded: connect_ms for the TCP
 * and TLS connect, total_ms for the whole exchange, max_body bytes of the
 * response body kept (a longer body is an error, not a cut).
 *
 * Ownership: a struct http_response owns its body; release it with
 * http_response_release().  The request's strings are borrowed.
 */
#ifndef CREST_HTTP_H
#define CREST_HTTP_H

#include <stddef.h>

#include "base/buf.h"
#include "base/error.h"

/* Defaults when a request leaves them 0. */
#define HTTP_CONNECT_MS 5000
#define HTTP_TOTAL_MS 10000
#define HTTP_MAX_BODY (1024 * 1024)

struct http_request {
	const char *method; /* "GET" or "POST" */
	const char *url;    /* http:// or https:// */
	const char *body;   /* POST: the body, or NULL */
	size_t body_len;
	const char *const *headers; /* "Name: value", or NULL */
	size_t n_headers;
	unsigned connect_ms; /* 0: HTTP_CONNECT_MS */
	unsigned total_ms;   /* 0: HTTP_TOTAL_MS */
	size_t max_body;     /* 0: HTTP_MAX_BODY */
};

struct http_response {
	long status;	 /* the HTTP status code */
	struct buf body; /* at most max_body bytes */
};

#define HTTP_RESPONSE_INIT                                                     \
	{                                                                      \
		0, BUF_INIT                                                    \
	}

/* Sends req and reads the response into *resp (released first).  Returns
 * 0 when a response came (whatever its status), or -1 with err set
 * (ERROR_UNREACHABLE: refused, no such host; ERROR_TIMEOUT: connect or the
 * whole exchange ran out of time; ERROR_FAILED: body too large, bad
 * response). */
int http_exchange(const struct http_request *req, struct http_response *resp,
		  struct error *err);

/* Frees the response's body.  Accepts NULL. */
void http_response_release(struct http_response *resp);

#endif
