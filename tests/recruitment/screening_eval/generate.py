"""The screening evaluation set: synthetic résumés written for the five demo jobs.

    .venv/bin/python tests/recruitment/screening_eval/generate.py OUT_DIR

writes the résumés (English as PDF and Word, Chinese as Word) and `labels.csv`
(file, language, case, and for each demo job whether the candidate is fit for
it). The labels are written by hand in the personas below: each persona says
which jobs its candidate is fit for, from what the candidate really has — never
from running the matcher. A fixed seed makes every run write the same files.

A candidate is fit for a job when they really have every must-have skill of it.
The hard cases: synonyms (BMS, ML, ADAS, OLED), the other language (机器学习,
嵌入式), skills denied ("no experience in X", "不熟悉X", "对X不熟悉"), words that
look like a denial but are not ("无锡", "未来", "not only"), a skill followed by a
digit or a plural ("C++17", "battery packs"), keyword stuffing (a near miss
repeating the job's words they have 50 times, or writing the must-have they lack
in white: in the file's text layer, unseen by a reader) and résumés for one job
that mention another job's keyword.
"""

import csv
import io
import random
import re
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

SEED = 18
AD = "changan-autonomous-driving-engineer"
BAT = "changan-battery-systems-engineer"
DISP = "boe-display-process-engineer"
CV = "cloudwalk-computer-vision-researcher"
QA = "ats-pcb-quality-engineer"
JOBS = [AD, BAT, DISP, CV, QA]


@dataclass
class Persona:
    """One kind of candidate. `en`/`zh`: the résumé's lines in that language ("[a|b]"
    picks one way of writing; {name}, {years}, {company}, {uni} are filled in).
    `fit`: the jobs this candidate is fit for, by hand. `stuff`: words stuffed in,
    `how`: "repeat" (50 times, visible) or "white" (white text)."""

    case: str
    target: str
    fit: set
    en: list | None = None
    zh: list | None = None
    education: str = "bachelor"
    years: tuple = (3, 8)
    copies: int = 3
    stuff: str = ""
    how: str = ""


