"""The assistant: retrieve paragraphs, answer, cite, validate every citation, refuse when the texts do not
answer, follow a conversation. ``from assistant import Assistant``."""

from assistant.config import AssistantConfig
from assistant.core import Assistant, Conversation, InvalidQuestion
from assistant.types import Answer, Citation, Retrieved

__all__ = [
    "Answer",
    "Assistant",
    "AssistantConfig",
    "Citation",
    "Conversation",
    "InvalidQuestion",
    "Retrieved",
]
