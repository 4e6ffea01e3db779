// The search page (templates/search.html) on Pagefind's JS API.
// The URL is the state: ?q=<query>&sort=newest|oldest and one parameter per chosen filter
// value (?company=...&year=2024), so a search can be shared, bookmarked and restored.
// Within one filter the chosen values are alternatives (any of them); across filters all
// must hold. Each value's count is the number of results picking it would give.
// Pagefind's own UI components (pagefind-component-ui.js) keep none of this in the URL, cannot
// sort by date nor count a filter's values without its own choice, and weigh 217 KB against
// this file's 15: the page uses Pagefind's search API and draws its results itself.

const PAGE_SIZE = 10;
const VALUES_SHOWN = 8;
const TYPING_DELAY_MS = 250;
const WIDE_SCREEN = "(min-width: 50rem)";

const root = document.querySelector("[data-search]");
const form = root.querySelector("form");
const input = form.elements.q;
const sortSelect = form.elements.sort;
const filtersPanel = root.querySelector("[data-search-filters]");
const filterCount = root.querySelector("[data-search-filter-count]");
const clearButton = root.querySelector("[data-search-clear]");
const status = root.querySelector("[data-search-status]");
const list = root.querySelector("[data-search-results]");
const moreButton = root.querySelector("[data-search-more]");
const groups = new Map([...root.querySelectorAll("[data-filter]")].map((group) => [group.dataset.filter, group]));
const results = root.querySelector(".search__results");
const wide = window.matchMedia(WIDE_SCREEN);
const CHINESE = /[\u3400-\u9fff\uf900-\ufaff]/;

const state = { q: "", sort: "", filters: new Map() };
const expanded = new Set();
let pagefind;
let totals = {};
let lastCounts = {};
let pending = [];
let generation = 0;
let typingTimer;

function readUrl() {
  const params = new URLSearchParams(window.location.search);
  state.q = params.get("q") || "";
  state.sort = ["newest", "oldest"].includes(params.get("sort")) ? params.get("sort") : "";
  state.filters = new Map();
  for (const key of groups.keys()) {
    const values = [...new Set(params.getAll(key).filter(Boolean))];
    if (values.length) state.filters.set(key, values);
  }
  input.value = state.q;
  sortSelect.value = state.sort;
}

function writeUrl(push) {
  const params = new URLSearchParams();
  if (state.q.trim()) params.set("q", state.q.trim());
  if (state.sort) params.set("sort", state.sort);
  for (const [key, values] of state.filters) values.forEach((value) => params.append(key, value));
  const query = params.toString();
  const url = `${window.location.pathname}${query ? `?${query}` : ""}`;
  if (url !== `${window.location.pathname}${window.location.search}`) {
    window.history[push ? "pushState" : "replaceState"](null, "", url);
  }
}

// Pagefind's filter object: every chosen filter but `except`, values within one as alternatives.
function pagefindFilters(except) {
  const filters = {};
  for (const [key, values] of state.filters) if (key !== except) filters[key] = { any: values };
  return filters;
}

function sortOption(term) {
  if (state.sort === "oldest") return { date: "asc" };
  if (state.sort === "newest" || !term) return { date: "desc" };
  return undefined;
}

// Counts per value of every filter, each computed without that filter's own choice.
async function filterCounts(term, search) {
  const counts = {};
  for (const key of groups.keys()) {
    if (!state.filters.has(key)) {
      counts[key] = search.filters?.[key] || {};
    } else if (!term && [...state.filters.keys()].every((other) => other === key)) {
      counts[key] = totals[key] || {};
    } else {
      counts[key] = (await pagefind.search(term, { filters: pagefindFilters(key) })).filters?.[key] || {};
    }
  }
  return counts;
}

