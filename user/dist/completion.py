#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
"""Bash completion for xrouterctl, generated from the command table.

Reads `xrouterd --commands=json` on stdin (the table the dispatcher runs
and `help` prints) and writes TEMPLATE with @FORMS@ replaced by one bash
array entry per form, so a command added to a module completes without
anyone editing the completion script.

    xrouterd --commands=json | completion.py xrouterctl.bash.in > xrouterctl
"""
import json
import shlex
import sys


def forms(table):
    """One 'OBJECT<TAB>VERB<TAB>ARGS' line per grammar form ('' for no verb).

    A two-word verb ('vlan add': `bridge vlan add ...`) completes as the
    verb 'vlan' whose arguments start with the keyword 'add'.
    """
    for d in table:
        verb, _, first = (d.get("verb") or "").partition(" ")
        for args in d.get("args") or [""]:
            yield "\t".join((d["object"], verb, " ".join(w for w in (first, args) if w)))


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: completion.py TEMPLATE < commands.json")
    table = json.load(sys.stdin)
    if not table:
        sys.exit("completion.py: the command table is empty")
    entries = "\n".join("\t" + shlex.quote(f) for f in forms(table))
    with open(sys.argv[1], encoding="utf-8") as f:
        template = f.read()
    if "@FORMS@" not in template:
        sys.exit("completion.py: no @FORMS@ in " + sys.argv[1])
    sys.stdout.write(template.replace("@FORMS@", entries))


if __name__ == "__main__":
    main()
