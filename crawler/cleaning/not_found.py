"""Pages that answer 200 but say the post is gone: Korean boards rarely send 404 for a deleted post.

A deleted or restricted post on a 그누보드/전자정부 board comes back 200 with a short notice ("삭제되었거나
존재하지 않는 게시물입니다"), which the cleaner reads as an article titled "알림". Stored, it is a document
of boilerplate that no search should find. Only short texts are judged: a release quoting such a phrase in
its body is long enough to be an article.
"""

from __future__ import annotations

import re

# Longer than a notice and its "back to the list" link; shorter than the body of the shortest releases.
MAX_NOTICE_CHARS = 160

NOT_FOUND = re.compile(
    r"(?:게시물|게시글|글|자료|페이지)[이가은는]?\s*(?:이미\s*)?(?:삭제되었|삭제된|존재하지\s*않|없습니다)"
    r"|삭제된\s*(?:게시물|게시글|글|자료)"
    r"|존재하지\s*않는\s*(?:게시물|게시글|글|자료|페이지)"
    r"|(?:페이지|게시물)를\s*찾을\s*수\s*없"
    r"|잘못된\s*(?:접근|경로|요청)"
    r"|page\s+(?:was\s+)?not\s+found|404\s+not\s+found"
    r"|(?:post|page|article)\s+(?:does\s+not\s+exist|has\s+been\s+(?:deleted|removed))",
    re.IGNORECASE,
)


def reads_as_not_found(title: str, text: str) -> bool:
    """Whether a cleaned page is a "post not found" notice rather than an article."""
    body = text.strip()
    return len(body) < MAX_NOTICE_CHARS and NOT_FOUND.search(f"{title}\n{body}") is not None
