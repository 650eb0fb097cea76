"""Demo content for `manage.py loaddemo`; `load` must be idempotent.

The source article "Advanced Models of Innovation and Talents in Liangjiang"
(as published by iChongqing, kept in `demo_data/`) is loaded in full: its
sub-headings become Markdown headings and its photo captions become figures
with plain illustrations drawn by Pillow, credited as illustrations. Shorter
articles, in English and Chinese, retell facts from it in several sections.
"""

import io
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw, ImageFont

from portal.models import Organization, Park

from .models import Article, ArticleImage, Section, Tag
from .revisions import record_revision

DATA = Path(__file__).resolve().parent / "demo_data"
SOURCE_FILE = DATA / "liangjiang-innovation-and-talents.txt"
# The Chinese version of the source article, as the portal's editors wrote it.
SOURCE_FILE_ZH = DATA / "liangjiang-innovation-and-talents.zh-hans.md"
CHONGQING = ZoneInfo("Asia/Shanghai")
ILLUSTRATION = "Illustration"
ILLUSTRATION_ZH = "示意图"
PORTAL = "Liangjiang Portal"
PORTAL_ZH = "两江门户"
DEMO_SOURCES = ("iChongqing", PORTAL, PORTAL_ZH)

# (slug, name, Chinese name, description, Chinese description)
SECTIONS = [
    ("news", "News", "新闻", "What happens in the Liangjiang New Area.", "两江新区最新动态。"),
    (
        "innovation",
        "Innovation",
        "创新",
        "Research platforms, inventions and the funds behind them.",
        "科研平台、创新成果和背后的基金。",
    ),
    (
        "talent",
        "Talent",
        "人才",
        "People, talent programmes and recruitment.",
        "人物、人才计划与招聘。",
    ),
    (
        "industry",
        "Industry",
        "产业",
        "Cars, electronics, biomedicine and the zone's industry chains.",
        "汽车、电子信息、生物医药与新区产业链。",
    ),
    (
        "tour-in-chongqing",
        "Tour in Chongqing",
        "游重庆",
        "Seeing the zone and the city.",
        "走进新区，看见山城。",
    ),
]

# slug: (name, Chinese name)
TAGS = {
    "talent": ("Talent", "人才"),
    "livestream": ("Livestream", "直播"),
    "innovation-platforms": ("Innovation platforms", "创新平台"),
    "automobiles": ("Automobiles", "汽车"),
    "biomedicine": ("Biomedicine", "生物医药"),
    "science-finance": ("Science and technology finance", "科技金融"),
    "electronics": ("Electronic information", "电子信息"),
    "research-institutes": ("Research institutes", "科研院所"),
    "hongyan-project": ("Hongyan Project", "鸿雁计划"),
}

# The source's photo captions, in the order they appear, with how each is drawn.
CAPTIONS = {
    "industrial clusters in Liangjiang": ("industrial-clusters", "#0b5cad", "skyline"),
    "Liangjiang Digital and Economic Industrial Park": ("digital-park", "#1b6e3a", "grid"),
    "factory of Chang’an Automobile": ("changan-factory", "#7a3b00", "factory"),
}
HEADINGS = (
    "three innovation platforms to gather high-end elements worldwide",
    "an open innovation system to promote the high-quality development of industry",
    "Arose passion for innovation of talent and enterprises",
)
HERO_CAPTION = "industrial clusters in Liangjiang"
# The captions of the Chinese version, by image key.
CAPTIONS_ZH = {
    "industrial-clusters": "两江新区产业集群",
    "digital-park": "两江数字经济产业园",
    "changan-factory": "长安汽车工厂",
}

MAIN_ORGANIZATIONS = [
    "abb",
    "chinasoft-international",
    "sjtu-near-space-center",
    "sjtu-chongqing-research-institute",
    "patent-navigation-center",
    "changan-automobile",
    "great-wall-motors",
    "yongrenxin-medical",
    "boe",
    "ats",
    "alpha-omega-semiconductor",
    "cloudwalk",
    "cigit-cas",
    "nus-chongqing-research-institute",
    "nwpu-chongqing-research-institute",
]
MAIN_PARKS = [
    "liangjiang-collaborative-innovation-zone",
    "lijia-intelligent-park",
    "liangjiang-digital-economy-industrial-park",
]
PROGRAMMES = ["hongyan-project", "zhihui-liangjiang-leading-talent"]


