// Filters for the home page's trial list. Works without a server: every card carries its facets; the filter
// state (but not the visitor's age) lives in the URL query so a filtered list can be bookmarked or shared. The form
// is in the page from the start (nothing moves when this runs); without JavaScript, noscript.css hides it.

const form = document.getElementById("ts-filters");
const list = document.getElementById("ts-trial-list");

if (form && list) {
  const cards = [...list.children].map((item) => ({
    item,
    facets: JSON.parse(item.dataset.facets),
    ageMin: item.dataset.ageMin === "" ? -Infinity : Number(item.dataset.ageMin),
    ageMax: item.dataset.ageMax === "" ? Infinity : Number(item.dataset.ageMax),
  }));
  const selects = [...form.querySelectorAll("select")];
  const ageInput = form.querySelector("input[name='age']");
  const countLine = form.querySelector(".ts-filter-count");

  const state = () => {
    const chosen = Object.fromEntries(selects.map((select) => [select.name, select.value]));
    const age = ageInput.value.trim() === "" ? null : Number(ageInput.value);
    return { chosen, age: Number.isFinite(age) ? age : null };
  };

  const matches = (card, { chosen, age }, except = null) =>
    Object.entries(chosen).every(([name, value]) => name === except || !value || card.facets[name].includes(value)) &&
    (age === null || (card.ageMin <= age && age <= card.ageMax));

  const apply = () => {
    const current = state();
    let shown = 0;
    for (const card of cards) {
      const visible = matches(card, current);
      card.item.hidden = !visible;
      if (visible) shown += 1;
    }
    for (const select of selects) {
      for (const option of select.options) {
        if (!option.value) continue;
        const count = cards.filter(
          (card) => matches(card, current, select.name) && card.facets[select.name].includes(option.value),
        ).length;
        option.textContent = countLine.dataset.optionTemplate
          .replace("{label}", option.dataset.label)
          .replace("{count}", count);
      }
    }
    const template = cards.length === 1 ? countLine.dataset.templateOne : countLine.dataset.template;
    countLine.textContent = template.replace("{shown}", shown).replace("{total}", cards.length);
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(current.chosen)) if (value) query.set(name, value);
    // The age stays out of the address (and so out of browser history and shared links).
    const search = query.toString();
    history.replaceState(null, "", search ? `?${search}` : location.pathname);
  };

  const params = new URLSearchParams(location.search);
  for (const select of selects) {
    const wanted = params.get(select.name);
    if (wanted && [...select.options].some((option) => option.value === wanted)) select.value = wanted;
  }
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("reset", () => setTimeout(apply));
  if (selects.some((select) => select.value)) apply();
}
