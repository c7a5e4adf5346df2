"""The importer's own sentences, written in both languages; registry text is never translated here."""

from __future__ import annotations

import calendar
import datetime
from typing import Any

from trialsite.ctgov.values import PartialDate
from trialsite.wording import long_date, ui

Text = dict[str, Any]

REGISTRY = "ClinicalTrials.gov"


def pending(english: str) -> Text:
    """Return registry text: English only, the Chinese marked pending."""
    return {"en": english, "pending": ["zh"]}


def both(english: str, chinese: str) -> Text:
    """Return text the importer writes itself, in both languages."""
    return {"en": english, "zh": chinese}


def provenance(nct_id: str, as_of: datetime.date | None) -> Text:
    """Say where the registry number comes from."""
    if as_of is None:
        return both(
            f"Imported from the ClinicalTrials.gov record {nct_id} (its version date is not reported).",
            f"导入自ClinicalTrials.gov注册记录{nct_id}（版本日期未报告）。",
        )
    return both(
        f"Imported from the ClinicalTrials.gov record {nct_id}, version of {as_of.isoformat()}.",
        f"导入自ClinicalTrials.gov注册记录{nct_id}（{long_date(as_of, 'zh')}版本）。",
    )


def source_name(nct_id: str) -> Text:
    """Name the source of an imported trial."""
    return both(f"ClinicalTrials.gov record {nct_id}", f"ClinicalTrials.gov注册记录{nct_id}")


def source_url(nct_id: str) -> str:
    """Return the public address of a study record."""
    return f"https://clinicaltrials.gov/study/{nct_id}"


INTRO = both(
    "Imported from the registry record. Text from the registry is in English; its Chinese translation is marked as "
    "pending until someone writes it.",
    "本页信息导入自注册记录。来自注册记录的文字为英文，在有人撰写中文译文之前标记为待翻译。",
)
NOT_REPORTED = both("Not reported by the registry", "注册记录未报告")
NO_SUMMARY = both("The registry gives no brief summary.", "注册记录未提供简要概述。")
NO_HEADINGS_NOTE = both(
    "The registry text has no inclusion or exclusion headings, so it is kept whole here as one criterion.",
    "注册记录的文字没有“入选标准”或“排除标准”标题，因此在此作为一条标准完整保留。",
)
BEFORE_HEADINGS_NOTE = both(
    "In the registry text this comes before the inclusion and exclusion headings.",
    "在注册记录的文字中，这段内容位于入选标准和排除标准的标题之前。",
)
CRITERIA_NOTES = {
    "no criteria text": both(
        "The registry gives no eligibility criteria text.", "注册记录未提供入选和排除标准的文字。"
    ),
    "no headings": both(
        "The registry's eligibility text has no inclusion or exclusion headings; it is kept whole as one criterion.",
        "注册记录的入选和排除标准文字没有相应标题，因此作为一条标准完整保留。",
    ),
    "no inclusion section": both(
        "The registry's eligibility text has no inclusion criteria.", "注册记录的入选和排除标准文字中没有入选标准。"
    ),
    "no exclusion section": both(
        "The registry's eligibility text has no exclusion criteria.", "注册记录的入选和排除标准文字中没有排除标准。"
    ),
    "text before the headings": both(
        "Part of the registry's eligibility text comes before its inclusion and exclusion headings (for example a "
        "heading per group of participants); it is kept with the inclusion criteria, each part marked.",
        "注册记录的入选和排除标准文字中，有一部分位于入选和排除标题之前（例如按受试者组别设置的标题）；这部分保留在入选标准中，并逐条标注。",
    ),
    "key criteria only": both(
        "The registry's headings call these the key criteria: the full list in the study protocol may be longer.",
        "注册记录的标题称这些为主要标准：研究方案中的完整标准可能更多。",
    ),
}
IMPORTER_NOTES = (NO_HEADINGS_NOTE, BEFORE_HEADINGS_NOTE)


def heading_note(heading: str) -> Text:
    """Keep the registry heading a criterion sits under, when it says more than "Inclusion Criteria"."""
    return pending(f"Registry heading: {heading}")