P = Persona
PERSONAS = [
    # --- autonomous driving: C++, autonomous driving, sensor fusion -------------------
    P(
        "strong",
        AD,
        {AD},
        en=[
            "{name} - autonomous driving software engineer, {years} years at {company}",
            "Built [autonomous driving|self-driving|ADAS] perception in modern [C++|C++14|C++17] "
            "on Linux.",
            "Camera, lidar and radar [sensor fusion|multi-sensor fusion] with Kalman filters.",
            "Tools: ROS, Python, [deep learning|PyTorch deep learning].",
            "Education: master of control engineering, {uni}.",
        ],
        zh=[
            "{name} 自动驾驶软件工程师 {years}年经验 {company}",
            "负责[自动驾驶|智能驾驶]感知模块开发，精通C++，熟悉ROS与Python。",
            "完成激光雷达与摄像头[多传感器融合|传感器融合]算法，应用深度学习目标检测。",
            "教育：{uni} 控制工程硕士。",
        ],
        education="master",
        copies=6,
    ),
    P(
        "borderline: must-haves only",
        AD,
        {AD},
        en=[
            "{name} - planning engineer, {years} years",
            "Motion planning for an ADAS highway pilot, written in C++.",
            "Integrated the sensor fusion output into the planner.",
        ],
        zh=[
            "{name} 规划控制工程师",
            "在{company}从事智能驾驶规划控制，使用C++开发，对接多传感器融合模块。",
        ],
        education="master",
        copies=3,
    ),
    P(
        "borderline: robotics words",
        AD,
        {AD},
        en=[
            "{name} - robotics engineer",
            "Self-driving delivery robots: localisation and sensor fusion in C++11, "
            "not only C++ but also Python and ROS.",
        ],
        education="master",
        copies=3,
    ),
    P(
        "Chinese words that look like a denial",
        AD,
        {AD},
        zh=[
            "{name} 无人驾驶感知工程师 {years}年",
            "在无锡某车企负责自动驾驶感知开发，面向未来的多传感器融合平台，使用C++与Python。",
        ],
        education="master",
        copies=3,
    ),
    P(
        "unfit: denies sensor fusion",
        AD,
        set(),
        en=[
            "{name} - embedded C++ developer, {years} years at {company}",
            "Infotainment software in C++. Keen on autonomous driving, "
            "but no experience in sensor fusion yet.",
        ],
        zh=[
            "{name} 车载软件工程师",
            "熟悉C++和自动驾驶仿真测试，对传感器融合不熟悉。",
        ],
        copies=3,
    ),
    P(
        "unfit: no autonomous driving",
        AD,
        set(),
        en=[
            "{name} - game engine programmer, {years} years",
            "Rendering and physics in C++, tools in Python, some deep learning for animation.",
        ],
        zh=["{name} 游戏引擎开发", "使用C++开发渲染与物理引擎，熟悉Python。"],
        copies=2,
    ),
    P(
        "unfit: own words repeated 50 times",
        AD,
        set(),
        en=[
            "{name} - game engine programmer, {years} years",
            "Rendering in C++, tools in Python.",
        ],
        zh=["{name} 游戏引擎开发", "使用C++开发渲染引擎，熟悉Python与ROS。"],
        stuff="C++ autonomous driving ROS Python deep learning",
        how="repeat",
    ),
    P(
        "unfit: the missing must-have in white",
        AD,
        set(),
        en=["{name} - embedded C++ developer, {years} years", "Infotainment software in C++."],
        stuff="autonomous driving sensor fusion ROS Python deep learning",
        how="white",
    ),
    # --- battery systems: battery management system, battery pack -------------------
    P(
        "strong",
        BAT,
        {BAT},
        en=[
            "{name} - battery systems engineer, {years} years at {company}",
            "Designed [battery management system|BMS] hardware and [embedded|embedded C] "
            "firmware for [battery pack|power battery] products.",
            "Thermal management of the pack, FMEA for every release.",
            "Education: bachelor of electrical engineering, {uni}.",
        ],
        zh=[
            "{name} 电池系统工程师 {years}年 {company}",
            "负责[电池管理系统|BMS]开发与[动力电池|电池包]设计验证，熟悉嵌入式软件与热管理。",
            "教育：{uni} 电气工程本科。",
        ],
        copies=6,
    ),
    P(
        "borderline: synonyms and plurals",
        BAT,
        {BAT},
        en=[
            "{name} - BMS engineer",
            "Validated BMS boards on battery packs for two EV platforms; cell balancing.",
        ],
        zh=["{name} BMS工程师", "在无锡电池厂从事BMS测试，负责动力电池包的验证。"],
        copies=3,
    ),
    P(
        "borderline: mentions computer vision once",
        BAT,
        {BAT},
        en=[
            "{name} - pack engineer, {years} years",
            "Battery pack mechanical design, battery management system integration; "
            "wrote a small computer vision script to inspect welds.",
        ],
        copies=2,
    ),
    P(
        "unfit: no experience in BMS",
        BAT,
        set(),
        en=[
            "{name} - mechanical engineer, {years} years",
            "Battery pack enclosures and thermal management. "
            "No experience in battery management system software.",
        ],
        zh=["{name} 结构工程师", "负责电池包结构与热管理设计，没有电池管理系统开发经验。"],
        copies=3,
    ),
    P(
        "unfit: embedded, not batteries",
        BAT,
        set(),
        en=["{name} - embedded developer", "Embedded firmware for PLC modules; FMEA."],
        zh=["{name} 嵌入式工程师", "从事嵌入式系统与可编程逻辑控制器开发。"],
        copies=2,
    ),
    P(
        "unfit: own words repeated 50 times",
        BAT,
        set(),
        en=["{name} - mechanical engineer, {years} years", "Battery pack enclosures."],
        zh=["{name} 结构工程师", "负责电池包结构设计。"],
        stuff="battery pack thermal management embedded FMEA",
        how="repeat",
    ),
    P(
        "unfit: the missing must-have in white",
        BAT,
        set(),
        en=["{name} - mechanical engineer, {years} years", "Battery pack enclosures."],
        stuff="battery management system thermal management embedded FMEA",
        how="white",
    ),
    # --- display process: AMOLED, process engineering -------------------------------
    P(
        "strong",
        DISP,
        {DISP},
        en=[
            "{name} - display process engineer, {years} years at {company}",
            "[AMOLED|flexible AMOLED|OLED] evaporation line: "
            "[process engineering|process optimization|process optimisation] and "
            "[yield improvement|yield] from 72% to 88%.",
            "Six sigma green belt, SPC charts for every station.",
            "Education: bachelor of materials science, {uni}.",
        ],
        zh=[
            "{name} 显示工艺工程师 {years}年",
            "在{company}负责柔性AMOLED产线[工艺优化|工艺工程]，实现[良率提升|良率]15%。",
            "熟悉六西格玛与SPC。教育：{uni} 材料本科。",
        ],
        copies=6,
    ),
    P(
        "borderline: OLED synonym",
        DISP,
        {DISP},
        en=["{name} - OLED engineer", "OLED panel process optimization on the array line."],
        zh=["{name} OLED工艺", "负责OLED面板工艺优化。"],
        copies=3,
    ),
    P(
        "borderline: mentions quality control once",
        DISP,
        {DISP},
        en=[
            "{name} - process engineer, {years} years",
            "AMOLED process engineering; worked with quality control on incoming glass.",
        ],
        copies=2,
    ),
    P(
        "unfit: LCD only, denies AMOLED",
        DISP,
        set(),
        en=[
            "{name} - LCD process engineer",
            "TFT-LCD process engineering and yield improvement. Never worked on AMOLED.",
        ],
        zh=["{name} LCD工艺工程师", "负责TFT-LCD工艺优化与良率提升，不熟悉AMOLED。"],
        copies=3,
    ),
    P(
        "unfit: display sales",
        DISP,
        set(),
        en=["{name} - account manager", "Sold AMOLED panels to phone makers; six sigma course."],
        zh=["{name} 销售经理", "负责AMOLED面板销售。"],
        copies=2,
    ),
    P(
        "unfit: own words repeated 50 times",
        DISP,
        set(),
        en=["{name} - LCD process engineer, {years} years", "TFT-LCD process engineering."],
        zh=["{name} LCD工艺工程师", "负责TFT-LCD工艺优化。"],
        stuff="process engineering yield improvement six sigma SPC",
        how="repeat",
    ),
    P(
        "unfit: the missing must-have in white",
        DISP,
        set(),
        en=["{name} - LCD process engineer, {years} years", "TFT-LCD process engineering."],
        stuff="AMOLED OLED yield improvement six sigma SPC",
        how="white",
    ),
    # --- computer vision: computer vision, deep learning, Python ---------------------
    P(
        "strong",
        CV,
        {CV},
        en=[
            "{name} - computer vision researcher, PhD, {uni}",
            "[Computer vision|Image recognition|CV] research: face recognition and scene "
            "understanding with [deep learning|DL].",
            "Python and PyTorch every day, CUDA kernels in C++; [machine learning|ML] "
            "fundamentals.",
            "Six papers at CVPR and ICCV.",
        ],
        zh=[
            "{name} 计算机视觉研究员 {uni} 博士",
            "研究方向：[计算机视觉|图像识别]与[深度学习|DL]，人脸识别与场景理解。",
            "熟练使用Python与PyTorch，熟悉机器学习与C++。",
        ],
        education="doctorate",
        years=(0, 4),
        copies=6,
    ),
    P(
        "borderline: other language and synonyms",
        CV,
        {CV},
        en=["{name} - PhD candidate", "Image recognition with DL, code in python3."],
        zh=["{name} 博士", "研究图像识别与DL，使用python3。"],
        education="doctorate",
        years=(0, 2),
        copies=3,
    ),
    P(
        "unfit: machine learning without vision",
        CV,
        set(),
        en=[
            "{name} - data scientist, {years} years",
            "Machine learning and deep learning for credit risk, in Python. "
            "No experience in computer vision.",
        ],
        zh=["{name} 数据科学家", "熟悉机器学习与深度学习，使用Python，没有计算机视觉经验。"],
        education="master",
        copies=3,
    ),
    P(
        "unfit: vision without deep learning",
        CV,
        set(),
        en=["{name} - machine vision technician", "Computer vision inspection with Halcon; PLC."],
        zh=["{name} 视觉工程师", "使用Halcon做计算机视觉检测，不会深度学习，不懂Python。"],
        copies=2,
    ),
    P(
        "unfit: own words repeated 50 times",
        CV,
        set(),
        en=["{name} - data scientist, {years} years", "Deep learning for credit risk, Python."],
        zh=["{name} 数据科学家", "使用Python做深度学习风控模型。"],
        stuff="deep learning Python PyTorch C++ machine learning",
        how="repeat",
    ),
    P(
        "unfit: the missing must-have in white",
        CV,
        set(),
        en=["{name} - data scientist, {years} years", "Deep learning for credit risk, Python."],
        stuff="computer vision image recognition PyTorch C++ machine learning",
        how="white",
    ),
    # --- IC substrate quality: quality control, IC substrate -------------------------
    P(
        "strong",
        QA,
        {QA},
        en=[
            "{name} - quality engineer, {years} years at {company}",
            "[Quality control|QC] of [IC substrate|package substrate] lines: "
            "SPC, FMEA and six sigma projects.",
            "Education: bachelor of electronic engineering, {uni}.",
        ],
        zh=[
            "{name} 质量工程师 {years}年 {company}",
            "负责[IC载板|封装基板][质量控制|品质管控]，熟悉SPC、FMEA与六西格玛。",
            "教育：{uni} 电子工程本科。",
        ],
        copies=6,
    ),
    P(
        "borderline: package substrate and QC",
        QA,
        {QA},
        en=["{name} - QC engineer", "QC on package substrate production."],
        zh=["{name} 品质工程师", "在无锡封装基板工厂负责品质管控。"],
        copies=3,
    ),
    P(
        "borderline: mentions Python once",
        QA,
        {QA},
        en=[
            "{name} - quality engineer",
            "Quality control for IC substrate lines; Python scripts for SPC reports.",
        ],
        copies=2,
    ),
    P(
        "unfit: PCB assembly, not substrates",
        QA,
        set(),
        en=[
            "{name} - PCB assembly quality engineer, {years} years",
            "Quality control of SMT lines; six sigma. Not familiar with IC substrate.",
        ],
        zh=["{name} 质量工程师", "负责SMT产线质量控制，不熟悉IC载板。"],
        copies=3,
    ),
    P(
        "unfit: substrate process without quality",
        QA,
        set(),
        en=["{name} - process technician", "IC substrate plating line operator; FMEA training."],
        zh=["{name} 工艺技术员", "IC载板电镀线操作。"],
        copies=2,
    ),
    P(
        "unfit: own words repeated 50 times",
        QA,
        set(),
        en=["{name} - SMT quality engineer, {years} years", "Quality control of SMT lines."],
        zh=["{name} 质量工程师", "负责SMT产线质量控制。"],
        stuff="quality control SPC FMEA six sigma",
        how="repeat",
    ),
    P(
        "unfit: the missing must-have in white",
        QA,
        set(),
        en=["{name} - SMT quality engineer, {years} years", "Quality control of SMT lines."],
        stuff="IC substrate SPC FMEA six sigma",
        how="white",
    ),
    # --- fit for two jobs, and for none -----------------------------------------------
    P(
        "fit for two: vision and driving",
        CV,
        {CV, AD},
        en=[
            "{name} - perception researcher, PhD",
            "Computer vision and deep learning for autonomous driving, in Python and C++; "
            "camera-lidar sensor fusion.",
        ],
        zh=[
            "{name} 感知算法博士",
            "研究自动驾驶中的计算机视觉与深度学习，Python、C++，传感器融合。",
        ],
        education="doctorate",
        years=(2, 5),
        copies=2,
    ),
    P(
        "unfit for all: other trades",
        "",
        set(),
        en=[
            "{name} - [HR specialist|civil engineer|chef|lawyer|nurse], {years} years",
            "Reliable, organised, [team player|fast learner].",
        ],
        zh=["{name} [人事专员|土木工程师|厨师|律师|护士] {years}年", "认真负责，善于沟通。"],
        copies=6,
    ),
]

