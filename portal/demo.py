"""Demo content for `manage.py loaddemo`, from the iChongqing article "Advanced
Models of Innovation and Talents in Liangjiang" (published June 2020).

`load` is idempotent: every row is found by its slug (or, for rows without
one, by the fields that identify it) and updated, so a second run adds nothing.
"""

import datetime
import io
import textwrap
from decimal import Decimal

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw, ImageFont

from portal.models import (
    Honouree,
    Industry,
    KeyFigure,
    Milestone,
    Organization,
    Park,
    SupportProgramme,
    TalentProgramme,
)

SOURCE = "iChongqing, Advanced Models of Innovation and Talents in Liangjiang"
# The article appeared in mid-June 2020: its "up to now" figures are dated so.
ARTICLE_DATE = datetime.date(2020, 6, 15)

SOURCE_ZH = "iChongqing《两江新区：创新与人才的先进样板》"
ILLUSTRATION = "Illustration"
ILLUSTRATION_ZH = "示意图"

# The Chinese versions, by slug: the names as the zone and the organisations publish them.
PARKS_ZH = {
    "liangjiang-collaborative-innovation-zone": {
        "name": "两江协同创新区",
        "summary": "按照产业、人才、生活、生态“四个协同”打造的国内外高端人才和科研院所集聚地。",
        "description": (
            "两江协同创新区按照产业、人才、生活、生态“四个协同”的要求，努力打造人文、智慧、"
            "科技相融合的高端人才集聚地，已引进新加坡国立大学、西北工业大学等国内外一流科研院所"
            "20余家。\n\n"
            "科研成果已落地应用：上海交通大学李大永教授团队历经五年攻关，研发出1100兆帕以上"
            "高强度钢汽车车架零件辊压成形技术，已被长安汽车、重庆长城汽车等重庆车企采用。"
        ),
        "address": "重庆市两江新区龙兴镇",
    },
    "lijia-intelligent-park": {
        "name": "礼嘉智慧公园",
        "summary": "两江新区三大创新平台之一，智能制造和科技创新项目在这里落地。",
        "description": (
            "礼嘉智慧公园是两江新区重点打造的三大创新平台之一。截至2020年6月的半年间，"
            "一大批智能制造和科技创新项目密集落户两江新区，其中大多落在这三大平台。"
        ),
        "address": "重庆市两江新区礼嘉街道",
    },
    "liangjiang-digital-economy-industrial-park": {
        "name": "两江数字经济产业园",
        "summary": "两江新区数字经济企业的集聚区：软件和信息服务、大数据、人工智能。",
        "description": (
            "两江数字经济产业园是两江新区三大创新平台之一。截至2020年年中，"
            "园区注册数字经济企业已超过4500家。"
        ),
        "address": "重庆市两江新区",
    },
}
FIGURE_LABELS_ZH = {
    "top scientific research institutes at home and abroad": "国内外一流科研院所",
    "registered digital economy enterprises": "注册数字经济企业",
}

ORGANIZATIONS_ZH = {
    "abb": {
        "name": "ABB",
        "short_name": "ABB",
        "description": "2019年12月5日，ABB变压器智能制造基地项目签约落户两江新区。",
    },
    "chinasoft-international": {
        "name": "中软国际",
        "short_name": "中软国际",
        "description": "2019年12月23日，中软国际数字“一带一路”软件生态项目签约落户两江新区。",
    },
    "sjtu-near-space-center": {
        "name": "上海交通大学重庆临近空间创新研发中心",
        "short_name": "上海交大临近空间中心",
        "description": "上海交通大学临近空间技术研发中心，2019年12月26日在两江新区揭牌。",
    },
    "sjtu-chongqing-research-institute": {
        "name": "上海交通大学重庆研究院",
        "short_name": "上海交大重庆研究院",
        "description": (
            "2020年6月8日在两江新区揭牌。上海交通大学李大永教授团队历经五年攻关，"
            "研发出1100兆帕以上高强度钢汽车车架零件辊压成形技术，突破了超高强度钢板加工的瓶颈，"
            "已被长安汽车、重庆长城汽车采用。"
        ),
    },
    "patent-navigation-center": {
        "name": "国家专利导航项目（重庆）研究和推广中心",
        "short_name": "专利导航中心",
        "description": "国家级专利导航公共服务机构，2020年1月9日落户两江新区。",
    },
    "changan-automobile": {
        "name": "长安汽车",
        "short_name": "长安",
        "description": (
            "截至2020年年中，长安汽车已掌握200余项智能化核心技术，70余项智能化功能实现量产"
            "应用，其中21项为国内首发。长安汽车全球研发中心在新能源和智能网联领域发力创新。"
        ),
    },
    "great-wall-motors": {
        "name": "重庆长城汽车",
        "short_name": "长城汽车",
        "description": "重庆车企，已采用上海交通大学研发的超高强度钢车架零件辊压成形技术。",
    },
    "yongrenxin-medical": {
        "name": "重庆永仁心医疗器械有限公司",
        "short_name": "永仁心医疗",
        "description": (
            "国家创新医疗器械EVAHEART I的研制企业。该产品2019年9月获国家批准注册上市，"
            "是我国首个上市销售的植入式心室辅助产品。"
        ),
    },
    "boe": {
        "name": "京东方",
        "short_name": "京东方",
        "description": "显示面板企业，助力新区完善“芯屏器核网”电子信息产业链。",
    },
    "ats": {
        "name": "奥特斯",
        "short_name": "奥特斯",
        "description": "印制电路板和IC载板制造企业，新区电子信息产业链的一环。",
    },
    "alpha-omega-semiconductor": {
        "name": "万国半导体",
        "short_name": "万国半导体",
        "description": "功率半导体企业，新区“芯屏器核网”产业链的一环。",
    },
    "cloudwalk": {
        "name": "云从科技",
        "short_name": "云从科技",
        "description": "人工智能企业。创始人周曦于2020年1月8日获评“智汇两江”科技领军人才。",
    },
    "cigit-cas": {
        "name": "中国科学院重庆绿色智能技术研究院",
        "short_name": "中科院重庆研究院",
        "description": (
            "中国科学院直属研究机构。其集成光电研究中心主任尹韶云于2020年1月8日"
            "获评“智汇两江”科技领军人才。"
        ),
    },
    "nus-chongqing-research-institute": {
        "name": "新加坡国立大学（重庆）研究院",
        "short_name": "新国大重庆研究院",
        "description": "两江协同创新区引进的20余家国内外一流科研院所之一。",
    },
    "nwpu-chongqing-research-institute": {
        "name": "西北工业大学重庆研究院",
        "short_name": "西工大重庆研究院",
        "description": "两江协同创新区引进的20余家国内外一流科研院所之一。",
    },
}

