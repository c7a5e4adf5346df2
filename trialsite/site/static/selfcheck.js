// The self-check page: reads the questionnaire, asks the engine worker for a verdict on every change, and
// shows it. The DOM is built with createElement/textContent only. Answers stay in this tab (sessionStorage).

import { engine } from "./engine-client.js";
import {
  clearForm,
  element,
  fetchJson,
  forgetShared,
  readAnswers,
  rememberShared,
  sharedAnswers,
  showEngineStatus,
  showProblems,
  syncDontKnow,
  writeAnswers,
} from "./form.js";
import { wordsFor } from "./words.js";

const root = document.getElementById("ts-selfcheck");

if (root) {
  start(root).catch((error) => showEngineStatus(`${error}`, true));
}

function showAskedQuestions(form, asked) {
  const visible = new Set(asked);
  for (const fieldset of form.querySelectorAll("fieldset.ts-conditional")) {
    fieldset.hidden = !visible.has(fieldset.dataset.question);
  }
}

/** Return a text in the page's language; a pending translation is the English text, marked and labelled. */
function localized(text, language, t) {
  const span = element("span", {}, text[language]);
  if (!(text.pending || []).includes(language)) return span;
  span.lang = "en";
  return element("span", { className: "ts-untranslated" }, span, " ", element("small", {}, t("untranslated_inline")));
}

const STATUS_ICONS = { met: "✓", does_not_apply: "✓", not_met: "✗", applies: "✗", unknown: "?", team: "…" };

function criterionName(criterion, t) {
  if (criterion.number === 0) return t("criterion_structured", criterion);
  return t(`criterion_${criterion.section}`, criterion);
}

function renderResult(result, context) {
  const { words, language, bundle, trialUrl, answers } = context;
  const { t } = words;
  const criteria = new Map(bundle.criteria.map((criterion) => [criterion.id, criterion]));
  const questions = new Map(bundle.questions.map((question) => [question.id, question]));
  const computedLabels = new Map((bundle.computed || []).map((value) => [value.id, value.label]));
  const text = (value) => localized(value, language, t);
  const labelOf = (name) => {
    const question = questions.get(name);
    const label = question ? question.short_label || question.label : computedLabels.get(name);
    return label ? label[language] : name;
  };
  const key = verdictKey(result, criteria);
  const body = element("div", { className: `ts-verdict ts-verdict--${result.verdict}` });
  body.append(
    element(
      "h3",
      { className: "ts-verdict-heading", id: "ts-verdict-heading", tabindex: "-1" },
      t(`verdict_heading_${key}`),
    ),
    element("p", {}, t(`verdict_${key}`)),
  );
  const nextStep = bundle.next_step === "how-to-take-part" ? t("next_how_to_take_part") : t("next_contact");
  body.append(
    element("p", { className: "ts-next" }, element("a", { href: `${trialUrl}#${bundle.next_step}` }, nextStep)),
  );
  if (result.problems.length) body.append(element("p", { className: "ts-error" }, t("answer_problems")));
  if (result.failed.length) {
    const reasons = element("ul", { className: "ts-reasons" });
    for (const outcome of result.criteria.filter((item) => item.outcome === "fail")) {
      const criterion = criteria.get(outcome.id);
      const item = element(
        "li",
        { "data-criterion": outcome.id },
        element("strong", {}, criterionName(criterion, t)),
        " ",
        text(criterion.text),
      );
      for (const why of outcome.reasons) {
        item.append(element("p", { className: "ts-reason" }, words.reason(why, criterion.section, labelOf(why.name))));
      }
      if (criterion.drafted) item.append(element("p", { className: "ts-drafted" }, t("drafted_label")));
      if (criterion.recheck) {
        item.append(
          element(
            "p",
            { className: "ts-recheck" },
            element("strong", {}, t("recheck_label")),
            t("colon"),
            text(criterion.recheck),
          ),
        );
      }
      reasons.append(item);
    }
    body.append(element("h4", {}, t("reasons")), reasons);
  }
  const computed = Object.entries(result.computed).filter(([, value]) => value.value !== null);
  if (computed.length) {
    const values = element("ul", { className: "ts-computed" });
    for (const [id, value] of computed) {
      const label = computedLabels.get(id);
      const line = element("li", {}, label ? text(label) : id, `${t("colon")}${value.value}`);
      if (value.calculated) line.append(" ", element("small", {}, t("computed_from_labs")));
      values.append(line);
    }
    body.append(values);
  }
  const unanswered = result.asked.filter((id) => !(id in answers));
  if (result.verdict === "not_eligible") {
    if (unanswered.length) {
      const list = element("ul", { className: "ts-needed" });
      for (const id of unanswered)
        list.append(element("li", {}, element("a", { href: `#q-${id}` }, text(questions.get(id).label))));
      body.append(
        element("details", {}, element("summary", {}, t("other_unanswered", { count: unanswered.length })), list),
      );
    }
  } else if (result.needed.length) {
    const needed = element("ul", { className: "ts-needed" });
    for (const id of result.needed) {
      needed.append(element("li", {}, element("a", { href: `#q-${id}` }, text(questions.get(id).label))));
    }
    body.append(element("h4", {}, t("still_needed")), needed);
  }
  const rows = element("ul", { className: "ts-criteria-results" });
  for (const outcome of result.criteria) {
    const criterion = criteria.get(outcome.id);
    const status = element(
      "span",
      { className: `ts-status-word ts-outcome--${outcome.outcome}` },
      element("span", { "aria-hidden": "true" }, STATUS_ICONS[outcome.status]),
      " ",
      t(`outcome_${outcome.status}`),
    );
    const row = element(
      "li",
      { className: `ts-outcome--${outcome.outcome}`, "data-criterion": outcome.id },
      status,
      " ",
      element("strong", {}, criterionName(criterion, t)),
      " ",
      text(criterion.text),
    );
    for (const note of outcome.borderline)
      row.append(element("p", { className: "ts-borderline" }, t("borderline", note)));
    if (outcome.unclear) row.append(element("p", { className: "ts-unclear" }, outcome.unclear[language]));
    rows.append(row);
  }
  body.append(
    element("details", { className: "ts-criteria-details" }, element("summary", {}, t("criteria_details")), rows),
  );
  body.append(element("p", { className: "ts-who-decides" }, t("selfcheck_who_decides")));
  return body;
}

