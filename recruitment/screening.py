"""Assisted screening: a résumé matched against a job's stated requirements, with reasons.

The rule, stated once (and in the README): a job's score for an application is

    70 × (must-have skills found ÷ must-have skills)
  + 20 × (nice-to-have skills found ÷ nice-to-have skills)
  +  4 if the education stated on the form meets the job's minimum
  +  3 if the years of experience stated on the form meet the job's minimum
  +  3 if the city stated on the form is the job's city

rounded to a whole number out of 100; a job with no must-haves (nice-to-haves, minimum
education or experience) gives that part in full. A skill counts once, however often
it is written (repeating a word gains nothing), and not where the résumé denies it
("no experience in PLC", "不熟悉 PLC", "对 PLC 不熟悉"). Education, experience and city
come from what the candidate entered in the form, never from the name, a photo, an age
or a gender, which the portal does not collect. Nothing here changes an application's stage.
"""

import re
from dataclasses import dataclass, field

from django.db.models import Prefetch

from .models import ANY_EDUCATION, Application, EducationLevel, Job, Skill

LEVELS = [level.value for level in EducationLevel]
SNIPPET_CHARS = 40
LATIN = re.compile(r"[A-Za-z0-9]")
# Words that deny a skill when they come shortly before it ("no experience in PLC",
# "没有PLC经验"), but not the words that only contain them ("not only", 无锡, 无人驾驶,
# 无线, 未来).
NEGATIONS = re.compile(
    r"(?:\bno\b|\bnot\b(?!\s+only)|\bnever\b|\bwithout\b|\bnone\b|\black(?:ing)?\b|"
    r"没有|无(?![锡人线论限])|不熟悉|不了解|不会|不懂|未(?!来)|缺乏)[^.。;；\n]{0,25}$",
    re.IGNORECASE,
)
# Words that deny a skill when they follow it in the same clause ("对PLC不熟悉").
NEGATIONS_AFTER = re.compile(r"[^.。;；,，\n]{0,6}(?:不熟悉|不了解|不会|不懂|没有经验|无经验)")


@dataclass
class Match:
    score: int
    matched: list[dict] = field(default_factory=list)  # {"term", "kind", "snippet"}
    missing: list[dict] = field(default_factory=list)  # {"term", "kind"}
    meets: dict = field(default_factory=dict)  # {"education", "experience", "city"}: bool

    @property
    def meets_must_haves(self) -> bool:
        return not any(item["kind"] == "must" for item in self.missing)

    @property
    def meets_requirements(self) -> bool:
        return self.meets_must_haves and all(self.meets.values())

    def as_json(self) -> dict:
        return {
            "score": self.score,
            "matched": self.matched,
            "missing": self.missing,
            "meets": self.meets,
        }


def _pattern(form: str) -> re.Pattern:
    """A form found as a whole word in Latin script (`C++17` has `C++`; a plural `s`
    may follow a word of three letters or more: `battery packs`, but not `CVs`),
    anywhere in Chinese text."""
    escaped = re.escape(form)
    if not LATIN.search(form):
        return re.compile(escaped)
    before = r"(?<![A-Za-z0-9])" if LATIN.match(form[0]) else ""
    after = ""
    if LATIN.match(form[-1]):
        plural = "s?" if len(form) >= 3 and form[-1].isalpha() and form[-1] not in "sS" else ""
        after = rf"{plural}(?![A-Za-z0-9])"
    return re.compile(before + escaped + after, re.IGNORECASE)


def find_skill(skill: Skill, text: str) -> tuple[str, str] | None:
    """`(snippet, form)`: where in `text` the skill is claimed and how it is written
    there, or None (absent, or only denied)."""
    for form in skill.forms():
        for found in _pattern(form).finditer(text):
            before = text[max(0, found.start() - 30) : found.start()]
            if NEGATIONS.search(before) or NEGATIONS_AFTER.match(text, found.end()):
                continue
            start = max(0, found.start() - SNIPPET_CHARS)
            end = min(len(text), found.end() + SNIPPET_CHARS)
            return " ".join(text[start:end].split()), found.group()
    return None


def _education_meets(job: Job, education: str) -> bool:
    if job.education in ("", ANY_EDUCATION):
        return True
    if education not in LEVELS:
        return False
    return LEVELS.index(education) >= LEVELS.index(job.education)


def _city_meets(job: Job, city: str) -> bool:
    """The form's city is the job's, in either language ("Chongqing", "重庆市")."""
    wanted = {
        value.strip().lower()
        for value in (getattr(job, "city_en", ""), getattr(job, "city_zh_hans", ""), job.city)
        if value and value.strip()
    }
    given = city.strip().lower()
    return not wanted or any(w in given for w in wanted)