Scheme = Industry.Scheme

# (scheme, code, slug, name, Chinese name, parent slug)
INDUSTRIES = [
    (Scheme.GBT4754_SECTION, "C", "manufacturing", "Manufacturing", "制造业", None),
    (
        Scheme.GBT4754_SECTION,
        "I",
        "information-transmission-software-it",
        "Information transmission, software and information technology services",
        "信息传输、软件和信息技术服务业",
        None,
    ),
    (Scheme.GBT4754_SECTION, "J", "finance", "Finance", "金融业", None),
    (
        Scheme.GBT4754_SECTION,
        "M",
        "scientific-research-technical-services",
        "Scientific research and technical services",
        "科学研究和技术服务业",
        None,
    ),
    (Scheme.GBT4754_SECTION, "P", "education", "Education", "教育", None),
    (
        Scheme.GBT4754_DIVISION,
        "27",
        "pharmaceutical-manufacturing",
        "Pharmaceutical manufacturing",
        "医药制造业",
        "manufacturing",
    ),
    (
        Scheme.GBT4754_DIVISION,
        "35",
        "special-equipment-manufacturing",
        "Special-purpose equipment manufacturing (including medical devices)",
        "专用设备制造业",
        "manufacturing",
    ),
    (
        Scheme.GBT4754_DIVISION,
        "36",
        "automobile-manufacturing",
        "Automobile manufacturing",
        "汽车制造业",
        "manufacturing",
    ),
    (
        Scheme.GBT4754_DIVISION,
        "37",
        "railway-ship-aerospace-equipment-manufacturing",
        "Railway, ship, aerospace and other transport equipment manufacturing",
        "铁路、船舶、航空航天和其他运输设备制造业",
        "manufacturing",
    ),
    (
        Scheme.GBT4754_DIVISION,
        "38",
        "electrical-machinery-manufacturing",
        "Electrical machinery and equipment manufacturing",
        "电气机械和器材制造业",
        "manufacturing",
    ),
    (
        Scheme.GBT4754_DIVISION,
        "39",
        "computer-communication-electronic-equipment-manufacturing",
        "Computer, communication and other electronic equipment manufacturing",
        "计算机、通信和其他电子设备制造业",
        "manufacturing",
    ),
    (
        Scheme.GBT4754_DIVISION,
        "64",
        "internet-services",
        "Internet and related services",
        "互联网和相关服务",
        "information-transmission-software-it",
    ),
    (
        Scheme.GBT4754_DIVISION,
        "65",
        "software-it-services",
        "Software and information technology services",
        "软件和信息技术服务业",
        "information-transmission-software-it",
    ),
    (
        Scheme.GBT4754_DIVISION,
        "67",
        "capital-market-services",
        "Capital market services",
        "资本市场服务",
        "finance",
    ),
    (
        Scheme.GBT4754_DIVISION,
        "73",
        "research-experimental-development",
        "Research and experimental development",
        "研究和试验发展",
        "scientific-research-technical-services",
    ),
    (
        Scheme.GBT4754_DIVISION,
        "75",
        "technology-promotion-application",
        "Technology promotion and application services",
        "科技推广和应用服务业",
        "scientific-research-technical-services",
    ),
    (Scheme.GBT4754_DIVISION, "83", "education-services", "Education", "教育", "education"),
    (
        Scheme.ZONE_CHAIN,
        "IM",
        "intelligent-manufacturing",
        "Intelligent manufacturing",
        "智能制造",
        None,
    ),
    (
        Scheme.ZONE_CHAIN,
        "EI",
        "electronic-information",
        "Electronic information",
        "电子信息",
        None,
    ),
    (
        Scheme.ZONE_CHAIN,
        "AUTO",
        "automobiles-new-energy-vehicles",
        "Automobiles and new-energy vehicles",
        "汽车及新能源汽车",
        None,
    ),
    (Scheme.ZONE_CHAIN, "BIO", "biomedicine", "Biomedicine", "生物医药", None),
    (Scheme.ZONE_CHAIN, "DE", "digital-economy", "Digital economy", "数字经济", None),
    (Scheme.ZONE_CHAIN, "IC", "integrated-circuits", "Integrated circuits", "集成电路", None),
    (Scheme.ZONE_CHAIN, "NM", "new-materials", "New materials", "新材料", None),
    (Scheme.ZONE_CHAIN, "AERO", "aerospace", "Aerospace", "航空航天", None),
    (
        Scheme.ZONE_CHAIN,
        "BDAI",
        "big-data-artificial-intelligence",
        "Big data and artificial intelligence",
        "大数据和人工智能",
        None,
    ),
]