/** The verdict's words; mirrors trialsite.cli.verdict_key. */
function verdictKey(result, criteria) {
  // An incomplete result that no answer can complete (only criteria with unclear wording left) has its own words.
  if (result.verdict === "incomplete" && result.unknown.every((id) => result.unclear.includes(id))) {
    return "incomplete_unclear";
  }
  // A not-eligible result whose every failing criterion can change with time (a window, a lab value) says so.
  const mayChange = (id) => criteria.get(id).recheck || result.borderline.includes(id);
  if (result.verdict === "not_eligible" && result.failed.every(mayChange)) return "not_eligible_for_now";
  // Rules read automatically from the registry text never decide on their own until a person has checked them.
  if (result.verdict === "not_eligible" && result.failed.every((id) => criteria.get(id).drafted)) {
    return "probably_not_eligible";
  }
  return result.verdict;
}

function showSummary(result, answers, words, criteria) {
  const summary = document.getElementById("ts-progress");
  const live = document.getElementById("ts-live");
  if (!summary) return;
  const left = result.asked.filter((id) => !(id in answers)).length;
  const heading = words.t(`verdict_heading_${verdictKey(result, criteria)}`);
  summary.hidden = false;
  summary.querySelector("[data-ts-progress-verdict]").textContent = heading;
  summary.querySelector("[data-ts-progress-left]").textContent =
    left === 0
      ? words.t("summary_none_left")
      : left === 1
        ? words.t("summary_left_one")
        : words.t("summary_left", { count: left });
  if (live && live.textContent !== heading) live.textContent = heading;
}

/** Tell whether Tab would stop on an element: visible, enabled, and for a radio group the checked (or first) one. */
function tabbable(element) {
  if (element.disabled || element.tabIndex < 0 || element.type === "hidden" || !element.getClientRects().length) {
    return false;
  }
  if (element.type !== "radio") return true;
  const group = [...document.querySelectorAll(`input[type="radio"][name="${CSS.escape(element.name)}"]`)];
  const checked = group.find((radio) => radio.checked);
  return checked ? element === checked : element === group[0];
}

function moveFocus(from, backwards) {
  const stops = [...document.querySelectorAll("a[href], button, input, select, textarea, summary")].filter(
    (element) => element === from || tabbable(element),
  );
  const target = stops[stops.indexOf(from) + (backwards ? -1 : 1)];
  if (target) target.focus();
}

