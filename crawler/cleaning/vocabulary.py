"""What boilerplate looks like, as data: tag names, class/id tokens and line patterns (no logic here).

Modelled on trafilatura's xpaths.py: when a new site shows a new kind of widget, the fix is a word
added here, not a code path. Class/id values are split into lowercase tokens on `-`, `_`, spaces and
camelCase humps before they are looked up, so `articleShareBox` yields `article`, `share`, `box`.
"""

# Elements whose whole subtree is never article text.
DROP_TAGS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "iframe",
        "object",
        "embed",
        "svg",
        "canvas",
        "nav",
        "aside",
        "footer",
        "button",
        "select",
        "option",
        "input",
        "textarea",
        "label",
        "map",
        "audio",
        "video",
        "source",
        "figcaption",
        "dialog",
        "menu",
        "head",
    }
)

# ARIA landmark roles that are never the article.
DROP_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar"})

# Class/id tokens that mark a widget wherever it sits (comments, share bars, tickers, related lists).
STRONG_BOILERPLATE_TOKENS = frozenset(
    {
        # comments
        "comment",
        "comments",
        "cmt",
        "reply",
        "replies",
        "disqus",
        "livere",
        "guestbook",
        # sharing and social
        "share",
        "sharing",
        "sns",
        "social",
        "kakao",
        "kakaotalk",
        "facebook",
        "twitter",
        "sociallink",
        "addthis",
        "sharethis",
        # market tickers and stock boxes
        "ticker",
        "stock",
        "stocks",
        "marquee",
        # related / popular / recommended lists
        "related",
        "relation",
        "relate",
        "recommend",
        "recommended",
        "popular",
        "ranking",
        "rank",
        "best",
        "hot",
        "trending",
        "most",
        "mostread",
        "morenews",
        "othernews",
        "readmore",
        # site chrome
        "nav",
        "navi",
        "navigation",
        "gnb",
        "lnb",
        "snb",
        "tnb",
        "fnb",
        "breadcrumb",
        "breadcrumbs",
        "location",
        "footer",
        "foot",
        "ft",
        "copyright",
        "copy",
        # 공공누리 (KOGL, Korea Open Government License) boxes under government releases
        "kogl",
        "sitemap",
        "family",
        "familysite",
        "skip",
        "skipnav",
        "quick",
        "quickmenu",
        "topmenu",
        "submenu",
        "menu",
        "sidebar",
        "side",
        "aside",
        "header",
        "masthead",
        "util",
        "utility",
        "login",
        "logout",
        "search",
        "srch",
        "subscribe",
        "subscription",
        "newsletter",
        "banner",
        "ad",
        "ads",
        "advert",
        "advertisement",
        "adsense",
        "sponsor",
        "sponsored",
        "promo",
        "promotion",
        "popup",
        "modal",
        "cookie",
        "cookies",
        "gdpr",
        # article furniture that is not article text
        "caption",
        "figcaption",
        "credit",
        "credits",
        "photo_credit",
        "tag",
        "tags",
        "keyword",
        "keywords",
        "hashtag",
        "byline",
        "reporter",
        "writer",
        "author",
        "profile",
        "photo",
        "photos",
        "pic",
        "thumb",
        "thumbnail",
        "figure",
        "img",
        "image",
        "font",
        "fontsize",
        "zoom",
        "prevnext",
        "prev",
        "next",
        "pager",
        "paging",
        "pagination",
        "satisfaction",
        "satisfy",
        "survey",
        "rating",
        "vote",
        "like",
        "likes",
        "scrap",
        "bookmark",
        "gallery",
        "photonews",
        "video",
        "vod",
        "toolbar",
        "tools",
        "button",
        "btn",
        "btns",
        "blind",
        "sr",
        "screen",
        "offscreen",
    }
)