PARKS = [
    {
        "slug": "liangjiang-collaborative-innovation-zone",
        "name": "Liangjiang Collaborative Innovation Zone",
        "kind": Park.Kind.INNOVATION_PLATFORM,
        "summary": (
            "A gathering place for high-end talent and research institutes at home and abroad, "
            "built on the \u201cfour synergies\u201d of industry, talent, life and ecology."
        ),
        "description": (
            "The Liangjiang Collaborative Innovation Zone is striving to become a high-end "
            "talent gathering place integrating humanities, wisdom, and science and technology "
            "according to the \u201cfour synergies\u201d requirements of the industry, talent, "
            "life, and ecology. It has attracted more than 20 top scientific research "
            "institutes at home and abroad, including research institutes of the National "
            "University of Singapore and Northwestern Polytechnical University.\n\n"
            "Its research is already in use: after five years of work, a team led by "
            "Professor Li Dayong of Shanghai Jiao Tong University developed roll forming of "
            "high-strength steel automobile frame parts above 1,100 MPa, now adopted by "
            "Chang\u2019an Automobile, Chongqing Great Wall Motors and other Chongqing car makers."
        ),
        "address": "Longxing, Liangjiang New Area, Chongqing",
        "latitude": Decimal("29.735000"),
        "longitude": Decimal("106.790000"),
        "industries": [
            "research-experimental-development",
            "technology-promotion-application",
            "intelligent-manufacturing",
            "new-materials",
            "aerospace",
        ],
        "figures": [
            {
                "label": "top scientific research institutes at home and abroad",
                "value": Decimal(20),
                "qualifier": "more-than",
                "unit": "",
                "as_of": ARTICLE_DATE,
            },
        ],
        "colour": "#0b5cad",
    },
    {
        "slug": "lijia-intelligent-park",
        "name": "Lijia Intelligent Park",
        "kind": Park.Kind.INNOVATION_PLATFORM,
        "summary": (
            "One of the three innovation platforms of the Liangjiang New Area, where intelligent "
            "manufacturing and technology projects settle."
        ),
        "description": (
            "Lijia Intelligent Park is one of the three innovation platforms built in the "
            "Liangjiang New Area. In the half-year to June 2020 a large number of intelligent "
            "manufacturing and scientific and technological innovation projects settled in the "
            "New Area, most of them in these three platforms."
        ),
        "address": "Lijia, Liangjiang New Area, Chongqing",
        "latitude": Decimal("29.665000"),
        "longitude": Decimal("106.505000"),
        "industries": [
            "intelligent-manufacturing",
            "big-data-artificial-intelligence",
            "digital-economy",
        ],
        "figures": [],
        "colour": "#1b6e3a",
    },
    {
        "slug": "liangjiang-digital-economy-industrial-park",
        "name": "Liangjiang Digital Economy Industrial Park",
        "kind": Park.Kind.INDUSTRIAL_PARK,
        "summary": (
            "The Liangjiang New Area's park for digital-economy enterprises: software, "
            "information services, big data and artificial intelligence."
        ),
        "description": (
            "The Liangjiang Digital Economy Industrial Park is one of the three innovation "
            "platforms of the Liangjiang New Area. By mid-2020 more than 4,500 digital economy "
            "enterprises were registered in the park."
        ),
        "address": "Liangjiang New Area, Chongqing",
        "latitude": Decimal("29.625000"),
        "longitude": Decimal("106.495000"),
        "industries": [
            "software-it-services",
            "internet-services",
            "digital-economy",
            "big-data-artificial-intelligence",
        ],
        "figures": [
            {
                "label": "registered digital economy enterprises",
                "value": Decimal(4500),
                "qualifier": "more-than",
                "unit": "",
                "as_of": ARTICLE_DATE,
            },
        ],
        "colour": "#6a3d9a",
    },
]

CIZ = "liangjiang-collaborative-innovation-zone"
DIGITAL = "liangjiang-digital-economy-industrial-park"