function option(key, value, count, chosen) {
  const item = document.createElement("li");
  const label = document.createElement("label");
  const box = document.createElement("input");
  box.type = "checkbox";
  box.value = value;
  box.checked = chosen;
  box.dataset.key = key;
  const number = document.createElement("span");
  number.className = "count";
  number.textContent = count;
  const unit = document.createElement("span");
  unit.className = "visually-hidden";
  unit.textContent = count === 1 ? " result" : " results";
  number.append(unit);
  const name = document.createElement("span");
  name.textContent = value;
  if (CHINESE.test(value)) name.lang = "zh";
  label.append(box, " ", name, " ", number);
  item.append(label);
  return item;
}

function byCountThenName([valueA, countA], [valueB, countB]) {
  return countB - countA || valueA.localeCompare(valueB);
}

// What has keyboard focus in the filters, so it can get focus back after they are redrawn.
function focusedFilter() {
  const element = document.activeElement;
  const group = element?.closest?.("[data-filter]");
  if (!group) return null;
  return { key: group.dataset.filter, value: element.matches("input") ? element.value : null };
}

function restoreFocus(focus) {
  const group = groups.get(focus.key);
  const boxes = [...group.querySelectorAll("input")];
  const target = focus.value === null ? group.querySelector(".search-filter__more") : boxes.find((box) => box.value === focus.value);
  (target && !target.hidden ? target : boxes[0] || input).focus();
}

function renderFilters(counts) {
  const focus = focusedFilter();
  lastCounts = counts;
  for (const [key, group] of groups) {
    const chosen = state.filters.get(key) || [];
    const available = counts[key] || {};
    const entries = Object.entries(available).filter(([value, count]) => count > 0 || chosen.includes(value));
    chosen.filter((value) => !(value in available)).forEach((value) => entries.push([value, 0]));
    entries.sort(key === "year" ? ([a], [b]) => b.localeCompare(a) : byCountThenName);
    const open = expanded.has(key);
    const shown = entries.filter(([value], index) => open || index < VALUES_SHOWN || chosen.includes(value));
    group.querySelector("ul").replaceChildren(...shown.map(([value, count]) => option(key, value, count, chosen.includes(value))));
    const toggle = group.querySelector(".search-filter__more");
    toggle.hidden = entries.length <= VALUES_SHOWN;
    toggle.setAttribute("aria-expanded", String(open));
    toggle.textContent = open ? "Show fewer" : `Show all ${entries.length}`;
    group.hidden = entries.length === 0;
  }
  const chosenCount = [...state.filters.values()].reduce((sum, values) => sum + values.length, 0);
  filterCount.textContent = chosenCount ? `(${chosenCount} chosen)` : "";
  clearButton.hidden = chosenCount === 0;
  if (focus) restoreFocus(focus);
}

// An excerpt is Pagefind's escaped text with <mark> around matches; keep exactly that.
function excerptNodes(html) {
  const template = document.createElement("template");
  template.innerHTML = html;
  return [...template.content.childNodes].map((node) => {
    if (node.nodeName !== "MARK") return document.createTextNode(node.textContent);
    const mark = document.createElement("mark");
    mark.textContent = node.textContent;
    return mark;
  });
}

// Each story is indexed as its summary and body, then its headline and its entities' names in
// sections of their own (plugins/search_index/records.py: ids "pagefind:headline" and
// "pagefind:names-<n>"). Pagefind gives a sub-result per section with a match. The excerpt is
// taken from the story's own words; a story that matched only by its headline or by a name
// (an alias, a ticker, a Chinese name) shows its summary, and the name that matched.
const RESERVED = "pagefind:";
const NAMES = "pagefind:names";

function sectionId(section) {
  return section.anchor?.id || "";
}

