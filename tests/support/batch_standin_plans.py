"""Small ``ArticlePlan``s for batch driver tests, and a stand-in responder for them.

``ToyPlan`` asks two independent calls ("entities" and "summary"); when the summary
comes back as "bad" it re-asks once ("summary.reask1"). Its brief fails when a call got
no answer.
"""

from __future__ import annotations

import json
import re
from typing import Any

from pydantic import BaseModel, ValidationError

from summarizer.brief import Brief, Provenance, Usage
from summarizer.briefing.plan import CallAnswer, ModelCall
from summarizer.errors import ExtractionError
from summarizer.pipeline import text_sha256
from summarizer.reading import Article
from tests.support.batch_standin import LineReply, completion

MODEL = "standin-model"
PROMPT_VERSION = "toy-1"


class ToyAnswer(BaseModel):
    """One value."""

    value: str


class ToyPlan:
    def __init__(self, article: Article) -> None:
        self.article_id = article.article_id
        self.text = article.text
        self.step = 0
        self.values: dict[str, str] = {}
        self.errors: dict[str, str] = {}
        self.tokens = [0, 0]
        self.calls = 0

    def _call(self, key: str, extra: str = "") -> ModelCall:
        messages = [{"role": "system", "content": "Answer with one value."},
                    {"role": "user", "content": f"<article>\n{self.text}\n</article>\n"
                                                f"call {key}{extra}"}]
        return ModelCall(key=key, messages=messages, response_model=ToyAnswer, max_tokens=50)

    def next_calls(self) -> list[ModelCall]:
        self.step += 1
        if self.step == 1:
            return [self._call("entities"), self._call("summary")]
        if self.step == 2 and self.values.get("summary") == "bad":
            del self.values["summary"]
            return [self._call("summary.reask1", "\nThe value 'bad' is not allowed.")]
        return []

    def answer(self, result: CallAnswer) -> None:
        self.calls += 1
        self.tokens[0] += result.prompt_tokens
        self.tokens[1] += result.completion_tokens
        name = result.key.split(".")[0]
        if result.content is None:
            self.errors[name] = result.error or "no answer"
            return
        try:
            self.values[name] = ToyAnswer.model_validate_json(result.content).value
        except ValidationError as error:
            self.errors[name] = str(error)

    def brief(self) -> Brief:
        missing = [k for k in ("entities", "summary") if k not in self.values]
        if missing:
            raise ExtractionError(f"no answer for {', '.join(missing)}: "
                                  f"{'; '.join(self.errors.values())}", attempts=self.calls)
        return Brief(article_id=self.article_id,
                     summary=f"{self.values['entities']} / {self.values['summary']}",
                     provenance=Provenance(
                         backend="openai", model=MODEL, prompt_version=PROMPT_VERSION,
                         attempts=self.calls,
                         usage=Usage(prompt_tokens=self.tokens[0],
                                     completion_tokens=self.tokens[1]),
                         article_sha256=text_sha256(self.text)))


def toy_responder(body: dict[str, Any], _nth: int) -> LineReply:
    """Answers a toy call: the summary of an article containing "BAD" is "bad" unless the
    request is the re-ask; any other value names the call and the article's first word."""
    user = body["messages"][-1]["content"]
    key = re.search(r"call (\S+)", user)
    word = re.search(r"<article>\n(\S+)", user)
    name = key.group(1) if key else "?"
    value = f"{name}:{word.group(1) if word else ''}"
    if name == "summary" and "BAD" in user:
        value = "bad"
    content = json.dumps({"value": value})
    if "tools" in body:
        return 200, completion(None, tool_arguments=content)
    return 200, completion(content)