ORGANIZATIONS = [
    {
        "slug": "abb",
        "name": "ABB",
        "short_name": "ABB",
        "kind": Organization.Kind.ENTERPRISE,
        "aliases": ["ABB变压器智能制造基地", "ABB transformer intelligent manufacturing base"],
        "industries": ["electrical-machinery-manufacturing", "intelligent-manufacturing"],
        "website": "https://new.abb.com/",
        "description": (
            "A contract signed on 5 December 2019 locates ABB\u2019s transformer intelligent "
            "manufacturing base in the Liangjiang New Area."
        ),
    },
    {
        "slug": "chinasoft-international",
        "name": "Chinasoft International",
        "short_name": "Chinasoft",
        "kind": Organization.Kind.ENTERPRISE,
        "park": DIGITAL,
        "aliases": ["中软国际", "中软国际有限公司"],
        "industries": ["software-it-services", "digital-economy"],
        "website": "https://www.chinasofti.com/",
        "description": (
            "Chinasoft International\u2019s Digital \u201cBelt and Road Initiative\u201d "
            "Software Ecology project was contracted to settle in the Liangjiang New Area on "
            "23 December 2019."
        ),
    },
    {
        "slug": "sjtu-near-space-center",
        "name": "Shanghai Jiao Tong University Chongqing Near Space Innovation Research and "
        "Development Center",
        "short_name": "SJTU Near Space Center",
        "kind": Organization.Kind.RESEARCH_INSTITUTE,
        "aliases": ["上海交通大学重庆临近空间创新研发中心", "SJTU Chongqing Near Space Center"],
        "industries": ["research-experimental-development", "aerospace"],
        "description": (
            "A research and development centre of Shanghai Jiao Tong University for near-space "
            "technology, inaugurated in the Liangjiang New Area on 26 December 2019."
        ),
    },
    {
        "slug": "sjtu-chongqing-research-institute",
        "name": "Shanghai Jiao Tong University Chongqing Research Institute",
        "short_name": "SJTU Chongqing Research Institute",
        "kind": Organization.Kind.RESEARCH_INSTITUTE,
        "park": CIZ,
        "aliases": ["上海交通大学重庆研究院", "上海交大重庆研究院"],
        "industries": [
            "research-experimental-development",
            "technology-promotion-application",
            "automobiles-new-energy-vehicles",
            "new-materials",
        ],
        "website": "https://www.sjtu.edu.cn/",
        "description": (
            "Inaugurated in the Liangjiang New Area on 8 June 2020. A Shanghai Jiao Tong "
            "University team led by Professor Li Dayong developed, over five years, roll "
            "forming of high-strength steel automobile frame parts above 1,100 MPa, which "
            "breaks the bottleneck of processing ultra-high-strength steel plate; Chang\u2019an "
            "Automobile and Chongqing Great Wall Motors have adopted it."
        ),
    },
    {
        "slug": "patent-navigation-center",
        "name": "National Patent Navigation Project (Chongqing) Research and Promotion Center",
        "short_name": "Patent Navigation Center",
        "kind": Organization.Kind.PUBLIC_SERVICE,
        "aliases": ["国家专利导航项目（重庆）研究和推广中心"],
        "industries": ["technology-promotion-application"],
        "description": (
            "A national public service centre for patent navigation, settled in the Liangjiang "
            "New Area on 9 January 2020."
        ),
    },
    {
        "slug": "changan-automobile",
        "name": "Chang\u2019an Automobile",
        "short_name": "Changan",
        "kind": Organization.Kind.ENTERPRISE,
        "aliases": [
            "长安汽车",
            "重庆长安汽车股份有限公司",
            "Changan Automobile",
            "Chang'an Automobile",
            "Chang\u2019an Global Research and Development Center",
        ],
        "industries": [
            "automobile-manufacturing",
            "automobiles-new-energy-vehicles",
            "intelligent-manufacturing",
        ],
        "website": "https://www.changan.com.cn/",
        "description": (
            "By mid-2020 Chang\u2019an Automobile had mastered more than 200 intelligent core "
            "technologies, and more than 70 intelligent functions were in mass-production "
            "vehicles, 21 of them the first in China. Its Chang\u2019an Global Research and "
            "Development Center leads innovation in new energy and intelligent networking."
        ),
    },
    {
        "slug": "great-wall-motors",
        "name": "Chongqing Great Wall Motors",
        "short_name": "Great Wall Motors",
        "kind": Organization.Kind.ENTERPRISE,
        "aliases": ["长城汽车", "重庆长城汽车"],
        "industries": ["automobile-manufacturing", "automobiles-new-energy-vehicles"],
        "website": "https://www.gwm.com.cn/",
        "description": (
            "A Chongqing car maker that has adopted the roll forming technology for "
            "ultra-high-strength steel frame parts developed by Shanghai Jiao Tong University."
        ),
    },
    {
        "slug": "yongrenxin-medical",
        "name": "Chongqing Yongrenxin Medical Device Co., Ltd.",
        "short_name": "Yongrenxin Medical",
        "kind": Organization.Kind.ENTERPRISE,
        "aliases": ["永仁心医疗", "重庆永仁心医疗器械有限公司"],
        "industries": ["special-equipment-manufacturing", "biomedicine"],
        "description": (
            "Maker of EVAHEART I, a national innovative medical device approved by the state "
            "for registration and sale in September 2019: China\u2019s first implantable "
            "ventricular assist product on sale."
        ),
    },
    {
        "slug": "boe",
        "name": "BOE",
        "short_name": "BOE",
        "kind": Organization.Kind.ENTERPRISE,
        "aliases": ["京东方", "重庆京东方光电科技有限公司", "BOE Technology"],
        "industries": [
            "computer-communication-electronic-equipment-manufacturing",
            "electronic-information",
        ],
        "website": "https://www.boe.com/",
        "description": (
            "Display maker improving the zone\u2019s \u201cchip, LED panel, intelligent "
            "terminal, core parts and IoT\u201d electronic information industry chain."
        ),
    },
    {
        "slug": "ats",
        "name": "AT&S",
        "short_name": "AT&S",
        "kind": Organization.Kind.ENTERPRISE,
        "aliases": [
            "奥特斯",
            "奥特斯科技（重庆）有限公司",
            "AT&S Austria Technologie & Systemtechnik",
        ],
        "industries": [
            "computer-communication-electronic-equipment-manufacturing",
            "electronic-information",
            "integrated-circuits",
        ],
        "website": "https://ats.net/",
        "description": (
            "Maker of printed circuit boards and IC substrates, part of the zone\u2019s "
            "electronic information industry chain."
        ),
    },
    {
        "slug": "alpha-omega-semiconductor",
        "name": "Alpha & Omega Semiconductor",
        "short_name": "AOS",
        "kind": Organization.Kind.ENTERPRISE,
        "aliases": ["万国半导体", "重庆万国半导体科技有限公司", "Alpha and Omega Semiconductor"],
        "industries": [
            "computer-communication-electronic-equipment-manufacturing",
            "integrated-circuits",
            "electronic-information",
        ],
        "website": "https://www.aosmd.com/",
        "description": (
            "Power semiconductor maker, part of the zone\u2019s \u201cchip, LED panel, "
            "intelligent terminal, core parts and IoT\u201d industry chain."
        ),
    },
    {
        "slug": "cloudwalk",
        "name": "Cloudwalk Science and Technology",
        "short_name": "Cloudwalk",
        "kind": Organization.Kind.ENTERPRISE,
        "aliases": ["云从科技", "云从科技集团股份有限公司", "CloudWalk Technology"],
        "industries": ["software-it-services", "big-data-artificial-intelligence"],
        "website": "https://www.cloudwalk.com/",
        "description": (
            "Artificial intelligence company. Its founder Zhou Xi was named a \u201cZhihui "
            "Liangjiang Science and Technology Leading Talent\u201d on 8 January 2020."
        ),
    },
    {
        "slug": "cigit-cas",
        "name": "Chongqing Institute of Green Intelligent Technology, Chinese Academy of Sciences",
        "short_name": "CIGIT",
        "kind": Organization.Kind.RESEARCH_INSTITUTE,
        "aliases": ["中国科学院重庆绿色智能技术研究院", "中科院重庆研究院"],
        "industries": ["research-experimental-development", "big-data-artificial-intelligence"],
        "website": "https://www.cigit.ac.cn/",
        "description": (
            "A Chinese Academy of Sciences institute. Yin Shaoyun, director of its Integrated "
            "Photoelectric Research Center, was named a \u201cZhihui Liangjiang Science and "
            "Technology Leading Talent\u201d on 8 January 2020."
        ),
    },
    {
        "slug": "nus-chongqing-research-institute",
        "name": "National University of Singapore (Chongqing) Research Institute",
        "short_name": "NUS Chongqing Research Institute",
        "kind": Organization.Kind.RESEARCH_INSTITUTE,
        "park": CIZ,
        "aliases": ["新加坡国立大学（重庆）研究院", "NUSRI Chongqing"],
        "industries": ["research-experimental-development"],
        "description": (
            "One of the more than 20 research institutes from home and abroad gathered in the "
            "Liangjiang Collaborative Innovation Zone."
        ),
    },
    {
        "slug": "nwpu-chongqing-research-institute",
        "name": "Northwestern Polytechnical University Chongqing Research Institute",
        "short_name": "NWPU Chongqing Research Institute",
        "kind": Organization.Kind.RESEARCH_INSTITUTE,
        "park": CIZ,
        "aliases": ["西北工业大学重庆研究院"],
        "industries": ["research-experimental-development", "aerospace"],
        "description": (
            "One of the more than 20 research institutes from home and abroad gathered in the "
            "Liangjiang Collaborative Innovation Zone."
        ),
    },
]

