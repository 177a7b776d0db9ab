#!/bin/bash
# t1100-inventory-ansible.sh - crest reads inventories exactly as Ansible:
# for each inventory under tests/data/inventory/, "crest inventory --list"
# (and --graph, and --host for every host) must print what
# "ansible-inventory" prints for it, run live here.  JSON is compared as
# data (key order and float spelling aside).
test_description='crest inventory agrees with ansible-inventory'
. "$(dirname "$0")/test-lib.sh"

DATA=$SRC/tests/data/inventory

# Compares two JSON files as data; prints a diff when they differ.
json_same() {
	python3 - "$1" "$2" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
if a != b:
    norm = lambda x: json.dumps(x, indent=2, sort_keys=True).splitlines()
    import difflib
    print("\n".join(difflib.unified_diff(norm(a), norm(b), "ansible", "crest", lineterm="")))
    sys.exit(1)
PY
}

# The inventories compared, one per line: a path under tests/data/inventory.
INVENTORIES="
basic.ini
basic.yml
dir
script.sh
edge.ini
edge.yml
script-hosts.sh
precedence
"

if ! command -v ansible-inventory >/dev/null 2>&1; then
	for inv in $INVENTORIES; do
		test_skip "$inv --list matches ansible-inventory" \
			"ansible-inventory is not installed (tests/deps.sh)"
	done
	test_done
fi

for inv in $INVENTORIES; do
	test_expect_success "$inv: --list matches ansible-inventory" "
		(cd \"\$TRASH\" && ansible-inventory -i \"$DATA/$inv\" --list) >ansible.json 2>ansible.err &&
		! grep -q WARNING ansible.err &&
		\"\$CREST\" inventory -i \"$DATA/$inv\" --list >crest.json &&
		json_same ansible.json crest.json
	"
	test_expect_success "$inv: --graph matches ansible-inventory" "
		(cd \"\$TRASH\" && ansible-inventory -i \"$DATA/$inv\" --graph) >ansible.txt &&
		\"\$CREST\" inventory -i \"$DATA/$inv\" --graph >crest.txt &&
		diff -u ansible.txt crest.txt
	"
	test_expect_success "$inv: --host matches ansible-inventory for every host" "
		\"\$CREST\" inventory -i \"$DATA/$inv\" --list >list.json &&
		python3 -c 'import json,sys; d=json.load(open(\"list.json\")); print(\"\\n\".join(sorted({h for g in d.values() for h in g.get(\"hosts\", [])})))' >hosts &&
		test -s hosts &&
		while read -r h; do
			(cd \"\$TRASH\" && ansible-inventory -i \"$DATA/$inv\" --host \"\$h\") >a.json &&
			\"\$CREST\" inventory -i \"$DATA/$inv\" --host \"\$h\" >c.json &&
			json_same a.json c.json || exit 1
		done <hosts
	"
done

test_done
