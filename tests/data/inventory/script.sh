#!/bin/sh
# An executable inventory: Ansible's dynamic inventory JSON.
if [ "$1" = "--list" ]; then
cat <<'JSON'
{
  "web": {"hosts": ["s-w1", "s-w2"], "vars": {"http_port": 80},
          "children": ["canary"]},
  "canary": ["s-w1"],
  "db": {"hosts": ["s-d1"]},
  "all": {"vars": {"env": "script"}},
  "_meta": {"hostvars": {"s-w1": {"ansible_host": "198.51.100.1",
                                  "rack": "r1"},
                         "s-d1": {"ansible_port": 2222}}}
}
JSON
else
  echo '{}'
fi