NAMES_EN = [
    "Li Na",
    "Wang Wei",
    "Zhang Min",
    "Liu Yang",
    "Chen Jie",
    "Yang Fan",
    "Zhao Lei",
    "Huang Ying",
    "Zhou Tao",
    "Wu Xia",
    "Xu Bo",
    "Sun Li",
    "Ma Chao",
    "Hu Jing",
]
NAMES_ZH = ["李娜", "王伟", "张敏", "刘洋", "陈杰", "杨帆", "赵磊", "黄莹", "周涛", "吴霞"]
COMPANIES = ["Chongqing Auto Parts", "Yubei Electronics", "Sichuan Tech", "Xi'an Motors"]
COMPANIES_ZH = ["重庆某汽车零部件公司", "渝北电子", "成都某科技公司", "西安某汽车公司"]
UNIS = ["Chongqing University", "Sichuan University", "Tongji University", "HUST"]
UNIS_ZH = ["重庆大学", "四川大学", "同济大学", "华中科技大学"]


@dataclass
class Resume:
    file: str
    language: str
    case: str
    target: str
    fit: set
    data: bytes
    education: str
    years: int
    city: str
    stuffed: str = ""
    extra: dict = field(default_factory=dict)


def _fill(line: str, rng: random.Random, words: dict) -> str:
    line = re.sub(r"\[([^\]]+)\]", lambda m: rng.choice(m.group(1).split("|")), line)
    return line.format(**words)