# Token beginnings and endings that mark the same widgets when a site glues words together
# (`articlecomment`, `snsbox`, `relatednewslist`); tokens in ALLOWED_TOKENS are never matched.
STRONG_BOILERPLATE_AFFIXES = (
    "comment",
    "reply",
    "share",
    "sns",
    "related",
    "relate",
    "ticker",
    "breadcrumb",
    "footer",
    "copyright",
    "kogl",
    "banner",
    "advert",
    "sidebar",
    "gnb",
    "lnb",
    "snb",
    "popular",
    "ranking",
    "social",
    "subscribe",
    "newsletter",
    "caption",
    "byline",
    "reporter",
)
ALLOWED_TOKENS = frozenset({"commentary", "shareholder", "shareholders", "relatedness", "snbody"})

# Elements whose text is inline inside a paragraph (they do not start a new paragraph).
INLINE_TAGS = frozenset(
    {
        "a",
        "abbr",
        "acronym",
        "b",
        "bdi",
        "bdo",
        "big",
        "cite",
        "code",
        "data",
        "del",
        "dfn",
        "em",
        "font",
        "i",
        "img",
        "ins",
        "kbd",
        "mark",
        "q",
        "s",
        "samp",
        "small",
        "span",
        "strike",
        "strong",
        "sub",
        "sup",
        "time",
        "tt",
        "u",
        "var",
        "wbr",
        "nobr",
    }
)

# Elements that are one paragraph each: their own parent is the container that earns their score.
PARAGRAPH_TAGS = frozenset({"p", "pre", "blockquote", "li", "dd", "dt", "h2", "h3", "h4", "h5", "h6", "address"})

# Headings that open a list widget (comments, related or popular articles); the list goes with them.
# Share-bar labels are not here: they head buttons, not lists, and the line patterns drop them.
WIDGET_HEADINGS = (
    r"댓글(목록|쓰기|달기)?",
    r"(관련|연관|추천|인기|많이\s?본|최신|주요|포토|다른|이전|다음)\s?(기사|뉴스|글|게시물)",
    r"(이|해당)\s?기자의\s?(다른\s?)?기사",
    r"전체\s?댓글",
    r"많이\s?본\s?(기사|뉴스)",
    r"Comments?",
    r"Leave a (Reply|Comment)",
    r"Related( Articles| Stories| News| Posts| Links| Content)?",
    r"(Most|More) (Popular|Read|Viewed|News|Stories)",
    r"You (may|might) also like",
    r"Recommended( for you| Stories| Articles)?",
    r"Trending( now| Stories)?",
    r"Popular( Posts| Stories| Articles)?",
    r"Latest( News| Stories| Articles)?",
    r"Other (News|Stories)",
)

