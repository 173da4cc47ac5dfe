"""The conformance ratchet: a committed record of every conformance test's outcome.

``python -m mxjax.conformance --update tests/conformance/expected.json`` runs the
test files and writes (or rewrites) the record; ``tests/conformance/`` runs the
files again and fails when a test that passed no longer passes (a regression) or
when the record is stale (a test newly passing, a test or file added or removed).

The record is JSON::

    {"about": "...",
     "files": {"test_autograd.py": {"test_x": {"status": "passed"},
                                    "test_y": {"status": "failed", "reason": "...",
                                               "note": "written by hand"}}}}

``reason`` is the runner's one line (the exception pytest reports); a ``note``
written by hand overrides it where shown and survives ``--update`` for as long as
the test still does not pass. A test marked ``"flaky": true`` by hand (its outcome
depends on timing or order, said in its ``note``) counts neither as a regression nor as
newly passing, and keeps its mark and note through ``--update``.
"""
import json
import os

__all__ = ["ABOUT", "load", "build", "save", "compare", "describe", "shown_reason"]

ABOUT = ("Outcome of every test of MXNet 1.9.1's unit test files run through mxjax's "
         "alias (python -m mxjax.conformance). Regenerate with `python -m mxjax.conformance "
         "-j 2 --update tests/conformance/expected.json`; a hand-written 'note' overrides "
         "the runner's 'reason' and is kept by --update while the test does not pass.")


def load(path):
    """The record at ``path`` (``{"files": {}}`` when the file does not exist).

    Parameters
    ----------
    path : str

    Returns
    -------
    dict
        ``{"about": str, "files": {file: {test: {"status", "reason"?, "note"?}}}}``.
    """
    if not os.path.exists(path):
        return {"about": ABOUT, "files": {}}
    with open(path, encoding="utf-8") as handle:
        record = json.load(handle)
    record.setdefault("files", {})
    return record


def build(results, previous=None):
    """A new record from a run's ``results``, keeping hand-written notes of ``previous``.

    Parameters
    ----------
    results : dict
        ``{file: {test: {"status": ..., "reason": ...}}}`` as ``conformance.run`` returns.
    previous : dict, optional
        The old record; its files that were not run this time are kept unchanged, and
        its notes are kept for tests that still do not pass.

    Returns
    -------
    dict
    """
    old_files = (previous or {}).get("files", {})
    files = {name: tests for name, tests in old_files.items() if name not in results}
    for name, tests in results.items():
        old_tests = old_files.get(name, {})
        entries = {}
        for test, outcome in tests.items():
            entry = {"status": outcome["status"]}
            old = old_tests.get(test, {})
            if outcome["status"] != "passed":
                reason = " ".join((outcome.get("reason") or "").split())[:300]
                entry["reason"] = reason or "%s without a message" % outcome["status"]
            if old.get("flaky"):
                entry["flaky"] = True
            if old.get("note") and (outcome["status"] != "passed" or old.get("flaky")):
                entry["note"] = old["note"]
            entries[test] = entry
        files[name] = entries
    return {"about": ABOUT, "files": files}


def save(record, path):
    """Write ``record`` to ``path`` (sorted keys, one entry per line: small diffs)."""
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump(record, handle, indent=1, sort_keys=True, ensure_ascii=False)
        handle.write("\n")
    os.replace(tmp, path)


def shown_reason(entry):
    """The reason to show for a test that does not pass: its note, else the runner's."""
    return entry.get("note") or entry.get("reason") or ""


def compare(record, results, files=None):
    """Differences between the ``record`` and a run's ``results``.

    Parameters
    ----------
    record : dict
        The committed record.
    results : dict
        ``{file: {test: {"status", "reason"}}}`` of the run.
    files : iterable of str, optional
        The files that exist now (default: those of ``results``); a recorded file
        not among them counts as removed.

    Returns
    -------
    dict
        ``regressions``: ``[(file, test, reason_now)]`` for tests recorded as passed
        that did not pass; ``newly_passing``: ``[(file, test)]``; ``added``: tests
        (or files) not in the record; ``removed``: recorded tests (or files) that
        no longer exist. ``stale`` is True when any of the last three is not empty.
    """
    recorded = record.get("files", {})
    files = sorted(set(files) if files is not None else set(results))
    diff = {"regressions": [], "newly_passing": [], "added": [], "removed": []}
    for name in files:
        now = results.get(name)
        was = recorded.get(name)
        if now is None:
            continue
        if was is None:
            diff["added"].append((name, "*"))
            continue
        for test, outcome in sorted(now.items()):
            entry = was.get(test)
            if entry is None:
                diff["added"].append((name, test))
            elif entry.get("flaky"):
                continue
            elif entry["status"] == "passed" and outcome["status"] != "passed":
                diff["regressions"].append((name, test, "%s: %s" % (outcome["status"],
                                                                    outcome.get("reason", ""))))
            elif entry["status"] != "passed" and outcome["status"] == "passed":
                diff["newly_passing"].append((name, test))
        for test in sorted(set(was) - set(now)):
            diff["removed"].append((name, test))
    for name in sorted(set(recorded) - set(files)):
        diff["removed"].append((name, "*"))
    diff["stale"] = bool(diff["newly_passing"] or diff["added"] or diff["removed"])
    return diff


def describe(diff, limit=40):
    """A readable report of ``compare``'s result (empty when nothing differs)."""
    lines = []
    if diff["regressions"]:
        lines.append("%d test(s) recorded as passed no longer pass:" % len(diff["regressions"]))
        lines += ["  %s::%s  (%s)" % (f, t, r[:200]) for f, t, r in diff["regressions"][:limit]]
    for key, title in (("newly_passing", "now pass (record them)"),
                       ("added", "are not in the record"),
                       ("removed", "are recorded but no longer exist")):
        if diff[key]:
            lines.append("%d test(s) %s:" % (len(diff[key]), title))
            lines += ["  %s::%s" % (f, t) for f, t in diff[key][:limit]]
    if diff["stale"]:
        lines.append("The record is stale: regenerate it with `python -m mxjax.conformance "
                     "-j 2 --update tests/conformance/expected.json` and commit it.")
    return "\n".join(lines)
