"""Demo content for `manage.py loaddemo`; `load` must be idempotent."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.utils import timezone

from portal.models import Organization

from .models import Campaign, EducationLevel, Job, Skill
from .posters import draw_cover

CHONGQING = ZoneInfo("Asia/Shanghai")
HISTORIC_SLUG = "june-5-talent-livestream-2020"
OPEN_SLUG = "liangjiang-talent-livestream"
HOST, HOST_ZH = "Liangjiang New Area", "两江新区"
# The demo's coming stream is on Bilibili; the 2020 stream's platform is not in the source.
PLATFORM, PLATFORM_ZH = "Bilibili", "哔哩哔哩"
COVER_COLOURS = {HISTORIC_SLUG: "#7a2e2e", OPEN_SLUG: "#0b5cad"}


def _both(english: dict, chinese: dict) -> dict:
    """Field values for both language columns: `title` becomes `title_en` and `title_zh_hans`."""
    values = {f"{field}_en": value for field, value in english.items()}
    values.update({f"{field}_zh_hans": value for field, value in chinese.items()})
    return values


# Employers of the demo jobs, by the directory's slugs. Where the directory demo
# has not created them, a minimal row with the same slug stands in.
EMPLOYERS = {
    "changan-automobile": "Chang'an Automobile",
    "boe": "BOE",
    "cloudwalk": "Cloudwalk",
    "ats": "AT&S",
}

JOBS = [
    {
        "slug": "changan-autonomous-driving-engineer",
        "zh": {
            "title": "自动驾驶软件工程师",
            "description": "在长安汽车两江新区研发基地，为智能网联汽车开发感知与规划软件。",
        },
        "organization": "changan-automobile",
        "title": "Autonomous driving software engineer",
        "description": (
            "Develop perception and planning software for intelligent connected vehicles at "
            "Chang'an Automobile's research base in Liangjiang New Area."
        ),
        "salary_min": 18000,
        "salary_max": 35000,
        "salary_months": 14,
        "education": EducationLevel.MASTER,
        "experience_years": 2,
        "headcount": 10,
    },
    {
        "slug": "changan-battery-systems-engineer",
        "zh": {"title": "电池系统工程师", "description": "负责新能源汽车动力电池包的设计与验证。"},
        "organization": "changan-automobile",
        "title": "Battery systems engineer",
        "description": "Design and validate battery packs for new-energy vehicles.",
        "salary_min": 15000,
        "salary_max": 28000,
        "education": EducationLevel.BACHELOR,
        "experience_years": 3,
        "headcount": 6,
    },
    {
        "slug": "boe-display-process-engineer",
        "zh": {"title": "显示工艺工程师", "description": "提升柔性AMOLED生产线良率。"},
        "organization": "boe",
        "title": "Display process engineer",
        "description": "Improve yield on a flexible AMOLED production line.",
        "salary_min": 10000,
        "salary_max": 18000,
        "salary_months": 13,
        "education": EducationLevel.BACHELOR,
        "experience_years": 1,
        "headcount": 20,
    },
    {
        "slug": "cloudwalk-computer-vision-researcher",
        "zh": {
            "title": "计算机视觉研究员",
            "description": "面向智慧城市服务，研究人脸与场景理解模型。",
        },
        "organization": "cloudwalk",
        "title": "Computer vision researcher",
        "description": "Research face and scene understanding models for smart-city services.",
        "salary_min": 25000,
        "salary_max": 45000,
        "education": EducationLevel.DOCTORATE,
        "experience_years": 0,
        "headcount": 3,
    },
    {
        "slug": "ats-pcb-quality-engineer",
        "zh": {"title": "IC载板质量工程师", "description": "负责奥特斯重庆工厂IC载板的质量控制。"},
        "organization": "ats",
        "title": "IC substrate quality engineer",
        "description": "Own quality control for IC substrates at AT&S's Chongqing plant.",
        "salary_min": 9000,
        "salary_max": 16000,
        "education": EducationLevel.BACHELOR,
        "experience_years": 2,
        "headcount": 8,
    },
]


# The shared screening vocabulary: the demo jobs' terms and common engineering ones,
# each with its Chinese form and the other ways résumés write it.
SKILLS = [
    ("Python", "", "python3"),
    ("C++", "", "cpp"),
    ("machine learning", "机器学习", "ML"),
    ("deep learning", "深度学习", "DL"),
    ("computer vision", "计算机视觉", "CV, 图像识别, image recognition"),
    ("PyTorch", "", ""),
    ("autonomous driving", "自动驾驶", "self-driving, ADAS, 智能驾驶"),
    ("ROS", "", "Robot Operating System"),
    ("sensor fusion", "传感器融合", "多传感器融合"),
    ("embedded", "嵌入式", "embedded systems, 嵌入式系统"),
    ("PLC", "", "可编程逻辑控制器, programmable logic controller"),
    ("battery management system", "电池管理系统", "BMS"),
    ("battery pack", "电池包", "动力电池, power battery"),
    ("thermal management", "热管理", ""),
    ("AMOLED", "", "OLED"),
    ("process engineering", "工艺工程", "工艺优化, process optimisation, process optimization"),
    ("yield improvement", "良率提升", "yield, 良率"),
    ("six sigma", "六西格玛", "6σ, 6 sigma"),
    ("quality control", "质量控制", "QC, 品质管控"),
    ("IC substrate", "IC载板", "封装基板, package substrate"),
    ("SPC", "", "statistical process control, 统计过程控制"),
    ("FMEA", "", "失效模式分析"),
]
# Each demo job's requirements by the skills' names: (must-have, nice-to-have).
REQUIREMENTS = {
    "changan-autonomous-driving-engineer": (
        ["C++", "autonomous driving", "sensor fusion"],
        ["ROS", "Python", "deep learning"],
    ),
    "changan-battery-systems-engineer": (
        ["battery management system", "battery pack"],
        ["thermal management", "embedded", "FMEA"],
    ),
    "boe-display-process-engineer": (
        ["AMOLED", "process engineering"],
        ["yield improvement", "six sigma", "SPC"],
    ),
    "cloudwalk-computer-vision-researcher": (
        ["computer vision", "deep learning", "Python"],
        ["PyTorch", "C++", "machine learning"],
    ),
    "ats-pcb-quality-engineer": (
        ["quality control", "IC substrate"],
        ["SPC", "FMEA", "six sigma"],
    ),
}


def load_skills() -> dict[str, Skill]:
    skills = {}
    for name, name_zh, synonyms in SKILLS:
        skills[name], _created = Skill.objects.update_or_create(
            name=name, defaults={"name_zh": name_zh, "synonyms": synonyms}
        )
    return skills


def _employers(stdout):
    found = {org.slug: org for org in Organization.objects.filter(slug__in=EMPLOYERS)}
    for slug, name in EMPLOYERS.items():
        if slug not in found:
            found[slug], _created = Organization.objects.get_or_create(
                slug=slug, defaults={"name": name, "kind": Organization.Kind.ENTERPRISE}
            )
            stdout.write(f"  organisation {slug} was missing: created a minimal entry")
    return found


def load_campaigns(stdout) -> None:
    employers = _employers(stdout)
    skills = load_skills()
    jobs = []
    for spec in JOBS:
        spec = dict(spec)
        organization = employers[spec.pop("organization")]
        chinese = spec.pop("zh")
        english = {"title": spec.pop("title"), "description": spec.pop("description")}
        job, _created = Job.objects.update_or_create(
            slug=spec.pop("slug"),
            defaults={
                **spec,
                "organization": organization,
                **_both({**english, "city": "Chongqing"}, {**chinese, "city": "重庆"}),
            },
        )
        jobs.append(job)
        must, nice = REQUIREMENTS.get(job.slug, ([], []))
        job.must_have.set([skills[name] for name in must])
        job.nice_to_have.set([skills[name] for name in nice])

    stream_start = datetime(2020, 6, 5, 15, 0, tzinfo=CHONGQING)
    historic, _created = Campaign.objects.update_or_create(
        slug=HISTORIC_SLUG,
        defaults={
            **_both(
                {
                    "title": "June 5 talent livestream",
                    "description": (
                        "On June 5, a live stream about talent introduction was held, with more "
                        "than 5.517 million people watching it online. Within half an hour after "
                        "the live streaming, Liangjiang New Area received more than 30 thousand "
                        "résumés. (The résumés of this historic campaign were received outside "
                        "this portal.)"
                    ),
                    "host": HOST,
                    "platform": "",
                },
                {
                    "title": "“6·5”人才引进直播",
                    "description": (
                        "6月5日，两江新区举办人才引进直播，在线观看人数超过551.7万。直播结束后"
                        "半小时内，新区收到3万多份简历。（本场直播的简历不经由本门户接收。）"
                    ),
                    "host": HOST_ZH,
                    "platform": "",
                },
            ),
            "stream_starts_at": stream_start,
            "stream_ends_at": stream_start + timedelta(hours=2),
            "opens_at": stream_start - timedelta(days=1),
            "closes_at": stream_start + timedelta(days=7),
            "total_viewers": 5_517_000,
            "recorded_applications": 30_000,
        },
    )
    historic.jobs.set(jobs[:3])

    # Open from the day loaddemo first runs, for 30 days; a later run after the
    # window has closed opens it again, so the demo always has a campaign to apply to.
    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    current, created = Campaign.objects.get_or_create(
        slug=OPEN_SLUG,
        defaults={"opens_at": today, "closes_at": today + timedelta(days=30)},
    )
    if not created and current.closes_at <= timezone.now():
        current.opens_at, current.closes_at = today, today + timedelta(days=30)
    for field, value in _both(
        {
            "title": "Liangjiang talent livestream",
            "description": (
                "Enterprises of the Liangjiang New Area present their open positions live. "
                "Watch, pick a job and apply from your phone: it takes two minutes, and you can "
                "add your résumé later if you do not have it at hand."
            ),
            "host": HOST,
            "platform": PLATFORM,
            "programme": (
                "19:00 Opening: the Liangjiang New Area and its talent programmes\n"
                "19:15 Chang'an Automobile: autonomous driving and battery systems\n"
                "19:45 BOE and AT&S: displays and IC substrates\n"
                "20:15 Cloudwalk: computer vision research\n"
                "20:40 Questions from viewers, and how to apply"
            ),
        },
        {
            "title": "两江新区人才直播",
            "description": (
                "两江新区企业在直播中现场推介招聘岗位。边看边选，用手机就能投递，两分钟完成；"
                "简历不在手边，也可以先报名，稍后补交。"
            ),
            "host": HOST_ZH,
            "platform": PLATFORM_ZH,
            "programme": (
                "19:00 开场：走进两江新区及其人才计划\n"
                "19:15 长安汽车：自动驾驶与电池系统岗位\n"
                "19:45 京东方、奥特斯：显示与IC载板岗位\n"
                "20:15 云从科技：计算机视觉研究岗位\n"
                "20:40 观众问答及投递指南"
            ),
        },
    ).items():
        setattr(current, field, value)
    current.stream_starts_at = current.opens_at + timedelta(days=1, hours=19)
    current.stream_ends_at = current.stream_starts_at + timedelta(hours=2)
    current.allow_contact_only = True
    current.save()
    current.jobs.set(jobs)
    for campaign in (historic, current):
        _draw_cover(campaign)
    stdout.write(
        f"  campaigns: {HISTORIC_SLUG} (historic), {OPEN_SLUG} "
        f"(open until {timezone.localtime(current.closes_at):%Y-%m-%d}); {len(jobs)} jobs"
    )


def _draw_cover(campaign) -> None:
    """A drawn cover for a demo campaign that has none (an editor's upload is kept)."""
    if campaign.cover:
        return
    starts = timezone.localtime(campaign.stream_starts_at or campaign.opens_at, CHONGQING)
    subtitle = f"{campaign.host_en} · {starts:%Y-%m-%d %H:%M}"
    image = draw_cover(
        campaign.title_en, subtitle, COVER_COLOURS[campaign.slug], title_zh=campaign.title_zh_hans
    )
    campaign.cover = ContentFile(image, name=f"{campaign.slug}.png")
    campaign.save(update_fields=["cover", "cover_width", "cover_height", "updated_at"])


def load(*, stdout) -> None:
    load_campaigns(stdout)
