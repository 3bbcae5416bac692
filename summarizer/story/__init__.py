"""The story brief: one event across articles, merged, with every disagreement shown."""

from summarizer.story.build import build_story
from summarizer.story.model import FigureGroup, Story, StoryActor, StoryLocation, StoryQuestion

__all__ = ["FigureGroup", "Story", "StoryActor", "StoryLocation", "StoryQuestion",
           "build_story"]
