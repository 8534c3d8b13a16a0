"""Article bodies used by build_golden.py: the hand-checked truth each golden page must yield.

Some are taken from the seed texts in golden/seeds (real crawled articles, boilerplate removed by hand),
the others were written for the gate. Each is (title, [paragraphs]).
"""

from __future__ import annotations

from pathlib import Path

SEEDS = Path(__file__).parent / "seeds"


def seed_lines(name: str, start: int, stop: int | None = None) -> list[str]:
    lines = [" ".join(line.split()) for line in (SEEDS / name).read_text(encoding="utf-8").splitlines()]
    return [line for line in lines if line][start:stop]


SEOUL_SUMMIT = (
    "서울시, 글로벌기업‧세계도시와 협력 ‘글로벌 혁신 스마트시티’ 도약",
    seed_lines("003_67c7c1009b582a96.txt", 4, 33),
)
GWANGJU_AI = (
    "광주AI산업, 스토리 있고 차별화된 실행전략 필요",
    seed_lines("002_c232df0707fb9e00.txt", 11, 20),
)
CHEONAN_KO = (
    "박상돈 천안시장, NHN 클라우드·구글 클라우드 코리아 방문",
    seed_lines("004_0f270b59d6216975.txt", 0, 11),
)
CHEONAN_EN = (
    "Mayor Park Sang-don of Cheonan seeks ways to integrate AI and cloud technologies into Cheonan",
    seed_lines("004_0f270b59d6216975.txt", 12, 24),
)
GYEONGNAM_SW = (
    "Gyeongnam holds briefing on SW Convergence Cluster 2.0",
    seed_lines("000_c845fa445833806d.txt", 3, 15),
)
GYEONGBUK_METAVERSE = (
    "Discussion on Regional Development Strategy for Building Metaverse and Digital-Based Regional "
    "Innovation Ecosystem",
    [
        "Gyeongbuk Province held a Metaverse & Digital Policy Seminar on the 20th at the provincial "
        "government multipurpose hall.",
        *seed_lines("001_17da3bc4084f6922.txt", 3, 12),
    ],
)
GYEONGBUK_DISCUSSION = (
    "Experts call for digital twin strategy in Gyeongbuk",
    seed_lines("001_17da3bc4084f6922.txt", 12, 19),
)

