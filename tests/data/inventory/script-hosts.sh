#!/bin/sh
# An executable inventory without _meta: Ansible asks --host for each host.
case "$1" in
--list)
	echo '{"app": {"hosts": ["a1", "a2"], "children": ["edge"]},'
	echo ' "edge": {"hosts": ["e1"], "vars": {"zone": "dmz"}},'
	echo ' "ungrouped": {"hosts": ["solo"]}}'
	;;
--host)
	case "$2" in
	a1) echo '{"ansible_host": "198.51.100.7", "weight": 3}' ;;
	e1) echo '{"zone": "e1-own"}' ;;
	*) echo '{}' ;;
	esac
	;;
esac