# Whole lines that are boilerplate wherever they appear (matched against a stripped line).
BOILERPLATE_LINES = (
    # share widgets
    r"(기사\s?)?공유(하기)?",
    r"(카카오톡|카카오스토리|카카오|페이스북|트위터|네이버\s?블로그|네이버\s?밴드|밴드|"
    r"텔레그램|라인|url|URL|링크|이메일)(\s?(공유|복사|보내기))?",
    r"(share|Share|SHARE)(\s(on|via|this|to)\b.*)?",
    r"(Facebook|Twitter|LinkedIn|WhatsApp|Email|Print|X)"
    r"(\s*[|·,]\s*(Facebook|Twitter|LinkedIn|WhatsApp|Email|Print|X))*",
    # \s*+: spaces cannot go to the separator, and letting either \s* take them made these patterns try
    # every split of every gap: exponential time on a line of repeated labels ("blog blog blog … 밝혔다").
    r"(twitter|facebook|kakao|band|blog)(\s*+[|·,]?\s*(twitter|facebook|kakao|band|blog))*",
    r"(글자\s?크기|글씨\s?크기|폰트\s?크기|인쇄(하기)?|스크랩|프린트|목록(보기)?|이전글|다음글|확대|축소)"
    r"(\s*+[|·]?\s*(글자\s?크기|인쇄(하기)?|스크랩|목록|확대|축소|이전글|다음글))*",
    # a row of share and tool buttons: 프린트 메일 카카오톡 페이스북 트위터
    r"(프린트|인쇄|메일|이메일|카카오톡|카카오스토리|카카오|페이스북|트위터|엑스|네이버\s?블로그|네이버\s?밴드|밴드|블로그|"
    r"텔레그램|라인|링크\s?복사|URL\s?복사|url\s?복사|스크랩|글자\s?크기|공유하기|공유|댓글)"
    r"(\s*+[|·,/]?\s*(프린트|인쇄|메일|이메일|카카오톡|카카오스토리|카카오|페이스북|트위터|엑스|네이버\s?블로그|"
    r"네이버\s?밴드|밴드|블로그|텔레그램|라인|링크\s?복사|URL\s?복사|url\s?복사|스크랩|글자\s?크기|공유하기|공유|댓글))+",
    # "copied" notices of share buttons, and subscribe buttons: 기사 URL이 복사되었습니다. / 네이버 구독하기
    r"(기사\s?)?(URL|url|주소|링크|본문|기사)(이|가)?\s?(클립보드에\s?)?복사\s?(되었습니다|됐습니다)\.?",
    r"((네이버|다음|구글|Google|카카오|유튜브|텔레그램)\s?)?((뉴스\s?스탠드|뉴스|채널|메인)(에서)?\s?)?"
    r"(구독(하기)?|구독\s?신청|구독\s?\+|\+\s?구독)",
    # reaction buttons with their counts: 좋아요 0 훈훈해요 0 슬퍼요 0 화나요 0 후속기사 원해요 0
    r"(좋아요|싫어요|훈훈해요|슬퍼요|화나요|후속\s?기사\s?원해요|추천해요|응원해요|감동이에요|놀랐어요|최고예요|"
    r"흥미로워요|궁금해요|추천|비추천|공감|비공감)\s*\d+(\s*+[|·]?\s*(좋아요|싫어요|훈훈해요|슬퍼요|화나요|"
    r"후속\s?기사\s?원해요|추천해요|응원해요|감동이에요|놀랐어요|최고예요|흥미로워요|궁금해요|추천|비추천|공감|비공감)\s*\d+)*",
    # market tickers: 코스피 : 3085.90하락 64.0318:03 01/15
    r"(코스피|코스닥|원달러|원/달러|원·달러|두바이유|WTI|금|은|국제유가|나스닥|다우|S&P\s?500|KOSPI|KOSDAQ)"
    r"\s*[:：]?\s*[\d,.]+\s*(상승|하락|보합|▲|▼).*",
    # lines of symbols only, and widget percentages such as "0%"
    r"[^\w]*",
    r"[^\w]*\d{1,3}(\.\d+)?\s?%[^\w]*",
    # reporter links and bylines
    r"(이|해당)\s?기자의\s?(다른\s?)?기사\s?(보기|더보기)?\s*[>›»]?",
    r".{0,30}\s?기자입니다\.?",
    r"[가-힣]{1,10}\s?=\s?[가-힣]{2,5}(\s?(기자|특파원))?(\s+[\w.+-]+@[\w.-]+)?(\s*\|.*)?",
    r"[가-힣A-Za-z0-9 ]{0,30}\s[가-힣]{2,5}\s?(기자|특파원|객원기자|인턴기자|선임기자)(\s*[\w.+-]+@[\w.-]+)?",
    r"[가-힣]{2,5}\s?(기자|특파원)\s*[\w.+-]+@[\w.-]+.*",
    # a byline alone, with a credit or a place before it and an address after: 홍길동 기자 / 글·사진=홍길동 기자 /
    # /수원=홍길동 기자 / 홍길동 기자(hong@x.com) / [홍길동 기자 hong@x.com]
    r"[\[(]?/?\s?([가-힣]{1,10}([·/･][가-힣]{1,4}){0,2}\s?[=:]?\s?)?[가-힣]{2,5}\s?"
    r"(기자|특파원|객원기자|인턴기자|선임기자|수습기자)(\s*[(<]?\s*[\w.+-]+@[\w.-]+\.\w+\s*[)>]?)?\s*[\])]?",
    r"[\w.+-]+@[\w.-]+\.\w+",
    # By Jane Doe / By Jane Doe, Staff Reporter; not "By Monday, the city will finish." (a day, a month, or a
    # sentence's closing mark)
    r"(By|by|BY)\s+(?!(Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b|(January|February|March|April|May|June|July|August"
    r"|September|October|November|December)\b)[A-Z][\w.'-]+(\s+[A-Z][\w.'-]+){0,3}"
    r"(\s*[,|]\s*.{0,40}|\s*\(?[\w.+-]+@[\w.-]+\.\w+\)?)?(?<![.!?])",
    # Reporter: Kim Min-ji / Correspondent Lee Soo-jin / Written by Jane Doe
    r"(Reporter|Staff [Ww]riter|Correspondent|(Written|Reported|Story|Words|Text) by)\s*[:：]?\s*[A-Z][\w'-]+"
    r"(\s+[A-Z][\w'-]+){0,3}",
    # a signature: Jane Doe / Korea Herald (jane@heraldcorp.com) / Kim Min-ji (minji@koreatimes.co.kr)
    r"[A-Z][\w'-]+(\s+[A-Z][\w'-]+){1,3}\s*([/|,–—-]\s*[A-Z][\w&.' ]{0,40}?)?\s*[(<\[]?\s*[\w.+-]+@[\w.-]+\.\w+"
    r"\s*[)>\]]?",
    # page-info lines of Korean boards (유규상 작성일18-09-19 21:37 조회1,305회 댓글0건), never a sentence
    r"(?!.*[가-힣A-Za-z][.!?][\"'”’)]?$).{0,40}(작성일|등록일|게시일|작성자|등록자).{0,40}(조회|댓글|추천|hit|Hit).*",
    # the same with more fields between ("작성자 : 대변인 보도일시 : 2024. 6. 3.(월) 조간 배포일시 : … 조회 : 532"):
    # then the view count must close it.
    r"(?!.*[가-힣A-Za-z][.!?][\"'”’)]?$).{0,40}(작성일|등록일|게시일|작성자|등록자)"
    r".{0,160}(조회|[Hh]it)\s?수?\s*[:：]?\s*[\d,]+\s*(회|건)?.{0,40}",
    r"(페이지\s?정보|본문|내용|첨부\s?파일|첨부|파일|작성자|조회수?|등록일|작성일)"
    r"\s*[:：]?\s*[\d,.\-: ]*\s*(회|건)?",
    r"(기사\s?)?(입력|수정|승인|등록|송고)\s*[:：]?\s*\d{2,4}[.\-/년]\s?\d{1,2}[.\-/월]\s?\d{1,2}.*",
    r"(Posted|Published|Updated|Last updated|Modified|Date)( on| at)?\s*[:：]?\s*"
    r"([A-Z][a-z]{2,8}\.? \d{1,2},? \d{4}|"
    r"\d{1,2} [A-Z][a-z]{2,8}\.? \d{4}|\d{4}[-./]\s?\d{1,2}[-./]\s?\d{1,2}).{0,30}",
    # comment boxes
    r"댓글\s?목록",
    r"등록된\s?댓글이\s?없습니다\.?",
    r"댓글\s?\d*\s?(건|개)?",
    r"댓글\s?(쓰기|달기|작성|입력)",
    r"(No|\d+) [Cc]omments?( yet)?\.?",
    r"Leave a (Reply|Comment)",
    r"로그인.{0,20}(댓글|이용).*",
    # copyright
    r".{0,80}(All [Rr]ights [Rr]eserved|ALL RIGHTS RESERVED|무단\s?전재|무단\s?복제|재배포\s?금지|"
    r"(Copyright|COPYRIGHT)\s*(©|ⓒ|\([Cc]\)|\d{4})|ⓒ|©).{0,120}",
    # 공공누리 (KOGL) licence lines: 본 공공저작물은 공공누리 “출처표시” 조건에 따라 이용할 수 있습니다.
    r".{0,80}공공누리.{0,100}(이용할\s?수\s?있습니다|이용\s?가능합니다|이용하실\s?수\s?있습니다)\.?",
    # satisfaction surveys: the question put to the reader, the survey heading, and a scale of three or more
    # answers on one line (one answer alone, "매우 만족", may be what a release reports)
    r".{0,40}(페이지|정보|내용|콘텐츠|서비스|누리집|홈페이지).{0,40}만족하(십니까|셨습니까|시나요|셨나요)\s?\??",
    r"((페이지|콘텐츠|홈페이지|누리집)\s?)?만족도\s?(조사|평가)(하기)?",
    r"(매우\s?만족|만족|보통|불만족|매우\s?불만족)(\s*+[|·/]?\s*(매우\s?만족|만족|보통|불만족|매우\s?불만족)){2,}",
    # gallery teasers and section/menu labels
    r"\[[^\]]{1,12}포토\].*",
    r"\[(포토|사진|영상|화보|인포그래픽|카드뉴스)[^\]]{0,10}\].{0,80}",
    r"(커버스토리|정기구독(신청)?|독자의견|기사제보|광고문의|구독신청|많이\s?본\s?뉴스|"
    r"관련\s?기사|관련\s?뉴스|포토\s?뉴스|인기\s?기사|최신\s?기사|주요\s?뉴스|오피니언|전체\s?메뉴)"
    r"(\s+(커버스토리|정기구독(신청)?|독자의견|기사제보|광고문의|구독신청))*",
    # a related-article link: ▶ 관련기사 : 경기도, 탄소중립 기본계획 수립 / [관련기사] …
    r"([▶►▷☞→]\s?|\[\s?)(관련\s?기사|관련\s?뉴스|추천\s?기사|함께\s?보면\s?좋은\s?기사)\s?\]?\s*[:：]?.{0,80}",
    r"(관련\s?기사|관련\s?뉴스)\s*[:：].{1,80}",
    # the paper's tip-off line: 기사제보 및 보도자료 press@… (the address goes as trailing noise)
    r"((보도\s?자료|광고\s?문의)\s?(및|·|/|,)\s?)?(기사\s?)?제보(하기)?"
    r"(\s?(및|·|/|,)\s?(보도\s?자료|광고\s?문의|구독\s?신청))*(\s*[:：]?\s*\d[\d\-)( ]{6,18})?",
    r"(Related (Articles|Stories|News|Posts)|Most (Read|Popular|Viewed)|Read more|More stories|"
    r"Advertisement|Sponsored|Tags?\s*:.*|Topics?\s*:.*)",
    # source lines and photo credits
    r"☞\s?(Source|출처|자료|원문)\b.*",
    r"[\[(<]?\s*(자료\s?제공|출처|Source|자료\s?출처)\s*[:：=]\s*.{1,60}[\])>]?",
    # skip links and screen-reader labels
    r"(Skip to (main )?content|Skip navigation|본문\s?바로\s?가기|주메뉴\s?바로\s?가기|메뉴\s?바로\s?가기)",
    # a short line that is only a dateline ("2023. 03. 08. · 경기도 여성가족국"), not a sentence, and not a field
    # of what the release announces ("○ 일시 : 2024. 7. 1.(월) 14:00", "- 접수기간: …": labels as in
    # OTHER_DATE_LABELS), which is article text
    r"(?=.{0,60}$)(?!.*[가-힣A-Za-z][.!?][\"'”’)]?$)"
    r"(?![^\w가-힣]{0,3}\s*(행사|개최|접수|신청|모집|공모|교육|운영|전시)?\s?(일시|기간|일정|일자|마감일?)\s*[:：])"
    r".*(19|20)\d{2}\s?[.\-/년]\s?\d{1,2}\s?[.\-/월]\s?\d{1,2}.*",
    r"(Source|출처|자료제공)\s*[:：=].{0,60}",
    r".*/\s?(사진|사진제공|제공|그래픽|영상)\s?=\s?[^\s].{0,40}",
    r"\(?(사진|사진제공|그래픽)\s?=\s?.{1,40}\)?",
    r"(Photo|Photos|Image|Photo courtesy|Courtesy)( by| of)?\s*[:=]\s*.{1,60}",
    r"(Photo|Photos|Image)\s(by|courtesy of)\s.{1,60}",
    r".{0,200}\((Photo|Image)\s*[:=]\s*.{1,60}\)",
    r".{0,200}\(\s?(사진|사진제공|제공|자료사진)\s?=\s?[^)]{1,40}\)",
    r"(연합뉴스|뉴시스|뉴스1)\s?(자료)?\s?사진",
    r"(사진|Photo)\s?[:：].{0,60}",
)

