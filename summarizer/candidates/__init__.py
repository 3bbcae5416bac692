"""Candidates: what the article itself offers a brief, found deterministically with offsets.

Names (proper-noun spans), amounts, and sentences that leave something open are listed
with their character offsets before any model is called. The model then only chooses
among them and labels them, so recall does not depend on how much a model cares to
write, and every item's evidence is a span of the article by construction.
"""
