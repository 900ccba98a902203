"""The sync plan on its own: folder contents and file markers in, the steps of a sync out.

No Chroma and no model: `plan_sync` is pure, so renames, copies and worker shares are checked
case by case, and a plan can be "applied" to a dict of markers to see what the next sync does.
"""

from __future__ import annotations

import itertools

from index.store_rows import IndexedFile
from index.sync_plan import SyncPlan, in_share, plan_sync


def indexed(**files: str) -> dict[str, IndexedFile]:
    """Markers as the index holds them: content hash=source."""
    return {h: IndexedFile(h, source, 3) for h, source in files.items()}


def applied(plan: SyncPlan, markers: dict[str, IndexedFile]) -> dict[str, IndexedFile]:
    """The markers after a sync carried `plan` out (what `SyncRun.apply` writes)."""
    after = dict(markers)
    for old in plan.delete:
        after.pop(old.file_hash)
    for old, source in plan.rename:
        after[old.file_hash] = IndexedFile(old.file_hash, source, old.n_chunks)
    for file_hash, source in plan.to_embed:
        after[file_hash] = IndexedFile(file_hash, source, 3)
    return after


def test_a_new_folder_is_all_added():
    plan = plan_sync({"a.txt": "h1", "b/c.txt": "h2"}, {})
    assert plan.add == [("h1", "a.txt"), ("h2", "b/c.txt")]
    assert (plan.update, plan.rename, plan.delete, plan.duplicate) == ([], [], [], [])


def test_an_unchanged_folder_plans_nothing():
    plan = plan_sync({"a.txt": "h1", "b.txt": "h2"}, indexed(h1="a.txt", h2="b.txt"))
    assert plan.unchanged == ["a.txt", "b.txt"]
    assert not (plan.to_embed or plan.rename or plan.delete or plan.duplicate)


def test_changed_content_is_an_update_and_its_old_version_goes():
    plan = plan_sync({"a.txt": "new"}, indexed(old="a.txt"))
    assert plan.update == [("new", "a.txt")] and plan.add == []
    assert [f.file_hash for f in plan.delete] == ["old"]
    assert plan.removed == []  # the path is still there, with other content


def test_a_deleted_file_is_removed():
    plan = plan_sync({"a.txt": "h1"}, indexed(h1="a.txt", h2="gone.txt"))
    assert [f.source for f in plan.delete] == plan.removed == ["gone.txt"]


def test_a_rename_is_relabelled_not_embedded():
    markers = indexed(h1="old/name.txt")
    plan = plan_sync({"new/name.txt": "h1"}, markers)
    assert plan.rename == [(markers["h1"], "new/name.txt")]
    assert not (plan.to_embed or plan.delete or plan.removed)


def test_a_new_file_at_a_renamed_files_old_path_is_an_update():
    plan = plan_sync({"b.txt": "h1", "a.txt": "h2"}, indexed(h1="a.txt"))
    assert [source for _, source in plan.rename] == ["b.txt"]
    assert plan.update == [("h2", "a.txt")] and not plan.delete


def test_copies_are_indexed_once_and_the_indexed_copy_keeps_its_place():
    fresh = plan_sync({"a.txt": "h1", "copy.txt": "h1"}, {})
    assert fresh.add == [("h1", "a.txt")]
    assert fresh.duplicate == [("copy.txt", "a.txt")]
    # the index already names the later copy: it stays, the earlier one is the duplicate
    kept = plan_sync({"a.txt": "h1", "z.txt": "h1"}, indexed(h1="z.txt"))
    assert kept.unchanged == ["z.txt"] and kept.duplicate == [("a.txt", "z.txt")]
    assert not kept.rename


def test_a_copy_whose_original_was_deleted_takes_over_by_rename():
    markers = indexed(h1="a.txt")
    plan = plan_sync({"b.txt": "h1", "c.txt": "h1"}, markers)
    assert plan.rename == [(markers["h1"], "b.txt")] and plan.duplicate == [("c.txt", "b.txt")]
    assert not plan.removed  # the content is still indexed, under its new path


def test_shares_split_the_work_by_content_and_add_up_to_one_worker():
    found = {f"f{n:02}.txt": f"{n:016x}" for n in range(40)}
    found["copy-of-f03.txt"] = found["f03.txt"]
    markers = indexed(**{f"{n:016x}": f"old-{n}.txt" for n in range(20, 50)})
    whole = plan_sync(found, markers)
    plans = [plan_sync(found, markers, (i, 3)) for i in range(3)]
    assert all(p.to_embed or p.rename for p in plans)  # every worker has work
    for step in ("add", "update", "rename", "delete", "duplicate", "unchanged", "removed"):
        parts = [getattr(p, step) for p in plans]
        together = list(itertools.chain.from_iterable(parts))
        assert len(together) == len(getattr(whole, step)), step  # nothing planned twice
        assert sorted(map(repr, together)) == sorted(map(repr, getattr(whole, step))), step


def test_a_file_renamed_across_shares_is_relabelled_by_one_worker_and_deleted_by_none():
    markers = indexed(h1="a.txt")
    for new_name in (f"renamed-{n}.txt" for n in range(20)):
        plans = [plan_sync({new_name: "h1"}, markers, (i, 2)) for i in range(2)]
        assert sum(len(p.rename) for p in plans) == 1
        assert [p.delete for p in plans] == [[], []]


def test_identical_files_in_two_shares_settle_after_one_sync():
    """Each worker syncs in turn, twice: the second round finds nothing to do."""
    found = {"x/a.txt": "h1", "y/b.txt": "h1", "c.txt": "h2"}
    markers = indexed(h1="y/b.txt", h2="old-c.txt")
    for _ in range(2):
        for i in range(2):
            plan = plan_sync(found, markers, (i, 2))
            markers = applied(plan, markers)
    rounds = [plan_sync(found, markers, (i, 2)) for i in range(2)]
    assert not any(p.rename or p.to_embed or p.delete for p in rounds)
    assert markers["h1"].source == "y/b.txt"


def test_share_ownership_is_stable_and_total():
    hashes = [f"{n:016x}" for n in range(200)]
    owners = [[i for i in range(4) if in_share(h, (i, 4))] for h in hashes]
    assert all(len(o) == 1 for o in owners)
    assert {o[0] for o in owners} == {0, 1, 2, 3}
    assert all(in_share(h, None) for h in hashes)