# One or more reporters' names before the role word: "홍길동", "홍길동·김철수", "홍길동, 김철수".
JOINED_REPORTERS = r"[가-힣]{2,5}(?:\s?[·,]\s?[가-힣]{2,5}){0,3}"
# ...or "홍길동 김철수", names apart: only after a dateline, where no sentence has begun yet.
REPORTERS = r"[가-힣]{2,5}(?:\s?[·,]\s?[가-힣]{2,5}|\s[가-힣]{2,5}(?=[\s·,]?[가-힣]{0,5}\s?(?:기자|특파원))){0,3}"

# Prefixes stripped from the start of a paragraph while the sentence after them stays (only there: a name
# and "기자 =" inside a sentence are the sentence's).
BYLINE_PREFIXES = (
    # [Asia Economy Yeongnam Reporting Headquarters Reporter Kim Gui-yeol]
    r"\[[^\[\]]{0,80}\b(Reporter|Correspondent|Staff Writer|Editor)\b[^\[\]]{0,40}\]\s*",
    # [아시아경제 영남취재본부 김귀열 기자]
    r"\[[^\[\]]{0,60}(기자|특파원|통신원)\]\s*",
    # (서울=연합뉴스) 홍길동 기자 = / [창원=뉴시스] 홍길동 기자 = / (서울=뉴스1) 홍길동 김철수 기자 =
    rf"[(\[][^()\[\]]{{1,30}}=[^()\[\]]{{1,30}}[)\]]\s*({REPORTERS}\s?(기자|특파원)(\s?=)?)?\s*",
    # 【서울=뉴시스】홍길동 기자 =
    rf"【[^【】]{{1,30}}】\s*({REPORTERS}\s?(기자|특파원)\s?=)?\s*",
    # 홍길동 기자 = 본문... / 홍길동·김철수 기자 = 본문...
    rf"{JOINED_REPORTERS}\s?(기자|특파원)\s?=\s*",
)

