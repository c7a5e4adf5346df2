// Filters and paging for the home page's trial list. Works without a server: every card carries its facets; the
// filter state (but not the visitor's age) lives in the URL query so a filtered list can be bookmarked or shared.
// The form and the first cards are in the page from the start (nothing moves when this runs); without JavaScript,
// noscript.css hides the form. With more trials than one page holds, the list's `data-cards` file holds every card:
// it is fetched when the visitor first touches a filter or asks for more, and filters then cover every trial.

const form = document.getElementById("ts-filters");
const list = document.getElementById("ts-trial-list");
const moreButton = document.getElementById("ts-more-trials");

const ageBound = (value, none) => (value === "" || value === undefined ? none : Number(value));

function fromPage(item) {
  return {
    item,
    facets: JSON.parse(item.dataset.facets),
    ageMin: ageBound(item.dataset.ageMin, -Infinity),
    ageMax: ageBound(item.dataset.ageMax, Infinity),
  };
}

function element(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

/** Build a card from the card data exactly as the page's template writes one. */
function buildCard(card, root, labels, untranslated) {
  const address = new URL(card.url, root).href;
  const item = element("li", undefined, "ts-trial-card");
  const heading = element("h3");
  const link = element("a");
  link.href = address;
  if (card.title_pending) {
    const wrapper = element("span", undefined, "ts-untranslated");
    const english = element("span", card.title);
    english.lang = "en";
    wrapper.append(english, " ", element("small", untranslated));
    link.append(wrapper);
  } else {
    link.textContent = card.title;
  }
  heading.append(link);
  if (card.acronym) heading.append(" ", element("small", `(${card.acronym})`));
  const status = element("p");
  status.append(
    element("span", card.status_label, `ts-status ts-status--${card.status}`),
    " ",
    element("span", card.as_of, "ts-as-of"),
  );
  const note = card.translation_note ? [element("p", card.translation_note, "ts-translation-note")] : [];
  const facts = element("dl", undefined, "ts-trial-facts");
  const conditions = element("dd");
  for (const [index, condition] of card.conditions.entries()) {
    if (index) conditions.append(labels.separator);
    const text = element("span", condition.text);
    if (condition.pending) text.lang = "en";
    conditions.append(condition.pending ? text : condition.text);
  }
  facts.append(element("dt", labels.conditions), conditions);
  for (const key of ["phase", "sex_ages", "cities"]) facts.append(element("dt", labels[key]), element("dd", card[key]));
  item.append(heading, ...note, status, facts);
  if (card.open) {
    // Only trials that recruit, or are about to, offer the self-check here: nobody can join the others.
    const actions = element("p", undefined, "ts-card-actions");
    const check = element("a", labels.selfcheck, "md-button");
    check.href = `${address}self-check/`;
    actions.append(check);
    item.append(actions);
  }
  return item;
}

if (list) {
  let cards = [...list.children].map(fromPage);
  let pageSize = cards.length;
  let limit = pageSize;
  let loading = null;
  const selects = form ? [...form.querySelectorAll("select")] : [];
  const ageInput = form?.querySelector("input[name='age']");
  const countLine = document.querySelector(".ts-filter-count");

  /** Fetch every card once (paged lists only); rebuild each filter's choices from them. */
  const loadAll = () => {
    if (!list.dataset.cards) return Promise.resolve();
    loading ??= fetch(new URL(list.dataset.cards, document.baseURI))
      .then((response) => {
        if (!response.ok) throw new Error(`${response.url}: HTTP ${response.status}`);
        return response.json();
      })
      .then((data) => {
        const root = new URL(list.dataset.root || "./", location.href);
        const labels = JSON.parse(list.dataset.labels);
        cards = data.cards.map((card) => ({
          item: buildCard(card, root, labels, list.dataset.untranslated),
          facets: card.facets,
          ageMin: ageBound(card.age_min, -Infinity),
          ageMax: ageBound(card.age_max, Infinity),
        }));
        pageSize = data.page_size;
        for (const select of selects) {
          const counts = new Map();
          for (const card of cards)
            for (const value of card.facets[select.name]) counts.set(value, (counts.get(value) || 0) + 1);
          const chosen = select.value;
          const values = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
          select.replaceChildren(select.options[0]);
          for (const [value] of values) {
            const option = element("option", value);
            option.value = value;
            option.dataset.label = value;
            select.append(option);
          }
          select.value = chosen;
        }
      });
    return loading;
  };

  const state = () => {
    const chosen = Object.fromEntries(selects.map((select) => [select.name, select.value]));
    const age = !ageInput || ageInput.value.trim() === "" ? null : Number(ageInput.value);
    return { chosen, age: Number.isFinite(age) ? age : null };
  };

  const matches = (card, { chosen, age }, except = null) =>
    Object.entries(chosen).every(([name, value]) => name === except || !value || card.facets[name].includes(value)) &&
    (age === null || (card.ageMin <= age && age <= card.ageMax));

  const apply = () => {
    const current = state();
    const matching = cards.filter((card) => matches(card, current));
    const shown = matching.slice(0, limit);
    const showing = new Set(shown.map((card) => card.item));
    if (list.dataset.cards && loading) {
      // Moving the same cards again (a field losing focus fires "change" again) would swallow the click that moved
      // the focus: the list is only redrawn when what it shows changes.
      const items = shown.map((card) => card.item);
      const same = items.length === list.children.length && items.every((item, index) => list.children[index] === item);
      if (!same) list.replaceChildren(...items);
    } else {
      for (const card of cards) card.item.hidden = !showing.has(card.item);
    }
    if (moreButton) {
      const left = matching.length - shown.length;
      moreButton.hidden = left <= 0;
      moreButton.textContent = moreButton.dataset.template.replace("{count}", left);
    }
    if (!countLine) return;
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
    countLine.textContent = template.replace("{shown}", matching.length).replace("{total}", cards.length);
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(current.chosen)) if (value) query.set(name, value);
    // The age stays out of the address (and so out of browser history and shared links).
    const search = query.toString();
    history.replaceState(null, "", search ? `?${search}` : location.pathname);
  };

  const update = () => {
    limit = pageSize;
    loadAll().then(apply);
  };

  if (form) {
    // Every trial's choices, before the visitor picks one.
    form.addEventListener("focusin", () => {
      if (!loading) loadAll().then(apply);
    });
    form.addEventListener("input", update);
    form.addEventListener("change", update);
    form.addEventListener("reset", () => setTimeout(update));
  }
  moreButton?.addEventListener("click", () =>
    loadAll().then(() => {
      limit += pageSize;
      apply();
    }),
  );

  const params = new URLSearchParams(location.search);
  if (selects.some((select) => params.get(select.name))) {
    const box = document.getElementById("ts-filters-box");
    if (box) box.open = true; // a shared, filtered list shows its filters
    loadAll().then(() => {
      for (const select of selects) {
        const wanted = params.get(select.name);
        if (wanted && [...select.options].some((option) => option.value === wanted)) select.value = wanted;
      }
      apply();
    });
  }
}
