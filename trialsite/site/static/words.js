// The browser's side of trialsite.wording: look words up in the language's table and turn engine codes into words.
// `message` mirrors trialsite.wording.message (lists joined, units written out).

export function fill(template, values) {
  return template.replace(/\{(\w+)(?:!r)?\}/g, (match, key) => (key in values ? String(values[key]) : match));
}

export function wordsFor(tables, language) {
  const table = tables[language];
  const t = (key, values = {}) => fill(table[key], values);
  const message = (code, values = {}) => {
    const shown = {};
    for (const [name, value] of Object.entries(values)) {
      shown[name] = Array.isArray(value) ? value.join(table.list_separator) : value;
    }
    shown.unit = unitText(shown.unit);
    return t(code, shown);
  };
  /** Write a unit after a number: " mg/dL", " months" (in Chinese a duration word follows without a space). */
  const unitText = (unit) => {
    if (!unit) return "";
    const word = table[`duration_${unit}`];
    return word && language === "zh" ? word : ` ${word || unit}`;
  };
  const OPS = { ">=": "ge", ">": "gt", "<=": "le", "<": "lt", "==": "eq" };
  /** Say why a criterion failed: the person's value and the requirement (inclusion) or the limit crossed. */
  const reason = (item, section, label) => {
    const values = { label, value: item.value, unit: unitText(item.unit), bound: item.bound };
    const op = OPS[item.op];
    if (section === "exclusion") return t("reason_applies", { ...values, relation: t(`relation_${op}`, values) });
    return t("reason_needs", { ...values, requirement: t(`need_${op}`, values) });
  };
  return { t, message, reason };
}