# Trailing furniture stripped from the end of a paragraph.
TRAILING_NOISE = (
    # …말했다. /수원=홍길동 기자 hong@x.com
    r"\s*/\s?[가-힣]{1,10}\s?=\s?[가-힣]{2,5}\s?(기자|특파원)(\s*[\w.+-]+@[\w.-]+\.\w{2,})?\s*$",
    r"\s*[\w.+-]+@[\w.-]+\.\w{2,}\s*$",
    r"\s*\|\s*(twitter|facebook)(\s+(twitter|facebook))*\s*$",
)

# Labels that precede a publication date, and labels of dates that are not it. A date's label is the one
# ending nearest before it; of two ending together the longer ("보도일시" over "일시", "행사일자" over "일자").
PUBLISHED_LABELS = (
    "작성일",
    "작성일시",
    "등록일",
    "등록일시",
    "게시일",
    "게시일시",
    "게재일",
    "게재일자",
    "배포일",
    "배포일시",
    "보도일",
    "보도일시",
    "발행일",
    "입력",
    "입력일시",
    "기사입력",
    "송고",
    # on Korean news sites 승인 is when the desk released the story: its publication
    "승인",
    "기사승인",
    "등록",
    "작성",
    "날짜",
    "일자",
    "Posted",
    "Published",
    "Date",
    "Released",
    "Issued",
    "Press release",
    "발표일",
)
MODIFIED_LABELS = ("수정", "최종수정", "업데이트", "Updated", "Modified", "Last updated", "Revised")
# Dates of what a release announces (an event, a period to apply in, a deadline), never its publication. They
# count only as words of their own: "일시" in "등록일시" or "기간" in "신청기간" is no label unless listed.
OTHER_DATE_LABELS = (
    "행사일",
    "행사일시",
    "행사일자",
    "행사기간",
    "개최일",
    "개최일시",
    "접수기간",
    "신청기간",
    "모집기간",
    "공모기간",
    "교육기간",
    "운영기간",
    "전시기간",
    "기간",
    "일시",
    "일정",
    "시행일",
    "마감",
    "마감일",
    "접수마감",
    "Event date",
    "Deadline",
)

