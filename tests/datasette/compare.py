"""Every canned query of `budgetdb datasette-metadata`, run in Datasette,
returns the rows `budgetdb query` returns: with its parameters omitted
(Datasette binds ''), given empty, and with year and department given.

    python compare.py BUDGETDB DATABASE METADATA YEAR DEPARTMENT

Exits 1 with every difference printed; run by tests/datasette/run.
"""

import asyncio
import json
import subprocess
import sys
import urllib.parse
from pathlib import Path

from datasette.app import Datasette


def budgetdb_rows(budgetdb, database, name, params):
    args = [budgetdb, "--db", database, "query", name, "--format", "json", "--exact"]
    for key, value in params.items():
        args += ["-p", f"{key}={value}"]
    done = subprocess.run(args, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"budgetdb query {name} {params}: exit {done.returncode}: {done.stderr}")
    return json.loads(done.stdout)


def same(a, b):
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return float(a) == float(b)
    return a == b


def differences(expected, found):
    if len(expected) != len(found):
        return [f"{len(found)} rows in Datasette, {len(expected)} from budgetdb"]
    problems = []
    for i, (e, f) in enumerate(zip(expected, found)):
        if list(e) != list(f):
            problems.append(f"row {i}: columns {list(f)} in Datasette, {list(e)} from budgetdb")
        for key in e:
            if not same(e[key], f.get(key)):
                problems.append(f"row {i} {key}: {f.get(key)!r} in Datasette, {e[key]!r} from budgetdb")
    return problems


async def main(budgetdb, database, metadata_path, year, department):
    metadata = json.loads(Path(metadata_path).read_text(encoding="utf-8"))
    name = Path(database).stem
    queries = metadata["databases"][name]["queries"]
    ds = Datasette([database], metadata=metadata, immutables=[])
    failures, runs = [], 0
    for query, canned in sorted(queries.items()):
        params = canned["params"]
        cases = [{}, {p: "" for p in params}]
        if "year" in params:
            cases.append({"year": year})
        if "department" in params:
            cases.append({"department": department})
        if "year" in params and "department" in params:
            cases.append({"year": year, "department": department})
        for case in cases:
            path = f"/{name}/{query}.json?" + urllib.parse.urlencode({**case, "_shape": "array", "_size": "max"})
            response = await ds.client.get(path)
            runs += 1
            if response.status_code != 200:
                failures.append(f"{query} {case}: HTTP {response.status_code}: {response.text[:300]}")
                continue
            found = response.json()
            given = {k: v for k, v in case.items() if v != ""}
            expected = budgetdb_rows(budgetdb, database, query, given)
            if not expected and not given:
                failures.append(f"{query}: no rows at all on the test data, so the comparison proves nothing")
            for problem in differences(expected, found):
                failures.append(f"{query} {case}: {problem}")
    # Foreign keys to a vocabulary show its Chinese label.
    response = await ds.client.get(f"/{name}/expenditures.json?_shape=array&_labels=on&_size=1")
    fund = response.json()[0]["fund"] if response.status_code == 200 and response.json() else None
    if not (isinstance(fund, dict) and fund.get("label") == "财政拨款"):
        failures.append(f"expenditures.fund is not labelled 财政拨款: {fund!r}")
    for failure in failures:
        print("FAIL", failure)
    print(f"{runs} canned query runs in Datasette, {len(failures)} differences from budgetdb query")
    return 1 if failures else 0


if __name__ == "__main__":
    if len(sys.argv) != 6:
        raise SystemExit(__doc__)
    sys.exit(asyncio.run(main(*sys.argv[1:])))
