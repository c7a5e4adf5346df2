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
    const unit = shown.unit ? String(shown.unit) : "";
    const word = table[`duration_${unit}`];
    if (!unit) shown.unit = "";
    else shown.unit = word && language === "zh" ? word : ` ${word || unit}`;
    return t(code, shown);
  };
  return { t, message };
}
