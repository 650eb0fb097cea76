"""Demo content for `manage.py loaddemo`; `load` must be idempotent."""

import datetime


def load(*, stdout) -> None:
    load_talent(stdout)


# --- Talent programmes ------------------------------------------------------

_TALENT_SOURCE = 'iChongqing, "Advanced Models of Innovation and Talents in Liangjiang" (2020)'

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
            },
            {
                "name": "Yin Shaoyun",
                "title": (
                    "Director of the Integrated Photoelectric Research Center of Chongqing "
                    "Institute of Green Intelligent Technology, Chinese Academy of Sciences"
                ),
                "organization": "cigit-cas",
            },
        ],
    },
]


def load_talent(stdout) -> None:
    """The Hongyan Project and the 2019 "Zhihui Liangjiang" leading-talent honourees."""
    # Imported here so this block stands alone in the module.
    from portal.models import Organization
    from recruitment.models import Honouree, TalentProgramme

    # The directory may not be loaded: an honouree without its organisation still shows.
    slugs = {h["organization"] for p in _TALENT_PROGRAMMES for h in p["honourees"]}
    organizations = Organization.objects.in_bulk(slugs, field_name="slug")
    for data in _TALENT_PROGRAMMES:
        fields = {k: v for k, v in data.items() if k not in ("slug", "honourees")}
        programme, _ = TalentProgramme.objects.update_or_create(
            slug=data["slug"], defaults={**fields, "source": _TALENT_SOURCE}
        )
        for honouree in data["honourees"]:
            Honouree.objects.update_or_create(
                programme=programme,
                name=honouree["name"],
                year=2019,
                defaults={
                    "title": honouree["title"],
                    "organization": organizations.get(honouree["organization"]),
                    "announced_on": datetime.date(2020, 1, 8),
                },
            )
    stdout.write(f"Talent: {len(_TALENT_PROGRAMMES)} programmes.")
