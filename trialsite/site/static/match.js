// "Which trials may fit me?": the shared questions, answered once; on every change the engine worker checks every
// published trial against the answers and the page shows them in three groups. Nothing leaves the device: the data
// of all trials is fetched once with the page, answers stay in this tab (sessionStorage) and reach only the worker.

import { engine } from "./engine-client.js";
import {
  clearForm,
  element,
  fetchJson,
  fetchText,
  forgetShared,
  readAnswers,
  rememberShared,
  sharedAnswers,
  showEngineStatus,
  showProblems,
  syncDontKnow,
  writeAnswers,
} from "./form.js";
import { distanceKm } from "./nearest.js";
import { wordsFor } from "./words.js";

const GROUPS = ["may_be_eligible", "more_answers", "not_eligible"];
const CITIES_SHOWN = 8; // a trial's first cities; the rest are counted
const FIRST_SHOWN = 50; // trials listed per group until the visitor asks for all (a long list is slow to redraw)
const root = document.getElementById("ts-match");

if (root) {
  start(root).catch((error) => showEngineStatus(`${error}`, true));
}

async function start(container) {
  const language = container.dataset.lang;
  const assets = new URL(container.dataset.assets, location.href).href;
  const languageRoot = new URL("../", location.href);
  const form = document.getElementById("ts-form");
  const citySelect = document.getElementById("ts-match-city");
  const distanceSelect = document.getElementById("ts-match-distance");
  const libraryIds = [...form.querySelectorAll("fieldset[data-library]")].map((fieldset) => fieldset.dataset.question);
  writeAnswers(form, sharedAnswers());

  const { ask } = engine();
  const [ui, text] = await Promise.all([
    fetchJson(`${assets}trialsite/ui.json`),
    fetchText(matchUrl(assets, language)),
  ]);
  const words = wordsFor(ui, language);
  const data = JSON.parse(text);
  const trials = new Map(data.trials.map((trial) => [trial.id, trial]));
  const labels = new Map();
  for (const trial of data.trials) {
    for (const question of trial.bundle.questions) labels.set(question.id, question.label[language]);
  }
  const places = new Map(); // city -> {lat, lon}, from any trial's sites
  for (const trial of data.trials) {
    for (const [city, [lat, lon]] of Object.entries(trial.places))
      if (!places.has(city)) places.set(city, { lat, lon });
  }
  /** Tell whether a trial has a site in the chosen city, or within the chosen distance of it. */
  const near = (trial) => {
    const city = citySelect?.value;
    if (!city) return true;
    const from = places.get(city);
    const km = Number(distanceSelect?.value || 0);
    if (!km || !from) return trial.cities.includes(city);
    return Object.values(trial.places).some(([lat, lon]) => distanceKm(from, { lat, lon }) <= km);
  };
  const context = { words, trials, labels, languageRoot, expanded: new Set(), near };
  context.redraw = () => shown && render(shown, context);
  let dataSent = false;
  let latest = 0;
  let shown = null;
  let shownKey = "";

  async function evaluate() {
    const answers = readAnswers(form);
    rememberShared(answers, libraryIds);
    const ticket = ++latest;
    const message = { type: "match", assets, language, answers };
    if (!dataSent) message.data = text;
    const result = await ask(message);
    dataSent = true;
    if (ticket !== latest) return;
    container.dataset.evaluationMs = String(result.evaluation_ms);
    container.dataset.evaluations = String(Number(container.dataset.evaluations || 0) + 1);
    // An unchanged grouping (a field losing focus fires "change" again) leaves the list as it is: redrawing it
    // between the press and the release of the very click that moved the focus would swallow that click.
    const { evaluation_ms: _, ...grouping } = result;
    const key = JSON.stringify(grouping);
    if (key === shownKey) return;
    shownKey = key;
    shown = result;
    showProblems(form, result.problems, words);
    render(result, context);
    if (!container.dataset.firstResultMs) container.dataset.firstResultMs = String(Math.round(performance.now()));
  }

  const onChange = (event) => {
    if (event.target === citySelect || event.target === distanceSelect) {
      if (distanceSelect) distanceSelect.disabled = !citySelect.value;
      context.redraw();
      return;
    }
    syncDontKnow(event.target);
    evaluate().catch((error) =>
      showEngineStatus(words.t("check_failed", { error: error.message || String(error) }), true),
    );
  };
  form.addEventListener("input", onChange);
  form.addEventListener("change", onChange);
  form.addEventListener("submit", (event) => event.preventDefault());
  citySelect?.addEventListener("change", onChange);
  if (distanceSelect) distanceSelect.disabled = !citySelect?.value;
  distanceSelect?.addEventListener("change", onChange);
  document.getElementById("ts-clear").addEventListener("click", () => {
    clearForm(form);
    forgetShared(libraryIds);
    evaluate().catch((error) =>
      showEngineStatus(words.t("check_failed", { error: error.message || String(error) }), true),
    );
  });
  // Back from a trial's self-check (the page kept in memory): take up answers changed there.
  window.addEventListener("pageshow", (event) => {
    if (!event.persisted) return;
    writeAnswers(form, sharedAnswers());
    evaluate().catch((error) =>
      showEngineStatus(words.t("check_failed", { error: error.message || String(error) }), true),
    );
  });
  await evaluate();
  showEngineStatus("");
  container.dataset.engine = "ready";
}

