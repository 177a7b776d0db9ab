/*
 * http.c - one bounded HTTP exchange over libcurl; see http.h.
 */
#include <pthread.h>
#include <string.h>

#include <curl/curl.h>

#include "http.h"

static pthread_once_t http_once = PTHREAD_ONCE_INIT;

/* Initialises libcurl once for the process, before any thread uses it. */
static void http_global_init(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
}

/* What the body callback fills. */
struct http_sink {
	struct buf *body;
	size_t max;
	int too_large;
};

/* libcurl: appends a piece of the body, refusing more than max bytes. */
static size_t http_write(char *data, size_t size, size_t n, void *ctx)
{
	struct http_sink *sink = ctx;
	size_t len = size * n;

	if (sink->body->len + len > sink->max) {
		sink->too_large = 1;
		return 0;
	}
	buf_add(sink->body, data, len);
	return len;
}

/* Maps a libcurl failure to an error. */
static int http_fail(CURLcode rc, const struct http_request *req,
		     const char *detail, struct error *err)
{
	enum error_kind kind = ERROR_FAILED;

	if (rc == CURLE_OPERATION_TIMEDOUT)
		kind = ERROR_TIMEOUT;
	else if (rc == CURLE_COULDNT_CONNECT ||
		 rc == CURLE_COULDNT_RESOLVE_HOST ||
		 rc == CURLE_COULDNT_RESOLVE_PROXY)
		kind = ERROR_UNREACHABLE;
	return error_set(err, kind, "%s %s: %s", req->method, req->url,
			 *detail ? detail : curl_easy_strerror(rc));
}

/* Sends the request and reads the response. */
int http_exchange(const struct http_request *req, struct http_response *resp,
		  struct error *err)
{
	struct curl_slist *headers = NULL;
	char detail[CURL_ERROR_SIZE] = "";
	struct http_sink sink;
	CURL *curl = NULL;
	CURLcode rc;
	size_t i;
	int ret = -1;

	pthread_once(&http_once, http_global_init);
	http_response_release(resp);
	curl = curl_easy_init();
	if (curl == NULL) {
		error_set(err, ERROR_SYSTEM, "cannot start an HTTP exchange");
		goto out;
	}
	sink.body = &resp->body;
	sink.max = req->max_body ? req->max_body : HTTP_MAX_BODY;
	sink.too_large = 0;
	for (i = 0; i < req->n_headers; i++)
		headers = curl_slist_append(headers, req->headers[i]);
	/* No "Expect: 100-continue" wait on a POST. */
	headers = curl_slist_append(headers, "Expect:");
	curl_easy_setopt(curl, CURLOPT_URL, req->url);
	curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(
		curl, CURLOPT_CONNECTTIMEOUT_MS,
		(long)(req->connect_ms ? req->connect_ms : HTTP_CONNECT_MS));
	curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS,
			 (long)(req->total_ms ? req->total_ms : HTTP_TOTAL_MS));
	curl_easy_setopt(curl, CURLOPT_USERAGENT, "crest");
	curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, http_write);
	curl_easy_setopt(curl, CURLOPT_WRITEDATA, &sink);
	curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, detail);
	if (strcmp(req->method, "POST") == 0) {
		curl_easy_setopt(curl, CURLOPT_POST, 1L);
		curl_easy_setopt(curl, CURLOPT_POSTFIELDS,
				 req->body ? req->body : "");
		curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE,
				 (long)req->body_len);
	}
	rc = curl_easy_perform(curl);
	if (sink.too_large) {
		error_set(err, ERROR_FAILED,
			  "%s %s: the response is larger than %zu bytes",
			  req->method, req->url, sink.max);
		goto out;
	}
	if (rc != CURLE_OK) {
		http_fail(rc, req, detail, err);
		goto out;
	}
	curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &resp->status);
	ret = 0;
out:
	if (ret < 0)
		http_response_release(resp);
	curl_slist_free_all(headers);
	if (curl)
		curl_easy_cleanup(curl);
	return ret;
}

/* Frees the body. */
void http_response_release(struct http_response *resp)
{
	if (resp == NULL)
		return;
	buf_release(&resp->body);
	resp->status = 0;
}