function excerptParts(data) {
  const sections = data.sub_results || [];
  const story = sections.find((section) => !sectionId(section).startsWith(RESERVED));
  if (story) return excerptNodes(story.excerpt);
  const names = sections.filter((section) => sectionId(section).startsWith(NAMES))
    .flatMap((section) => excerptNodes(section.excerpt)).filter((node) => node.nodeName === "MARK");
  const matched = [...new Set(names.map((node) => node.textContent.replace(/[;,.]+$/, "")))];
  const parts = [document.createTextNode(data.meta.summary || "")];
  if (matched.length) {
    const note = document.createElement("span");
    note.className = "search-result__matched";
    note.append("Matched name: ");
    matched.forEach((name, index) => {
      const mark = document.createElement("mark");
      mark.textContent = name;
      if (CHINESE.test(name)) mark.lang = "zh";
      note.append(...(index ? [", ", mark] : [mark]));
    });
    parts.push(document.createTextNode(" "), note);
  }
  return parts;
}

function resultItem(data, term) {
  const item = document.createElement("li");
  item.className = "search-result";
  const heading = document.createElement("h3");
  heading.className = "search-result__title";
  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = data.meta.title;
  heading.append(link);
  const meta = document.createElement("p");
  meta.className = "search-result__meta";
  if (data.meta.date) {
    const time = document.createElement("time");
    time.dateTime = data.meta.date;
    time.textContent = data.meta.date_label || data.meta.date;
    meta.append(time);
  }
  if (data.meta.companies) {
    const companies = document.createElement("span");
    companies.className = "search-result__companies";
    companies.textContent = data.meta.companies;
    meta.append(companies);
  }
  const excerpt = document.createElement("p");
  excerpt.className = "search-result__excerpt";
  if (term) excerpt.append(...excerptParts(data));
  else excerpt.textContent = data.meta.summary || "";
  item.append(heading, meta, excerpt);
  return item;
}

async function showMore(term, mine, moveFocus) {
  const batch = pending.slice(0, PAGE_SIZE);
  pending = pending.slice(PAGE_SIZE);
  const data = await Promise.all(batch.map((result) => result.data()));
  if (mine !== generation) return;
  const items = data.map((result) => resultItem(result, term));
  list.append(...items);
  moreButton.hidden = pending.length === 0;
  if (moveFocus && items.length) items[0].querySelector("a").focus();
}

function describe(total, term) {
  const noun = total === 1 ? "result" : "results";
  const chosen = [...state.filters.entries()].map(([key, values]) => `${groups.get(key).querySelector("legend").textContent}: ${values.join(" or ")}`);
  const parts = [`${total} ${noun}`];
  if (term) parts.push(`for “${term}”`);
  if (chosen.length) parts.push(`with ${chosen.join("; ")}`);
  return parts.join(" ");
}

async function run({ push = false } = {}) {
  window.clearTimeout(typingTimer);
  writeUrl(push);
  const mine = ++generation;
  const term = state.q.trim() || null;
  if (!term && state.filters.size === 0) {
    pending = [];
    list.replaceChildren();
    list.removeAttribute("aria-busy");
    moreButton.hidden = true;
    renderFilters(totals);
    status.textContent = "Type a name, drug code, disease or ticker, or pick a filter.";
    return;
  }
  list.setAttribute("aria-busy", "true");
  const search = await pagefind.search(term, { filters: pagefindFilters(), sort: sortOption(term) });
  const counts = await filterCounts(term, search);
  if (mine !== generation) return;
  renderFilters(counts);
  pending = search.results;
  const data = await Promise.all(pending.slice(0, PAGE_SIZE).map((result) => result.data()));
  if (mine !== generation) return;
  // The status line first, then the results in the same frame: what the status says never moves them.
  status.textContent = search.results.length ? describe(search.results.length, term) : `No stories found: ${describe(0, term)}. Check the spelling, or try a company, drug code or disease name.`;
  pending = pending.slice(PAGE_SIZE);
  list.replaceChildren(...data.map((result) => resultItem(result, term)));
  moreButton.hidden = pending.length === 0;
  list.removeAttribute("aria-busy");
}