Kind = Milestone.Kind
# (date, precision, kind, organisation slug or None, park slug or None, title, Chinese title)
MILESTONES = [
    (
        datetime.date(2019, 9, 1),
        Milestone.Precision.MONTH,
        Kind.APPROVED_FOR_SALE,
        "yongrenxin-medical",
        None,
        "EVAHEART I approved for registration and sale, China\u2019s first implantable "
        "ventricular assist product",
        "EVAHEART I获批注册上市，成为我国首个上市的植入式心室辅助产品",
    ),
    (
        datetime.date(2019, 12, 5),
        Milestone.Precision.DAY,
        Kind.CONTRACT_SIGNED,
        "abb",
        None,
        "Contract signed to locate ABB\u2019s transformer intelligent manufacturing base in "
        "the Liangjiang New Area",
        "ABB变压器智能制造基地项目签约落户两江新区",
    ),
    (
        datetime.date(2019, 12, 23),
        Milestone.Precision.DAY,
        Kind.CONTRACT_SIGNED,
        "chinasoft-international",
        DIGITAL,
        "Digital \u201cBelt and Road Initiative\u201d Software Ecology project contracted to "
        "settle in the Liangjiang New Area",
        "中软国际数字“一带一路”软件生态项目签约落户两江新区",
    ),
    (
        datetime.date(2019, 12, 26),
        Milestone.Precision.DAY,
        Kind.INAUGURATED,
        "sjtu-near-space-center",
        None,
        "Shanghai Jiao Tong University Chongqing Near Space Innovation R&D Center inaugurated",
        "上海交通大学重庆临近空间创新研发中心揭牌",
    ),
    (
        datetime.date(2020, 1, 8),
        Milestone.Precision.DAY,
        Kind.OTHER,
        "cloudwalk",
        None,
        "Founder Zhou Xi named \u201cZhihui Liangjiang Science and Technology Leading "
        "Talent\u201d",
        "创始人周曦获评“智汇两江”科技领军人才",
    ),
    (
        datetime.date(2020, 1, 8),
        Milestone.Precision.DAY,
        Kind.OTHER,
        "cigit-cas",
        None,
        "Yin Shaoyun named \u201cZhihui Liangjiang Science and Technology Leading Talent\u201d",
        "尹韶云获评“智汇两江”科技领军人才",
    ),
    (
        datetime.date(2020, 1, 9),
        Milestone.Precision.DAY,
        Kind.SETTLED,
        "patent-navigation-center",
        None,
        "National Patent Navigation Project (Chongqing) Research and Promotion Center settled "
        "in the Liangjiang New Area",
        "国家专利导航项目（重庆）研究和推广中心落户两江新区",
    ),
    (
        datetime.date(2020, 1, 9),
        Milestone.Precision.DAY,
        Kind.LAUNCHED,
        None,
        None,
        "Ten-billion-yuan science and technology innovation investment fund cluster announced",
        "两江新区宣布打造百亿级科技创新投资基金群",
    ),
    (
        datetime.date(2020, 6, 5),
        Milestone.Precision.DAY,
        Kind.OTHER,
        None,
        None,
        "Talent livestream watched by more than 5.517 million people; over 30,000 "
        "r\u00e9sum\u00e9s within half an hour",
        "人才引进直播在线观看超过551.7万人次，半小时内收到3万多份简历",
    ),
    (
        datetime.date(2020, 6, 8),
        Milestone.Precision.DAY,
        Kind.INAUGURATED,
        "sjtu-chongqing-research-institute",
        CIZ,
        "Shanghai Jiao Tong University Chongqing Research Institute inaugurated",
        "上海交通大学重庆研究院在两江新区揭牌",
    ),
]

