"""Finding English prose in Korean feedback (identifiers, code and numbers aside)."""
from __future__ import annotations

import re

# Code shown in feedback: inputs, expected/got blocks, and anything that reads like an expression.
_CODE_LINE = re.compile(r"^\s{4}|^\s*(np\.|\[|\()")
_TOKENS = [
    re.compile(r"\{[^{}]*\}"),                     # {placeholders} of a template
    re.compile(r"`[^`]*`"),                        # `code`
    re.compile(r"\b\w+(?:-\w+)+\b"),               # hyphenated names and commands: log-sum-exp, apt-get
    re.compile(r"'[^']*'|\"[^\"]*\""),             # quoted strings: names, keys, student messages
    re.compile(r"\b[\w.]+\([^()]*(\([^()]*\))*[^()]*\)"),  # calls f(x, y)
    re.compile(r"\b\w+(?:\.\w+)+\b"),              # dotted names: np.float64, torch.optim.SGD
    re.compile(r"\b\w*_\w*\b"),                   # snake_case identifiers
    re.compile(r"\b[A-Za-z]+\d\w*\b|\b\d\w*\b"),   # W1, 1e-9, float64, 2nd
    re.compile(r"\bfor \w+ in\b|\bif \w+ is None\b"),  # code in a sentence: for i in …
]
# English words that are prose even alone between two pieces of code ("f(x) against F.f").
STANDALONE = {"against", "with", "without", "vs", "instead", "when", "after", "before", "for", "of", "the"}
# Prose has function words; names of things (PyTorch autograd, state dict, leaky ReLU) do not.
FUNCTION_WORDS = {
    "the", "a", "an", "of", "to", "in", "is", "are", "was", "were", "be", "with", "for", "on", "at", "by", "from",
    "and", "or", "not", "has", "have", "this", "that", "it", "its", "as", "than", "then", "when", "where", "which",
    "what", "your", "you", "against", "after", "before", "into", "vs", "per", "each", "every", "no", "only", "must",
    "should", "can", "will", "does", "did", "differ", "differs", "expected", "got", "shape", "instead", "without",
    "while", "same", "because", "but", "if", "so",
}
_WORDS = re.compile(r"(?<![\w-])[A-Za-z]+(?:[ -][A-Za-z]+)+(?![\w-])")


def english_prose(text: str) -> list[str]:
    """Runs of English words with a function word among them, outside code, in feedback meant to be Korean."""
    found = []
    for line in text.splitlines():
        if _CODE_LINE.match(line):
            continue
        for pattern in _TOKENS:
            line = pattern.sub(" ", line)
        for m in _WORDS.finditer(line):
            words = [w.lower() for w in re.split(r"[ -]", m.group(0))]
            if len(words) >= 3 or any(w in FUNCTION_WORDS for w in words):
                found.append(m.group(0))
        found += [w for w in re.findall(r"(?<![\w-])[A-Za-z]+(?![\w-])", line)
                  if w.lower() in STANDALONE and not any(w in run for run in found)]
    return found
