/*
 * analysis.c - measuring one check of a play's analysis; see analysis.h.
 *
 * Prometheus: GET URL/api/v1/query?query=Q (the instant query API), whose
 * answer is {"status": "success", "data": {"resultType": "vector" |
 * "scalar", "result": ...}}; a vector holds samples {"metric": {...},
 * "value": [TIME, "TEXT"]}, a scalar is [TIME, "TEXT"] itself.  Every
 * sample must hold the thresholds; the worst is the value reported.
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "analysis.h"
#include "base/buf.h"
#include "base/xmalloc.h"
#include "base/json-get.h"
#include "http/http.h"

/* Appends s percent-encoded for a query string. */
static void url_escape(struct buf *b, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~')
			buf_addch(b, c);
		else
			buf_addf(b, "%%%02X", c);
	}
}

/* Reads the number of a [TIME, "TEXT"] pair into *out. */
static int sample_value(const json_t *pair, double *out)
{
	const char *text = json_string_value(json_array_get(pair, 1));
	char *end;

	if (text == NULL)
		return -1;
	*out = strtod(text, &end);
	return end == text || *end ? -1 : 0;
}

/* Tells how far v is outside c's thresholds (0 inside, NaN worst). */
static double excess(const struct analysis_check *c, double v)
{
	if (isnan(v))
		return INFINITY;
	if (c->has_max && v > c->max)
		return v - c->max;
	if (c->has_min && v < c->min)
		return c->min - v;
	return 0;
}

/* Judges the samples of a query's answer. */
static void judge_samples(const struct analysis_check *c, const json_t *data,
			  struct analysis_measurement *m)
{
	const char *type = json_get_str(data, "resultType", NULL);
	const json_t *result = json_object_get(data, "result");
	double v, worst = 0, worst_excess = -1;
	size_t i, n = 0;

	if (type && strcmp(type, "scalar") == 0) {
		if (sample_value(result, &v) == 0) {
			worst = v;
			worst_excess = excess(c, v);
			n = 1;
		}
	} else if (type && strcmp(type, "vector") == 0 &&
		   json_is_array(result)) {
		for (i = 0; i < json_array_size(result); i++) {
			if (sample_value(
				    json_object_get(json_array_get(result, i),
						    "value"),
				    &v) < 0)
				continue;
			if (excess(c, v) > worst_excess) {
				worst_excess = excess(c, v);
				worst = v;
			}
			n++;
		}
	} else {
		m->reason = xasprintf("the query's result is a %s; crest takes "
				      "a vector or a scalar",
				      type ? type : "(missing type)");
		return;
	}
	m->samples = n;
	if (n == 0) {
		m->reason = xstrdup("the query returned no sample: an empty "
				    "result measures nothing, so it fails");
		return;
	}
	m->has_value = 1;
	m->value = worst;
	m->ok = worst_excess == 0;
	if (m->ok)
		m->reason = xasprintf("%g within the thresholds", worst);
	else if (isnan(worst))
		m->reason = xstrdup("the query returned NaN");
	else if (c->has_max && worst > c->max)
		m->reason = xasprintf("%g is above max %g", worst, c->max);
	else
		m->reason = xasprintf("%g is below min %g", worst, c->min);
}

/* Measures a Prometheus query. */
static void measure_prometheus(const struct analysis_check *c,
			       struct analysis_measurement *m)
{
	struct http_request req = {0};
	struct http_response resp = HTTP_RESPONSE_INIT;
	struct error err = ERROR_INIT;
	struct buf url = BUF_INIT;
	json_error_t jerr;
	json_t *doc = NULL;
	const char *status;

	buf_adds(&url, c->url);
	while (url.len && url.data[url.len - 1] == '/')
		buf_truncate(&url, url.len - 1);
	buf_adds(&url, "/api/v1/query?query=");
	url_escape(&url, c->query);
	req.method = "GET";
	req.url = url.data;
	req.total_ms = c->timeout * 1000;
	req.connect_ms =
		req.total_ms < HTTP_CONNECT_MS ? req.total_ms : HTTP_CONNECT_MS;
	if (http_exchange(&req, &resp, &err) < 0) {
		m->reason = xstrdup(err.message);
		goto out;
	}
	doc = json_loadb(resp.body.data, resp.body.len, 0, &jerr);
	status = json_get_str(doc, "status", NULL);
	if (doc == NULL || status == NULL) {
		m->reason = xasprintf("Prometheus answered HTTP %ld without "
				      "its JSON",
				      resp.status);
		goto out;
	}
	if (strcmp(status, "success") != 0) {
		const char *e = json_get_str(doc, "error", NULL);

		m->reason = xasprintf("Prometheus refused the query: %s",
				      e ? e : status);
		goto out;
	}
	judge_samples(c, json_object_get(doc, "data"), m);
out:
	json_decref(doc);
	http_response_release(&resp);
	buf_release(&url);
	error_release(&err);
}

/* Measures an HTTP URL's status. */
static void measure_http(const struct analysis_check *c,
			 struct analysis_measurement *m)
{
	struct http_request req = {0};
	struct http_response resp = HTTP_RESPONSE_INIT;
	struct error err = ERROR_INIT;

	req.method = "GET";
	req.url = c->url;
	req.total_ms = c->timeout * 1000;
	req.connect_ms =
		req.total_ms < HTTP_CONNECT_MS ? req.total_ms : HTTP_CONNECT_MS;
	if (http_exchange(&req, &resp, &err) < 0) {
		m->reason = xstrdup(err.message);
	} else {
		m->status = resp.status;
		m->ok = resp.status == c->status;
		m->reason = m->ok ? xasprintf("HTTP %ld", resp.status)
				  : xasprintf("HTTP %ld, not %ld", resp.status,
					      c->status);
	}
	http_response_release(&resp);
	error_release(&err);
}

/* Takes one measurement. */
void analysis_measure(const struct analysis_check *c,
		      struct analysis_measurement *m)
{
	analysis_measurement_release(m);
	memset(m, 0, sizeof(*m));
	if (c->kind == ANALYSIS_PROMETHEUS)
		measure_prometheus(c, m);
	else
		measure_http(c, m);
}

/* Names a check's kind. */
const char *analysis_kind_name(const struct analysis_check *c)
{
	return c->kind == ANALYSIS_PROMETHEUS ? "prometheus" : "http";
}

/* Describes a check on one line. */
char *analysis_describe(const struct analysis_check *c)
{
	struct buf b = BUF_INIT;

	if (c->kind == ANALYSIS_HTTP) {
		buf_addf(&b, "http %s answers %ld", c->url, c->status);
		return buf_detach(&b, NULL);
	}
	buf_addf(&b, "prometheus %s", c->query);
	if (c->has_min)
		buf_addf(&b, " >= %g", c->min);
	if (c->has_max)
		buf_addf(&b, "%s <= %g", c->has_min ? " and" : "", c->max);
	buf_addf(&b, " at %s", c->url);
	return buf_detach(&b, NULL);
}

/* Frees the reason. */
void analysis_measurement_release(struct analysis_measurement *m)
{
	if (m == NULL)
		return;
	free(m->reason);
	m->reason = NULL;
}