# Metadata names for publication dates, best first; modification dates are a last resort.
PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "article:published",
    "datepublished",
    "og:published_time",
    "published_time",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date.created",
    "dcterms.created",
    "dc.date",
    "dcterms.date",
    "date",
    "article.published",
    "sailthru.date",
    "parsely-pub-date",
    "og:regdate",
    "article:regdate",
    "datecreated",
    "created",
    "citation_publication_date",
    "citation_date",
    "release_date",
)
MODIFIED_META = (
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "dcterms.modified",
    "last-modified",
)

# Metadata names for the author.
AUTHOR_META = (
    "author",
    "article:author",
    "dc.creator",
    "dcterms.creator",
    "byl",
    "sailthru.author",
    "parsely-author",
)

# Class/id tokens of the element holding the article title.
TITLE_TOKENS = frozenset({"title", "tit", "subject", "headline", "heading", "entry-title", "sbj", "head", "hl"})

# Labels of a board's title cell (<th>제목</th><td>...</td>).
TITLE_LABELS = frozenset({"제목", "글제목", "title", "subject", "제 목"})

# Link targets that are attachments rather than pages.
ATTACHMENT_EXTENSIONS = (".hwp", ".hwpx", ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".zip")

# Separators between the article title and the site name in <title>.
TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " < ", " > ", " : ", " · ", " _ ")