def month_or_year(date: PartialDate, language: str) -> str:
    """Write a date that lacks its day: "May 2019" or "2019年5月"."""
    if language == "zh":
        return f"{date.year}年{date.month}月" if date.month else f"{date.year}年"
    return f"{calendar.month_name[date.month]} {date.year}" if date.month else str(date.year)


def any_date(date: PartialDate, language: str) -> str:
    """Write a full or partial date."""
    full = date.full
    if full is None:
        return month_or_year(date, language)
    return long_date(full, "zh") if language == "zh" else full.isoformat()


TYPE_WORDS = {
    "actual": both(" (actual)", "（实际）"),
    "estimated": both(" (estimated)", "（预计）"),
    None: both("", ""),
}
WHAT = {
    "start": both("study start", "研究开始日期"),
    "estimated completion": both("estimated completion date", "预计完成日期"),
}


def partial_date_note(what: str, date: PartialDate, date_type: str | None) -> Text:
    """Say that a date was given without a day and is shown as not reported."""
    kind = TYPE_WORDS[date_type]
    return both(
        f"The registry gives the {WHAT[what]['en']} only as {month_or_year(date, 'en')}{kind['en']}, without a day; "
        "it is shown as not reported.",
        f"注册记录仅给出{WHAT[what]['zh']}为{month_or_year(date, 'zh')}{kind['zh']}，没有具体日期，因此显示为未报告。",
    )


ESTIMATED_START = both("The study start date is the registry's estimate.", "研究开始日期为注册记录中的预计日期。")


def actual_completion_note(date: PartialDate) -> Text:
    """Give the actual completion date, which the page's "estimated completion" cannot hold."""
    return both(
        f"The registry gives the actual completion date: {any_date(date, 'en')}.",
        f"注册记录给出的实际完成日期为{any_date(date, 'zh')}。",
    )


def untyped_completion_note(date: PartialDate) -> Text:
    """Give a completion date the registry does not call actual or estimated."""
    return both(
        f"The registry gives the completion date {any_date(date, 'en')} without saying whether it is actual or "
        "estimated.",
        f"注册记录给出的完成日期为{any_date(date, 'zh')}，但未说明是实际日期还是预计日期。",
    )


def untyped_enrollment_note(count: int) -> Text:
    """Give an enrollment the registry does not call actual or estimated."""
    return both(
        f"The registry gives {count} participants without saying whether the number is actual or estimated, so it "
        "is not shown as the enrollment.",
        f"注册记录给出的受试者人数为{count}，但未说明是实际人数还是预计人数，因此未作为入组人数显示。",
    )


def unknown_status_note(last_known: str | None) -> Text:
    """Explain an unknown status, with the last known one when the registry gives it."""
    english = "ClinicalTrials.gov shows the status as unknown: the sponsor has not verified it recently."
    chinese = "ClinicalTrials.gov将研究状态标为不明：申办方近期未核实状态。"
    if last_known:
        english += f" The last known status was: {ui('status_' + last_known, 'en')}."
        chinese += f"最后已知的状态为：{ui('status_' + last_known, 'zh')}。"
    return both(english, chinese)


def verified_note(date: PartialDate) -> Text:
    """Say when the sponsor last verified the record."""
    return both(
        f"The sponsor last verified the record in {month_or_year(date, 'en')}.",
        f"申办方最近一次核实该记录是在{month_or_year(date, 'zh')}。",
    )


def no_version_note(retrieved: datetime.date) -> Text:
    """Say that the record has no version date: its dates are not reported, and when it was retrieved."""
    return both(
        f"The record carries no version date: the date of its content is not reported. It was retrieved on "
        f"{retrieved.isoformat()}.",
        f"该记录未标明版本日期，其内容的日期未报告。记录获取于{long_date(retrieved, 'zh')}。",
    )


def rounded_ages_note(limits: str) -> Text:
    """Say that age limits were converted to days and rounded outwards."""
    return both(
        f"The registry gives the age limits as {limits}; they are shown in whole days, rounded so that no age the "
        "registry accepts is left out.",
        f"注册记录给出的年龄限制为{limits}；此处以整天显示，并向外取整，以免遗漏注册记录接受的年龄。",
    )


def join_notes(notes: list[Text]) -> Text:
    """Join bilingual sentences into one text."""
    return both(" ".join(note["en"] for note in notes), "".join(note["zh"] for note in notes))