LAUNCH_DAY = datetime.date(2020, 1, 9)
PROGRAMMES = [
    {
        "slug": "science-technology-innovation-fund-cluster",
        "name": "Science and technology innovation investment fund cluster",
        "kind": SupportProgramme.Kind.FUND,
        "summary": (
            "A ten-billion-yuan cluster of investment funds for science and technology "
            "innovation, announced on 9 January 2020."
        ),
        "description": (
            "The cluster supports the mutual adaptation of the supply, demand and financial "
            "systems, forming a collaborative innovation chain of government, industry, "
            "research, capital and users."
        ),
        "amount": Decimal("10000000000"),
        "launched": LAUNCH_DAY,
    },
    {
        "slug": "science-technology-innovation-equity-investment-fund",
        "name": "Science and technology innovation equity investment fund",
        "kind": SupportProgramme.Kind.FUND,
        "summary": "An equity investment fund with a total scale of RMB 5 billion.",
        "amount": Decimal("5000000000"),
        "launched": LAUNCH_DAY,
    },
    {
        "slug": "science-technology-sub-funds",
        "name": "Three science and technology sub-funds",
        "kind": SupportProgramme.Kind.FUND,
        "summary": "Three sub-funds signed together, with a total scale of about RMB 5 billion.",
        "amount": Decimal("5000000000"),
        "launched": LAUNCH_DAY,
    },
    {
        "slug": "science-technology-growth-loan",
        "name": "Science and technology growth loan",
        "kind": SupportProgramme.Kind.LOAN,
        "summary": (
            "One of four credit products that make financing easier and cheaper for "
            "technology enterprises."
        ),
        "launched": LAUNCH_DAY,
    },
    {
        "slug": "knowledge-value-credit-loan",
        "name": "Knowledge value credit loan",
        "kind": SupportProgramme.Kind.LOAN,
        "summary": (
            "A credit product that lends against the value of an enterprise\u2019s knowledge "
            "and intellectual property; one of four released together."
        ),
        "launched": LAUNCH_DAY,
    },
    {
        "slug": "science-technology-finance-loans",
        "name": "Science and technology finance loans",
        "kind": SupportProgramme.Kind.LOAN,
        "summary": (
            "Loans through the cooperative banks: RMB 1.454 billion to 497 science and "
            "technology enterprises by April 2020."
        ),
        "amount": Decimal("1454000000"),
        "beneficiaries": 497,
        "as_of": datetime.date(2020, 4, 30),
    },
]

