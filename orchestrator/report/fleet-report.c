/*
 * fleet-report.c - the fleet report's page (fleet-report.h).
 *
 * Theory of operation: the runs are read first (newest first, at most
 * max_runs), each into a run view; the host list is the inventory's hosts
 * in inventory order, then any host a shown run names that the inventory
 * does not have.  For each host the inventory row says its address and
 * groups, what the facts store last recorded (fleet-facts.h) and the
 * newest run that touched it; the patch table says when crest last
 * patched it (patch/patch-history.h).  Then one section per run.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include "fleet-report.h"
#include "fleet-facts.h"
#include "html.h"
#include "run-page.h"
#include "run-view.h"
#include "base/xmalloc.h"
#include "engine/state.h"
#include "inventory/inventory.h"
#include "patch/patch-history.h"

/* What the page is built from. */
struct fleet {
	const struct fleet_report *req;
	struct run_view **runs; /* newest first */
	size_t n_runs;
	char **hosts; /* the rows, in order (owned) */
	int *in_inventory;
	size_t n_hosts;
	json_t *groups;	 /* host -> [group names] from the inventory */
	json_t *patched; /* host -> time of its last patch */
};

/* Adds a host row unless it is there. */
static void fleet_add_host(struct fleet *f, const char *name, int in_inv)
{
	size_t i;

	for (i = 0; i < f->n_hosts; i++)
		if (strcmp(f->hosts[i], name) == 0)
			return;
	f->hosts = xreallocarray(f->hosts, f->n_hosts + 1, sizeof(*f->hosts));
	f->in_inventory = xreallocarray(f->in_inventory, f->n_hosts + 1,
					sizeof(*f->in_inventory));
	f->hosts[f->n_hosts] = xstrdup(name);
	f->in_inventory[f->n_hosts++] = in_inv;
}

