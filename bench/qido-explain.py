#!/usr/bin/env python3
"""bench/qido.sh QIDO_PROFILE: each search's statements, as Spring's JDBC logging showed them with their
parameters, run again under EXPLAIN (ANALYZE, BUFFERS) with those parameters.
Usage: qido-explain.py APP_LOG CALLS_TSV POSTGRES_URL  (CALLS_TSV: name, query, log offset before, after)"""
import re
import subprocess
import sys

log_path, calls_path, pg = sys.argv[1:4]
log = open(log_path, 'rb').read()
ENTRY = re.compile(rb'^\d{4}-\d\d-\d\dT\S+\s+(?:TRACE|DEBUG|INFO|WARN|ERROR)\s', re.M)
PARAM = re.compile(r'column index (\d+), parameter value \[(.*?)\], value class \[([\w.$]+)\]', re.S)
NUMBERS = ('java.lang.Integer', 'java.lang.Long', 'java.lang.Short', 'java.math.BigDecimal')


def literal(value, cls):
    if value == 'null':
        return 'NULL'
    if cls in NUMBERS:
        return value
    return "'" + value.replace("'", "''") + "'"


def statements(chunk):
    """(sql, {index: literal}) in the order they were sent."""
    entries = [m.start() for m in ENTRY.finditer(chunk)] + [len(chunk)]
    out = []
    for a, b in zip(entries, entries[1:]):
        text = chunk[a:b].decode('utf-8', 'replace')
        m = re.search(r'Executing prepared SQL statement \[(.*)\]\s*$', text, re.S)
        if m:
            out.append([m.group(1), {}])
            continue
        p = PARAM.search(text)
        if p and out:
            out[-1][1][int(p.group(1))] = literal(p.group(2), p.group(3))
    return out


def bind(sql, params):
    parts = sql.split('?')
    s = parts[0]
    for i, rest in enumerate(parts[1:], start=1):
        s += params.get(i, '?') + rest
    return s


for line in open(calls_path, encoding='utf-8'):
    name, query, start, end = line.rstrip('\n').split('\t')
    print(f'## {name}: `{query}`\n')
    for n, (sql, params) in enumerate(statements(log[int(start):int(end)]), start=1):
        bound = bind(sql, params)
        if not bound.lstrip().upper().startswith('SELECT'):
            print(f'### statement {n} (not a query, not explained): `{" ".join(bound.split())[:160]}`\n')
            continue
        print(f'### statement {n}\n```sql\n{bound.strip()}\n```\n```')
        r = subprocess.run(['psql', pg, '-X', '-q', '-A', '-t', '-c', 'EXPLAIN (ANALYZE, BUFFERS) ' + bound],
                           capture_output=True, text=True)
        print((r.stdout + r.stderr).rstrip())
        print('```\n')