async function start(container) {
  const language = container.dataset.lang;
  const trial = container.dataset.trial;
  const assets = new URL(container.dataset.assets, location.href).href;
  const form = document.getElementById("ts-form");
  const output = document.getElementById("ts-result-body");
  const storageKey = `trialsite:answers:${trial}`;
  const trialUrl = new URL("../", location.href).pathname;

  for (const fieldset of form.querySelectorAll("fieldset.ts-conditional")) fieldset.hidden = true;
  for (const note of form.querySelectorAll(".ts-no-js-only")) note.hidden = true;
  // Answers to the shared library's questions given on another page of the site (in this tab) are filled in too.
  const libraryIds = [...form.querySelectorAll("fieldset[data-library]")].map((fieldset) => fieldset.dataset.question);
  const shared = sharedAnswers();
  const stored = JSON.parse(sessionStorage.getItem(storageKey) || "{}");
  for (const id of libraryIds) if (id in shared) stored[id] = shared[id];
  writeAnswers(form, stored);

  // The engine started already (engine-boot.js, in the page's head); the page stays usable meanwhile.
  const { ask } = engine();
  const loading = ask({ type: "load", trial, assets });
  loading.catch(() => {}); // reported below, once the interface strings are here
  const [ui, bundle] = await Promise.all([
    fetchJson(`${assets}trialsite/ui.json`),
    fetchJson(`${assets}trialsite/trials/${trial}.json`),
  ]);
  const words = wordsFor(ui, language);
  const criteriaById = new Map(bundle.criteria.map((criterion) => [criterion.id, criterion]));
  const context = { words, language, bundle, trialUrl };
  let latest = 0;
  let lastShown = "";
  let ready = false;

  async function evaluate() {
    const answers = readAnswers(form);
    if (Object.keys(answers).length) sessionStorage.setItem(storageKey, JSON.stringify(answers));
    else sessionStorage.removeItem(storageKey);
    rememberShared(answers, libraryIds);
    if (!ready) return;
    const ticket = ++latest;
    const result = await ask({ type: "check", trial, answers });
    if (ticket !== latest) return;
    container.dataset.evaluations = String(Number(container.dataset.evaluations || 0) + 1);
    // An unchanged result (a field losing focus fires "change" again) leaves the page as it is: redrawing it would
    // close a disclosure the visitor is opening with that very click.
    const shown = JSON.stringify([result, Object.keys(answers)]);
    if (shown === lastShown) return;
    lastShown = shown;
    showAskedQuestions(form, result.asked);
    showProblems(form, result.problems, words);
    // Keep open what the visitor opened: the result is drawn anew on every change.
    const opened = [...output.querySelectorAll("details")].map((details) => details.open);
    output.replaceChildren(renderResult(result, { ...context, answers }));
    for (const [index, details] of [...output.querySelectorAll("details")].entries())
      details.open = Boolean(opened[index]);
    showSummary(result, answers, words, criteriaById);
    container.dataset.verdict = result.verdict;
    if (!container.dataset.firstResultMs) container.dataset.firstResultMs = String(Math.round(performance.now()));
  }

  // A keyboard user who tabs on before the engine has answered would skip a follow-up question that the answer
  // reveals: hold the Tab until the answers are evaluated, then move focus as the browser would have.
  let inFlight = 0;
  let settled = Promise.resolve();
  const onChange = (event) => {
    syncDontKnow(event.target);
    inFlight += 1;
    settled = evaluate()
      .catch((error) => showEngineStatus(words.t("check_failed", { error: error.message || String(error) }), true))
      .finally(() => {
        inFlight -= 1;
      });
  };
  form.addEventListener("keydown", (event) => {
    if (event.key !== "Tab" || event.altKey || event.ctrlKey || event.metaKey || inFlight === 0) return;
    event.preventDefault();
    const from = document.activeElement;
    const backwards = event.shiftKey;
    (async () => {
      while (inFlight) await settled;
      // The visitor may have moved on meanwhile (a click, a shortcut): a held Tab moves focus only from where it was.
      if (document.activeElement === from) moveFocus(from, backwards);
    })();
  });
  form.addEventListener("input", onChange);
  form.addEventListener("change", onChange);
  form.addEventListener("submit", (event) => event.preventDefault());
  document.getElementById("ts-clear").addEventListener("click", () => {
    clearForm(form);
    sessionStorage.removeItem(storageKey);
    forgetShared(libraryIds);
    evaluate().catch((error) =>
      showEngineStatus(words.t("check_failed", { error: error.message || String(error) }), true),
    );
  });
  document.getElementById("ts-print").addEventListener("click", () => window.print());
  // Back from another page (this one kept in memory): take up answers to the shared questions changed there.
  window.addEventListener("pageshow", (event) => {
    if (!event.persisted) return;
    const current = sharedAnswers();
    writeAnswers(form, Object.fromEntries(libraryIds.filter((id) => id in current).map((id) => [id, current[id]])));
    onChange({ target: form });
  });
  for (const node of document.querySelectorAll("[data-ts-print-date]")) {
    // The same form as the dates the pages print: "June 26, 2025" / "2025年6月26日".
    node.textContent = new Date().toLocaleDateString(language, { year: "numeric", month: "long", day: "numeric" });
  }

  try {
    const { start: how } = await loading;
    container.dataset.engineStart = how;
  } catch (error) {
    showEngineStatus(words.t("engine_failed", { error: error.message }), true);
    return;
  }
  ready = true;
  showEngineStatus("");
  container.dataset.engine = "ready";
  await evaluate();
}