BUSAN_FLOOD = (
    "부산시, 여름철 집중호우 대비 침수 취약지역 일제 점검",
    [
        "부산시는 다가오는 여름철 집중호우와 태풍에 대비해 6월 한 달간 침수 취약지역 128곳을 대상으로 "
        "일제 점검을 실시한다고 12일 밝혔다.",
        "이번 점검은 최근 3년간 침수 피해가 발생한 지하차도, 저지대 주택가, 하천변 산책로 등을 중심으로 "
        "진행되며, 시와 구·군, 민간 전문가가 합동 점검반을 꾸려 배수시설과 차수판 작동 여부를 확인한다.",
        "특히 시는 지하차도 진입을 자동으로 차단하는 시설을 올해 안에 21곳으로 늘리고, 반지하 주택 "
        "1,200가구에는 물막이판과 역류방지기 설치비를 지원할 계획이다.",
        "점검 결과 즉시 보수가 가능한 시설은 현장에서 조치하고, 예산이 필요한 사업은 추가경정예산에 "
        "반영해 우기 전까지 정비를 마칠 방침이다.",
        '김철수 부산시 시민안전실장은 "기후변화로 국지성 집중호우가 잦아지고 있는 만큼 선제적인 점검으로 '
        '시민의 생명과 재산을 지키겠다"고 말했다.',
    ],
)
DAEJEON_BUS = (
    "대전시, 시내버스 노선 전면 개편…9월부터 시행",
    [
        "대전시가 도시철도 2호선 트램 개통에 맞춰 시내버스 노선을 전면 개편한다.",
        "시는 지난 1년간 교통카드 이용 자료와 시민 설문조사를 분석해 중복 노선 14개를 통폐합하고, "
        "신도시와 산업단지를 잇는 급행노선 6개를 새로 만든다고 3일 밝혔다.",
        "개편안이 시행되면 평균 배차간격은 13분에서 10분으로 줄어들고, 환승 없이 이동할 수 있는 "
        "생활권도 넓어질 것으로 시는 내다봤다.",
    ],
)
JEJU_SHORT = (
    "제주도, 감귤 수확 체험 관광객 지원사업 확대",
    [
        "제주특별자치도는 올해 감귤 수확 체험 농가 지원 대상을 지난해 40곳에서 60곳으로 늘린다고 5일 밝혔다.",
        "도는 체험 농가에 안전시설과 편의시설 설치비를 최대 500만원까지 지원하고, 관광객 대상 홍보도 "
        "함께 추진할 계획이다.",
    ],
)
INCHEON_SHORT = (
    "Incheon opens free shuttle to Songdo Central Park",
    [
        "Incheon Metropolitan City will run a free electric shuttle between Incheon University Station and "
        "Songdo Central Park every weekend from April 6, the city said on Tuesday.",
        "The shuttle carries up to 30 passengers and departs every 15 minutes between 10 a.m. and 6 p.m.; "
        "wheelchair users can board through a low-floor ramp.",
    ],
)
SEJONG_LIBRARY = (
    "세종시립도서관, 야간 개관 시범 운영",
    [
        "세종시는 시민들의 독서 환경을 개선하기 위해 시립도서관 3곳의 야간 개관을 시범 운영한다고 밝혔다.",
        "시범 운영 기간 동안 도서관은 평일 오후 10시까지 열람실과 자료실을 개방하며, 주말에는 가족 단위 "
        "이용객을 위한 북토크와 작가와의 만남 프로그램을 운영한다.",
        "시는 시범 운영 결과를 분석해 이용률이 높은 도서관을 중심으로 내년부터 야간 개관을 정례화할 방침이다.",
    ],
)
ULSAN_HYDROGEN = (
    "Ulsan to build hydrogen tram line by 2029",
    [
        "Ulsan Metropolitan City announced on Monday that it will build the nation's first hydrogen-powered "
        "tram line, connecting Taehwagang Station to the Ulsan Public Stadium by 2029.",
        "The 10.99-kilometre line will have 15 stations, and the trams will run on fuel cells developed with "
        "local manufacturers, producing only water as exhaust.",
        "\"The hydrogen tram will be a symbol of Ulsan's transformation from an industrial city into a green "
        'city," Mayor Kim Doo-gyeom said at a press briefing.',
        "The city expects construction to create about 3,000 jobs and plans to hold public hearings in each "
        "district before the design is finalised next year.",
        "Residents can review the route map and submit comments on the city's website until the end of the month.",
    ],
)
SUWON_CULTURE = (
    "수원시, 화성행궁 야간개장 연장 운영",
    [
        "수원시는 관람객의 호응에 힘입어 화성행궁 야간개장을 10월 말까지 연장 운영한다고 21일 밝혔다.",
        "야간개장 기간에는 행궁 곳곳에 조명 작품이 설치되고, 전통 공연과 궁중 다과 체험 등 다양한 "
        "프로그램이 함께 열린다.",
        "관람 시간은 오후 6시부터 9시 30분까지이며, 입장료는 성인 1,500원, 청소년 1,000원이다.",
        '시 관계자는 "가을밤 화성행궁에서 시민과 관광객이 특별한 추억을 만들기를 바란다"고 말했다.',
    ],
)
GANGNEUNG_EN = (
    "Gangneung hosts international coffee festival",
    [
        "The 15th Gangneung Coffee Festival opened on Friday at Gangneung Olympic Park, drawing baristas and "
        "roasters from 12 countries.",
        "Visitors can take part in cupping classes, watch a latte art championship and tour local roasteries "
        "by shuttle bus throughout the four-day event.",
        "The city said it expects more than 300,000 visitors and has arranged extra trains from Seoul on the "
        "KTX Gangneung Line.",
    ],
)
MOLIT_HOUSING = (
    "국토부, 청년 전세대출 금리 0.3%p 인하",
    [
        "국토교통부는 청년층의 주거비 부담을 덜기 위해 청년 전용 버팀목 전세자금대출 금리를 다음 달부터 "
        "0.3%p 인하한다고 밝혔다.",
        "이에 따라 연소득 5천만원 이하 만 34세 이하 무주택 청년은 연 1.5~2.1%의 금리로 최대 2억원까지 "
        "전세자금을 빌릴 수 있게 된다.",
        "국토부는 이번 조치로 약 12만명의 청년이 연평균 30만원 수준의 이자 절감 효과를 볼 것으로 예상했다.",
        "자세한 내용은 주택도시기금 누리집이나 수탁은행 창구에서 확인할 수 있다.",
    ],
)
GYEONGGI_CARE = (
    "경기도, 24시간 아이돌봄센터 10곳 추가 지정",
    [
        "경기도가 맞벌이 가정의 야간·휴일 돌봄 공백을 줄이기 위해 24시간 아이돌봄센터 10곳을 추가로 "
        "지정했다고 8일 밝혔다.",
        "이로써 도내 24시간 돌봄센터는 모두 35곳으로 늘었으며, 생후 6개월부터 초등학교 2학년까지의 "
        "아동이 이용할 수 있다.",
        "이용 요금은 시간당 4천원이며, 한부모·다자녀 가정은 50%를 감면받는다.",
    ],
)
CHANGWON_EN = (
    "Changwon launches smart parking app",
    [
        "Changwon City has launched a smartphone app that shows real-time availability at 86 public car parks "
        "across the city.",
        "Drivers can reserve a space up to 30 minutes in advance and pay through the app, which also guides "
        "them to the nearest free space using sensors installed in each bay.",
        "The city said the service would cut the time drivers spend looking for parking and reduce congestion "
        "around traditional markets at weekends.",
        "The app is available in Korean and English and can be downloaded free of charge.",
    ],
)
GOYANG_NOTICE = (
    "고양시, 공공자전거 '피프틴' 요금 체계 개편",
    [
        "고양시는 공공자전거 피프틴의 이용 요금 체계를 개편해 다음 달 1일부터 시행한다고 밝혔다.",
        "개편안에 따르면 1시간 이용권은 1,000원으로 유지되지만, 정기권은 30일권 5,000원, 1년권 30,000원으로 "
        "조정되고 청소년과 65세 이상 어르신은 정기권의 절반 요금만 내면 된다.",
        "시는 요금 개편과 함께 노후 자전거 500대를 새 자전거로 교체하고 대여소 20곳을 추가로 설치할 예정이다.",
    ],
)
ANDONG_BILINGUAL_KO = (
    "안동시, 국제탈춤페스티벌 외국인 관광객 맞이 준비 완료",
    [
        "안동시는 9월 27일 개막하는 안동국제탈춤페스티벌을 앞두고 외국인 관광객을 위한 다국어 안내소 "
        "5곳을 운영한다고 밝혔다.",
        "안내소에서는 영어, 중국어, 일본어 통역 자원봉사자가 공연 일정과 교통편을 안내한다.",
    ],
)
ANDONG_BILINGUAL_EN = (
    "Andong ready to welcome foreign visitors to mask dance festival",
    [
        "Andong City will run five multilingual information booths for foreign tourists ahead of the Andong "
        "International Mask Dance Festival, which opens on September 27.",
        "Volunteer interpreters speaking English, Chinese and Japanese will guide visitors on performance "
        "schedules and transport at the booths.",
    ],
)
