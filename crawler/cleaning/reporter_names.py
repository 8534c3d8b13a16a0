"""Whether a word is a reporter's name, and the name in the form Article.byline gives it.

Korean: the names and the role word as written, one space apart ("홍길동 기자", "홍길동·김철수 특파원"), or the
name alone when the page wrote no role ("정태관"). English: the names as written ("Jane Doe", "Jane Doe and
John Roe"), names in capitals capitalised ("KIM MIN-JI" -> "Kim Min-ji").
"""

from __future__ import annotations

import re

from crawler.cleaning import byline_words as words

# One word of an English name: "Jane", "Min-ji", "O'Brien", "McDonald", "KIM", "J.".
EN_WORD = r"(?:[A-Z][a-z]*(?:[A-Z][a-z]+)?(?:['’-][A-Za-z][a-z]*)*|[A-Z]{2,}(?:-[A-Z]{2,})*|[A-Z]\.)"
ENGLISH_NAME_WORD = re.compile(EN_WORD)
EN_PEOPLE = re.compile(r",?\s(?:and|&)\s")
NAME_SEPARATORS = re.compile(r"\s?[·,]\s?|\s")
CREDIT_WORDS = re.compile(r"[\s·/=:：\[\](){}<>【】]+")


def korean_byline(names: str, role: str | None) -> str | None:
    """The byline "홍길동 기자" (or "홍길동·김철수 기자", or "정태관" without a role) when every name looks like one."""
    found = NAME_SEPARATORS.split(names)
    if not all(is_korean_name(name, place_like_ok=role is not None) for name in found):
        return None
    joined = "·".join(found)
    return f"{joined} {role}" if role else joined


def is_korean_name(name: str, place_like_ok: bool = True) -> bool:
    """A word that can be a Korean person's name: a common surname first, no title or office at its end.

    `place_like_ok=False` (a name with no role word after it): no place's ending either ("경기도").
    """
    size = len(name)
    if not 2 <= size <= 4 or name in words.NOT_KOREAN_NAMES:
        return False
    if size == 4:
        if name[:2] not in words.KOREAN_COMPOUND_SURNAMES:
            return False
    elif name[0] not in words.KOREAN_SURNAMES:
        return False
    if size >= 3 and (name.endswith(words.KOREAN_TITLE_ENDINGS) or name.endswith(words.KOREAN_OFFICE_ENDINGS)):
        return False
    return place_like_ok or not name.endswith(words.KOREAN_PLACE_ENDINGS)


def credits_the_writer(before: str) -> bool:
    """False when the words before a name credit something else ("사진", "사진=", "그래픽·영상") or label a
    field ("주최="); True for a place, a paper or a credit for the writing ("광주=", "글·사진=", "경기일보")."""
    parts = CREDIT_WORDS.split(before)
    if not words.TEXT_CREDIT_WORDS.isdisjoint(parts):
        return True
    return words.NOT_TEXT_CREDITS.isdisjoint(parts)


def english_byline(names: str) -> str | None:
    """The names ("Jane Doe", "Jane Doe and John Roe") in the words after "By"; None unless each is a person's.

    A title or a date's label may follow the last name ("By Jane Doe Staff Reporter"); other words may not.
    """
    people = EN_PEOPLE.split(names)
    read: list[str] = []
    for index, person in enumerate(people):
        name_words = person.split()
        kept = []
        for word in name_words:
            if word.lower().rstrip(".") in words.NOT_ENGLISH_NAMES:
                break
            if ENGLISH_NAME_WORD.fullmatch(word) is None:
                return None
            kept.append(word)
        rest = name_words[len(kept) :]
        if len(kept) < 2 or (rest and index < len(people) - 1):
            return None
        if any(word.lower() not in words.ENGLISH_WORDS_AFTER_NAME for word in rest):
            return None
        read.append(" ".join(capitalised(word) for word in kept))
    return " and ".join(read)


def signs_with(name: str, address: str) -> bool:
    """True when an e-mail address is the named person's: its local part holds a word of the name ("jane",
    "minji" for Min-ji) or starts with its initials ("kjh" for Kim Ji-hoon). A desk's address is not, nor a
    government's (a release's contact person)."""
    user, _, domain = address.lower().partition("@")
    if domain.endswith(words.GOVERNMENT_MAIL_DOMAINS):
        return False
    local = "".join(char for char in user if char.isalpha())
    parts = [word.lower().replace("-", "").replace("'", "") for word in name.replace(" and ", " ").split()]
    if any(len(part) >= 3 and part in local for part in parts):
        return True
    initials = "".join(part[0] for part in parts if part)
    return len(initials) >= 2 and local.startswith(initials)


def capitalised(word: str) -> str:
    """A name word in capitals as names are written ("MIN-JI" -> "Min-ji"); others as they are."""
    if len(word) > 1 and word.isupper() and not word.endswith("."):
        return word[0] + word[1:].lower()
    return word


__all__ = ["credits_the_writer", "english_byline", "is_korean_name", "korean_byline", "signs_with"]