def resumes(seed: int = SEED) -> list[Resume]:
    """Every résumé of the set, the same for the same seed."""
    rng = random.Random(seed)
    out = []
    for number, persona in enumerate(PERSONAS):
        for language in ("en", "zh"):
            lines = getattr(persona, language)
            if not lines:
                continue
            for copy in range(persona.copies):
                zh = language == "zh"
                years = rng.randint(*persona.years)
                words = {
                    "name": rng.choice(NAMES_ZH if zh else NAMES_EN),
                    "years": years,
                    "company": rng.choice(COMPANIES_ZH if zh else COMPANIES),
                    "uni": rng.choice(UNIS_ZH if zh else UNIS),
                }
                text = [_fill(line, rng, words) for line in lines]
                # English as PDF and Word in turn; Chinese as Word (the PDFs written
                # here carry Latin text only); white text needs a PDF or Word run.
                kind = "pdf" if not zh and copy % 2 == 0 else "docx"
                hidden = []
                if persona.how == "repeat":
                    text.append(" ".join([persona.stuff] * 50))
                elif persona.how == "white":
                    hidden = [persona.stuff]
                data = pdf(text, hidden) if kind == "pdf" else docx(text, hidden)
                out.append(
                    Resume(
                        file=f"{number:02d}-{language}-{copy}.{kind}",
                        language=language,
                        case=persona.case,
                        target=persona.target,
                        fit=set(persona.fit),
                        data=data,
                        education=persona.education,
                        years=years,
                        city=rng.choice(["Chongqing", "重庆", "Chengdu", "Chongqing"]),
                        stuffed=persona.how,
                    )
                )
    return out


