"""One article to one brief: candidates, model passes, assembly (see ``summarizer.briefing``)."""

from __future__ import annotations

from summarizer.brief import Brief
from summarizer.briefing.article_plan import ArticleBriefing, text_sha256
from summarizer.briefing.driver import run_plan
from summarizer.briefing.prompting import BriefingPrompts, load_briefing_prompts
from summarizer.calls.client import ModelClient
from summarizer.calls.transport import meta_headers
from summarizer.reading import Article
from summarizer.settings import Settings

__all__ = ["Summariser", "text_sha256"]


class Summariser:
    """Turns articles into briefs with one model client."""

    def __init__(self, client: ModelClient, settings: Settings, backend: str,
                 prompts: BriefingPrompts | None = None) -> None:
        self.client = client
        self.settings = settings
        self.backend = backend
        # The embedded engine: one slot, so an article's passes go one after another.
        self.embedded = backend == "local"
        self.prompts = prompts or load_briefing_prompts()

    def plan(self, article: Article) -> ArticleBriefing:
        """The model calls this article needs, as a plan any driver can run."""
        return ArticleBriefing(article, self.prompts, backend=self.backend,
                               model=self.client.model, part_chars=self.settings.part_chars,
                               temperature=self.settings.temperature,
                               max_reasks=self.settings.max_reasks,
                               max_tokens=self.settings.max_tokens,
                               roles_with_entities=not self.embedded)

    async def summarise(self, article: Article, run_id: str = "") -> Brief:
        headers = meta_headers(run=run_id, article=article.article_id,
                               prompt_version=self.prompts.version)
        # The embedded engine is llama.cpp, which takes a grammar: compact JSON is fewer
        # tokens to generate. Other endpoints get the schema through instructor.
        # The plan (candidates, prompts) is built and its brief assembled on the event
        # loop: a few ms of pure-Python CPU an article, which a worker thread would not run
        # alongside the loop (the GIL). Tried: asyncio.to_thread for both gave no shorter
        # batch (320 articles at C=32, latency 1 s or none) and a little more CPU; a process
        # pool for the candidates gave none either (1.127-1.137x the ideal against
        # 1.135-1.139x: the steady state is already within 2% of it, and the pool is not
        # up for the first wave, where the excess is) at 5 ms more CPU an article, the
        # cost of pickling and of the pool's threads taking the GIL from the loop.
        return await run_plan(self.plan(article), self.client, headers,
                              compact=self.embedded)
