// One widget per question type: how the page reads an answer from a question's fieldset and writes one back.
// The engine registers the same types (trialsite/engine/answers.py) and the template one macro each
// (templates/questions.html.j2); a test keeps the three lists equal. `null` means "I don't know".

const NOT_A_NUMBER = "not a number";

function checked(fieldset, id) {
  return fieldset.querySelector(`input[name="${id}"]:checked`);
}

const choice = {
  read(fieldset, id) {
    const input = checked(fieldset, id);
    if (!input) return undefined;
    return input.value === "unknown" ? null : input.value;
  },
  write(fieldset, id, answer) {
    const value = answer === null ? "unknown" : String(answer);
    const input = fieldset.querySelector(`input[name="${id}"][value="${CSS.escape(value)}"]`);
    if (input) input.checked = true;
  },
};

const manyChoices = {
  read(fieldset, id) {
    const boxes = [...fieldset.querySelectorAll(`input[name="${id}"]:checked`)];
    if (boxes.some((box) => box.hasAttribute("data-dont-know"))) return null;
    return boxes.length ? boxes.map((box) => box.value) : undefined;
  },
  write(fieldset, id, answer) {
    const chosen = answer === null ? ["unknown"] : answer;
    for (const box of fieldset.querySelectorAll(`input[name="${id}"]`)) box.checked = chosen.includes(box.value);
  },
};

/** A typed value, with an optional unit select (or hidden unit) and an "I don't know" box. */
const value = {
  read(fieldset, id) {
    const input = fieldset.querySelector(`input[name="${id}"]`);
    const dontKnow = fieldset.querySelector(`input[name="${id}__unknown"]`);
    const unit = fieldset.querySelector(`[name="${id}__unit"]`);
    if (dontKnow?.checked) return null;
    // The browser empties a number field it cannot read (1e999, stray letters): say so rather than drop the answer.
    if (input.validity.badInput) return unit ? { value: NOT_A_NUMBER, unit: unit.value } : NOT_A_NUMBER;
    if (input.value.trim() === "") return undefined;
    const number = Number(input.value);
    const written = Number.isFinite(number) ? number : input.value;
    if (!unit) return written;
    const confirmed = fieldset.querySelector(`input[name="${id}__unit_confirmed"]`);
    return confirmed?.checked
      ? { value: written, unit: unit.value, unit_confirmed: true }
      : { value: written, unit: unit.value };
  },
  write(fieldset, id, answer) {
    const input = fieldset.querySelector(`input[name="${id}"]`);
    const dontKnow = fieldset.querySelector(`input[name="${id}__unknown"]`);
    const unit = fieldset.querySelector(`select[name="${id}__unit"]`);
    if (answer === null) {
      if (dontKnow) dontKnow.checked = true;
    } else if (typeof answer === "object") {
      input.value = answer.value;
      if (unit) unit.value = answer.unit;
      const confirmed = fieldset.querySelector(`input[name="${id}__unit_confirmed"]`);
      if (confirmed && answer.unit_confirmed) {
        confirmed.checked = true;
        confirmed.closest("label").hidden = false;
      }
    } else input.value = answer;
  },
};

export const WIDGETS = {
  yes_no: choice,
  one_of: choice,
  many_of: manyChoices,
  integer: value,
  number: value,
  duration: value,
};