function listen() {
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    state.q = input.value;
    run({ push: true });
  });
  input.addEventListener("input", () => {
    state.q = input.value;
    if (state.q.trim()) pagefind.preload(state.q.trim());
    window.clearTimeout(typingTimer);
    typingTimer = window.setTimeout(() => run(), TYPING_DELAY_MS);
  });
  sortSelect.addEventListener("change", () => {
    state.sort = sortSelect.value;
    run({ push: true });
  });
  filtersPanel.addEventListener("change", (event) => {
    const box = event.target;
    if (!box.matches("input[type=checkbox]")) return;
    const values = (state.filters.get(box.dataset.key) || []).filter((value) => value !== box.value);
    if (box.checked) values.push(box.value);
    if (values.length) state.filters.set(box.dataset.key, values);
    else state.filters.delete(box.dataset.key);
    run({ push: true });
  });
  filtersPanel.addEventListener("click", (event) => {
    const toggle = event.target.closest(".search-filter__more");
    if (!toggle) return;
    const key = toggle.closest("[data-filter]").dataset.filter;
    if (expanded.has(key)) expanded.delete(key);
    else expanded.add(key);
    renderFilters(lastCounts);
  });
  clearButton.addEventListener("click", () => {
    state.filters = new Map();
    run({ push: true });
    input.focus();
  });
  moreButton.addEventListener("click", () => showMore(state.q.trim() || null, generation, true));
  window.addEventListener("popstate", () => {
    readUrl();
    run();
  });
}

// Counts of filter values from several bundles, added up.
function addCounts(all) {
  const sum = {};
  for (const filters of all) {
    for (const [key, values] of Object.entries(filters || {})) {
      sum[key] ??= {};
      for (const [value, count] of Object.entries(values)) sum[key][value] = (sum[key][value] || 0) + count;
    }
  }
  return sum;
}

// The search index comes in bundles of consecutive years, newest first (plugins/search_index/shards.py):
// each bundle's pagefind.js is its own module, and these bundles answer as one. Results by date are the
// bundles' results one bundle after another (their years do not overlap); best matches are merged by
// score, as Pagefind's own mergeIndex does.
async function openBundles(urls, options) {
  const bundles = await Promise.all(urls.map((url) => import(new URL("pagefind.js", url).href)));
  await Promise.all(bundles.map((bundle) => bundle.options(options)));
  return {
    preload: (term) => bundles.forEach((bundle) => bundle.preload(term)),
    filters: async () => addCounts(await Promise.all(bundles.map((bundle) => bundle.filters()))),
    async search(term, searchOptions) {
      const searches = await Promise.all(bundles.map((bundle) => bundle.search(term, searchOptions)));
      const order = searchOptions.sort?.date === "asc" ? [...searches].reverse() : searches;
      const results = order.flatMap((search) => search.results);
      if (!searchOptions.sort) results.sort((a, b) => b.score - a.score);
      return { results, filters: addCounts(searches.map((search) => search.filters)) };
    },
  };
}

// Loads Pagefind and the filter totals; the form is usable (and its input kept) meanwhile.
async function loadPagefind() {
  const bundles = root.dataset.bundles.split(" ").filter(Boolean).map((url) => new URL(url, window.location.href));
  const siteRoot = new URL(root.dataset.siteRoot, window.location.href);
  pagefind = await openBundles(bundles, { baseUrl: siteRoot.pathname, excerptLength: 24 });
  totals = await pagefind.filters();
}

// On wide screens the filters are a column beside the results (search.css places them there) and
// come after the results in the document, so focus goes from the search box to the first result.
function placeFilters() {
  if (wide.matches) results.after(filtersPanel);
  else results.before(filtersPanel);
  filtersPanel.open = wide.matches;
}

async function start() {
  placeFilters();
  wide.addEventListener("change", placeFilters);
  readUrl();
  // The search box has focus, unless a query is already there on a touch screen (its keyboard would hide the results).
  if (!(input.value && window.matchMedia("(pointer: coarse)").matches)) input.focus({ preventScroll: true });
  try {
    await loadPagefind();
  } catch (error) {
    root.hidden = true;
    document.querySelector("[data-search-error]").hidden = false;
    console.error("Search could not be loaded:", error);
    return;
  }
  listen();
  state.q = input.value;
  await run();
}

start();