def at(year, month, day, hour=10):
    return datetime(year, month, day, hour, 0, tzinfo=CHONGQING)


def draw_illustration(caption: str, color: str, motif: str) -> bytes:
    """A plain, honest illustration: a simple motif and the caption it stands for."""
    width, height = 1600, 900
    image = Image.new("RGB", (width, height), color)
    draw = ImageDraw.Draw(image)
    light = (255, 255, 255)
    if motif == "skyline":
        for i, h in enumerate((300, 480, 380, 560, 420, 640, 360, 500, 300)):
            x = 90 + i * 160
            draw.rectangle([x, height - 160 - h, x + 120, height - 160], outline=light, width=6)
    elif motif == "grid":
        for x in range(200, 1400, 200):
            for y in range(160, 620, 150):
                draw.rounded_rectangle([x, y, x + 150, y + 100], radius=12, outline=light, width=5)
    else:
        draw.polygon(
            [
                (150, 740),
                (150, 400),
                (450, 520),
                (450, 400),
                (750, 520),
                (750, 400),
                (1050, 520),
                (1050, 300),
                (1200, 300),
                (1200, 740),
            ],
            outline=light,
            width=6,
        )
    try:
        font = ImageFont.load_default(size=56)
        small = ImageFont.load_default(size=32)
    except TypeError:  # Pillow without FreeType: the bitmap font still writes the caption
        font = small = ImageFont.load_default()
    draw.rectangle([0, height - 150, width, height], fill=(0, 0, 0))
    draw.text((60, height - 130), caption, fill=light, font=font)
    draw.text((60, height - 60), ILLUSTRATION, fill=(200, 200, 200), font=small)
    # 1200 px wide is plenty for a plain drawing and keeps loaddemo quick.
    image = image.resize((1200, 675), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def source_markdown() -> tuple[str, str, str]:
    """(source, title, Markdown body) from the stored source text."""
    lines = [line.strip() for line in SOURCE_FILE.read_text(encoding="utf-8").splitlines()]
    paragraphs = [line for line in lines if line]
    source = paragraphs[0].removesuffix(" Title")  # "iChongqing Title": the site's masthead
    title = paragraphs[1]
    blocks = []
    for paragraph in paragraphs[2:]:
        if paragraph in CAPTIONS:
            key = CAPTIONS[paragraph][0]
            if paragraph != HERO_CAPTION:
                blocks.append(f"[[image:{key}]]")
        elif paragraph in HEADINGS:
            blocks.append("## " + paragraph[0].upper() + paragraph[1:])
        else:
            blocks.append(paragraph)
    return source, title, "\n\n".join(blocks) + "\n"


def _sections():
    sections = {}
    for position, (slug, name, name_zh, description, description_zh) in enumerate(SECTIONS):
        sections[slug], _ = Section.objects.update_or_create(
            slug=slug,
            defaults={
                "name_en": name,
                "name_zh_hans": name_zh,
                "description_en": description,
                "description_zh_hans": description_zh,
                "position": position,
            },
        )
    return sections


def _tags():
    tags = {}
    for slug, (name, name_zh) in TAGS.items():
        tags[slug], _ = Tag.objects.update_or_create(
            slug=slug, defaults={"name_en": name, "name_zh_hans": name_zh}
        )
    return tags


def _save_article(slug, *, tags, organizations=(), parks=(), programmes=(), **fields):
    article, _created = Article.objects.update_or_create(slug=slug, defaults=fields)
    article.tags.set(tags)
    article.organizations.set(Organization.objects.filter(slug__in=organizations))
    article.parks.set(Park.objects.filter(slug__in=parks))
    # The programmes are directory content the news only links to: no import of their app.
    programmes = article.talent_programmes.model.objects.filter(slug__in=programmes)
    article.talent_programmes.set(programmes)
    return article


def _figure(article, caption):
    key, color, motif = CAPTIONS[caption]
    figure = ArticleImage.objects.filter(article=article, key=key).first()
    if figure is None:
        figure = ArticleImage(article=article, key=key)
    figure.caption = caption
    figure.credit = ILLUSTRATION
    figure.alt = f"{ILLUSTRATION}: {caption}"
    if not figure.image:
        figure.image = ContentFile(draw_illustration(caption, color, motif), name=f"{key}.png")
    figure.save()
    return figure


def _figure_zh(article, original):
    """The Chinese version's figure: the same picture, a Chinese caption and text."""
    figure = ArticleImage.objects.filter(article=article, key=original.key).first()
    if figure is None:
        figure = ArticleImage(article=article, key=original.key)
    caption = CAPTIONS_ZH[original.key]
    figure.caption = caption
    figure.credit = ILLUSTRATION_ZH
    figure.alt = f"{ILLUSTRATION_ZH}：{caption}"
    if not figure.image:
        figure.image = original.image.name
    figure.save()


def load_source_article(sections, tags) -> Article:
    source, title, body = source_markdown()
    article = _save_article(
        "advanced-models-of-innovation-and-talents-in-liangjiang",
        title=title,
        standfirst=(
            "A talent livestream watched by more than 5.517 million people brought in over "
            "30,000 résumés in half an hour: the pull of Liangjiang's innovation system, its "
            "three platforms, its funds and its talent programmes."
        ),
        body_markdown=body,
        source=source,
        author="",
        section=sections["innovation"],
        language=Article.Language.ENGLISH,
        status=Article.Status.PUBLISHED,
        publish_at=at(2020, 6, 12),
        hero_image_caption=HERO_CAPTION,
        hero_image_credit=ILLUSTRATION,
        hero_image_alt=f"{ILLUSTRATION}: {HERO_CAPTION}",
        tags=[
            tags[t]
            for t in (
                "talent",
                "livestream",
                "innovation-platforms",
                "automobiles",
                "biomedicine",
                "science-finance",
                "electronics",
                "hongyan-project",
            )
        ],
        organizations=MAIN_ORGANIZATIONS,
        parks=MAIN_PARKS,
        programmes=PROGRAMMES,
    )
    if not article.hero_image:
        key, color, motif = CAPTIONS[HERO_CAPTION]
        article.hero_image = ContentFile(
            draw_illustration(HERO_CAPTION, color, motif), name=f"{key}.png"
        )
        article.save()
    figures = [_figure(article, caption) for caption in CAPTIONS if caption != HERO_CAPTION]
    load_source_article_zh(article, figures)
    return article


def load_source_article_zh(original, figures) -> Article:
    """The source article's Chinese version: its own row, linked as a translation."""
    hero_caption = CAPTIONS_ZH[CAPTIONS[HERO_CAPTION][0]]
    article = _save_article(
        f"{original.slug}-zh",
        title="两江新区：创新与人才的先进样板",
        standfirst=(
            "一场人才直播吸引超过551.7万人观看，半小时收到3万多份简历。吸引力从何而来？"
            "三大创新平台、百亿级基金群和一系列人才计划，构成了两江新区完整的创新体系。"
        ),
        body_markdown=SOURCE_FILE_ZH.read_text(encoding="utf-8"),
        source=original.source,
        author="",
        section=original.section,
        language=Article.Language.CHINESE,
        translation_of=original,
        status=Article.Status.PUBLISHED,
        publish_at=original.publish_at,
        hero_image_caption=hero_caption,
        hero_image_credit=ILLUSTRATION_ZH,
        hero_image_alt=f"{ILLUSTRATION_ZH}：{hero_caption}",
        tags=list(original.tags.all()),
        organizations=MAIN_ORGANIZATIONS,
        parks=MAIN_PARKS,
        programmes=PROGRAMMES,
    )
    for figure in figures:
        _figure_zh(article, figure)
    if not article.hero_image:
        # The same picture as the original: no second copy of the file.
        article.hero_image = original.hero_image.name
    # Saved again once its figures exist, so the body renders them.
    article.save()
    return article


# (slug, section, tags, organisations, parks, programmes, date, English, Chinese)
SHORT_ARTICLES = [
    (
        "talent-livestream-draws-5-5-million-viewers",
        "talent",
        ["talent", "livestream"],
        [],
        [],
        ["hongyan-project"],
        at(2020, 6, 6),
        {
            "title": "Talent livestream draws 5.5 million viewers and 30,000 résumés",
            "standfirst": "Liangjiang New Area's June 5 talent livestream was watched by more "
            "than 5.517 million people; over 30,000 résumés arrived within half an hour.",
            "body": "The livestream on June 5 presented jobs at the zone's enterprises and "
            "research institutes. More than **5.517 million** people watched it online.\n\n"
            "Within half an hour of the broadcast, Liangjiang New Area had received more than "
            "30,000 résumés, a sign of how the zone's innovation system attracts high-level "
            "talent.\n\n## What candidates can do next\n\nOpen jobs stay listed on the portal, "
            "and applications can be sent from each job page.",
        },
        {
            "title": "两江新区人才直播吸引超551.7万人观看 半小时收到逾3万份简历",
            "standfirst": "6月5日，两江新区举办人才引进直播，在线观看人数超过551.7万，"
            "直播结束后半小时内收到3万多份简历。",
            "body": "6月5日的直播推介了新区企业和科研院所的岗位，在线观看人数超过**551.7万**。\n\n"
            "直播结束后半小时内，两江新区收到3万多份简历，体现了新区创新体系对高层次人才的吸引力。"
            "\n\n## 求职者下一步\n\n招聘岗位将继续在门户网站上发布，"
            "求职者可在岗位页面直接投递简历。",
        },
    ),
    (
        "roll-forming-breakthrough-for-car-frames",
        "innovation",
        ["innovation-platforms", "automobiles", "research-institutes"],
        ["sjtu-chongqing-research-institute", "changan-automobile", "great-wall-motors"],
        ["liangjiang-collaborative-innovation-zone"],
        [],
        at(2020, 6, 9),
        {
            "title": "Roll forming: ultra-high-strength steel frames for Chongqing's carmakers",
            "standfirst": "After five years of work, a Shanghai Jiao Tong University team led by "
            "Professor Li Dayong can roll-form car frame parts from steel of over 1,100 MPa.",
            "body": "The project team led by Professor Li Dayong of Shanghai Jiao Tong University "
            "spent five years developing a new process for high-strength steel automobile frame "
            "parts with a strength of over 1,100 MPa: roll forming.\n\nThe technology breaks "
            "through the bottleneck of processing ultra-high-strength steel plates and supports "
            "the upgrading of the automobile industry. Chang'an Automobile, Chongqing Great Wall "
            "Motors and other Chongqing carmakers have adopted it.",
        },
        {
            "title": "辊压成形技术突破：超高强度钢车架零件用于重庆车企",
            "standfirst": "经过五年研发，上海交通大学李大永教授团队成功开发出强度超过1100兆帕的"
            "高强度钢汽车车架零件辊压成形新工艺。",
            "body": "上海交通大学李大永教授带领的项目团队历时五年，成功研发出强度超过1100兆帕的"
            "高强度钢汽车车架零件新工艺——辊压成形技术。\n\n该技术突破了超高强度钢板加工的瓶颈，"
            "为汽车产业转型升级提供了技术支撑，目前已被长安汽车、重庆长城汽车等重庆车企采用。",
        },
    ),
    (
        "evaheart-i-first-implantable-ventricular-assist-device",
        "industry",
        ["biomedicine"],
        ["yongrenxin-medical"],
        [],
        [],
        at(2019, 9, 20),
        {
            "title": "EVAHEART I approved: China's first implantable ventricular assist device",
            "standfirst": "Chongqing Yongrenxin Medical Device Co., Ltd. has received state "
            "approval to register and sell EVAHEART I.",
            "body": "In September 2019 EVAHEART I, a national innovative medical device made by "
            "Chongqing Yongrenxin Medical Device Co., Ltd., was approved by the state for "
            "registration and sale.\n\nIt is China's first implantable ventricular assistance "
            "product to go on sale, one of a series of breakthroughs by the biomedical industry "
            "in Liangjiang New Area.",
        },
        {
            "title": "永仁心EVAHEART I获批上市：我国首个植入式心室辅助装置",
            "standfirst": "重庆永仁心医疗器械有限公司的国家创新医疗器械EVAHEART I"
            "获国家批准注册上市。",
            "body": "2019年9月，重庆永仁心医疗器械有限公司研发的国家创新医疗器械EVAHEART I"
            "正式获国家批准注册上市。\n\n这标志着我国首个植入式心室辅助产品正式上市，"
            "也是两江新区生物医药产业取得的一系列重大突破之一。",
        },
    ),
    (
        "rmb-5-billion-innovation-fund-and-credit-products",
        "news",
        ["science-finance"],
        [],
        [],
        [],
        at(2020, 1, 9, 15),
        {
            "title": "Liangjiang launches an RMB 5 billion innovation fund and four loan products",
            "standfirst": "A science and technology innovation equity fund, three sub-funds of "
            "about RMB 5 billion, and loans for innovative enterprises.",
            "body": "At a press conference on January 9, Liangjiang New Area announced a "
            "ten-billion-level cluster of science and technology innovation investment funds.\n\n"
            "It launched an equity investment fund with a total scale of RMB 5 billion, signed "
            "three sub-funds totalling about RMB 5 billion, and released four credit products, "
            "including the science and technology growth loan and the knowledge value credit "
            "loan.\n\n## Loans so far\n\nBy April, cooperative banks had lent RMB 1.454 billion "
            "to 497 science and technology enterprises.",
        },
        {
            "title": "两江新区设立50亿元科技创新基金 发布四款信贷产品",
            "standfirst": "两江新区设立总规模50亿元的科技创新股权投资基金，签约三支子基金，"
            "并推出科技成长贷、知识价值信用贷款等金融产品。",
            "body": "1月9日，两江新区召开新闻发布会，宣布打造百亿级科技创新投资基金群。\n\n"
            "新区正式设立总规模50亿元的科技创新股权投资基金，签约总规模约50亿元的三支子基金，"
            "并发布科技成长贷、知识价值信用贷款等四款信贷金融产品，帮助企业解决融资难、融资贵问题。"
            "\n\n## 贷款情况\n\n截至今年4月，新区已通过合作银行向497家科技型企业发放科技金融贷款，"
            "总额达14.54亿元。",
        },
    ),
    (
        "zhihui-liangjiang-leading-talents-named",
        "talent",
        ["talent"],
        ["cloudwalk", "cigit-cas"],
        [],
        ["zhihui-liangjiang-leading-talent"],
        at(2020, 1, 8, 16),
        {
            "title": "Zhou Xi and Yin Shaoyun named “Zhihui Liangjiang” leading talents",
            "standfirst": "The founder of Cloudwalk and a CAS research centre director are the "
            "2019 Science and Technology Leading Talents of Liangjiang New Area.",
            "body": "At the annual launch of “Zhihui Liangjiang” 2019 Liangjiang New Area Science "
            "and Technology Innovation on January 8, Zhou Xi, founder of Cloudwalk Science and "
            "Technology, and Yin Shaoyun, director of the Integrated Photoelectric Research "
            "Center of the Chongqing Institute of Green Intelligent Technology, Chinese Academy "
            "of Sciences, were named “Zhihui Liangjiang Science and Technology Leading Talent”.",
        },
        {
            "title": "周曦、尹韶云获评“智汇两江”科技领军人才",
            "standfirst": "云从科技创始人周曦和中国科学院重庆绿色智能技术研究院集成光电研究中心"
            "主任尹韶云，获评2019年度两江新区科技领军人才。",
            "body": "1月8日，在“智汇两江”2019年两江新区科技创新年度发布会上，"
            "云从科技创始人周曦、中国科学院重庆绿色智能技术研究院集成光电研究中心主任尹韶云，"
            "共同获评“智汇两江”科技领军人才。",
        },
    ),
    (
        "visiting-the-liangjiang-collaborative-innovation-zone",
        "tour-in-chongqing",
        ["innovation-platforms", "research-institutes"],
        ["nus-chongqing-research-institute", "nwpu-chongqing-research-institute"],
        ["liangjiang-collaborative-innovation-zone", "lijia-intelligent-park"],
        [],
        at(2020, 6, 20),
        {
            "title": "A walk through the Liangjiang Collaborative Innovation Zone",
            "standfirst": "More than 20 research institutes from home and abroad have settled in "
            "the zone built around industry, talent, life and ecology.",
            "body": "The Liangjiang Collaborative Innovation Zone aims to be a gathering place "
            "for high-end talent that brings together the humanities, wisdom, science and "
            "technology, following the “four synergies” of industry, talent, life and ecology."
            "\n\nIt has attracted more than 20 top research institutes, among them the research "
            "institutes of the National University of Singapore and Northwestern Polytechnical "
            "University.",
        },
        {
            "title": "走进两江协同创新区",
            "standfirst": "围绕产业、人才、生活、生态“四个协同”，20余家国内外一流科研院所"
            "已在这里安家。",
            "body": "两江协同创新区按照产业、人才、生活、生态“四个协同”的要求，"
            "努力打造人文、智慧、科技相融合的高端人才集聚地。\n\n"
            "这里已引进新加坡国立大学、西北工业大学等国内外一流科研院所20余家。",
        },
    ),
]


def load_short_articles(sections, tags) -> int:
    count = 0
    for slug, section, tag_slugs, orgs, parks, programmes, when, en, zh in SHORT_ARTICLES:
        common = {
            "tags": [tags[t] for t in tag_slugs],
            "organizations": orgs,
            "parks": parks,
            "programmes": programmes,
            "section": sections[section],
            "status": Article.Status.PUBLISHED,
            "publish_at": when,
            "source": PORTAL,
        }
        caption, caption_zh, color, motif = SHORT_ILLUSTRATIONS[section]
        picture = {
            "hero_image_caption": caption,
            "hero_image_credit": ILLUSTRATION,
            "hero_image_alt": f"{ILLUSTRATION}: {caption}",
        }
        original = _save_article(
            slug,
            title=en["title"],
            standfirst=en["standfirst"],
            body_markdown=en["body"],
            language=Article.Language.ENGLISH,
            **picture,
            **common,
        )
        _ensure_hero(original, caption, color, motif)
        count += 1
        if zh:
            translation = _save_article(
                f"{slug}-zh",
                title=zh["title"],
                standfirst=zh["standfirst"],
                body_markdown=zh["body"],
                language=Article.Language.CHINESE,
                translation_of=original,
                hero_image_caption=caption_zh,
                hero_image_credit=ILLUSTRATION_ZH,
                hero_image_alt=f"{ILLUSTRATION_ZH}：{caption_zh}",
                **{**common, "source": PORTAL_ZH},
            )
            if not translation.hero_image:
                # The translation shows the same picture: no second copy of the file.
                translation.hero_image = original.hero_image.name
                translation.save()
            count += 1
    return count


# The short articles have no photo: a plain illustration per section stands in.
SHORT_ILLUSTRATIONS = {
    "news": ("Liangjiang New Area", "两江新区", "#34495e", "skyline"),
    "innovation": ("innovation in Liangjiang", "两江创新", "#0b5cad", "grid"),
    "talent": ("talent in Liangjiang", "两江人才", "#6a1b9a", "grid"),
    "industry": ("industry in Liangjiang", "两江产业", "#7a3b00", "factory"),
    "tour-in-chongqing": ("a tour in Chongqing", "游重庆", "#1b6e3a", "skyline"),
}


def _ensure_hero(article, caption, color, motif):
    if not article.hero_image:
        article.hero_image = ContentFile(
            draw_illustration(caption, color, motif), name=f"{article.slug}.png"
        )
        article.save()


def _first_revisions() -> None:
    """Give each demo article the start of a history, once."""
    for article in Article.objects.filter(revisions__isnull=True, source__in=DEMO_SOURCES):
        record_revision(article, comment="Demo content")


def load(*, stdout) -> None:
    sections = _sections()
    tags = _tags()
    load_source_article(sections, tags)
    count = load_short_articles(sections, tags)
    _first_revisions()
    stdout.write(f"News: {len(sections)} sections, {count + 1} articles.")
