# tests/lib-modules.sh - what the module tests (t3NNN) share, sourced after
# test-lib.sh: running tests/helpers/module-driver against the lab and
# reading its JSON.
#
#	PLAYBOOK=$TRASH/p.yml
#	drive h1 2 apply >out        # probe, describe, apply task 2 on h1
#	drive h1 2 revert out >res   # revert from what apply printed
#	test "$(field out changed)" = 1

case ${BUILD:-build} in
/*) DRIVER=${BUILD}/tests/helpers/module-driver ;;
*) DRIVER=$SRC/${BUILD:-build}/tests/helpers/module-driver ;;
esac
PLAYBOOK=${PLAYBOOK:-$TRASH/p.yml}

# Runs the driver: drive HOST TASK STEP [PRIOR_FILE], JSON on stdout.
drive() {
	"$DRIVER" -i "$LAB_DIR/inventory" -k "$LAB_DIR/id_ed25519" \
		-K "$LAB_DIR/known_hosts" -p "$PLAYBOOK" -r "$TEST_NAME" \
		-H "$1" -t "$2" "$3" ${4:+"$4"}
}

# Prints one field of a driver's JSON, dots into objects: field FILE KEY
# (None for null; objects and lists as JSON).
field() {
	python3 -c 'import json, sys
v = json.load(open(sys.argv[1]))
for k in sys.argv[2].split("."):
    v = v.get(k) if isinstance(v, dict) else None
print(json.dumps(v) if isinstance(v, (dict, list)) else v)' "$1" "$2"
}
