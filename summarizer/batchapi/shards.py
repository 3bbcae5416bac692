"""Splitting a large input across machines, and merging their run folders.

An article goes to shard ``sha256(article_id) mod K``: the same article always lands on
the same shard, so a re-run of a shard resumes its own batches, and duplicate ids meet
in one run where the reader reports them. Each shard's run folder holds its briefs
(``<article_id>.json``), its ``run.json`` and its ``.batchapi`` state; merging copies the
briefs into one folder and writes one ``run.json`` whose counts are the sums and whose
articles are all the shards' entries, with each shard's batches kept under ``shards``.

    python -m summarizer.batchapi.shards split K INPUT.jsonl OUTDIR
    python -m summarizer.batchapi.shards merge OUT RUN_FOLDER...
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from summarizer.batch import MANIFEST
from summarizer.output import write_json


def shard_of(article_id: str, shards: int) -> int:
    return int(hashlib.sha256(article_id.encode("utf-8")).hexdigest()[:12], 16) % shards


def split_jsonl(source: Path, shards: int, out_dir: Path) -> list[Path]:
    """Write ``shard-NNN.jsonl`` files under ``out_dir``, one line per article."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = [out_dir / f"shard-{n:03d}.jsonl" for n in range(shards)]
    handles = [p.open("w", encoding="utf-8") for p in paths]
    try:
        with source.open(encoding="utf-8") as lines:
            for line in lines:
                if line.strip():
                    handles[shard_of(str(json.loads(line)["id"]), shards)].write(line)
    finally:
        for handle in handles:
            handle.close()
    return paths


def merge_runs(folders: list[Path], out: Path) -> dict[str, Any]:
    """Copy every shard's briefs into ``out`` and write the merged ``run.json``."""
    out.mkdir(parents=True, exist_ok=True)
    counts: Counter[str] = Counter()
    articles: list[Any] = []
    shards = []
    for folder in folders:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        counts.update(manifest.get("counts", {}))
        articles.extend(manifest.get("articles", []))
        shards.append({"folder": str(folder), "run_id": manifest.get("run_id"),
                       "batch_api": manifest.get("batch_api")})
        for entry in manifest.get("articles", []):
            brief = folder / f"{entry['article_id']}.json"
            if entry.get("status") in ("done", "skipped") and brief.is_file():
                shutil.copy2(brief, out / brief.name)
    merged = {"merged_from": len(folders), "counts": dict(counts), "shards": shards,
              "articles": articles}
    write_json(out / MANIFEST, merged)
    return merged


def main() -> None:
    command, *args = sys.argv[1:] or ["help"]
    if command == "split" and len(args) == 3:
        for path in split_jsonl(Path(args[1]), int(args[0]), Path(args[2])):
            print(path)
    elif command == "merge" and len(args) >= 2:
        merged = merge_runs([Path(a) for a in args[1:]], Path(args[0]))
        print(json.dumps(merged["counts"]))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
