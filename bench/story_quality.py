"""Story quality: merges, conflict detection and grouping scored against the story gold
(eval/story_gold/), on briefs built from the gold files (the merging alone) and, when a
folder of model briefs is given, on those (end to end).

``python -m bench.story_quality [MODEL_BRIEFS...]`` prints the Markdown section that
``story_quality_markdown`` returns; with several folders (the dev set's and the seeds'
briefs), each article's brief is taken from the first folder that has it.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.common import GOLD, ROOT, SEEDS
from summarizer.brief import Brief, Provenance
from summarizer.eval.gold import GoldFile, load_gold
from summarizer.eval.harness import load_articles, load_brief
from summarizer.eval.scoring import Counts
from summarizer.story import build_story
from summarizer.story.gold import StoryGold, load_story_gold
from summarizer.story.gold_briefs import brief_from_gold
from summarizer.story.grouping import group_briefs
from summarizer.story.quality import MERGED_FIELDS, StoryScore, pairwise, score_story

STORY_GOLD = ROOT / "eval" / "story_gold"


def devset_folder() -> Path:
    """The dev set inside the repository once it is there, else the shared copy."""
    inside = ROOT / "eval" / "devset"
    return inside if (inside / "gold").is_dir() else Path("/work/shared/devset")


@dataclass
class Corpus:
    golds: dict[str, GoldFile]
    texts: dict[str, str]
    stories: list[StoryGold]


def load_corpus() -> Corpus:
    devset = devset_folder()
    golds = load_gold(GOLD) | load_gold(devset / "gold")
    articles = load_articles(SEEDS) | load_articles(devset / "articles")
    return Corpus(golds, {k: a.text for k, a in articles.items()},
                  load_story_gold(STORY_GOLD))


def gold_briefs(corpus: Corpus) -> dict[str, Brief]:
    return {a: brief_from_gold(g, corpus.texts[a]) for a, g in corpus.golds.items()
            if a in corpus.texts}


def _home(article_id: str, folders: Sequence[Path]) -> Path | None:
    return next((f for f in folders if (f / f"{article_id}.json").is_file()), None)


def load_model_briefs(folders: Sequence[Path], corpus: Corpus) -> dict[str, Brief]:
    """Briefs of the corpus's articles, each from the first of ``folders`` that has it;
    one that is missing or invalid stands as an empty brief, as in the eval."""
    found = {}
    for article_id in corpus.golds:
        home = _home(article_id, folders)
        brief = load_brief(home, article_id)[0] if home else None
        found[article_id] = brief or Brief(
            article_id=article_id, summary="",
            provenance=Provenance(backend="missing", model="", prompt_version=""))
    return found


def covered(folders: Sequence[Path], corpus: Corpus) -> set[str]:
    return {a for a in corpus.golds if _home(a, folders)}


@dataclass
class Result:
    score: StoryScore
    grouping: Counts
    stories: int
    articles: int


def evaluate(briefs: dict[str, Brief], corpus: Corpus, identity: bool,
             articles: set[str] | None = None) -> Result:
    """Scores over the gold stories whose articles are all in ``articles`` (default all),
    and the grouping of those articles into stories."""
    chosen = articles if articles is not None else set(briefs)
    total = StoryScore()
    stories = 0
    for story in corpus.stories:
        if not set(story.articles) <= chosen:
            continue
        members = [briefs[a] for a in story.articles]
        built = build_story(members)
        total.add(score_story(built, members, story, corpus.golds, identity))
        stories += 1
    ordered = [briefs[a] for a in sorted(chosen)]
    truth = [[a for a in s.articles if a in chosen] for s in corpus.stories]
    listed = {a for group in truth for a in group}
    truth += [[a] for a in sorted(chosen) if a not in listed]
    grouping = pairwise([g.articles for g in group_briefs(ordered)], truth)
    return Result(total, grouping, stories, len(chosen))


def _prf(counts: Counts) -> str:
    if not counts.tp + counts.fp + counts.fn:
        return "no pairs"
    return f"{counts.precision:.3f} / {counts.recall:.3f} / {counts.f1:.3f}"


def _rows(label: str, result: Result, found_only: bool = False) -> list[str]:
    """One table row; ``found_only``: merges, conflicts and agreement labels over the gold
    items the briefs hold (the story's own share of the end-to-end figures)."""
    score = result.score
    merges = " | ".join(_prf((score.found_merges if found_only else score.merges)[f])
                        for f in MERGED_FIELDS)
    conflicts = score.conflicts
    if found_only:
        conflicts = Counts(tp=conflicts.tp, fp=conflicts.fp,
                           fn=score.conflicts_reachable - conflicts.tp)
    detected = (f"{conflicts.precision:.3f} / {conflicts.recall:.3f} "
                if conflicts.tp + conflicts.fp + conflicts.fn else "")
    right, total = ((score.found_agreement_right, score.found_agreement_total) if found_only
                    else (score.agreement_right, score.agreement_total))
    return [f"| {label} | {result.stories} | {result.articles} | {merges} | "
            f"{detected}(found {conflicts.tp} of {conflicts.tp + conflicts.fn}; "
            f"{conflicts.fp} wrongly flagged) | "
            f"{right} of {total} | {_prf(result.grouping)} | "
            f"{score.confused_pairs} of {score.confusable_pairs} |"]


def story_quality_markdown(*model_briefs: Path) -> str:
    """The story-quality section for docs/QUALITY.md."""
    corpus = load_corpus()
    started = time.perf_counter()
    from_gold = evaluate(gold_briefs(corpus), corpus, identity=True)
    elapsed = time.perf_counter() - started
    lines = [
        "## Story briefs: merging, conflicts, grouping",
        "",
        f"Story gold: {len(corpus.stories)} stories in eval/story_gold/ (the seed story and "
        "the dev set's multi-outlet clusters), labelled by hand by the rules in "
        "eval/story_gold/README.md and docs/STORY.md. Merges are pairwise precision / "
        "recall / F1 over the items of each story (two items are a pair when they are put "
        "in one group); a gold conflict is found when one predicted conflict group holds "
        "two of its values. Grouping is pairwise over all articles of the seed set and the "
        "dev set (singles included).",
        "",
        "Figures that gold keeps apart although they have the same unit (people killed and "
        "people displaced, fighters remaining and fighters in custody): the last column "
        "gives how many such pairs across articles the story put in one group.",
        "",
        "| briefs | stories | articles | actors P / R / F1 | locations P / R / F1 | "
        "figure groups P / R / F1 | conflicts P / R | agreement labels right | "
        "grouping P / R / F1 | same-unit pairs wrongly grouped |",
        "|---|---:|---:|---|---|---|---|---|---|---|",
        *_rows("gold-derived (merging alone)", from_gold),
    ]
    if model_briefs:
        present = covered(model_briefs, corpus)
        briefs = load_model_briefs(model_briefs, corpus)
        end_to_end = evaluate(briefs, corpus, identity=False, articles=present)
        lines += _rows("model briefs, end to end", end_to_end)
        lines += _rows("model briefs, items they hold", end_to_end, found_only=True)
        places = ", ".join(str(f) for f in model_briefs)
        lines += ["", f"Model briefs: {len(present)} of {len(corpus.golds)} articles found in "
                  f"{places}; stories scored only where every article has a brief. Each "
                  "model item is the gold item the eval aligns it with; besides, a second "
                  "name of an entity the brief already lists is that entity (same name "
                  "matcher and threshold), and a figure whose value is right but whose counts "
                  "text fails the eval's wording test is the gold figure of that value "
                  "written inside its evidence quote. End to end, a gold pair is missed when "
                  "the briefs lack one of its items only if both items are required "
                  "(`required: true`, as in the per-article eval); 'items they hold' counts "
                  "only the gold pairs and conflicts whose items the briefs hold, and the "
                  "agreement labels of the gold groups whose values they all hold: what the "
                  "story itself got right. Model items with no gold item are left out of "
                  "both."]
    lines += ["", f"Scoring the gold-derived briefs took {elapsed:.2f} s.", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.stdout.write(story_quality_markdown(*(Path(a) for a in sys.argv[1:])))