function matchUrl(assets, language) {
  return `${assets}trialsite/match/${language}.json`;
}

function render(result, context) {
  const { words } = context;
  const t = words.t;
  const separator = t("list_separator");
  const named = (ids) => ids.map((id) => context.labels.get(id) || id).join(separator);
  const visible = result.trials.filter((item) => context.near(context.trials.get(item.trial)));
  const checked = visible.length === 1 ? "match_checked_one" : "match_checked";
  document.getElementById("ts-match-count").textContent = t(checked, { count: visible.length });
  for (const group of GROUPS) {
    const section = document.getElementById(`ts-group-${group}`);
    const members = visible.filter((item) => item.group === group);
    section.hidden = false;
    section.querySelector("h3").textContent = t("match_group_count", {
      group: t(`match_group_${group}`),
      count: members.length,
    });
    const list = section.querySelector("ul");
    const listed = context.expanded.has(group) ? members : members.slice(0, FIRST_SHOWN);
    list.replaceChildren(...listed.map((item) => trialItem(item, context)));
    if (!members.length) list.append(element("li", { className: "ts-match-empty" }, t("match_group_empty")));
    section.querySelector(".ts-show-all")?.remove();
    if (listed.length < members.length) {
      const button = element(
        "button",
        { type: "button", className: "md-button" },
        t("match_show_all", { count: members.length }),
      );
      button.addEventListener("click", () => {
        context.expanded.add(group);
        context.redraw();
      });
      list.after(element("p", { className: "ts-show-all" }, button));
    }
    const settle = section.querySelector(".ts-settle");
    if (settle) {
      settle.hidden = !(members.length && result.settle.length);
      settle.textContent = result.settle.length ? t("match_settle", { questions: named(result.settle) }) : "";
    }
  }

  function trialItem(item, { trials, languageRoot }) {
    const trial = trials.get(item.trial);
    // A title not yet translated is the English one: marked as English, and said to be untranslated.
    const title = trial.title_pending ? element("span", { lang: "en" }, trial.title) : trial.title;
    const link = element("a", { href: new URL(trial.url, languageRoot).href }, title);
    if (trial.title_pending) link.append(" ", element("small", {}, t("untranslated_inline")));
    const entry = element("li", { className: "ts-match-trial", "data-trial": trial.id }, link);
    if (trial.name !== trial.title) entry.append(" ", element("small", {}, `(${trial.name})`));
    if (trial.cities.length) {
      const more =
        trial.cities.length > CITIES_SHOWN ? t("and_more", { count: trial.cities.length - CITIES_SHOWN }) : "";
      const cities = trial.cities.slice(0, CITIES_SHOWN).join(separator) + more;
      const attributes = trial.cities_pending
        ? { className: "ts-match-cities", lang: "en" }
        : { className: "ts-match-cities" };
      entry.append(element("p", attributes, cities));
    }
    if (item.group === "not_eligible") {
      if (item.probably) entry.append(element("p", { className: "ts-drafted" }, t("match_probably")));
      const criterion = trial.bundle.criteria.find((candidate) => candidate.id === item.criterion);
      const wording = criterion?.pending ? element("span", { lang: "en" }, criterion.text) : criterion?.text || "";
      entry.append(element("p", {}, `${item.criterion}${t("colon")}`, wording));
      for (const why of item.reasons) {
        entry.append(
          element(
            "p",
            { className: "ts-reason" },
            words.reason(why, item.section, context.labels.get(why.name) || why.name),
          ),
        );
      }
    } else if (item.group === "more_answers") {
      entry.append(element("p", {}, t("match_still_needed", { questions: named(item.needed) })));
    } else if (item.own_questions) {
      const key = item.own_questions === 1 ? "match_own_questions_one" : "match_own_questions";
      entry.append(element("p", {}, t(key, { count: item.own_questions })));
    } else {
      entry.append(element("p", {}, t("match_no_more_questions")));
    }
    if (item.group !== "not_eligible") {
      const selfcheck = new URL(`${trial.url}self-check/`, languageRoot).href;
      entry.append(element("p", {}, element("a", { href: selfcheck }, t("match_open_selfcheck"))));
    }
    return entry;
  }
}
