"""A 4-item gold set and the fixed Answers a hand-written ``ask`` gives to it (see conftest.py)."""

from assistant.types import Answer, Citation, Retrieved
from eval.gold import GoldItem

S = "A/RES/80/118"
STORED = {f"{S} {p}" for p in ("OP1", "OP5", "OP26", "OP70", "OP70(a)", "OP71", "PP58")}

GOLD = [
    GoldItem("q1", "What share of people in low-income countries is online?", (f"{S} OP26",),
             ("27 per cent",), True, "factoid", also_acceptable=(f"{S} PP58",)),
    GoldItem("q2", "And what does it ask of Member States?", (f"{S} OP70(a)", f"{S} OP71"), (), True, "list",
             history=({"role": "user", "content": "Tell me about A/RES/80/118"},
                      {"role": "assistant", "content": "It is about ICT for development."})),
    GoldItem("m1", "When was A/RES/80/118 adopted?", (), ("2025",), True, "metadata"),
    GoldItem("u1", "What does the resolution say about Mars colonies?", (), (), False, "unanswerable"),
]  # fmt: skip


def cite(paragraph):
    label = f"{S} {paragraph}" if paragraph else S
    return Citation(label, S, paragraph, "…", f"https://docs.un.org/en/{S}")


def retrieved(*paragraphs):
    return [Retrieved(f"{S} {p}", S, p, "…", 1.0 / (i + 1)) for i, p in enumerate(paragraphs)]


ANSWERS = {
    "q1": Answer(
        GOLD[0].question,
        "About 27 per cent of people in low-income countries are online [1][2].",
        citations=[cite("OP26"), cite("PP58")],
        retrieved=retrieved("OP1", "OP26", "PP58"),
        removed_citations=[f"{S} OP999"],
    ),
    "q2": Answer(GOLD[1].question, "It calls upon Member States to act [1].", [cite("OP70")],
                 retrieved=retrieved("OP70", "OP5")),
    "m1": Answer(GOLD[2].question, "It was adopted on 15 December 2025 [1].", [cite("")]),
    "u1": Answer(GOLD[3].question, "The resolutions in the store do not say.", refused=True),
}  # fmt: skip
LATENCY = {"q1": 1.0, "q2": 2.0, "m1": 3.0, "u1": 4.0}