PROGRAMMES_ZH = {
    "science-technology-innovation-fund-cluster": {
        "name": "科技创新投资基金群",
        "summary": "2020年1月9日宣布打造的百亿级科技创新投资基金群。",
        "description": (
            "基金群推动供给体系、需求体系、金融体系相互支撑、相互适配，"
            "形成“政产学研金用”协同创新的生态链。"
        ),
    },
    "science-technology-innovation-equity-investment-fund": {
        "name": "科技创新股权投资基金",
        "summary": "总规模50亿元的科技创新股权投资基金。",
    },
    "science-technology-sub-funds": {
        "name": "三支科技子基金",
        "summary": "同时签约的三支子基金，总规模约50亿元。",
    },
    "science-technology-growth-loan": {
        "name": "科技成长贷",
        "summary": "四款信贷金融产品之一，帮助科技型企业解决融资难、融资贵问题。",
    },
    "knowledge-value-credit-loan": {
        "name": "知识价值信用贷款",
        "summary": "以企业知识价值和知识产权为依据发放的信用贷款，与其他三款信贷产品同时发布。",
    },
    "science-technology-finance-loans": {
        "name": "科技金融贷款",
        "summary": "截至2020年4月，新区通过合作银行向497家科技型企业发放科技金融贷款14.54亿元。",
    },
}


def illustration(caption: str, colour: str, size=(960, 540)) -> bytes:
    """A plain coloured panel with the caption: a stand-in where the source has no photo."""
    image = Image.new("RGB", size, colour)
    draw = ImageDraw.Draw(image)
    title_font = ImageFont.load_default(size=52)
    credit_font = ImageFont.load_default(size=24)
    margin = 56
    lines = textwrap.wrap(caption, width=26)
    y = size[1] // 2 - len(lines) * 32
    for line in lines:
        draw.text((margin, y), line, fill="#ffffff", font=title_font)
        y += 64
    draw.text((margin, size[1] - margin), "Illustration", fill="#e6ecf5", font=credit_font)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _industries(slugs):
    return list(Industry.objects.filter(slug__in=slugs))


def _both(english: dict, chinese: dict) -> dict:
    """Field values for both language columns: `name` becomes `name_en` and `name_zh_hans`."""
    values = {f"{field}_en": value for field, value in english.items()}
    values.update({f"{field}_zh_hans": value for field, value in chinese.items()})
    return values


def load(*, stdout) -> None:
    industries = {}
    for scheme, code, slug, name, name_zh, parent in INDUSTRIES:
        industries[slug], _ = Industry.objects.update_or_create(
            slug=slug,
            defaults={
                "scheme": scheme,
                "code": code,
                "name_en": name,
                "name_zh_hans": name_zh,
                "parent": industries.get(parent),
            },
        )

    parks = {}
    for data in PARKS:
        chinese = PARKS_ZH[data["slug"]]
        park, created = Park.objects.update_or_create(
            slug=data["slug"],
            defaults={
                "kind": data["kind"],
                "latitude": data["latitude"],
                "longitude": data["longitude"],
                **_both(
                    {key: data[key] for key in ("name", "summary", "description", "address")},
                    chinese,
                ),
                **_both(
                    {"hero_image_caption": data["name"], "hero_image_credit": ILLUSTRATION},
                    {"hero_image_caption": chinese["name"], "hero_image_credit": ILLUSTRATION_ZH},
                ),
            },
        )
        park.industries.set(_industries(data["industries"]))
        for position, figure in enumerate(data["figures"]):
            figure = dict(figure)
            label = figure.pop("label")
            KeyFigure.objects.update_or_create(
                park=park,
                label_en=label,
                defaults={
                    **figure,
                    "position": position,
                    **_both(
                        {"source": SOURCE},
                        {"label": FIGURE_LABELS_ZH[label], "source": SOURCE_ZH},
                    ),
                },
            )
        if created and not park.hero_image:
            # An uncommitted file, so the image field cleans it and makes its renditions.
            park.hero_image = ContentFile(
                illustration(data["name"], data["colour"]), name=f"{park.slug}.png"
            )
            park.save()
        parks[park.slug] = park

    organizations = {}
    for data in ORGANIZATIONS:
        chinese = ORGANIZATIONS_ZH[data["slug"]]
        english = {
            "name": data["name"],
            "short_name": data.get("short_name", ""),
            "description": data["description"],
            "verified_source": SOURCE,
        }
        organization, _ = Organization.objects.update_or_create(
            slug=data["slug"],
            defaults={
                "kind": data["kind"],
                "aliases": "\n".join(data.get("aliases", [])),
                "park": parks.get(data.get("park")),
                "website": data.get("website", ""),
                "last_verified": ARTICLE_DATE,
                **_both(english, {**chinese, "verified_source": SOURCE_ZH}),
            },
        )
        organization.industries.set(_industries(data["industries"]))
        organizations[organization.slug] = organization

    for date, precision, kind, organization_slug, park_slug, title, title_zh in MILESTONES:
        organization = organizations.get(organization_slug)
        Milestone.objects.update_or_create(
            date=date,
            kind=kind,
            organization=organization,
            defaults={
                "date_precision": precision,
                "park": parks.get(park_slug) or (organization.park if organization else None),
                **_both(
                    {"title": title, "source": SOURCE}, {"title": title_zh, "source": SOURCE_ZH}
                ),
            },
        )

    for data in PROGRAMMES:
        english = {
            "name": data["name"],
            "summary": data["summary"],
            "description": data.get("description", ""),
            "source": SOURCE,
        }
        chinese = {"description": "", **PROGRAMMES_ZH[data["slug"]], "source": SOURCE_ZH}
        SupportProgramme.objects.update_or_create(
            slug=data["slug"],
            defaults={
                "kind": data["kind"],
                "amount": data.get("amount"),
                "currency": "CNY",
                "beneficiaries": data.get("beneficiaries"),
                "as_of": data.get("as_of"),
                "launched": data.get("launched"),
                **_both(english, chinese),
            },
        )

    stdout.write(
        f"Directory: {len(parks)} parks, {len(organizations)} organisations, "
        f"{len(MILESTONES)} milestones, {len(PROGRAMMES)} support programmes."
    )
    load_talent(stdout)


