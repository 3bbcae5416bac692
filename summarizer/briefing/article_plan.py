"""The briefing plan of one article: candidates first, then short passes that label them,
then a brief whose every item points at the article. Figures and open questions need no
pass: what an amount counts is read from its clause (``candidates.labels``), and a question
is asked in the words of the sentence that leaves it open (``candidates.questions``); the
model did worse at both.

Passes share one prompt prefix (instructions, article, names) and differ only in
the task at the end, so a server's prompt cache reads the article once. A summary that
states something the article does not goes back once for a rewrite.

The roles pass comes in one of two ways. In turn (the embedded engine): it waits for the
entities pass and asks only about the names found to be actors, since one engine slot runs
the passes one after another and every extra name costs generation time. In one round
(``roles_with_entities``, endpoints): it asks about every name at once, beside the other
passes, so an article takes one round trip instead of two (one batch on the provider batch
API instead of two); assembly keeps the roles of the names that turn out to be actors.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from summarizer.brief import Brief, DroppedItem, Provenance, Usage
from summarizer.briefing import assemble
from summarizer.briefing.answers import AnswerSchema, answer_schema
from summarizer.briefing.passes import (
    Summary,
    entities_answer,
    roles_answer,
)
from summarizer.briefing.plan import CallAnswer, ModelCall
from summarizer.briefing.prompting import BriefingPrompts, SharedPrompt
from summarizer.briefing.summary_check import keep_supported, problems, whole_sentences
from summarizer.candidates.collect import Candidates, collect
from summarizer.chunking import split_parts
from summarizer.errors import ExtractionError
from summarizer.reading import Article

ENTITY_TOKENS_EACH = 16
ROLE_TOKENS_EACH = 24
SUMMARY_TOKENS = 320


@dataclass
class _Pass:
    name: str
    model: AnswerSchema
    max_tokens: int
    messages: list[dict[str, str]]
    attempts: int = 0
    answer: Any = None
    waiting: bool = False
    failure: str = ""


@dataclass
class _Part:
    """One part of the article (the whole of it unless it is long)."""

    number: int
    offset: int
    candidates: Candidates
    passes: dict[str, _Pass] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    prompt: SharedPrompt | None = None  # made at the first pass, shared by the others


@dataclass
class _Totals:
    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    model_s: float = 0.0


class ArticleBriefing:
    """An ``ArticlePlan``: see ``summarizer.briefing.plan``."""

    def __init__(self, article: Article, prompts: BriefingPrompts, *, backend: str,
                 model: str, part_chars: int, temperature: float = 0.0, max_reasks: int = 1,
                 max_tokens: int = 2048, roles_with_entities: bool = False) -> None:
        self.article_id = article.article_id
        self.roles_with_entities = roles_with_entities
        self.article = article
        self.prompts = prompts
        self.backend = backend
        self.model = model
        self.temperature = temperature
        self.max_attempts = 1 + max_reasks  # per pass: the first answer and its re-asks
        self.max_tokens = max_tokens  # a ceiling on every pass's own budget
        self.totals = _Totals()
        self.dropped: list[DroppedItem] = []
        spans = split_parts(article.text, part_chars)
        self.part_count = len(spans)
        self.parts = [self._part(i + 1, s.start, s.end) for i, s in enumerate(spans)]

    def _part(self, number: int, start: int, end: int) -> _Part:
        candidates = collect(self.article.text[start:end])
        part = _Part(number, start, candidates)

        names = list(dict.fromkeys(c.name for c in candidates.names))
        if names:
            part.passes["entities"] = _Pass(
                "entities", entities_answer(names), 50 + ENTITY_TOKENS_EACH * len(names),
                self._messages(part, "entities"))
            if self.roles_with_entities:
                self._roles_pass(part, names)
        if number == 1:
            part.passes["summary"] = _Pass("summary", answer_schema(Summary), SUMMARY_TOKENS,
                                           self._messages(part, "summary"))
        return part

    def _messages(self, part: _Part, task: str, **values: str) -> list[dict[str, str]]:
        if part.prompt is None:
            part.prompt = self.prompts.shared(part.candidates, self.article.title,
                                              part.number, self.part_count)
        return part.prompt.messages(task, **values)

    def _roles_pass(self, part: _Part, names: list[str]) -> None:
        """Ask what each of ``names`` does in the story."""
        if names:
            part.passes["roles"] = _Pass(
                "roles", roles_answer(names), 50 + ROLE_TOKENS_EACH * len(names),
                self._messages(part, "roles", names=", ".join(names)))

    # -- the ArticlePlan protocol ------------------------------------------------------

    def next_calls(self) -> list[ModelCall]:
        calls: list[ModelCall] = []
        for part in self.parts:
            for step in part.passes.values():
                if step.answer is not None or step.waiting or \
                        step.attempts >= self.max_attempts or \
                        (step.attempts and not step.failure):
                    continue
                step.waiting = True
                calls.append(ModelCall(
                    key=f"p{part.number}.{step.name}.{step.attempts + 1}",
                    messages=step.messages, response_model=step.model,
                    max_tokens=min(step.max_tokens, self.max_tokens),
                    temperature=self.temperature))
        return calls

    def answer(self, result: CallAnswer) -> None:
        part_key, name, _ = result.key.split(".")
        part = self.parts[int(part_key[1:]) - 1]
        step = part.passes[name]
        step.waiting = False
        step.attempts += 1
        self.totals.calls += 1
        self.totals.prompt_tokens += result.prompt_tokens
        self.totals.completion_tokens += result.completion_tokens
        self.totals.model_s += result.model_s
        if result.content is None:
            step.failure = result.error or "no answer"
            return
        try:
            parsed = result.parsed if result.parsed is not None else step.model.parse(
                _strip_fences(result.content))
        except ValidationError as error:
            step.failure = f"answer did not fit the schema: {error.error_count()} error(s)"
            return
        if name == "summary":
            self._check_summary(part, step, parsed, result.content)
            return
        step.answer, step.failure = parsed, ""
        if name == "entities":
            part.kinds = assemble.kinds_of(parsed, part.candidates)
            if not self.roles_with_entities:  # in turn: now the actors are known
                self._roles_pass(part, assemble.role_names(part.kinds, part.candidates))

    def _check_summary(self, part: _Part, step: _Pass, parsed: Any, raw: str) -> None:
        text = whole_sentences(parsed.summary)
        found = problems(text, self.article.text)
        if not found or step.attempts >= self.max_attempts:
            kept = keep_supported(text, self.article.text) if found else text
            for problem in found:
                self.dropped.append(DroppedItem(field="summary", item=text, reason=problem))
            step.answer, step.failure = Summary(summary=kept), ""
            return
        # One rewrite: the model sees its summary and what does not hold up.
        step.failure = "; ".join(found)
        step.messages = [*step.messages, {"role": "assistant", "content": raw},
                         {"role": "user", "content": "In that summary " + "; ".join(found)
                          + ". Rewrite it using only what the article states."}]

    def brief(self) -> Brief:
        answered = [s for p in self.parts for s in p.passes.values() if s.answer is not None]
        if not answered and any(p.passes for p in self.parts):
            failures = "; ".join(f"{s.name}: {s.failure}" for p in self.parts
                                 for s in p.passes.values())
            raise ExtractionError(f"no pass of the brief got a usable answer ({failures})",
                                  attempts=self.totals.calls)
        actors, places, figures, questions = [], [], [], []
        for part in self.parts:
            passes = part.passes
            if part.kinds:
                roles = passes["roles"].answer if "roles" in passes else None
                found_actors, found_places = assemble.actors_and_places(
                    part.kinds, roles, part.candidates, part.offset)
                actors += found_actors
                places += found_places
            figures += assemble.figures(part.candidates, part.offset)
            questions += assemble.questions(part.candidates, part.offset)
        summary_pass = self.parts[0].passes.get("summary")
        summary = summary_pass.answer.summary if summary_pass and summary_pass.answer else ""
        warnings = [f"withheld a passage addressed to an AI model ({w.trigger!r}) at "
                    f"{w.start + p.offset}-{w.end + p.offset}"
                    for p in self.parts for w in p.candidates.withheld]
        provenance = Provenance(
            backend=self.backend, model=self.model, prompt_version=self.prompts.version,
            attempts=self.totals.calls,
            usage=Usage(prompt_tokens=self.totals.prompt_tokens,
                        completion_tokens=self.totals.completion_tokens),
            dropped=self.dropped, article_sha256=text_sha256(self.article.text),
            parts=len(self.parts), warnings=warnings)
        return Brief(article_id=self.article_id, summary=summary,
                     actors=_merge_named(actors), figures=assemble.unique_figures(figures),
                     locations=_merge_named(places), open_questions=questions[:5],
                     provenance=provenance)


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _merge_named(items: list[Any]) -> list[Any]:
    """One entry per name across the parts of a long article, with every part's evidence
    and forms."""
    merged: dict[str, Any] = {}
    for item in items:
        key = item.name.casefold()
        if key not in merged:
            merged[key] = item
            continue
        kept = merged[key]
        kept.evidence.extend(item.evidence)
        for alias in getattr(item, "aliases", []):
            if alias not in kept.aliases:
                kept.aliases.append(alias)
        if hasattr(kept, "role") and not kept.role:
            kept.role = item.role
    return list(merged.values())


def _strip_fences(raw: str) -> str:
    text = raw.strip()
    if text.startswith("```"):
        text = text.split("\n", 1)[1] if "\n" in text else ""
        text = text.rsplit("```", 1)[0]
    return text
