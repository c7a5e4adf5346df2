// What the self-check and "Which trials may fit me?" share: reading and writing the answers of a form of question
// fieldsets (one widget per question type), and the answers to the shared library's questions, which every page of
// the site reuses. Everything stays in this tab (sessionStorage) and goes nowhere.

import { WIDGETS } from "./widgets.js";

const SHARED_KEY = "trialsite:answers:shared";

export function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === "className") node.className = value;
    else node.setAttribute(name, value);
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export async function fetchText(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.text();
}

export async function fetchJson(url) {
  return JSON.parse(await fetchText(url));
}

/** Say how the engine is doing (an empty text hides the line). */
export function showEngineStatus(text, isError = false) {
  const status = document.getElementById("ts-engine-status");
  if (!status) return;
  status.textContent = text;
  status.hidden = !text;
  status.classList.toggle("ts-error", isError);
}

export function readAnswers(form) {
  const answers = {};
  for (const fieldset of form.querySelectorAll("fieldset[data-question]")) {
    const id = fieldset.dataset.question;
    const answer = WIDGETS[fieldset.dataset.type].read(fieldset, id);
    if (answer !== undefined) answers[id] = answer;
  }
  return answers;
}

export function writeAnswers(form, answers) {
  for (const fieldset of form.querySelectorAll("fieldset[data-question]")) {
    const id = fieldset.dataset.question;
    if (id in answers) WIDGETS[fieldset.dataset.type].write(fieldset, id, answers[id]);
  }
}

export function clearForm(form) {
  for (const input of form.querySelectorAll("input")) {
    if (input.type === "radio" || input.type === "checkbox") input.checked = false;
    else if (input.type !== "hidden") input.value = "";
  }
  for (const select of form.querySelectorAll("select")) {
    const preset = [...select.options].find((option) => option.defaultSelected) ?? select.options[0];
    select.value = preset.value;
  }
}

/** Keep "I don't know" and a value from both being chosen. */
export function syncDontKnow(target) {
  const fieldset = target.closest("fieldset[data-question]");
  if (!fieldset) return;
  const id = fieldset.dataset.question;
  if (target.hasAttribute("data-dont-know") && target.checked) {
    for (const input of fieldset.querySelectorAll("input")) {
      if (input === target || input.type === "hidden") continue;
      if (input.type === "checkbox" || input.type === "radio") input.checked = false;
      else input.value = "";
    }
  } else if (!target.hasAttribute("data-dont-know") && (target.checked || target.value)) {
    const dontKnow = fieldset.querySelector(`input[data-dont-know][name^="${id}"]`);
    if (dontKnow) dontKnow.checked = false;
  }
}

/** Return the answers given to the shared library's questions on any page of the site, in this tab. */
export function sharedAnswers() {
  try {
    return JSON.parse(sessionStorage.getItem(SHARED_KEY) || "{}");
  } catch {
    return {};
  }
}

/** Keep the answers to the given library questions for the other pages (an unanswered one is forgotten). */
export function rememberShared(answers, libraryIds) {
  const shared = sharedAnswers();
  for (const id of libraryIds) {
    if (id in answers) shared[id] = answers[id];
    else delete shared[id];
  }
  if (Object.keys(shared).length) sessionStorage.setItem(SHARED_KEY, JSON.stringify(shared));
  else sessionStorage.removeItem(SHARED_KEY);
}

/** Forget the answers to the given library questions (the visitor cleared them). */
export function forgetShared(libraryIds) {
  rememberShared({}, libraryIds);
}

/** Show each answer problem under its question (and the unit check where a value looks like the other unit). */
export function showProblems(form, problems, words) {
  for (const paragraph of form.querySelectorAll(".ts-problem")) {
    paragraph.hidden = true;
    paragraph.textContent = "";
  }
  for (const problem of problems) {
    const paragraph = problem.question && document.getElementById(`q-${problem.question}-problem`);
    if (paragraph) {
      paragraph.textContent = words.message(problem.code, problem.values);
      if (problem.code === "answer_check_unit") {
        const confirm = document.querySelector(`#q-${problem.question} .ts-unit-confirm`);
        if (confirm) confirm.hidden = false;
      }
      paragraph.hidden = false;
    }
  }
}