# --- Talent programmes ------------------------------------------------------

_TALENT_SOURCE = 'iChongqing, "Advanced Models of Innovation and Talents in Liangjiang" (2020)'
_TALENT_SOURCE_ZH = "iChongqing《两江新区：创新与人才的先进样板》（2020年）"

_TALENT_PROGRAMMES = [
    {
        "slug": "hongyan-project",
        "name": "Hongyan Project",
        "position": 1,
        "summary": (
            "Talent selected in the Liangjiang New Area through platforms such as the China "
            "Smart City Expo, the Talents Conference and the National Offshore Innovation and "
            "Entrepreneurship Base for Overseas Talents."
        ),
        "description": (
            "Relying on platforms such as the China Smart City Expo, the Talents Conference, "
            "the National Offshore Innovation and Entrepreneurship Base for Overseas Talents "
            "and a series of talent policies, 147 talents have been selected into the "
            '"Hongyan Project" in the new area, and the number of high-level talents has '
            "reached 71 in total."
        ),
        "selected_count": 147,
        "high_level_count": 71,
        "honourees": [],
        "zh": {
            "name": "鸿雁计划",
            "summary": "依托智博会、英才大会、国家海外人才离岸创新创业基地等平台，"
            "在两江新区遴选的人才。",
            "description": (
                "依托智博会、英才大会、国家海外人才离岸创新创业基地等平台和一系列人才政策，"
                "新区已有147人入选“鸿雁计划”，高层次人才累计达71人。"
            ),
        },
    },
    {
        "slug": "zhihui-liangjiang-leading-talent",
        "name": "Zhihui Liangjiang Science and Technology Leading Talent",
        "position": 2,
        "summary": (
            'An honour named at the annual launch of "Zhihui Liangjiang" Liangjiang New Area '
            "Science and Technology Innovation."
        ),
        "description": (
            'On January 8, 2020, at the annual launch of "Zhihui Liangjiang" 2019 Liangjiang '
            "New Area Science and Technology Innovation, two people were jointly named "
            '"Zhihui Liangjiang Science and Technology Leading Talent".'
        ),
        "selected_count": None,
        "high_level_count": None,
        "honourees": [
            {
                "name": "Zhou Xi",
                "title": "Founder of Cloudwalk Science and Technology",
                "organization": "cloudwalk",
                "zh": {"name": "周曦", "title": "云从科技创始人"},
            },
            {
                "name": "Yin Shaoyun",
                "title": (
                    "Director of the Integrated Photoelectric Research Center of Chongqing "
                    "Institute of Green Intelligent Technology, Chinese Academy of Sciences"
                ),
                "organization": "cigit-cas",
                "zh": {
                    "name": "尹韶云",
                    "title": "中国科学院重庆绿色智能技术研究院集成光电研究中心主任",
                },
            },
        ],
        "zh": {
            "name": "“智汇两江”科技领军人才",
            "summary": "在“智汇两江”两江新区科技创新年度发布会上评选的荣誉。",
            "description": (
                "2020年1月8日，在“智汇两江”2019年两江新区科技创新年度发布会上，"
                "两人共同获评“智汇两江”科技领军人才。"
            ),
        },
    },
]


def load_talent(stdout) -> None:
    """The Hongyan Project and the 2019 "Zhihui Liangjiang" leading-talent honourees."""
    # The directory may not be loaded: an honouree without its organisation still shows.
    slugs = {h["organization"] for p in _TALENT_PROGRAMMES for h in p["honourees"]}
    organizations = Organization.objects.in_bulk(slugs, field_name="slug")
    for data in _TALENT_PROGRAMMES:
        english = {key: data[key] for key in ("name", "summary", "description")}
        programme, _ = TalentProgramme.objects.update_or_create(
            slug=data["slug"],
            defaults={
                "position": data["position"],
                "selected_count": data["selected_count"],
                "high_level_count": data["high_level_count"],
                **_both(
                    {**english, "source": _TALENT_SOURCE},
                    {**data["zh"], "source": _TALENT_SOURCE_ZH},
                ),
            },
        )
        for honouree in data["honourees"]:
            Honouree.objects.update_or_create(
                programme=programme,
                name_en=honouree["name"],
                year=2019,
                defaults={
                    "organization": organizations.get(honouree["organization"]),
                    "announced_on": datetime.date(2020, 1, 8),
                    **_both({"title": honouree["title"]}, honouree["zh"]),
                    "name_zh_hans": honouree["zh"]["name"],
                },
            )
    stdout.write(f"Talent: {len(_TALENT_PROGRAMMES)} programmes.")