def _pdf_string(text: str) -> bytes:
    raw = text.encode("latin-1", "replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def pdf(lines: list[str], hidden: list[str] = ()) -> bytes:
    """A one-page PDF, a line of Helvetica per line; `hidden` lines in white."""
    ops = [b"BT /F1 10 Tf 12 TL 50 760 Td"]
    for line in lines:
        for start in range(0, len(line), 90):  # long lines wrap
            ops.append(_pdf_string(line[start : start + 90]) + b" Tj T*")
    ops.append(b"ET")
    if hidden:
        ops.append(b"1 1 1 rg BT /F1 4 Tf 50 40 Td")
        ops += [_pdf_string(line) + b" Tj" for line in hidden]
        ops.append(b"ET 0 0 0 rg")
    stream = b"\n".join(ops)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)


def docx(lines: list[str], hidden: list[str] = ()) -> bytes:
    """A Word document, a paragraph per line; `hidden` paragraphs in white."""
    white = '<w:rPr><w:color w:val="FFFFFF"/><w:sz w:val="4"/></w:rPr>'
    body = "".join(f"<w:p><w:r><w:t>{escape(line)}</w:t></w:r></w:p>" for line in lines)
    body += "".join(f"<w:p><w:r>{white}<w:t>{escape(line)}</w:t></w:r></w:p>" for line in hidden)
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f"<w:document {W}><w:body>{body}</w:body></w:document>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, part in [
            ("[Content_Types].xml", CONTENT_TYPES),
            ("_rels/.rels", RELS),
            ("word/document.xml", document),
        ]:  # a fixed date: the same bytes every run
            info = zipfile.ZipInfo(name, date_time=(2020, 6, 5, 15, 0, 0))
            archive.writestr(info, part, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def write(directory: Path, seed: int = SEED) -> list[Resume]:
    """The résumés and labels.csv written to `directory`."""
    directory.mkdir(parents=True, exist_ok=True)
    items = resumes(seed)
    with (directory / "labels.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["file", "language", "case", "written_for", *JOBS])
        for item in items:
            (directory / item.file).write_bytes(item.data)
            fit = ["true" if job in item.fit else "false" for job in JOBS]
            writer.writerow([item.file, item.language, item.case, item.target, *fit])
    return items


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__.split("\n\n")[1])
    written = write(Path(sys.argv[1]))
    print(f"{len(written)} résumés and labels.csv in {sys.argv[1]}")