# Names of boards and site sections ("보도자료", "Press Releases"): pages show them as a heading above the
# article and around its title in <title> ("보도자료 상세보기 | 경기도청", "제목 > 보도자료"), and they are never
# an article's title. Written as compared: lowercase, without spaces or punctuation ("보도/해명" -> "보도해명").
BOARD_NAMES = frozenset(
    {
        "보도자료",
        "보도자료상세",
        "보도자료상세보기",
        "보도자료보기",
        "보도자료실",
        "보도해명",
        "보도해명자료",
        "해명자료",
        "보도설명",
        "보도설명자료",
        "설명자료",
        "언론보도",
        "언론보도자료",
        "새소식",
        "공지사항",
        "공지",
        "고시공고",
        "알림마당",
        "알림소식",
        "소식마당",
        "시정소식",
        "도정소식",
        "군정소식",
        "구정소식",
        "시정뉴스",
        "도정뉴스",
        "군정뉴스",
        "구정뉴스",
        "주요소식",
        "기관소식",
        "뉴스",
        "뉴스룸",
        "포토뉴스",
        "카드뉴스",
        "홍보마당",
        "게시판",
        "게시물상세보기",
        "게시글상세보기",
        "상세보기",
        "상세내용",
        "pressrelease",
        "pressreleases",
        "pressreleasedetail",
        "press",
        "news",
        "newsroom",
        "latestnews",
        "newsandnotices",
        "notice",
        "notices",
        "announcements",
    }
)