def match(job: Job, *, text: str, education: str, years_experience, city: str) -> Match:
    """The job's requirements checked against a résumé's text and the form's answers.

    `job.must_have` and `job.nice_to_have` should be prefetched.
    """
    result = Match(score=0)
    shares = []
    for kind, skills, weight in (
        ("must", list(job.must_have.all()), 70),
        ("nice", list(job.nice_to_have.all()), 20),
    ):
        found = 0
        for skill in skills:
            where = find_skill(skill, text)
            if where is None:
                result.missing.append({"term": skill.name, "kind": kind})
            else:
                found += 1
                snippet, form = where
                result.matched.append(
                    {"term": skill.name, "kind": kind, "snippet": snippet, "found_as": form}
                )
        shares.append(weight * (found / len(skills) if skills else 1))
    result.meets = {
        "education": _education_meets(job, education),
        "experience": job.experience_years is None
        or (years_experience is not None and years_experience >= job.experience_years),
        "city": _city_meets(job, city),
    }
    shares += [
        4 * result.meets["education"],
        3 * result.meets["experience"],
        3 * result.meets["city"],
    ]
    result.score = round(sum(shares))
    return result


def best_job(jobs, **answers) -> tuple[Job, Match] | None:
    """The job of `jobs` the application matches best (ties: the first), with its match."""
    best = None
    for job in jobs:
        found = match(job, **answers)
        if best is None or found.score > best[1].score:
            best = (job, found)
    return best


def jobs_with_requirements(queryset):
    return queryset.prefetch_related(
        Prefetch("must_have", queryset=Skill.objects.order_by("name")),
        Prefetch("nice_to_have", queryset=Skill.objects.order_by("name")),
    )


MATCH_FIELDS = ["match_score", "match", "meets_must_haves", "suggested_job"]
ANSWER_FIELDS = [
    "pk",
    "job_id",
    "campaign_id",
    "extracted_text",
    "education",
    "years_experience",
    "city",
]


def _store(application, found, *, suggest: bool) -> None:
    """Put the best match of `found` ((job, match) or None) on the application (unsaved)."""
    job, result = found if found else (None, None)
    application.match_score = result.score if result else None
    application.match = result.as_json() if result else None
    application.meets_must_haves = result.meets_must_haves if result else None
    application.suggested_job = job if suggest else None


def _best(application, jobs):
    return best_job(
        jobs,
        text=application.extracted_text,
        education=application.education,
        years_experience=application.years_experience,
        city=application.city,
    )


def application_match(application_id: int) -> int | None:
    """Match one application against its job, or, without one, against every job of its
    campaign (the best becoming its suggested job); store the result. The score, or None
    when there is nothing to match against."""
    application = Application.objects.filter(pk=application_id).only(*ANSWER_FIELDS).first()
    if application is None:
        return None
    jobs = jobs_with_requirements(Job.objects.all())
    if application.job_id:
        jobs = jobs.filter(pk=application.job_id)
    else:
        jobs = jobs.filter(campaigns=application.campaign_id).order_by("pk")
    _store(application, _best(application, jobs), suggest=not application.job_id)
    application.save(update_fields=MATCH_FIELDS)
    return application.match_score


def _write(batch) -> None:
    """Store the matches of `batch`. Django's `bulk_update` writes a CASE per row and
    field: in batches of a few hundred its statements stay cheap to plan."""
    Application.objects.bulk_update(batch, MATCH_FIELDS, batch_size=250)


def _match_many(applications, jobs, *, suggest: bool) -> int:
    done, batch = 0, []
    for application in applications.only(*ANSWER_FIELDS).iterator(chunk_size=1000):
        _store(application, _best(application, jobs), suggest=suggest)
        batch.append(application)
        if len(batch) == 1000:
            _write(batch)
            done, batch = done + len(batch), []
    _write(batch)
    return done + len(batch)


def job_rematch(job_id: int) -> int:
    """Match again the applications a job's requirements concern: those to the job, and
    those without a job in its campaigns (their suggested job may change). How many."""
    job = jobs_with_requirements(Job.objects.filter(pk=job_id)).first()
    if job is None:
        return 0
    processed = Application.objects.filter(processed_at__isnull=False)
    done = _match_many(processed.filter(job=job), [job], suggest=False)
    for campaign_id in job.campaigns.values_list("pk", flat=True):
        jobs = list(
            jobs_with_requirements(Job.objects.filter(campaigns=campaign_id)).order_by("pk")
        )
        without_job = processed.filter(campaign_id=campaign_id, job__isnull=True)
        done += _match_many(without_job, jobs, suggest=True)
    return done