/* Reads the newest runs into views. */
static int fleet_load_runs(struct fleet *f, struct error *err)
{
	char **ids = NULL, *path;
	size_t n = 0, i;
	int ret = -1;

	if (state_list_runs(f->req->state_dir, &ids, &n, err) < 0)
		goto out;
	f->runs = xcalloc(n ? n : 1, sizeof(*f->runs));
	for (i = n; i-- > 0;) {
		if (f->req->max_runs && f->n_runs >= f->req->max_runs)
			break;
		path = state_run_path(f->req->state_dir, ids[i]);
		if (run_view_load(path, &f->runs[f->n_runs], err) < 0) {
			free(path);
			goto out;
		}
		free(path);
		f->n_runs++;
	}
	ret = 0;
out:
	for (i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
	return ret;
}

/* Collects the rows and each host's groups. */
static void fleet_hosts(struct fleet *f)
{
	const struct inventory *inv = f->req->inv;
	json_t *list, *g, *name;
	const char *group;
	size_t i, k;

	f->groups = json_object();
	if (inv) {
		for (i = 0; i < inventory_n_hosts(inv); i++)
			fleet_add_host(f, inventory_host_at(inv, i)->name, 1);
		list = inventory_to_json(inv);
		json_object_foreach(list, group, g)
		{
			if (strcmp(group, "_meta") == 0 ||
			    strcmp(group, "all") == 0)
				continue;
			json_array_foreach(json_object_get(g, "hosts"), k, name)
			{
				const char *h = json_string_value(name);
				json_t *mine;

				if (h == NULL)
					continue;
				mine = json_object_get(f->groups, h);
				if (mine == NULL) {
					mine = json_array();
					json_object_set_new(f->groups, h, mine);
				}
				json_array_append_new(mine, json_string(group));
			}
		}
		json_decref(list);
	}
	for (i = 0; i < f->n_runs; i++)
		for (k = 0; k < f->runs[i]->n_hosts; k++)
			fleet_add_host(f, f->runs[i]->hosts[k].name, 0);
}

/* Returns the newest shown run's record of host, or NULL; *run is set to
 * that run. */
static const struct view_host *last_run_of(const struct fleet *f,
					   const char *host,
					   const struct run_view **run)
{
	size_t i, k;

	for (i = 0; i < f->n_runs; i++)
		for (k = f->runs[i]->n_hosts; k-- > 0;) {
			const struct view_host *h = &f->runs[i]->hosts[k];

			if (strcmp(h->name, host) == 0 &&
			    strcmp(h->outcome, "not_started") != 0) {
				*run = f->runs[i];
				return h;
			}
		}
	return NULL;
}

/* Appends a link to a run's section, and its outcome for host h. */
static void cell_last_run(struct buf *b, const struct fleet *f,
			  const char *host)
{
	const struct run_view *run = NULL;
	const struct view_host *h = last_run_of(f, host, &run);

	if (h == NULL) {
		buf_adds(b, "<td>-</td><td>-</td>");
		return;
	}
	buf_adds(b, "<td><a href=\"#run-");
	html_escape(b, run->run_id);
	buf_adds(b, "\">");
	html_escape(b, run->run_id);
	buf_addf(b,
		 "</a></td><td class=\"outcome\" data-outcome=\"%s\">%s</td>",
		 h->outcome, h->outcome);
}

/* Appends the inventory table. */
static void section_inventory(struct buf *b, const struct fleet *f)
{
	const struct inventory *inv = f->req->inv;
	json_t *g;
	size_t i, k;

	buf_adds(b, "<section id=\"inventory\">\n<h2>inventory</h2>\n");
	if (inv == NULL)
		buf_adds(b, "<p>No inventory given (-i): the hosts the runs "
			    "name.</p>\n");
	buf_adds(b, "<table id=\"hosts\" class=\"inventory sortable\">\n"
		    "<thead><tr><th>host</th><th>address</th><th>groups</th>");
	fleet_facts_head(b);
	buf_adds(b, "<th>last run</th><th>outcome</th></tr></thead>\n"
		    "<tbody>\n");
	for (i = 0; i < f->n_hosts; i++) {
		const struct host *h =
			inv ? inventory_host(inv, f->hosts[i]) : NULL;

		buf_adds(b, "<tr data-host=\"");
		html_escape(b, f->hosts[i]);
		buf_addf(b, "\" data-in-inventory=\"%s\"><td>",
			 f->in_inventory[i] ? "yes" : "no");
		html_escape(b, f->hosts[i]);
		buf_adds(b, "</td><td>");
		if (h) {
			html_escape(b, h->address);
			if (h->port)
				buf_addf(b, ":%u", h->port);
		} else {
			buf_adds(b, inv ? "not in the inventory" : "-");
		}
		buf_adds(b, "</td><td>");
		json_array_foreach(json_object_get(f->groups, f->hosts[i]), k,
				   g)
		{
			if (k)
				buf_adds(b, ", ");
			html_escape(b, json_string_value(g));
		}
		buf_adds(b, "</td>");
		fleet_facts_cells(b, f->req->state_dir, f->hosts[i]);
		cell_last_run(b, f, f->hosts[i]);
		buf_adds(b, "</tr>\n");
	}
	buf_adds(b, "</tbody></table>\n</section>\n");
}

/* Appends the patch state: when crest last patched each host. */
static void section_patches(struct buf *b, const struct fleet *f)
{
	size_t i, n = 0;

	buf_adds(b, "<section id=\"patches\">\n<h2>patch state</h2>\n"
		    "<p>From the journals: the last run whose patch task "
		    "ended ok or changed on a host and was not reverted. "
		    "What is pending now is what <code>crest patches</code> "
		    "asks the hosts.</p>\n"
		    "<table id=\"patch-state\" class=\"sortable\">\n<thead>"
		    "<tr><th>host</th><th>last patched</th></tr></thead>\n"
		    "<tbody>\n");
	for (i = 0; i < f->n_hosts; i++) {
		const char *t = json_string_value(
			json_object_get(f->patched, f->hosts[i]));

		buf_adds(b, "<tr data-host=\"");
		html_escape(b, f->hosts[i]);
		buf_adds(b, "\"><td>");
		html_escape(b, f->hosts[i]);
		buf_adds(b, "</td><td>");
		if (t) {
			run_page_time(b, run_view_time(t));
			n++;
		} else {
			buf_adds(b, "never (by crest)");
		}
		buf_adds(b, "</td></tr>\n");
	}
	buf_addf(b,
		 "</tbody></table>\n<p>%zu of %zu hosts patched by "
		 "crest.</p>\n</section>\n",
		 n, f->n_hosts);
}

/* Appends the list of runs, newest first, and each run's section. */
static void section_runs(struct buf *b, const struct fleet *f)
{
	size_t i, k, failed;

	buf_adds(b, "<section id=\"runs\">\n<h2>runs</h2>\n"
		    "<table id=\"run-list\">\n<thead><tr><th>run</th>"
		    "<th>started</th><th>playbook</th><th>ran by</th>"
		    "<th>status</th><th>hosts</th><th>not ok</th><th>waves"
		    "</th></tr></thead>\n<tbody>\n");
	for (i = 0; i < f->n_runs; i++) {
		const struct run_view *v = f->runs[i];

		for (k = 0, failed = 0; k < v->n_hosts; k++)
			failed += strcmp(v->hosts[k].outcome, "ok") != 0 &&
				  strcmp(v->hosts[k].outcome, "changed") != 0;
		buf_adds(b, "<tr data-run=\"");
		html_escape(b, v->run_id);
		buf_adds(b, "\"><td><a href=\"#run-");
		html_escape(b, v->run_id);
		buf_adds(b, "\">");
		html_escape(b, v->run_id);
		buf_adds(b, "</a></td><td>");
		run_page_time(b, v->start_ms);
		buf_adds(b, "</td><td>");
		html_escape(b, run_view_header(v, "playbook"));
		buf_adds(b, "</td><td>");
		html_escape(b, run_view_header(v, "user"));
		buf_adds(b, "</td><td>");
		html_escape(b, v->status ? v->status : "unfinished");
		buf_addf(b, "</td><td>%zu</td><td>%zu</td><td>%zu</td></tr>\n",
			 v->n_hosts, failed, v->n_waves);
	}
	buf_adds(b, "</tbody></table>\n");
	if (f->n_runs == 0)
		buf_adds(b, "<p>No run recorded yet.</p>\n");
	for (i = 0; i < f->n_runs; i++)
		run_page_section(b, f->runs[i], 3);
	buf_adds(b, "</section>\n");
}

/* Builds the page. */
int fleet_report_html(const struct fleet_report *r, struct buf *b,
		      struct error *err)
{
	struct fleet f = {0};
	struct timeval now;
	size_t i;
	int ret = -1;

	f.req = r;
	if (fleet_load_runs(&f, err) < 0 ||
	    patch_history_last(r->state_dir, &f.patched, err) < 0)
		goto out;
	fleet_hosts(&f);
	gettimeofday(&now, NULL);
	html_page_begin(b, "crest report");
	buf_adds(b, "<h1>crest report</h1>\n<p>Written ");
	run_page_time(b, (int64_t)now.tv_sec * 1000);
	buf_adds(b, " from ");
	html_escape(b, r->state_dir);
	buf_addf(b, ": %zu host%s, %zu run%s shown.</p>\n", f.n_hosts,
		 f.n_hosts == 1 ? "" : "s", f.n_runs, f.n_runs == 1 ? "" : "s");
	buf_adds(b, "<nav><a href=\"#inventory\">inventory</a><a "
		    "href=\"#patches\">patch state</a><a href=\"#runs\">runs"
		    "</a></nav>\n");
	section_inventory(b, &f);
	section_patches(b, &f);
	section_runs(b, &f);
	html_page_end(b);
	ret = 0;
out:
	for (i = 0; i < f.n_runs; i++)
		run_view_free(f.runs[i]);
	free(f.runs);
	for (i = 0; i < f.n_hosts; i++)
		free(f.hosts[i]);
	free(f.hosts);
	free(f.in_inventory);
	json_decref(f.groups);
	json_decref(f.patched);
	return ret;
}
