#!/usr/bin/env python3
# tests/crash/journal-check.py - reads one run's journal (and what the
# hosts' counter files say) and prints what the crash campaign compares:
#
#   journal-check.py JOURNAL COUNTS SUMMARY
#
# JOURNAL is STATE/runs/RUN.jsonl; COUNTS holds lines "HOST TASK N": N
# lines for task TASK in HOST's /var/tmp/crash-count, i.e. how many times
# that task's command really ran.  The script writes to SUMMARY the run's
# outcome as an uninterrupted run would leave it (each host's last
# host_end status, the last run_end status, which tasks ended changed),
# for run.sh to compare with the reference run's, and prints one line per
# thing that is wrong, exiting 1 when there is any:
#   - a line that is not JSON, other than a torn last line;
#   - seq not 1, 2, 3, ... (resume cuts a torn line off before it writes);
#   - a task_intent for a task after a result that finished it (ok or
#     changed): a finished task started again;
#   - two finishing results for one task on one host;
#   - a task reverted twice (two ok rollback_steps with no intent between);
#   - a task whose command ran more often than its intents were written
#     (an apply the journal did not announce), or not at all though its
#     result says it ran.
import json
import sys


def main():
    journal, counts_path, summary_path = sys.argv[1:4]
    wrong = []
    events = []
    with open(journal, encoding="utf-8") as f:
        lines = f.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    for i, line in enumerate(lines):
        try:
            events.append(json.loads(line))
        except ValueError:
            if i != len(lines) - 1:
                wrong.append("journal line %d is not JSON: %.60s" % (i + 1, line))
    for i, ev in enumerate(events):
        if ev.get("seq") != i + 1:
            wrong.append("journal event %d has seq %s" % (i + 1, ev.get("seq")))
            break

    play = 0
    intents = {}
    finished = {}
    host_status = {}
    run_status = None
    changed = set()
    reverted = set()
    for ev in events:
        kind = ev.get("event")
        if kind == "play_start":
            play = ev.get("play")
        elif kind == "run_end":
            run_status = ev.get("status")
        host, task = ev.get("host"), ev.get("task")
        key = (play, host, task)
        if kind == "task_intent":
            reverted.discard(key)
            if key in finished:
                wrong.append("play %s task %s on %s started again after it "
                             "finished (%s)" % (play, task, host, finished[key]))
            intents[key] = intents.get(key, 0) + 1
        elif kind == "rollback_step" and ev.get("status") == "ok":
            if key in reverted:
                wrong.append("play %s task %s on %s reverted twice" %
                             (play, task, host))
            reverted.add(key)
        elif kind == "task_result" and ev.get("status") != "failed":
            if key in finished:
                wrong.append("play %s task %s on %s finished twice" %
                             (play, task, host))
            finished[key] = ev.get("status")
            if ev.get("status") == "changed":
                changed.add(key)
        elif kind == "host_end":
            host_status[host] = ev.get("status")

    with open(counts_path, encoding="utf-8") as f:
        for line in f:
            host, task, n = line.split()
            key = (1, host, int(task))
            n = int(n)
            if n > intents.get(key, 0):
                wrong.append("task %s on %s ran %d times, its intent was "
                             "journalled %d times" %
                             (task, host, n, intents.get(key, 0)))
            if key in changed and n == 0:
                wrong.append("task %s on %s is recorded changed but never ran"
                             % (task, host))

    with open(summary_path, "w", encoding="utf-8") as f:
        f.write("run %s\n" % run_status)
        for host in sorted(host_status):
            f.write("host %s %s\n" % (host, host_status[host]))
        for key in sorted(changed, key=str):
            f.write("changed play %s task %s %s\n" % (key[0], key[2], key[1]))
    for w in wrong:
        print(w)
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
