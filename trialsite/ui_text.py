"""Every interface string of the site, in every language. A missing translation fails the build."""

from __future__ import annotations

from typing import Any

LANGUAGES = ("en", "zh")

UI: dict[str, dict[str, str]] = {
    # trial page
    "not_reported": {"en": "not reported", "zh": "未报告"},
    "key_facts": {"en": "Key facts", "zh": "基本信息"},
    "summary": {"en": "Summary", "zh": "概述"},
    "eligibility": {"en": "Eligibility criteria", "zh": "入选和排除标准"},
    "inclusion": {"en": "Inclusion criteria", "zh": "入选标准"},
    "exclusion": {"en": "Exclusion criteria", "zh": "排除标准"},
    "plain_version": {"en": "In plain words", "zh": "通俗解释"},
    "note": {"en": "Note", "zh": "注"},
    "locations": {"en": "Locations", "zh": "研究中心"},
    "locations_count": {"en": "{count} sites", "zh": "共{count}个研究中心"},
    "site_count": {"en": "{count} sites", "zh": "{count}个研究中心"},
    "facility": {"en": "Facility", "zh": "机构"},
    "state_not_reported": {"en": "Province or state not reported", "zh": "省/州未报告"},
    "city_not_reported": {"en": "City not reported", "zh": "城市未报告"},
    "country_not_reported": {"en": "Country not reported", "zh": "国家未报告"},
    "site_contacts": {"en": "Contacts", "zh": "联系人"},
    "contacts": {"en": "Contacts", "zh": "联系方式"},
    "contact_as_listed": {"en": "Contact as listed by the source", "zh": "来源列出的联系人"},
    "phone": {"en": "Phone", "zh": "电话"},
    "email": {"en": "E-mail", "zh": "电子邮箱"},
    "officials": {"en": "Trial officials", "zh": "试验负责人"},
    "sponsor": {"en": "Sponsor", "zh": "申办方"},
    "collaborators": {"en": "Collaborators", "zh": "合作单位"},
    "last_known_status": {"en": "last known status: {status}", "zh": "最后已知状态：{status}"},
    "why_stopped": {"en": "reason given", "zh": "注明的原因"},
    "source": {"en": "Source", "zh": "信息来源"},
    "source_as_of": {"en": "Information current as of {date}.", "zh": "信息截至{date}。"},
    "registry_ids": {"en": "Registry numbers", "zh": "注册号"},
    "title": {"en": "Title", "zh": "标题"},
    "acronym": {"en": "Acronym", "zh": "简称"},
    "status": {"en": "Status", "zh": "状态"},
    "status_as_of": {"en": "as of {date}", "zh": "截至{date}"},
    "conditions": {"en": "Conditions", "zh": "研究疾病"},
    "interventions": {"en": "Intervention", "zh": "干预措施"},
    "phase": {"en": "Phase", "zh": "试验分期"},
    "enrollment": {"en": "Participants", "zh": "受试者人数"},
    "enrollment_estimated": {"en": "{count} (estimated)", "zh": "{count}（预计）"},
    "enrollment_actual": {"en": "{count} (actual)", "zh": "{count}（实际）"},
    "sex": {"en": "Sex", "zh": "性别"},
    "ages": {"en": "Ages", "zh": "年龄"},
    "age_range": {"en": "{min} to {max} {unit}", "zh": "{min}至{max}{unit}"},
    "age_min_only": {"en": "{min} {unit} and older", "zh": "{min}{unit}及以上"},
    "age_max_only": {"en": "up to {max} {unit}", "zh": "{max}{unit}及以下"},
    "age_any": {"en": "any age", "zh": "不限"},
    "healthy_volunteers": {"en": "Healthy volunteers", "zh": "是否接受健康志愿者"},
    "yes": {"en": "Yes", "zh": "是"},
    "no": {"en": "No", "zh": "否"},
    "first_submitted": {"en": "First submitted", "zh": "首次提交日期"},
    "launched": {"en": "Launched", "zh": "启动日期"},
    "updated": {"en": "Last updated", "zh": "最近更新"},
    "estimated_completion": {"en": "Estimated completion", "zh": "预计完成日期"},
    "dates": {"en": "Dates", "zh": "日期"},
    "disclaimer_title": {"en": "Medical disclaimer", "zh": "医学免责声明"},
    "disclaimer": {
        "en": "This page describes a research study; it is not medical advice. Only the study team can decide "
        "whether someone can take part, after a medical assessment. Talk to your own doctor before making any "
        "decision about your treatment.",
        "zh": "本页介绍的是一项临床研究，不构成医疗建议。能否参加研究只能由研究团队在医学评估后决定。"
        "在对治疗作出任何决定之前，请先咨询您的主治医生。",
    },
    "selfcheck_call": {"en": "Could I take part? Check the criteria privately", "zh": "我能参加吗？私密自查入选条件"},
    "selfcheck_call_help": {
        "en": "Answer plain questions; your answers are checked on your own device and never sent anywhere.",
        "zh": "回答几个简单的问题；答案只在您自己的设备上核对，不会发送到任何地方。",
    },
    "trials": {"en": "Trials", "zh": "临床试验"},
    "no_trials": {"en": "No trials are published yet.", "zh": "暂无已发布的试验。"},
    "cities": {"en": "Cities", "zh": "城市"},
    "view_trial": {"en": "View the trial", "zh": "查看试验详情"},
    "registry_provenance": {"en": "Where this number comes from", "zh": "注册号来源"},
    # statuses
    "status_not_yet_recruiting": {"en": "Not yet recruiting", "zh": "尚未招募"},
    "status_recruiting": {"en": "Recruiting", "zh": "正在招募"},
    "status_enrolling_by_invitation": {"en": "Enrolling by invitation", "zh": "仅限受邀者入组"},
    "status_active_not_recruiting": {"en": "Active, not recruiting", "zh": "进行中，不再招募"},
    "status_suspended": {"en": "Suspended", "zh": "已暂停"},
    "status_terminated": {"en": "Terminated", "zh": "已终止"},
    "status_completed": {"en": "Completed", "zh": "已完成"},
    "status_withdrawn": {"en": "Withdrawn", "zh": "已撤回"},
    "status_unknown": {"en": "Status unknown", "zh": "状态不明"},
    # phases
    "phase_early_phase_1": {"en": "Early phase 1", "zh": "早期I期"},
    "phase_phase_1": {"en": "Phase 1", "zh": "I期"},
    "phase_phase_1_2": {"en": "Phase 1/2", "zh": "I/II期"},
    "phase_phase_2": {"en": "Phase 2", "zh": "II期"},
    "phase_phase_2_3": {"en": "Phase 2/3", "zh": "II/III期"},
    "phase_phase_3": {"en": "Phase 3", "zh": "III期"},
    "phase_phase_4": {"en": "Phase 4", "zh": "IV期"},
    "phase_not_applicable": {"en": "Not applicable", "zh": "不适用"},
    "phase_not_reported": {"en": "not reported", "zh": "未报告"},
    # sexes
    "sex_all": {"en": "All", "zh": "不限"},
    "sex_female": {"en": "Female", "zh": "女性"},
    "sex_male": {"en": "Male", "zh": "男性"},
    # age units
    "unit_years": {"en": "years", "zh": "岁"},
    "unit_months": {"en": "months", "zh": "个月"},
    "unit_weeks": {"en": "weeks", "zh": "周"},
    "unit_days": {"en": "days", "zh": "天"},
    # official roles
    "role_study_chair": {"en": "Study chair", "zh": "研究主席"},
    "role_study_director": {"en": "Study director", "zh": "研究负责人"},
    "role_principal_investigator": {"en": "Principal investigator", "zh": "主要研究者"},
    "role_sub_investigator": {"en": "Sub-investigator", "zh": "协助研究者"},
    # self-check page
    "selfcheck_title": {"en": "Eligibility self-check", "zh": "入选条件自查"},
    "selfcheck_intro": {
        "en": "Answer the questions you can; choose \u201cI don't know\u201d for the others. The trial's criteria are "
        "checked on this device by a program that runs in your browser: nothing you enter is sent anywhere.",
        "zh": "请尽量回答下列问题，不确定的请选择“不知道”。试验的入选和排除标准由在您浏览器中运行的程序在本机核对，"
        "您填写的任何内容都不会被发送出去。",
    },
    "selfcheck_who_decides": {
        "en": "The result can only say that you may be eligible. Whether you can take part is decided by the "
        "study team after a medical assessment.",
        "zh": "自查结果最多只能说明您可能符合条件。能否参加试验由研究团队在医学评估后决定。",
    },
    "dont_know": {"en": "I don't know", "zh": "不知道"},
    "unit": {"en": "Unit", "zh": "单位"},
    "asked_only_if": {"en": "Asked only when it applies to you.", "zh": "仅在适用于您时才需回答。"},
    "criterion_in_question": {"en": "Criterion", "zh": "标准"},
    "result_heading": {"en": "Your result", "zh": "自查结果"},
    "engine_loading": {
        "en": "Loading the checker on your device\u2026 You can start answering now.",
        "zh": "正在您的设备上加载核对程序……您现在就可以开始作答。",
    },
    "noscript": {
        "en": "The automatic check needs JavaScript. You can still print this page and use it as a checklist "
        "with the criteria on the trial page.",
        "zh": "自动核对需要启用JavaScript。您仍可打印本页，对照试验页面上的标准逐项核对。",
    },
    "engine_failed": {
        "en": "The automatic check could not start ({error}). You can still print this page as a checklist.",
        "zh": "自动核对无法启动（{error}）。您仍可将本页打印出来作为核对清单使用。",
    },
    "clear_answers": {"en": "Clear my answers", "zh": "清除我的回答"},
    "print_answers": {"en": "Print or save my answers", "zh": "打印或保存我的回答"},
    "back_to_trial": {"en": "Back to the trial", "zh": "返回试验页面"},
    "duration_months": {"en": "months", "zh": "个月"},
    "duration_years": {"en": "years", "zh": "年"},
    "duration_weeks": {"en": "weeks", "zh": "周"},
    "duration_days": {"en": "days", "zh": "天"},
    # results (shared by the command line and the self-check page)
    "verdict_may_be_eligible": {
        "en": "You may be eligible. Nothing you answered rules you out. Contact a listed site: the study team "
        "decides whether you can take part.",
        "zh": "您可能符合条件。您的回答中没有发现使您不能参加的情况。请联系所列的研究中心，能否参加由研究团队决定。",
    },
    "verdict_not_eligible": {
        "en": "From your answers, you do not appear to meet the criteria below. Only the study team can confirm "
        "this; talk to your doctor about other options.",
        "zh": "根据您的回答，您似乎不符合参加条件，原因见下列标准。"
        "此结论只能由研究团队确认；请与您的医生讨论其他选择。",
    },
    "verdict_incomplete": {
        "en": "Nothing so far rules you out, but some answers are still needed to check every criterion.",
        "zh": "目前没有发现不符合的项目，但还需要回答一些问题才能核对全部标准。",
    },
    "verdict_incomplete_unclear": {
        "en": "Nothing you answered rules you out, but the trial's wording is unclear for your answers, so the study "
        "team must decide. Contact a listed site.",
        "zh": "您的回答中没有发现使您不能参加的情况，但试验标准的措辞对您的情况含义不明，需由研究团队判断。"
        "请联系所列的研究中心。",
    },
    "verdict_heading_incomplete_unclear": {"en": "The study team must decide", "zh": "需由研究团队判断"},
    "verdict_heading_may_be_eligible": {"en": "You may be eligible", "zh": "您可能符合条件"},
    "verdict_heading_not_eligible": {"en": "You do not appear to be eligible", "zh": "您似乎不符合条件"},
    "verdict_heading_incomplete": {"en": "More answers needed", "zh": "还需要更多回答"},
    "outcome_met": {"en": "met", "zh": "符合"},
    "outcome_not_met": {"en": "not met", "zh": "不符合"},
    "outcome_applies": {"en": "applies", "zh": "存在此情况"},
    "outcome_does_not_apply": {"en": "does not apply", "zh": "无此情况"},
    "outcome_unknown": {"en": "unknown", "zh": "尚不确定"},
    "outcome_team": {"en": "decided by the study team", "zh": "由研究团队判断"},
    "still_needed": {"en": "Still needed", "zh": "还需回答"},
    "reasons": {"en": "Reasons", "zh": "原因"},
    "criteria_results": {"en": "Each criterion", "zh": "逐条结果"},
    "borderline": {
        "en": "Borderline: {label} computed from your values is {value}, within 1 point of the limit {bound}. "
        "The study team will compute it.",
        "zh": "接近界值：根据您的数值计算的{label}为{value}，与界值{bound}相差不超过1分，将由研究团队计算确认。",
    },
    "computed_from_labs": {
        "en": "(computed from the lab values you gave; the study team computes the official value)",
        "zh": "（根据您提供的化验数值计算；正式数值由研究团队计算）",
    },
    "next_contact": {"en": "Next: contact a listed site", "zh": "下一步：联系所列研究中心"},
    "answer_problems": {"en": "Some answers need correcting", "zh": "部分回答需要更正"},
    # structured criteria
    "question_age": {"en": "How old are you?", "zh": "您的年龄是多少？"},
    "question_sex": {"en": "What is your sex?", "zh": "您的性别是？"},
    "structured_age": {"en": "Age: {range} (the registry's age limits)", "zh": "年龄：{range}（注册记录中的年龄限制）"},
    "structured_sex": {
        "en": "Sex: {sex} only (the registry's sex field)",
        "zh": "性别：仅限{sex}（注册记录中的性别字段）",
    },
    # nearest sites
    "nearest_label": {"en": "Sort the sites by distance from", "zh": "按与以下城市的距离排列研究中心"},
    "nearest_choose": {"en": "choose a city", "zh": "请选择城市"},
    "nearest_help": {
        "en": "Straight-line distances from the city you choose, computed on this device; nothing is sent.",
        "zh": "距离为与所选城市之间的直线距离，在本设备上计算，不会发送任何信息。",
    },
    "none_listed": {"en": "None listed.", "zh": "未列出。"},
    # browsing
    "filter_heading": {"en": "Filter the trials", "zh": "筛选试验"},
    "filter_status": {"en": "Status", "zh": "状态"},
    "filter_condition": {"en": "Condition", "zh": "研究疾病"},
    "filter_country": {"en": "Country", "zh": "国家"},
    "filter_state": {"en": "Province or state", "zh": "省/州"},
    "filter_city": {"en": "City", "zh": "城市"},
    "filter_sex": {"en": "Open to", "zh": "接受的性别"},
    "filter_age": {"en": "Accepts my age (years)", "zh": "接受我的年龄（岁）"},
    "filter_any": {"en": "Any", "zh": "不限"},
    "filter_reset": {"en": "Show all trials", "zh": "显示全部试验"},
    "filter_count": {"en": "{shown} of {total} trials shown", "zh": "显示{shown}项试验，共{total}项"},
    "and_more": {"en": "and {count} more", "zh": "等另外{count}个"},
    # pending translations
    "untranslated_inline": {"en": "(not yet translated)", "zh": "（尚未翻译）"},
    "untranslated_block": {
        "en": "Not yet translated: the original English text follows.",
        "zh": "尚未翻译：以下为英文原文。",
    },
    "untranslated_notice": {
        "en": "Parts of this page have not been translated yet; they are shown in English and marked.",
        "zh": "本页部分内容尚未翻译，以英文原文显示并加有标注。",
    },
    # home
    "trial_list_heading": {"en": "Published trials", "zh": "已发布的试验"},
}


def ui(key: str, language: str, **values: Any) -> str:
    """Return the interface string in a language, with `{placeholders}` filled in."""
    return UI[key][language].format(**values)


def missing_translations() -> list[str]:
    """List `key: language` for every string that lacks a language."""
    return [f"{key}: {language}" for key, texts in UI.items() for language in LANGUAGES if not texts.get(language)]
